//! `letters`: A letter to a citizen; unique per (source event, kind).

use sea_orm::entity::prelude::*;

use crate::enums::{Channel, LetterStatus};

/// A letter to a citizen; unique per (source event, kind).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letters")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The channel it is sent through.
    pub channel: Channel,
    /// Kind of letter.
    pub kind: String,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// Delivery state.
    pub status: LetterStatus,
    /// The outbox event that caused it, if any.
    pub source_event_id: Option<Uuid>,
    /// When the letter was created.
    pub created_at: DateTimeUtc,
    /// When it was sent, if it has been.
    pub sent_at: Option<DateTimeUtc>,
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
