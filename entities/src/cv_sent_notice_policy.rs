//! `cv_sent_notice_policies`: the answer time named in the letter sent with a CV.

use sea_orm::entity::prelude::*;

/// How many days the letter sent when a CV goes to an employer gives the employer to answer
/// (rule 18, `003:3480-3536`), from a date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cv_sent_notice_policies")]
pub struct Model {
    /// First day the policy applies.
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_from: Date,
    /// Last day it applies, if it stops.
    pub valid_to: Option<Date>,
    /// Days the employer has to answer before the citizen may take it they were not considered.
    pub reply_days: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
