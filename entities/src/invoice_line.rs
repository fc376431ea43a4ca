//! `invoice_lines`: a line of an invoicing basis, pointing at the records it came from.

use sea_orm::entity::prelude::*;

use crate::enums::PriceKind;

/// A line of one version of an invoicing basis: one order, price component and month served.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_lines")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The basis version holding the line.
    pub basis_id: Uuid,
    /// The line's number within its basis, from 1.
    pub line_no: i32,
    /// The order billed.
    pub service_order_id: Uuid,
    /// The citizen of the order.
    pub citizen_id: Uuid,
    /// The contract version the order's service belongs to.
    pub contract_version_id: Uuid,
    /// The contract service ordered.
    pub contract_service_id: Uuid,
    /// The price component applied; null when the service has no price of this kind (a block).
    pub price_component_id: Option<Uuid>,
    /// What is paid for.
    pub kind: PriceKind,
    /// The first day of the month the line pays for (earlier than the basis's month for an
    /// adjustment).
    pub service_month: Date,
    /// The day that decides the citizen's target group: the first day billed.
    pub service_date: Date,
    /// The quantity as an exact fraction: numerator…
    pub quantity_numerator: i64,
    /// …and denominator (60 for hours counted in minutes, the month's days for a monthly fee).
    pub quantity_denominator: i64,
    /// The price per unit, in øre (0 when no price is held).
    pub unit_amount_ore: i64,
    /// The line's amount in øre, rounded half away from zero at the line.
    pub amount_ore: i64,
    /// The citizen's target group on the service date; null when no case held one.
    pub target_group_code: Option<String>,
    /// The budget frame the service is posted to.
    pub budget_frame_code: String,
    /// The attendance rows paid for, as a JSON array of ids (hours only).
    pub attendance_ids: String,
    /// The outcome a result bonus pays for.
    pub outcome_id: Option<Uuid>,
    /// For an adjustment: the approved line it corrects.
    pub adjusts_line_id: Option<Uuid>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
