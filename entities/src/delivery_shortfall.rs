//! `delivery_shortfalls`: ISO weeks in which a started order delivered too little.

use sea_orm::entity::prelude::*;

/// An ISO week of a started order whose delivered time fell under its service's threshold.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_shortfalls")]
pub struct Model {
    /// The order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub service_order_id: Uuid,
    /// The Monday of the ISO week.
    #[sea_orm(primary_key, auto_increment = false)]
    pub week_start: Date,
    /// Minutes ordered for the week.
    pub ordered_minutes: i32,
    /// Minutes recorded as attended in the week.
    pub delivered_minutes: i32,
    /// When the shortfall was found.
    pub found_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
