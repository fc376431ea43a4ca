//! `cases`: A citizen's employment case (sag) at a job centre.

use sea_orm::entity::prelude::*;

use crate::enums::VisitationCategory;

/// A citizen's employment case (sag) at a job centre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The citizen's contact group.
    pub contact_group_code: String,
    /// The citizen's target group.
    pub target_group_code: String,
    /// The visitation category, once assessed.
    pub visitation_category: Option<VisitationCategory>,
    /// The caseworker handling the case, if any.
    pub assigned_caseworker_id: Option<Uuid>,
    /// When the case was opened.
    pub opened_at: DateTimeUtc,
    /// When the case was closed, if it is.
    pub closed_at: Option<DateTimeUtc>,
    /// Since when another case of the citizen is the main one (a flex-job case while a
    /// sickness-benefit case runs); null for the main case.
    pub secondary_since: Option<DateTimeUtc>,
    /// Processing deadline (frist), if any.
    pub deadline: Option<Date>,
    /// Optimistic-concurrency version, bumped on every change.
    pub version: i32,
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
    /// The referenced `contact_groups` row.
    #[sea_orm(
        belongs_to = "super::contact_group::Entity",
        from = "Column::ContactGroupCode",
        to = "super::contact_group::Column::Code"
    )]
    ContactGroup,
    /// The referenced `target_groups` row.
    #[sea_orm(
        belongs_to = "super::target_group::Entity",
        from = "Column::TargetGroupCode",
        to = "super::target_group::Column::Code"
    )]
    TargetGroup,
    /// The referenced `caseworkers` row.
    #[sea_orm(
        belongs_to = "super::caseworker::Entity",
        from = "Column::AssignedCaseworkerId",
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

impl Related<super::contact_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContactGroup.def()
    }
}

impl Related<super::target_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TargetGroup.def()
    }
}

impl Related<super::caseworker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caseworker.def()
    }
}

/// Why the case was closed, once it is.
impl Related<super::case_closure::Entity> for Entity {
    fn to() -> RelationDef {
        super::case_closure::Relation::Case.def().rev()
    }
}

impl ActiveModelBehavior for ActiveModel {}
