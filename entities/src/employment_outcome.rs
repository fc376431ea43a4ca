//! `employment_outcomes`: a citizen started a job or an education.

use sea_orm::entity::prelude::*;

use crate::enums::OutcomeKind;

/// A citizen started a job or an education on a day, as recorded by the job centre; one per
/// citizen and day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employment_outcomes")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen.
    pub citizen_id: Uuid,
    /// A job or an education.
    pub kind: OutcomeKind,
    /// The first day of the job or education.
    pub starts_on: Date,
    /// The caseworker who recorded it.
    pub recorded_by: Uuid,
    /// When it was recorded.
    pub recorded_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
