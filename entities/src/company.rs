//! `companies`: A company (virksomhed) identified by its CVR number.

use sea_orm::entity::prelude::*;

/// A company (virksomhed) identified by its CVR number.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// CVR number; unique.
    #[sea_orm(unique)]
    pub cvr: String,
    /// Name.
    pub name: String,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
