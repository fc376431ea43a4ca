//! `supplier_report_policies`: when a target group's supplier reports fall due.

use sea_orm::entity::prelude::*;

use crate::enums::ReportPolicyMode;

/// When supplier reports fall due for one target group, from a date (rule 7, `003:97-148`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier_report_policies")]
pub struct Model {
    /// The target group.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_group_code: String,
    /// First day the policy applies.
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_from: Date,
    /// Periodic reports, or exceptions only.
    pub mode: ReportPolicyMode,
    /// Whether a start report is due (periodic mode).
    pub start_report: bool,
    /// Workdays after the start the start report is due.
    pub start_workdays: i32,
    /// Weeks between periodic reports.
    pub period_weeks: i32,
    /// Offers shorter than this many weeks get no periodic reports.
    pub periodic_from_weeks: i32,
    /// Workdays after the end the final report is due.
    pub final_workdays: i32,
    /// Workdays after a request the report asked for is due.
    pub request_workdays: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
