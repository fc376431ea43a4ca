//! `public_holidays`: the days that are not workdays besides Saturdays and Sundays.

use sea_orm::entity::prelude::*;

/// A Danish public holiday (helligdag), or a closing day the municipality added.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_holidays")]
pub struct Model {
    /// The day.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Its name (e.g. `Skærtorsdag`).
    pub name: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
