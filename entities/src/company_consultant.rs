//! `company_consultants`: the consultant responsible for a company.

use sea_orm::entity::prelude::*;

/// The one consultant of a job centre responsible for a company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_consultants")]
pub struct Model {
    /// The job centre (tenant).
    #[sea_orm(primary_key, auto_increment = false)]
    pub jobcentre_id: Uuid,
    /// The company.
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: Uuid,
    /// The responsible consultant.
    pub caseworker_id: Uuid,
    /// The caseworker who assigned them.
    pub assigned_by: Uuid,
    /// When.
    pub assigned_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
