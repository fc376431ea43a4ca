//! `job_orders`: A job order (jobordre): a company asks the job centre for candidates.

use sea_orm::entity::prelude::*;

use crate::enums::JobOrderStatus;

/// A job order (jobordre): a company asks the job centre for candidates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_orders")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The company.
    pub company_id: Uuid,
    /// The production unit where the work is.
    pub production_unit_id: Uuid,
    /// Job title.
    pub title: String,
    /// The subsidised kind asked for; null for an ordinary job.
    pub offer_kind_code: Option<String>,
    /// Number of positions.
    pub positions: i32,
    /// State of the order.
    pub status: JobOrderStatus,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `jobcentres` row.
    #[sea_orm(
        belongs_to = "super::jobcentre::Entity",
        from = "Column::JobcentreId",
        to = "super::jobcentre::Column::Id"
    )]
    Jobcentre,
    /// The referenced `companies` row.
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::CompanyId",
        to = "super::company::Column::Id"
    )]
    Company,
    /// The referenced `production_units` row.
    #[sea_orm(
        belongs_to = "super::production_unit::Entity",
        from = "Column::ProductionUnitId",
        to = "super::production_unit::Column::Id"
    )]
    ProductionUnit,
    /// The referenced `offer_kinds` row.
    #[sea_orm(
        belongs_to = "super::offer_kind::Entity",
        from = "Column::OfferKindCode",
        to = "super::offer_kind::Column::Code"
    )]
    OfferKind,
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl Related<super::production_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductionUnit.def()
    }
}

impl Related<super::offer_kind::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfferKind.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
