//! `extension_alert_policies`: when an unconfirmed extension alerts the caseworker.

use sea_orm::entity::prelude::*;

/// How many workdays before a placement's end an extension not yet confirmed alerts the
/// caseworker (`003:4506-4514`), from a date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "extension_alert_policies")]
pub struct Model {
    /// First day the policy applies.
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_from: Date,
    /// Last day it applies, if it stops.
    pub valid_to: Option<Date>,
    /// Workdays before the end.
    pub workdays_before_end: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
