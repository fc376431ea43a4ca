//! `booking_deadlines`: A deadline by which a citizen must book a meeting of a kind; at most one
//! open per (citizen, meeting type), and an open one never points at a booking.

use sea_orm::entity::prelude::*;

use crate::enums::{BookingDeadlineStatus, MeetingType};

/// A deadline by which a citizen must book a meeting of a kind; at most one open per (citizen,
/// meeting type), and an open one never points at a booking.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booking_deadlines")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen who must book.
    pub citizen_id: Uuid,
    /// The kind of meeting to book.
    pub meeting_type: MeetingType,
    /// When the booking must be made by.
    pub due_at: DateTimeUtc,
    /// Open, fulfilled or cancelled.
    pub status: BookingDeadlineStatus,
    /// The meeting that fulfilled the deadline: null while open, set once fulfilled.
    pub meeting_id: Option<Uuid>,
    /// The caseworker who set the deadline, if one did.
    pub created_by: Option<Uuid>,
    /// When the deadline was created.
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
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
    /// The referenced `meetings` row.
    #[sea_orm(
        belongs_to = "super::meeting::Entity",
        from = "Column::MeetingId",
        to = "super::meeting::Column::Id"
    )]
    Meeting,
    /// The referenced `caseworkers` row.
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::CreatedBy",
        to = "super::caseworker::Column::Id"
    )]
    Caseworker,
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

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl Related<super::caseworker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caseworker.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
