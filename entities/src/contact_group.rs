//! `contact_groups`: A national contact group (kontaktgruppe): the benefit or situation that decides a citizen's contact course.

use sea_orm::entity::prelude::*;

/// A national contact group (kontaktgruppe): the benefit or situation that decides a citizen's contact course.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_groups")]
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
