//! `cvs`: A citizen's CV, written by the citizen; one per citizen.

use sea_orm::entity::prelude::*;

/// A citizen's CV, written by the citizen; one per citizen. Job wishes, skills and education
/// are rows of their own (`cv_job_wishes`, `cv_skills`, `cv_educations`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cvs")]
pub struct Model {
    /// The citizen whose CV it is.
    #[sea_orm(primary_key, auto_increment = false)]
    pub citizen_id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// How far from home the citizen will work, in km; null: no limit given.
    pub max_travel_km: Option<i32>,
    /// Driving licence categories (`B`, `C`, …), as a JSON array of strings.
    pub driving_licences: String,
    /// Informal competences, in the citizen's own words.
    pub informal_competences: String,
    /// The citizen asked not to be matched; honoured only while not registered as a jobseeker.
    pub hidden: bool,
    /// When the CV last changed.
    pub updated_at: DateTimeUtc,
    /// Bumped by every change (a stale edit is refused).
    pub version: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
