//! `jobcentres`: A job centre (jobcenter), the tenant owning citizens' data.

use sea_orm::entity::prelude::*;

/// A job centre (jobcenter), the tenant owning citizens' data.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobcentres")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// The municipality code (kommunekode); unique.
    #[sea_orm(unique)]
    pub municipality_code: String,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
