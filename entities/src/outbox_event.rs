//! `outbox_events`: A domain event waiting to be (or already) processed: the transactional outbox.

use sea_orm::entity::prelude::*;

/// A domain event waiting to be (or already) processed: the transactional outbox.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre concerned, if any.
    pub jobcentre_id: Option<Uuid>,
    /// Event type name.
    pub event_type: String,
    /// Id of the row the event is about.
    pub aggregate_id: Uuid,
    /// Event payload as JSON text.
    pub payload: String,
    /// When the event was recorded.
    pub created_at: DateTimeUtc,
    /// Processing attempts so far.
    pub attempts: i32,
    /// Not to be tried before this time.
    pub next_attempt_at: DateTimeUtc,
    /// Claimed by a worker until this time, if claimed.
    pub locked_until: Option<DateTimeUtc>,
    /// When processing succeeded, if it has.
    pub processed_at: Option<DateTimeUtc>,
    /// The last processing error, if any.
    pub last_error: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
