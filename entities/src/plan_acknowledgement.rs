//! `plan_acknowledgements`: The citizen's acknowledgement of a plan version (kvittering); at
//! most one per version.

use sea_orm::entity::prelude::*;

use crate::enums::AcknowledgementChannel;

/// The citizen's acknowledgement of a plan version (kvittering); at most one per version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_acknowledgements")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The version acknowledged; unique.
    #[sea_orm(unique)]
    pub plan_version_id: Uuid,
    /// The citizen who acknowledged it.
    pub citizen_id: Uuid,
    /// SHA-256 (hex) of the content the citizen saw, matching the version's `content_hash`.
    pub content_hash: String,
    /// Where the citizen acknowledged it.
    pub channel: AcknowledgementChannel,
    /// When the citizen acknowledged it.
    pub acknowledged_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `plan_versions` row.
    #[sea_orm(
        belongs_to = "super::plan_version::Entity",
        from = "Column::PlanVersionId",
        to = "super::plan_version::Column::Id"
    )]
    PlanVersion,
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
}

impl Related<super::plan_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PlanVersion.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
