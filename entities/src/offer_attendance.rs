//! `offer_attendance`: what a provider recorded for one day of an order.

use sea_orm::entity::prelude::*;

use crate::enums::AttendanceKind;

/// What a provider recorded for one day of a service order; one row per order and day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_attendance")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The order the day belongs to.
    pub service_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The day.
    pub day: Date,
    /// Attended, absent sick, absent with leave, or no-show.
    pub kind: AttendanceKind,
    /// Minutes delivered on an attended day (1 to 1440); null otherwise.
    pub minutes: Option<i32>,
    /// For an "absent sick" day: the citizen's absence it created or extended.
    pub absence_id: Option<Uuid>,
    /// The provider user who recorded it.
    pub recorded_by: Uuid,
    /// When it was recorded.
    pub recorded_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `service_orders` row.
    #[sea_orm(
        belongs_to = "super::service_order::Entity",
        from = "Column::ServiceOrderId",
        to = "super::service_order::Column::Id"
    )]
    ServiceOrder,
}

impl Related<super::service_order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceOrder.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
