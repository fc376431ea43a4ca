//! `plan_follow_ups`: A follow-up (opfølgning) by the citizen, a provider or a company on a
//! goal or activity of a plan version.

use sea_orm::entity::prelude::*;

use crate::enums::FollowUpAuthor;

/// A follow-up (opfølgning) by the citizen, a provider or a company on a goal or activity of
/// a plan version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_follow_ups")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The plan concerned.
    pub plan_id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen whose plan it is.
    pub citizen_id: Uuid,
    /// The version the follow-up was written against.
    pub plan_version_id: Uuid,
    /// The id of the goal or activity in the version's content that it concerns.
    pub item_id: String,
    /// Who wrote it: the citizen, a provider or a company.
    pub author_kind: FollowUpAuthor,
    /// Who wrote it (the token subject).
    pub author_subject: String,
    /// The author's provider or company, when a provider or company wrote it.
    pub author_organisation: Option<Uuid>,
    /// The follow-up itself.
    pub text: String,
    /// When it was written.
    pub created_at: DateTimeUtc,
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
    /// The referenced `plan_versions` row.
    #[sea_orm(
        belongs_to = "super::plan_version::Entity",
        from = "Column::PlanVersionId",
        to = "super::plan_version::Column::Id"
    )]
    PlanVersion,
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

impl Related<super::plan_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PlanVersion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
