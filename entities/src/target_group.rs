//! `target_groups`: A national target group (målgruppe) under LAB § 2.

use sea_orm::entity::prelude::*;

/// A national target group (målgruppe) under LAB § 2.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "target_groups")]
pub struct Model {
    /// Stable national code, e.g. `DAGPENGE`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Danish display name.
    pub name: String,
    /// First day the code may be used.
    pub valid_from: Date,
    /// Last day the code may be used; null while still valid.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
