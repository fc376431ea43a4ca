//! The background worker. It claims due outbox rows (on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so any number of replicas can run one) and handles each event in
//! three steps:
//!
//! 1. One transaction asks the domains' [`Handlers`] what the event causes and writes the alerts,
//!    letters and notices (to the fund, to the benefits service), each at most once per event (the `ON CONFLICT` keys), then
//!    commits.
//! 2. Outside any transaction, it hands each pending letter to the [`LetterSender`] and each
//!    pending notice to the [`FundGateway`] or the [`BenefitsGateway`]. The row id is the idempotency key, the same on every
//!    retry: a crash after a port took a letter but before step 3 makes the next attempt hand
//!    over the same letter id again, never a second letter.
//! 3. A second transaction marks the event processed (unless another worker already did), marks
//!    the letters and notices sent and runs the handlers' after-send hooks.
//!
//! A failure anywhere leaves the event in place with a later `next_attempt_at` (exponential
//! backoff) and the error text; nothing is deleted. A lease (`locked_until`) keeps other workers
//! off a claimed event while it is handled; should it run out mid-way, the other worker hands the
//! ports the same ids.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use jobbro_entities::{
    alert, benefits_notice,
    enums::{LetterStatus, NoticeStatus},
    fund_notification, letter, outbox_event, task,
};
use sea_orm::{
    ActiveEnum,
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict},
};
use tokio::sync::watch;
use uuid::Uuid;

use super::{
    DomainEvent,
    benefits::{BenefitsGateway, RecordingBenefitsGateway},
    effects::{Effects, NoticeSubject},
    fund::{FundGateway, RecordingFundGateway},
    handlers::Handlers,
    letters::LetterSender,
};
use crate::{
    config::WorkerSettings,
    kernel::{clock::SharedClock, db::begin_write, metrics::metrics},
};

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub handled: usize,
    pub failed: usize,
}

/// Turns outbox events into alerts, letters and notices.
///
/// `Worker::new` gives it the application's handlers; it is defined in `app.rs`, the one place
/// that knows every domain, so that this module depends on none of them.
#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    clock: SharedClock,
    sender: Arc<dyn LetterSender>,
    fund: Arc<dyn FundGateway>,
    benefits: Arc<dyn BenefitsGateway>,
    handlers: Handlers,
    settings: WorkerSettings,
}

impl Worker {
    /// A worker that asks `handlers` what each event causes.
    pub fn with_handlers(
        db: DatabaseConnection,
        clock: SharedClock,
        sender: Arc<dyn LetterSender>,
        handlers: Handlers,
        settings: WorkerSettings,
    ) -> Self {
        Self {
            db,
            clock,
            sender,
            fund: Arc::new(RecordingFundGateway),
            benefits: Arc::new(RecordingBenefitsGateway),
            handlers,
            settings,
        }
    }

    /// Uses `fund` instead of the recording gateway for notices to the unemployment fund.
    pub fn with_fund_gateway(mut self, fund: Arc<dyn FundGateway>) -> Self {
        self.fund = fund;
        self
    }

    /// Uses `benefits` instead of the recording gateway for notices to the benefits service.
    pub fn with_benefits_gateway(mut self, benefits: Arc<dyn BenefitsGateway>) -> Self {
        self.benefits = benefits;
        self
    }

    /// Polls until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let idle = Duration::from_millis(self.settings.poll_interval_ms);
        loop {
            let pass = self.run_once().await;
            let pause = match pass {
                Ok(p) if p.handled + p.failed > 0 => Duration::ZERO,
                Ok(_) => idle,
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "outbox worker pass failed");
                    idle
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }

    /// Claims one batch of due events and handles them.
    pub async fn run_once(&self) -> anyhow::Result<Pass> {
        let mut pass = Pass::default();
        for event in self.claim().await? {
            match self.handle(&event).await {
                Ok(()) => pass.handled += 1,
                Err(e) => {
                    pass.failed += 1;
                    tracing::warn!(event = %event.id, attempts = event.attempts, error = format!("{e:#}"), "outbox event failed; will retry");
                    self.postpone(&event, &format!("{e:#}")).await?;
                }
            }
        }
        Ok(pass)
    }

    async fn claim(&self) -> anyhow::Result<Vec<outbox_event::Model>> {
        let now = self.clock.now();
        let writing = begin_write(&self.db).await?;
        let txn: &DatabaseTransaction = &writing;
        let mut due = outbox_event::Entity::find()
            .filter(outbox_event::Column::ProcessedAt.is_null())
            .filter(outbox_event::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(outbox_event::Column::LockedUntil.is_null())
                    .add(outbox_event::Column::LockedUntil.lt(now)),
            )
            .order_by_asc(outbox_event::Column::CreatedAt)
            .limit(self.settings.batch_size)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .all(txn)
            .await?;
        if !due.is_empty() {
            let lease = now + chrono::Duration::seconds(self.settings.lease_seconds);
            outbox_event::Entity::update_many()
                .col_expr(outbox_event::Column::LockedUntil, Expr::value(lease))
                .col_expr(
                    outbox_event::Column::Attempts,
                    Expr::col(outbox_event::Column::Attempts).add(1),
                )
                .filter(outbox_event::Column::Id.is_in(due.iter().map(|e| e.id)))
                .exec(txn)
                .await?;
            for e in &mut due {
                e.attempts += 1;
            }
        }
        writing.commit().await?;
        Ok(due)
    }

    async fn handle(&self, event: &outbox_event::Model) -> anyhow::Result<()> {
        let parsed: DomainEvent = serde_json::from_str(&event.payload)
            .with_context(|| format!("event {} has an unreadable payload", event.id))?;

        // 1. Write what the event causes, and commit before anything leaves.
        let writing = begin_write(&self.db).await?;
        let txn: &DatabaseTransaction = &writing;
        let effects = self.handlers.react(txn, &parsed).await?;
        write(txn, event.id, effects, self.clock.now()).await?;
        let mut letters = letter::Entity::find()
            .filter(letter::Column::SourceEventId.eq(event.id))
            .order_by_asc(letter::Column::Id)
            .all(txn)
            .await?;
        let notices = fund_notification::Entity::find()
            .filter(fund_notification::Column::SourceEventId.eq(event.id))
            .filter(fund_notification::Column::Status.eq(NoticeStatus::Pending))
            .order_by_asc(fund_notification::Column::Id)
            .all(txn)
            .await?;
        let benefits = benefits_notice::Entity::find()
            .filter(benefits_notice::Column::SourceEventId.eq(event.id))
            .filter(benefits_notice::Column::Status.eq(NoticeStatus::Pending))
            .order_by_asc(benefits_notice::Column::Id)
            .all(txn)
            .await?;
        writing.commit().await?;

        // 2. Hand them over, holding no transaction while the ports work.
        let pending: Vec<Uuid> = letters
            .iter()
            .filter(|l| l.status == LetterStatus::Pending)
            .map(|l| l.id)
            .collect();
        for l in letters.iter().filter(|l| l.status == LetterStatus::Pending) {
            let sent = self.sender.send(l).await;
            metrics().letter(&l.channel.to_value(), sent.is_ok());
            sent?;
        }
        for n in &notices {
            self.fund.notify(n).await?;
        }
        for n in &benefits {
            self.benefits.notify(n).await?;
        }

        // 3. Close the event, record the hand-over and run the after-send hooks, together.
        let now = self.clock.now();
        let writing = begin_write(&self.db).await?;
        let txn: &DatabaseTransaction = &writing;
        let closed = outbox_event::Entity::update_many()
            .col_expr(outbox_event::Column::ProcessedAt, Expr::value(Some(now)))
            .col_expr(
                outbox_event::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox_event::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .filter(outbox_event::Column::Id.eq(event.id))
            .filter(outbox_event::Column::ProcessedAt.is_null())
            .exec(txn)
            .await?;
        if closed.rows_affected == 0 {
            // Another worker took the event over when this one's lease ran out, and recorded it
            // first; the hooks have run.
            writing.rollback().await?;
            return Ok(());
        }
        if !pending.is_empty() {
            letter::Entity::update_many()
                .col_expr(letter::Column::Status, Expr::value(LetterStatus::Sent))
                .col_expr(letter::Column::SentAt, Expr::value(Some(now)))
                .filter(letter::Column::Id.is_in(pending.iter().copied()))
                .filter(letter::Column::Status.eq(LetterStatus::Pending))
                .exec(txn)
                .await?;
            for l in letters
                .iter_mut()
                .filter(|l| l.status == LetterStatus::Pending)
            {
                l.status = LetterStatus::Sent;
                l.sent_at = Some(now);
            }
        }
        if !notices.is_empty() {
            fund_notification::Entity::update_many()
                .col_expr(
                    fund_notification::Column::Status,
                    Expr::value(NoticeStatus::Sent),
                )
                .col_expr(fund_notification::Column::SentAt, Expr::value(Some(now)))
                .filter(fund_notification::Column::Id.is_in(notices.iter().map(|n| n.id)))
                .filter(fund_notification::Column::Status.eq(NoticeStatus::Pending))
                .exec(txn)
                .await?;
        }
        if !benefits.is_empty() {
            benefits_notice::Entity::update_many()
                .col_expr(
                    benefits_notice::Column::Status,
                    Expr::value(NoticeStatus::Sent),
                )
                .col_expr(benefits_notice::Column::SentAt, Expr::value(Some(now)))
                .filter(benefits_notice::Column::Id.is_in(benefits.iter().map(|n| n.id)))
                .filter(benefits_notice::Column::Status.eq(NoticeStatus::Pending))
                .exec(txn)
                .await?;
        }
        self.handlers
            .after_send(txn, &parsed, &letters, now)
            .await?;
        writing.commit().await?;
        Ok(())
    }

    async fn postpone(&self, event: &outbox_event::Model, error: &str) -> anyhow::Result<()> {
        let now = self.clock.now();
        let delay = backoff_seconds(
            event.attempts,
            self.settings.base_backoff_seconds,
            self.settings.max_backoff_seconds,
        );
        let mut message = error.to_string();
        message.truncate(2000);
        outbox_event::Entity::update_many()
            .col_expr(
                outbox_event::Column::NextAttemptAt,
                Expr::value(now + chrono::Duration::seconds(delay)),
            )
            .col_expr(
                outbox_event::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(outbox_event::Column::LastError, Expr::value(Some(message)))
            .filter(outbox_event::Column::Id.eq(event.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// Writes an event's effects. A retried event writes nothing new: the rows of its first attempt
/// stand (`ON CONFLICT DO NOTHING` on the event and the alert's caseworker, the letter's or the
/// notice's kind), so their ids, the ports' idempotency keys, never change.
async fn write(
    txn: &DatabaseTransaction,
    event_id: Uuid,
    effects: Effects,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if !effects.alerts.is_empty() {
        let rows = effects.alerts.into_iter().map(|a| alert::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(a.jobcentre_id),
            caseworker_id: Set(a.caseworker_id),
            citizen_id: Set(Some(a.citizen_id)),
            kind: Set(a.kind.to_string()),
            message: Set(a.message),
            source_event_id: Set(Some(event_id)),
            created_at: Set(now),
            read_at: Set(None),
        });
        alert::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([alert::Column::SourceEventId, alert::Column::CaseworkerId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    if !effects.tasks.is_empty() {
        let rows = effects.tasks.into_iter().map(|t| task::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(t.jobcentre_id),
            caseworker_id: Set(t.caseworker_id),
            citizen_id: Set(Some(t.citizen_id)),
            kind: Set(t.kind.to_string()),
            title: Set(t.title),
            due_at: Set(t.due_at),
            source_event_id: Set(Some(event_id)),
            created_at: Set(now),
            done_at: Set(None),
        });
        task::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([task::Column::SourceEventId, task::Column::CaseworkerId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    if !effects.letters.is_empty() {
        let rows = effects.letters.into_iter().map(|l| letter::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(l.jobcentre_id),
            citizen_id: Set(l.citizen_id),
            channel: Set(l.channel),
            kind: Set(l.kind.to_string()),
            subject: Set(l.subject),
            body: Set(l.body),
            status: Set(LetterStatus::Pending),
            source_event_id: Set(Some(event_id)),
            created_at: Set(now),
            sent_at: Set(None),
        });
        letter::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([letter::Column::SourceEventId, letter::Column::Kind])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    if !effects.fund.is_empty() {
        let rows = effects
            .fund
            .into_iter()
            .map(|n| fund_notification::ActiveModel {
                id: Set(Uuid::now_v7()),
                jobcentre_id: Set(n.jobcentre_id),
                citizen_id: Set(n.citizen_id),
                kind: Set(n.kind),
                absence_id: Set(n.absence_id),
                source_event_id: Set(event_id),
                status: Set(NoticeStatus::Pending),
                created_at: Set(now),
                sent_at: Set(None),
            });
        fund_notification::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    fund_notification::Column::SourceEventId,
                    fund_notification::Column::Kind,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    if !effects.benefits.is_empty() {
        let rows = effects
            .benefits
            .into_iter()
            .map(|n| benefits_notice::ActiveModel {
                id: Set(Uuid::now_v7()),
                jobcentre_id: Set(n.jobcentre_id),
                citizen_id: Set(n.citizen_id),
                service_order_id: Set(match n.subject {
                    NoticeSubject::Order(id) => Some(id),
                    NoticeSubject::Marking(_) => None,
                }),
                person_marking_id: Set(match n.subject {
                    NoticeSubject::Marking(id) => Some(id),
                    NoticeSubject::Order(_) => None,
                }),
                kind: Set(n.kind),
                day: Set(n.day),
                source_event_id: Set(event_id),
                status: Set(NoticeStatus::Pending),
                created_at: Set(now),
                sent_at: Set(None),
                pending_change_request_id: Set(n.pending_change_request),
            });
        benefits_notice::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    benefits_notice::Column::SourceEventId,
                    benefits_notice::Column::Kind,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Delay before attempt `attempts + 1`: `base * 2^(attempts - 1)`, capped at `max`.
pub fn backoff_seconds(attempts: i32, base: i64, max: i64) -> i64 {
    let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
    std::cmp::min(base.saturating_mul(1_i64 << exponent), max)
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_seconds(1, 5, 3600), 5);
        assert_eq!(backoff_seconds(2, 5, 3600), 10);
        assert_eq!(backoff_seconds(4, 5, 3600), 40);
        assert_eq!(backoff_seconds(40, 5, 3600), 3600);
    }
}
