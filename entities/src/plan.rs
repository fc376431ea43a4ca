//! `plans`: A citizen's plan (Min Plan), one per citizen across cases; staff edit its draft
//! and publish it as immutable, numbered versions.

use sea_orm::entity::prelude::*;

/// A citizen's plan (Min Plan), one per citizen across cases; staff edit its draft and publish
/// it as immutable, numbered versions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen whose plan it is; unique, so history carries over from case to case.
    #[sea_orm(unique)]
    pub citizen_id: Uuid,
    /// The content being edited, as JSON text; not shown to the citizen until published.
    pub draft: String,
    /// Optimistic-concurrency version of the draft, bumped on every edit.
    pub draft_version: i32,
    /// When the draft was last changed.
    pub draft_updated_at: DateTimeUtc,
    /// The caseworker who last changed the draft, if a caseworker did.
    pub draft_updated_by: Option<Uuid>,
    /// When the plan was created.
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
    /// The referenced `caseworkers` row (the draft's last editor).
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::DraftUpdatedBy",
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

impl Related<super::caseworker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caseworker.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
