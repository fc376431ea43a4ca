//! `meetings`: A meeting between a citizen and the job centre (samtale), booked by the citizen
//! or summoned by the job centre; one live booking of a slot per citizen.

use sea_orm::entity::prelude::*;

use crate::enums::{MeetingChannel, MeetingOrigin, MeetingStatus, MeetingType};

/// A meeting between a citizen and the job centre (samtale), booked by the citizen or summoned
/// by the job centre; one live booking of a slot per citizen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The caseworker holding the meeting.
    pub caseworker_id: Uuid,
    /// The slot the meeting was booked in, if any.
    pub slot_id: Option<Uuid>,
    /// The kind of meeting.
    pub meeting_type: MeetingType,
    /// How the meeting takes place.
    pub channel: MeetingChannel,
    /// Where the meeting takes place (an address, a phone number or a video link).
    pub location: String,
    /// When the meeting starts.
    pub starts_at: DateTimeUtc,
    /// When the meeting ends.
    pub ends_at: DateTimeUtc,
    /// Booked by the citizen or summoned by the job centre.
    pub origin: MeetingOrigin,
    /// Whether the meeting counts towards the contact course the law requires.
    pub statutory: bool,
    /// Where the meeting stands.
    pub status: MeetingStatus,
    /// Why the status was set, e.g. the reason for an absence or a cancellation.
    pub status_reason: Option<String>,
    /// When attendance (or its absence) was registered, if it was.
    pub attendance_registered_at: Option<DateTimeUtc>,
    /// When the meeting was created.
    pub created_at: DateTimeUtc,
    /// When the meeting was last changed.
    pub updated_at: DateTimeUtc,
    /// Optimistic-concurrency version, bumped on every change.
    pub version: i32,
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
    /// The referenced `caseworkers` row.
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::CaseworkerId",
        to = "super::caseworker::Column::Id"
    )]
    Caseworker,
    /// The referenced `meeting_slots` row.
    #[sea_orm(
        belongs_to = "super::meeting_slot::Entity",
        from = "Column::SlotId",
        to = "super::meeting_slot::Column::Id"
    )]
    MeetingSlot,
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

impl Related<super::caseworker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caseworker.def()
    }
}

impl Related<super::meeting_slot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingSlot.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
