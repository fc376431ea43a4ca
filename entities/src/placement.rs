//! `placements`: A citizen placed with a company's production unit, granted by the job centre.

use sea_orm::entity::prelude::*;

use crate::enums::{JobOrderKind, PlacementStatus};

/// A citizen placed with a company's production unit (ordinary job, internship, wage subsidy …),
/// granted by the job centre only (rule 17): GRANTED → STARTED → ENDED, or CANCELLED.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placements")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen placed.
    pub citizen_id: Uuid,
    /// The company.
    pub company_id: Uuid,
    /// The production unit where the work is.
    pub production_unit_id: Uuid,
    /// The job order, when the placement fills one.
    pub job_order_id: Option<Uuid>,
    /// The candidate granted, when the placement came from a job order.
    pub candidate_id: Option<Uuid>,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// State of the placement.
    pub status: PlacementStatus,
    /// The planned first day.
    pub starts_on: Date,
    /// The planned last day, if it ends.
    pub ends_on: Option<Date>,
    /// The actual first day, once started.
    pub started_on: Option<Date>,
    /// The actual last day, once ended.
    pub ended_on: Option<Date>,
    /// Weeks between follow-ups; null: no follow-up.
    pub follow_up_weeks: Option<i32>,
    /// The day the next follow-up is due: the start (or the last follow-up) plus the interval;
    /// null when there is no interval or the placement is not running.
    pub next_follow_up_on: Option<Date>,
    /// The union representative who approved a wage subsidy at a public employer.
    pub union_representative: Option<String>,
    /// When they approved it.
    pub union_approved_on: Option<Date>,
    /// The plan draft version that holds the placement's offer (subsidised kinds).
    pub plan_draft_version: Option<i32>,
    /// The caseworker who granted it.
    pub granted_by: Uuid,
    /// When it was granted.
    pub granted_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
    /// Bumped by every change.
    pub version: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
