//! A clinician's document or message alerts the caseworker assigned to the case; a document is
//! filed on the case by the outbox, once, in the transaction that records the event done: the
//! request goes from `RECEIVED` to `FILED` with no one closing it by hand (`003:4303-4315`).

use chrono::{DateTime, Utc};
use jobbro_entities::letter;
use sea_orm::DatabaseTransaction;

use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Alerts about health information, and its filing.
#[derive(Debug, Default, Clone, Copy)]
pub struct HealthEvents;

#[async_trait::async_trait]
impl EventHandler for HealthEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let (citizen, case, kind, message) = match event {
            DomainEvent::HealthDocumentReceived {
                citizen_id,
                case_id,
                ..
            } => (
                *citizen_id,
                *case_id,
                "HEALTH_DOCUMENT_RECEIVED",
                "Helbredsoplysninger er modtaget fra en behandler og journaliseret på sagen.",
            ),
            DomainEvent::ClinicianMessageReceived {
                citizen_id,
                case_id,
                ..
            } => (
                *citizen_id,
                *case_id,
                "HEALTH_MESSAGE_RECEIVED",
                "En behandler har skrevet om en anmodning om helbredsoplysninger.",
            ),
            _ => return Ok(Effects::none()),
        };
        let mut fx = Effects::none();
        let Some(assigned) = cases::service::by_id(db, case)
            .await?
            .and_then(|c| c.assigned_caseworker_id)
        else {
            return Ok(fx);
        };
        let person = citizens::service::recipient(db, citizen).await?;
        fx.alert(&person, assigned, kind, message);
        Ok(fx)
    }

    async fn after_send(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
        _: &[letter::Model],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        if let DomainEvent::HealthDocumentReceived {
            health_request_id, ..
        } = event
        {
            super::service::file(db, *health_request_id, now).await?;
        }
        Ok(())
    }
}
