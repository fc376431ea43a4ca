//! `invoice_bases`: one version of the invoicing basis of a contract and month.

use sea_orm::entity::prelude::*;

use crate::enums::InvoiceBasisStatus;

/// One version of the invoicing basis (fakturagrundlag) of one contract and calendar month.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_bases")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The contract billed.
    pub contract_id: Uuid,
    /// The provider that bills (the contract's).
    pub provider_id: Uuid,
    /// The first day of the month billed.
    pub month: Date,
    /// The version, from 1, per contract and month.
    pub version: i32,
    /// Draft, superseded or approved.
    pub status: InvoiceBasisStatus,
    /// SHA-256 of the lines and findings: the same data gives the same hash.
    pub content_hash: String,
    /// The sum of the lines, in øre.
    pub total_ore: i64,
    /// How many lines it holds.
    pub line_count: i32,
    /// Whether a finding blocks approval.
    pub blocked: bool,
    /// The staff member who generated this version; null when the server's worker did.
    pub generated_by: Option<Uuid>,
    /// When this version was generated.
    pub generated_at: DateTimeUtc,
    /// Who approved it.
    pub approved_by: Option<Uuid>,
    /// When it was approved.
    pub approved_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
