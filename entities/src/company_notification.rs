//! `company_notifications`: what a company is told about its placements.

use sea_orm::entity::prelude::*;

use crate::enums::CompanyNotificationKind;

/// A notification to a company when a placement at one of its units ends or an extension is
/// decided: the fact and the date, nothing else.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_notifications")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The company told.
    pub company_id: Uuid,
    /// The unit the placement is at.
    pub production_unit_id: Uuid,
    /// The placement.
    pub placement_id: Uuid,
    /// What happened.
    pub kind: CompanyNotificationKind,
    /// The date it concerns: the last day, or the extended end date.
    pub on_date: Date,
    /// When it was written.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
