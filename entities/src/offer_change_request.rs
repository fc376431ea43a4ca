//! `offer_change_requests`: a provider's request to change an offer.

use sea_orm::entity::prelude::*;

use crate::enums::{ChangeKind, ChangeRequestStatus};

/// A provider's request to change an offer, decided by the job centre (rule 8).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_change_requests")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The order.
    pub service_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The provider asking.
    pub provider_id: Uuid,
    /// What is asked.
    pub kind: ChangeKind,
    /// Why.
    pub reason: String,
    /// The new last day (extend, end).
    pub new_ends_on: Option<Date>,
    /// The new minutes per week (reduce, change hours).
    pub new_minutes_per_week: Option<i32>,
    /// The supplier report that recommended the change, if linked.
    pub supplier_report_id: Option<Uuid>,
    /// The provider user who asked.
    pub requested_by: Uuid,
    /// When.
    pub requested_at: DateTimeUtc,
    /// The day the decision is due (workdays, paused while the citizen cannot be reached).
    pub due_on: Date,
    /// Since when the job centre cannot reach the citizen (the clock is paused).
    pub unreachable_since: Option<Date>,
    /// Pending, approved or rejected.
    pub status: ChangeRequestStatus,
    /// The caseworker who decided.
    pub decided_by: Option<Uuid>,
    /// When.
    pub decided_at: Option<DateTimeUtc>,
    /// The decision's reasons.
    pub decision_note: Option<String>,
    /// When the caseworkers were alerted that the decision is overdue.
    pub overdue_alerted_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
