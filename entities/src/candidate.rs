//! `candidates`: A citizen proposed or presented to a company for a job order; unique per (job order, citizen).

use sea_orm::entity::prelude::*;

use crate::enums::CandidateStatus;

/// A citizen proposed or presented to a company for a job order; unique per (job order, citizen).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidates")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The job order.
    pub job_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// When the citizen was presented to the company (the CV sent); null while proposed.
    pub presented_at: Option<DateTimeUtc>,
    /// Where the candidate stands.
    pub status: CandidateStatus,
    /// When a caseworker proposed the citizen.
    pub proposed_at: DateTimeUtc,
    /// The caseworker who proposed the citizen.
    pub proposed_by: Option<Uuid>,
    /// When the company recorded the latest outcome (interview, hired, not selected).
    pub outcome_at: Option<DateTimeUtc>,
    /// Bumped by every change.
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
    /// The referenced `job_orders` row.
    #[sea_orm(
        belongs_to = "super::job_order::Entity",
        from = "Column::JobOrderId",
        to = "super::job_order::Column::Id"
    )]
    JobOrder,
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl Related<super::job_order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JobOrder.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
