//! The domain-event outbox: mutations write [`DomainEvent`]s in their own transaction; the
//! [`worker`] turns them into alerts, letters and notices to the fund and the benefits service
//! afterwards, with retries, so no
//! event is lost and none is handled twice. What an event causes is decided by the domain that
//! owns it, through an [`EventHandler`]; this module knows no domain, the domains call it.

pub mod benefits;
pub mod effects;
pub mod events;
pub mod fund;
pub mod handlers;
pub mod letters;
pub mod worker;

pub use effects::Effects;
pub use events::DomainEvent;
pub use handlers::{EventHandler, Handlers};

use chrono::{DateTime, Utc};
use jobbro_entities::outbox_event;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::kernel::error::AppResult;

/// Whether an event of this type about this aggregate was ever written (to raise a notice once).
pub async fn was_enqueued(
    db: &impl ConnectionTrait,
    event_type: &str,
    aggregate_id: Uuid,
) -> AppResult<bool> {
    Ok(outbox_event::Entity::find()
        .filter(outbox_event::Column::EventType.eq(event_type))
        .filter(outbox_event::Column::AggregateId.eq(aggregate_id))
        .one(db)
        .await?
        .is_some())
}

/// Writes an event to the outbox; call inside the mutation's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    jobcentre_id: Option<Uuid>,
    event: &DomainEvent,
) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    let row = outbox_event::ActiveModel {
        id: Set(id),
        jobcentre_id: Set(jobcentre_id),
        event_type: Set(event.name().to_string()),
        aggregate_id: Set(event.aggregate_id()),
        payload: Set(serde_json::to_string(event).map_err(anyhow::Error::from)?),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        processed_at: Set(None),
        last_error: Set(None),
    };
    outbox_event::Entity::insert(row).exec(db).await?;
    Ok(id)
}

/// Events not yet processed, and when the oldest of them was written.
pub async fn backlog(db: &impl ConnectionTrait) -> AppResult<(u64, Option<DateTime<Utc>>)> {
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    let pending = outbox_event::Entity::find().filter(outbox_event::Column::ProcessedAt.is_null());
    let count = pending.clone().count(db).await?;
    let oldest = pending
        .select_only()
        .column(outbox_event::Column::CreatedAt)
        .order_by_asc(outbox_event::Column::CreatedAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    Ok((count, oldest))
}
