//! `consents`: A citizen's consent (samtykke); at most one unrevoked per (citizen, purpose).

use sea_orm::entity::prelude::*;

use crate::enums::ConsentPurpose;

/// A citizen's consent (samtykke); at most one unrevoked per (citizen, purpose).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// What the consent allows.
    pub purpose: ConsentPurpose,
    /// When it was granted.
    pub granted_at: DateTimeUtc,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTimeUtc>,
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
