//! `order_message_attachments`: files sent with a message on an order.

use sea_orm::entity::prelude::*;

/// A file sent with a message on an order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_message_attachments")]
pub struct Model {
    /// Id (UUID v7); the file is read at `/files/{id}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The message.
    pub message_id: Uuid,
    /// The stored file.
    pub file_key: String,
    /// The file's name as sent.
    pub filename: String,
    /// Its media type.
    pub content_type: String,
    /// Its size.
    pub size_bytes: i64,
    /// When it was stored.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
