//! `sickness_case_rules`: which cases stay open as secondary when the citizen reports sick.

use sea_orm::entity::prelude::*;

/// A case in `target_group_code` stays open as a secondary case when the citizen reports sick,
/// and a case in the sickness groups opens as the main case until recovery (`003:4385-4395`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sickness_case_rules")]
pub struct Model {
    /// The target group of the case kept, e.g. `FLEKSJOB`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_group_code: String,
    /// First day the rule applies.
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_from: Date,
    /// Last day it applies, if it stops.
    pub valid_to: Option<Date>,
    /// The contact group of the sickness-benefit case.
    pub sickness_contact_group_code: String,
    /// The target group of the sickness-benefit case.
    pub sickness_target_group_code: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
