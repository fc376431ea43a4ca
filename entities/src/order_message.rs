//! `order_messages`: messages between a provider and the job centre about one order.

use sea_orm::entity::prelude::*;

use crate::enums::MessageSender;

/// A message on an order, between the provider and the job centre's team mailbox.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_messages")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The order it is about.
    pub service_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The provider of the order.
    pub provider_id: Uuid,
    /// The provider or the job centre.
    pub sender: MessageSender,
    /// The provider user or caseworker who wrote it.
    pub author_subject: Uuid,
    /// The text.
    pub body: String,
    /// When it was sent.
    pub created_at: DateTimeUtc,
    /// For a provider's message: the day the job centre's answer is due.
    pub answer_due_on: Option<Date>,
    /// For a provider's message: when the job centre answered.
    pub answered_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
