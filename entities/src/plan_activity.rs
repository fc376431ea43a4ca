//! `plan_activities`: An agreed activity (aftalt aktivitet) of a published plan version, as a
//! row mirroring the version's JSON content, so activities can be found by provider or company.

use sea_orm::entity::prelude::*;

/// An agreed activity (aftalt aktivitet) of a published plan version, as a row mirroring the
/// version's JSON content, so activities can be found by provider or company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_activities")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The version whose content lists the activity.
    pub plan_version_id: Uuid,
    /// The plan the version belongs to.
    pub plan_id: Uuid,
    /// The citizen whose plan it is.
    pub citizen_id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The activity's stable id in the plan content; unique per version.
    pub activity_key: String,
    /// The activity's place in the version's list of activities, from 0.
    pub position: i32,
    /// What the citizen does.
    pub description: String,
    /// The id of the goal in the plan content the activity serves, if any.
    pub goal_key: Option<String>,
    /// First day, if set.
    pub starts_on: Option<Date>,
    /// Last day, if set.
    pub ends_on: Option<Date>,
    /// The provider running the activity, if any.
    pub provider_id: Option<Uuid>,
    /// The company hosting the activity, if any.
    pub company_id: Option<Uuid>,
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
    /// The referenced `plans` row.
    #[sea_orm(
        belongs_to = "super::plan::Entity",
        from = "Column::PlanId",
        to = "super::plan::Column::Id"
    )]
    Plan,
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
    /// The referenced `jobcentres` row.
    #[sea_orm(
        belongs_to = "super::jobcentre::Entity",
        from = "Column::JobcentreId",
        to = "super::jobcentre::Column::Id"
    )]
    Jobcentre,
    /// The referenced `providers` row (the provider running the activity).
    #[sea_orm(
        belongs_to = "super::provider::Entity",
        from = "Column::ProviderId",
        to = "super::provider::Column::Id"
    )]
    Provider,
    /// The referenced `companies` row (the company hosting the activity).
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::CompanyId",
        to = "super::company::Column::Id"
    )]
    Company,
}

impl Related<super::plan_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PlanVersion.def()
    }
}

impl Related<super::plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl Related<super::provider::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provider.def()
    }
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
