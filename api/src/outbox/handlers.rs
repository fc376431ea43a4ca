//! Reactions to events live with their domain. A domain that reacts to events implements
//! [`EventHandler`] in its own `events.rs`; the composition root (`app.rs`, above the domains)
//! lists them in a [`Handlers`] registry, and the [`worker`](super::worker) hands every event to
//! each of them. The worker itself knows no domain: it claims, dispatches and records.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobbro_entities::letter;
use sea_orm::DatabaseTransaction;

use super::{DomainEvent, effects::Effects};

/// A domain's reactions to the events it cares about.
#[async_trait::async_trait]
pub trait EventHandler: Send + Sync {
    /// What `event` causes, as data; [`Effects::none`] for an event this domain does not react
    /// to. Runs in the worker's first transaction, which then writes the effects, and runs again
    /// when the event is retried: it reads, and leaves writing to the worker.
    async fn react(&self, db: &DatabaseTransaction, event: &DomainEvent)
    -> anyhow::Result<Effects>;

    /// Runs once the event's letters (all of them, whatever handler wrote them) were handed to
    /// the letter port, in the transaction that records them sent and the event processed, so
    /// what it writes commits with that record or not at all: once per event. It runs for every
    /// event, also one without letters. Does nothing unless a domain overrides it.
    async fn after_send(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
        letters: &[letter::Model],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _ = (db, event, letters, now);
        Ok(())
    }
}

/// The handlers the worker dispatches to, asked in order.
#[derive(Clone, Default)]
pub struct Handlers(Vec<Arc<dyn EventHandler>>);

impl Handlers {
    /// A registry asking `handlers`, in this order.
    pub fn new(handlers: Vec<Arc<dyn EventHandler>>) -> Self {
        Self(handlers)
    }

    /// What `event` causes, according to every handler.
    pub async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let mut effects = Effects::none();
        for handler in &self.0 {
            effects.extend(handler.react(db, event).await?);
        }
        Ok(effects)
    }

    /// Runs every handler's [`EventHandler::after_send`].
    pub async fn after_send(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
        letters: &[letter::Model],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        for handler in &self.0 {
            handler.after_send(db, event, letters, now).await?;
        }
        Ok(())
    }
}
