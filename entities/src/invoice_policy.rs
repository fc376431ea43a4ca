//! `invoice_policies`: how a job centre's invoicing bases are made, held as data.

use sea_orm::entity::prelude::*;

use crate::enums::WeekSplitRule;

/// How a job centre's invoicing bases are made; a job centre without a row uses the defaults
/// (day 5, weeks billed in the month they start, managers approve).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_policies")]
pub struct Model {
    /// The job centre.
    #[sea_orm(primary_key, auto_increment = false)]
    pub jobcentre_id: Uuid,
    /// The day of the month (1 to 28) from which the server generates last month's bases.
    pub generate_day: i32,
    /// How a week spanning two months is billed by a weekly price.
    pub week_split_rule: WeekSplitRule,
    /// The team whose caseworkers may approve a basis, besides managers; null: managers only.
    pub approver_team: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
