//! `case_closure_reasons`: why a case closes, as data.

use sea_orm::entity::prelude::*;

/// A reason a case closes (benefit changed, job, education, …).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_closure_reasons")]
pub struct Model {
    /// Stable code, e.g. `BENEFIT_CHANGED`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Danish label.
    pub label: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
