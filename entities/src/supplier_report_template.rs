//! `supplier_report_templates`: the title of each kind of report.

use sea_orm::entity::prelude::*;

use crate::enums::SupplierReportKind;

/// A kind of supplier report and its title.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier_report_templates")]
pub struct Model {
    /// The kind of report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: SupplierReportKind,
    /// Its title.
    pub title: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
