//! `alerts`: An alert for a caseworker; unique per (source event, caseworker).

use sea_orm::entity::prelude::*;

/// An alert for a caseworker; unique per (source event, caseworker).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The caseworker alerted.
    pub caseworker_id: Uuid,
    /// The citizen concerned, if any.
    pub citizen_id: Option<Uuid>,
    /// Kind of alert.
    pub kind: String,
    /// Text shown to the caseworker.
    pub message: String,
    /// The outbox event that raised it, if any.
    pub source_event_id: Option<Uuid>,
    /// When the alert was raised.
    pub created_at: DateTimeUtc,
    /// When the caseworker read it, if they have.
    pub read_at: Option<DateTimeUtc>,
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
    /// The referenced `caseworkers` row.
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::CaseworkerId",
        to = "super::caseworker::Column::Id"
    )]
    Caseworker,
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

impl Related<super::caseworker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caseworker.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
