//! `meeting_status_changes`: One change of a meeting's status, who made it and why.

use sea_orm::entity::prelude::*;

use crate::enums::MeetingStatus;

/// One change of a meeting's status, who made it and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_status_changes")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The meeting concerned.
    pub meeting_id: Uuid,
    /// The status before the change; null when the meeting was created.
    pub from_status: Option<MeetingStatus>,
    /// The status after the change.
    pub to_status: MeetingStatus,
    /// Why the status changed, if given.
    pub reason: Option<String>,
    /// The role of whoever made the change.
    pub actor_role: String,
    /// Who made the change (the token subject).
    pub actor_subject: String,
    /// When the change was made.
    pub occurred_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `meetings` row.
    #[sea_orm(
        belongs_to = "super::meeting::Entity",
        from = "Column::MeetingId",
        to = "super::meeting::Column::Id"
    )]
    Meeting,
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
