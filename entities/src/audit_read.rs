//! `audit_reads`: the audit trail one row per event and citizen read (a view over
//! `audit_events`; read-only).

use sea_orm::{
    DbBackend,
    entity::prelude::*,
    sea_query::{ExprTrait, SimpleExpr},
};

use crate::enums::AuditCategory;

/// One citizen's entry in an audit event: the event's columns and the citizen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_reads")]
pub struct Model {
    /// The event's id (UUID v7); with the citizen, the key of this view's rows.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The citizen whose data was accessed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub citizen_id: Uuid,
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

/// The rows of these citizens, in a form each database answers from its index: on PostgreSQL
/// the view unnests every event's array, so the filter also names the indexed array
/// (`citizen_ids && ARRAY[...]`); on SQLite the view is driven by `audit_event_citizens`, whose
/// key starts with the citizen.
pub fn of_citizens(backend: DbBackend, citizens: &[Uuid]) -> SimpleExpr {
    let per_row = Column::CitizenId.is_in(citizens.iter().copied());
    match backend {
        DbBackend::Postgres => {
            let ids: Vec<String> = citizens.iter().map(Uuid::to_string).collect();
            per_row.and(Expr::cust_with_values(
                "citizen_ids && CAST($1 AS uuid[])",
                [format!("{{{}}}", ids.join(","))],
            ))
        }
        _ => per_row,
    }
}
