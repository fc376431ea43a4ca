//! `jobseeker_registrations`: A period in which a citizen is registered as a jobseeker (tilmelding).

use sea_orm::entity::prelude::*;

use crate::enums::DeregistrationReason;

/// A period in which a citizen is registered as a jobseeker (tilmelding).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobseeker_registrations")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// When the citizen was registered.
    pub registered_at: DateTimeUtc,
    /// When the citizen was deregistered, if they were.
    pub deregistered_at: Option<DateTimeUtc>,
    /// Why the citizen was deregistered.
    pub deregistration_reason: Option<DeregistrationReason>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `jobcentres` row.
    #[sea_orm(
        belongs_to = "super::jobcentre::Entity",
        from = "Column::JobcentreId",
        to = "super::jobcentre::Column::Id"
    )]
    Jobcentre,
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
