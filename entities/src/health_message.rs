//! `health_messages`: the thread with the clinician per request.

use sea_orm::entity::prelude::*;

use crate::enums::HealthMessageSender;

/// A message between the caseworker and the clinician about one request (`003:4303-4315`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_messages")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// Who wrote it.
    pub sender: HealthMessageSender,
    /// The caseworker who wrote it (set exactly when the caseworker is the sender).
    pub caseworker_id: Option<Uuid>,
    /// The text.
    pub body: String,
    /// When it was sent.
    pub sent_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
