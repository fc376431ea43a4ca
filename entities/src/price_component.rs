//! `price_components`: A price of a contract service, held as data; amounts in øre.

use sea_orm::entity::prelude::*;

use crate::enums::PriceKind;

/// A price of a contract service, held as data; amounts in integer øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "price_components")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The service priced.
    pub contract_service_id: Uuid,
    /// What is paid for; one component of each kind per service.
    pub kind: PriceKind,
    /// The amount in øre (1 krone = 100 øre).
    pub amount_ore: i64,
    /// For a result bonus: the weeks after the order's end within which a job or education must
    /// start; null for the other kinds.
    pub within_weeks: Option<i32>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
