//! `person_markings`: markings that protect a citizen from sanctions.

use sea_orm::entity::prelude::*;

/// A marking on a citizen that protects from sanctions (rule 13, `003:2934-2942`): set and
/// removed with who, when and why. At most one in force per citizen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_markings")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen marked.
    pub citizen_id: Uuid,
    /// Why the citizen is not to be sanctioned.
    pub reason: String,
    /// The caseworker who set it.
    pub set_by: Uuid,
    /// When it was set.
    pub set_at: DateTimeUtc,
    /// The caseworker who removed it.
    pub removed_by: Option<Uuid>,
    /// When it was removed.
    pub removed_at: Option<DateTimeUtc>,
    /// Why it was removed.
    pub removal_reason: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
