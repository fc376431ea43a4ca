//! `health_certificate_types`: what a caseworker may ask a clinician for, as data.

use sea_orm::entity::prelude::*;

/// A kind of certificate or statement (LÆ 265, a status certificate, …) and the days the
/// clinician has to answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_certificate_types")]
pub struct Model {
    /// The code, e.g. `LAE_265`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Its name, in Danish.
    pub label: String,
    /// Calendar days from the request to the answer's due date.
    pub answer_days: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
