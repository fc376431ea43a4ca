//! `plan_versions`: A published, immutable version of a citizen's plan, numbered per plan;
//! valid only once delivered.

use sea_orm::entity::prelude::*;

use crate::enums::PlanDelivery;

/// A published, immutable version of a citizen's plan, numbered per plan; valid only once
/// delivered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_versions")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The plan this is a version of.
    pub plan_id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen whose plan it is.
    pub citizen_id: Uuid,
    /// The version number, unique per plan.
    pub number: i32,
    /// The published content, as JSON text.
    pub content: String,
    /// SHA-256 of `content`, in hex.
    pub content_hash: String,
    /// The caseworker who published the version.
    pub published_by: Uuid,
    /// When the version was published.
    pub published_at: DateTimeUtc,
    /// How the version reaches the citizen.
    pub delivery: PlanDelivery,
    /// Whether the citizen is asked to acknowledge the version.
    pub acknowledgement_requested: bool,
    /// When the version was delivered to the citizen; the version is valid only from then.
    pub delivered_at: Option<DateTimeUtc>,
    /// When a newer version replaced this one, if one has.
    pub superseded_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `plans` row.
    #[sea_orm(
        belongs_to = "super::plan::Entity",
        from = "Column::PlanId",
        to = "super::plan::Column::Id"
    )]
    Plan,
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
    /// The referenced `caseworkers` row (the publisher).
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::PublishedBy",
        to = "super::caseworker::Column::Id"
    )]
    Caseworker,
}

impl Related<super::plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
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
