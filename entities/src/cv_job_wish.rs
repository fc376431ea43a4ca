//! `cv_job_wishes`: An occupation a citizen wishes to work in.

use sea_orm::entity::prelude::*;

/// An occupation (from `occupations`) a citizen wishes to work in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cv_job_wishes")]
pub struct Model {
    /// The citizen whose CV it is.
    #[sea_orm(primary_key, auto_increment = false)]
    pub citizen_id: Uuid,
    /// The occupation wished for.
    #[sea_orm(primary_key, auto_increment = false)]
    pub occupation_code: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
