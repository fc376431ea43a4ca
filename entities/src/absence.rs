//! `absences`: A citizen's reported absence or granted exemption (fravær/fritagelse) for a
//! period, open-ended until recovery.

use sea_orm::entity::prelude::*;

use crate::enums::AbsenceReporter;

/// A citizen's reported absence or granted exemption (fravær/fritagelse) for a period,
/// open-ended until recovery.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absences")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The absence type.
    pub absence_type_code: String,
    /// First day of the absence.
    pub starts_on: Date,
    /// Last day of the absence; null while open-ended (until recovery is reported).
    pub ends_on: Option<Date>,
    /// Reported by the citizen or by a caseworker.
    pub reported_by: AbsenceReporter,
    /// Who reported it (the token subject).
    pub reporter_subject: String,
    /// A free-text note, if any.
    pub note: Option<String>,
    /// When the absence was reported.
    pub created_at: DateTimeUtc,
    /// When the absence was ended (recovery reported), if it was.
    pub ended_at: Option<DateTimeUtc>,
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
    /// The referenced `absence_types` row.
    #[sea_orm(
        belongs_to = "super::absence_type::Entity",
        from = "Column::AbsenceTypeCode",
        to = "super::absence_type::Column::Code"
    )]
    AbsenceType,
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

impl Related<super::absence_type::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AbsenceType.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
