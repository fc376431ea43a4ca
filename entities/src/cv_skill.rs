//! `cv_skills`: A skill or licence on a citizen's CV.

use sea_orm::entity::prelude::*;

/// A skill or licence on a citizen's CV.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cv_skills")]
pub struct Model {
    /// The citizen whose CV it is.
    #[sea_orm(primary_key, auto_increment = false)]
    pub citizen_id: Uuid,
    /// The skill in lower case with single spaces: what matching compares.
    #[sea_orm(primary_key, auto_increment = false)]
    pub skill: String,
    /// The skill as the citizen wrote it.
    pub label: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
