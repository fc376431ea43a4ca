//! `company_contacts`: the job centre's log of contacts with companies.

use sea_orm::entity::prelude::*;

use crate::enums::ContactChannel;

/// One contact between a job centre's consultant and a company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_contacts")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The company.
    pub company_id: Uuid,
    /// The production unit, when the contact was with one.
    pub production_unit_id: Option<Uuid>,
    /// The consultant who had the contact.
    pub caseworker_id: Uuid,
    /// How.
    pub channel: ContactChannel,
    /// What it was about.
    pub topic: String,
    /// The day of the contact.
    pub contacted_on: Date,
    /// When it was recorded.
    pub recorded_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
