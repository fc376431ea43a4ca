//! `providers`: Another actor (anden aktør): a provider the job centre buys services from.

use sea_orm::entity::prelude::*;

/// Another actor (anden aktør): a provider the job centre buys services from.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "providers")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// CVR number; unique.
    #[sea_orm(unique)]
    pub cvr: String,
    /// One of the municipality's own units: ordered from like any provider, never invoiced.
    pub internal: bool,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
