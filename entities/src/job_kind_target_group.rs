//! `job_kind_target_groups`: target groups a kind of job is reserved for.

use sea_orm::entity::prelude::*;

use crate::enums::JobOrderKind;

/// A target group whose citizens may take a kind of job; a kind with rows here is for those
/// groups only (a flex job needs the flex-job visitation), a kind without rows is for everyone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_kind_target_groups")]
pub struct Model {
    /// The kind of job.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: JobOrderKind,
    /// A target group that may take it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_group_code: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
