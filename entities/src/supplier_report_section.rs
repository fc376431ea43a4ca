//! `supplier_report_sections`: the text of each section of a written report.

use sea_orm::entity::prelude::*;

use crate::enums::ReportSection;

/// One section of a written supplier report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier_report_sections")]
pub struct Model {
    /// The report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: Uuid,
    /// The section.
    #[sea_orm(primary_key, auto_increment = false)]
    pub section: ReportSection,
    /// Its text.
    pub body: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
