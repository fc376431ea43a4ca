//! `cv_educations`: An education on a citizen's CV.

use sea_orm::entity::prelude::*;

/// An education on a citizen's CV.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cv_educations")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The citizen whose CV it is.
    pub citizen_id: Uuid,
    /// The education, e.g. `Social- og sundhedshjælper`.
    pub title: String,
    /// Where it was taken.
    pub institution: Option<String>,
    /// The year it was completed; null while under way or not given.
    pub completed_year: Option<i32>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
