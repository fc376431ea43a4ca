//! `occupations`: An occupation (DISCO-08 group) a job order or a job wish names.

use sea_orm::entity::prelude::*;

/// An occupation (DISCO-08 group, four digits) a job order or a citizen's job wish names.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "occupations")]
pub struct Model {
    /// The DISCO-08 code, e.g. `5120`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Danish title.
    pub label: String,
    /// First day the code may be used.
    pub valid_from: Date,
    /// Last day the code may be used; null while still valid.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
