//! `tasks`: work for a caseworker with a due time.

use sea_orm::entity::prelude::*;

/// Work for a caseworker with a due time, made by the outbox worker (one per event and
/// caseworker).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The caseworker who must do it.
    pub caseworker_id: Uuid,
    /// The citizen it is about.
    pub citizen_id: Option<Uuid>,
    /// What it is, as a code.
    pub kind: String,
    /// What to do, without personal data.
    pub title: String,
    /// When it must be done.
    pub due_at: DateTimeUtc,
    /// The outbox event that made it.
    pub source_event_id: Option<Uuid>,
    /// When it was made.
    pub created_at: DateTimeUtc,
    /// When it was done.
    pub done_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
