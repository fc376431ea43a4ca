//! `supplier_report_template_sections`: the sections each kind of report holds.

use sea_orm::entity::prelude::*;

use crate::enums::{ReportSection, SupplierReportKind};

/// A section a kind of supplier report holds, with the question it answers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier_report_template_sections")]
pub struct Model {
    /// The kind of report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: SupplierReportKind,
    /// The section.
    #[sea_orm(primary_key, auto_increment = false)]
    pub section: ReportSection,
    /// The question the section answers.
    pub prompt: String,
    /// Its place in the report.
    pub position: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
