//! `job_orders`: A job order (jobordre): a company asks the job centre for candidates.

use sea_orm::entity::prelude::*;

use crate::enums::{JobOrderKind, JobOrderStatus};

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
    /// Number of positions.
    pub positions: i32,
    /// State of the order.
    pub status: JobOrderStatus,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// The occupation (DISCO-08 code in `occupations`); null only for orders from before
    /// occupations were held.
    pub occupation_code: Option<String>,
    /// What the job is.
    pub description: String,
    /// Hours a week, in minutes.
    pub minutes_per_week: Option<i32>,
    /// The first day of work.
    pub starts_on: Option<Date>,
    /// The last day to apply: after it the order leaves matching.
    pub apply_by: Option<Date>,
    /// The company's contact person for the order.
    pub contact_name: Option<String>,
    /// The contact person's phone number.
    pub contact_phone: Option<String>,
    /// The contact person's e-mail address.
    pub contact_email: Option<String>,
    /// Skills and licences required, as a JSON array of strings.
    pub required_skills: String,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
    /// Bumped by every change (a stale edit is refused).
    pub version: i32,
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

impl ActiveModelBehavior for ActiveModel {}
