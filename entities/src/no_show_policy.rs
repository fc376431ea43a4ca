//! `no_show_policies`: the target groups that go through the no-show procedure.

use sea_orm::entity::prelude::*;

/// A target group whose citizens go through the no-show procedure at offers (`003:4704-4706`),
/// from a date; never dagpenge.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "no_show_policies")]
pub struct Model {
    /// The target group.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_group_code: String,
    /// First day the procedure applies.
    pub valid_from: Date,
    /// Last day it applies, if it stops.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
