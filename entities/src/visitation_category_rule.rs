//! `visitation_category_rules`: what visiting a case in a category requires and causes.

use sea_orm::entity::prelude::*;

use crate::enums::VisitationCategory;

/// Per visitation category, from a date: whether a written justification is required
/// (`004:187-192`) and whether the citizen is deregistered as a jobseeker (matched
/// activity-ready, `002:61`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visitation_category_rules")]
pub struct Model {
    /// The category.
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: VisitationCategory,
    /// First day the rule applies.
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_from: Date,
    /// Last day it applies, if it stops.
    pub valid_to: Option<Date>,
    /// Visiting in this category needs a justification.
    pub requires_justification: bool,
    /// Visiting in this category ends the citizen's registration as a jobseeker.
    pub deregisters: bool,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
