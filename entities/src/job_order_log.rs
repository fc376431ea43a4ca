//! `job_order_log`: A step in the life of a job order (the placement log).

use sea_orm::entity::prelude::*;

use crate::enums::{JobOrderStatus, JobOrderStep};

/// A step in the life of a job order: what happened, the state after it, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_order_log")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The job order.
    pub job_order_id: Uuid,
    /// What happened.
    pub step: JobOrderStep,
    /// The order's state after the step.
    pub status: JobOrderStatus,
    /// The role of who did it as in tokens (`company`, `caseworker`, `manager` …).
    pub actor_role: String,
    /// Who did it; null for the server.
    pub actor_subject: Option<Uuid>,
    /// When.
    pub at: DateTimeUtc,
    /// A note with the step (why an order was closed, say).
    pub note: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
