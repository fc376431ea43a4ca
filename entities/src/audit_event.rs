//! `audit_events`: An append-only record of one request's access to citizens' personal data
//! (logning): one row per request, category and job centre.
//!
//! The citizens read are held beside the columns below and not in this model, because the two
//! databases hold them differently: `citizen_ids uuid[]` with a GIN index on PostgreSQL; on
//! SQLite a JSON array of the ids in hex, copied by a trigger into `audit_event_citizens`. Read
//! the trail per citizen through [`crate::audit_read`].

use sea_orm::entity::prelude::*;

use crate::enums::AuditCategory;

/// An append-only record of one request's access to citizens' personal data (logning).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// When the access happened.
    pub occurred_at: DateTimeUtc,
    /// The actor's role (the API's role names).
    pub actor_role: String,
    /// The actor's subject (user id).
    pub actor_subject: String,
    /// The actor's organisation, if any.
    pub actor_organisation: Option<String>,
    /// The job centre concerned, if any.
    pub jobcentre_id: Option<Uuid>,
    /// The kind of data accessed.
    pub category: AuditCategory,
    /// The operation performed.
    pub operation: String,
    /// The request id, for correlation.
    pub request_id: String,
    /// The record read, where the log names one: the health document.
    pub record_id: Option<Uuid>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
