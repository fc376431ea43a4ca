//! `plan_language_requests`: A request for a plan version in another language; unique per
//! (version, language).

use sea_orm::entity::prelude::*;

use crate::enums::LanguageRequestStatus;

/// A request for a plan version in another language; unique per (version, language).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_language_requests")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The version wanted in another language.
    pub plan_version_id: Uuid,
    /// The citizen whose plan it is.
    pub citizen_id: Uuid,
    /// The language wanted, as an ISO 639-1 code (e.g. `en`, `ar`).
    pub language: String,
    /// The role of whoever asked (the API's role names).
    pub requested_by_role: String,
    /// When it was asked for.
    pub requested_at: DateTimeUtc,
    /// Whether the translation has been provided.
    pub status: LanguageRequestStatus,
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
