//! `meeting_participants`: Someone other than the citizen and the caseworker taking part in a
//! meeting (deltager).

use sea_orm::entity::prelude::*;

use crate::enums::ParticipantKind;

/// Someone other than the citizen and the caseworker taking part in a meeting (deltager).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_participants")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The meeting concerned.
    pub meeting_id: Uuid,
    /// A provider's user or the unemployment fund.
    pub kind: ParticipantKind,
    /// The provider user taking part, when `kind` is a provider user; unique per meeting.
    pub provider_user_id: Option<Uuid>,
    /// The participant's display name.
    pub name: String,
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
    /// The referenced `provider_users` row.
    #[sea_orm(
        belongs_to = "super::provider_user::Entity",
        from = "Column::ProviderUserId",
        to = "super::provider_user::Column::Id"
    )]
    ProviderUser,
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl Related<super::provider_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProviderUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
