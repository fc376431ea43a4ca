//! `supplier_reports`: supplier reports due, requested and written.

use sea_orm::entity::prelude::*;

use crate::enums::{NextStep, SupplierReportKind};

/// A supplier report (leverandørrapport) on one order: due (or asked for), then written by the
/// provider, then read by the job centre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier_reports")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The order reported on.
    pub service_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The provider writing it.
    pub provider_id: Uuid,
    /// Start, periodic, final, on request or exception.
    pub kind: SupplierReportKind,
    /// First day of the period the report covers.
    pub period_from: Date,
    /// The day it is due; none for an exception report.
    pub due_on: Option<Date>,
    /// The caseworker who asked for it (on request).
    pub requested_by: Option<Uuid>,
    /// What the job centre asked about.
    pub request_note: Option<String>,
    /// When the provider submitted it.
    pub submitted_at: Option<DateTimeUtc>,
    /// The provider user who submitted it.
    pub submitted_by: Option<Uuid>,
    /// Whether the provider marked it as needing action.
    pub action_needed: Option<bool>,
    /// The next step it recommends.
    pub next_step: Option<NextStep>,
    /// When the job centre read it.
    pub read_at: Option<DateTimeUtc>,
    /// The caseworker who read it.
    pub read_by: Option<Uuid>,
    /// When it was scheduled, requested or (an exception) written.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
