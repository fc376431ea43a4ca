//! `idempotency_keys`: A remembered response to a mutation carrying an idempotency key.

use sea_orm::entity::prelude::*;

/// A remembered response to a mutation carrying an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// Who sent the request.
    #[sea_orm(primary_key, auto_increment = false)]
    pub principal: String,
    /// The client's idempotency key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The operation name.
    pub operation: String,
    /// Hash of the request, to detect a reused key with a different request.
    pub request_hash: String,
    /// The response as JSON text.
    pub response: String,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
