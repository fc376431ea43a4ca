//! `invoice_warnings`: what was found when a basis version was computed.

use sea_orm::entity::prelude::*;

use crate::enums::InvoiceFindingSeverity;

/// A warning or a block found on one version of an invoicing basis.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_warnings")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The basis version.
    pub basis_id: Uuid,
    /// Its place in the basis's list of findings, from 1.
    pub position: i32,
    /// A warning, or a block that stops approval.
    pub severity: InvoiceFindingSeverity,
    /// A stable code for the kind of finding (e.g. `FINAL_REPORT_OVERDUE`).
    pub code: String,
    /// The order concerned, if one.
    pub service_order_id: Option<Uuid>,
    /// What was found and what to do, in words.
    pub message: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
