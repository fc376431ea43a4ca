//! `meeting_slots`: A time a caseworker offers for meetings (ledig tid), which citizens may book
//! up to its capacity.

use sea_orm::entity::prelude::*;

use crate::enums::{MeetingChannel, MeetingType};

/// A time a caseworker offers for meetings (ledig tid), which citizens may book up to its
/// capacity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_slots")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The caseworker holding the meetings.
    pub caseworker_id: Uuid,
    /// The recurring series the slot was created from, if any.
    pub series_id: Option<Uuid>,
    /// The kind of meeting the slot is for.
    pub meeting_type: MeetingType,
    /// How the meetings take place.
    pub channel: MeetingChannel,
    /// Where the meetings take place (an address, a phone number or a video link).
    pub location: String,
    /// When the slot starts.
    pub starts_at: DateTimeUtc,
    /// When the slot ends; after `starts_at`.
    pub ends_at: DateTimeUtc,
    /// How many citizens may book the slot; at least 1.
    pub capacity: i32,
    /// How many seats are booked; between 0 and `capacity`. Incremented by a conditional
    /// update (`WHERE booked < capacity`), so the database settles races for the last seat.
    pub booked: i32,
    /// When the slot was cancelled, if it was.
    pub cancelled_at: Option<DateTimeUtc>,
    /// When the slot was created.
    pub created_at: DateTimeUtc,
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

impl ActiveModelBehavior for ActiveModel {}
