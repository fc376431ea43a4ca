//! `case_closures`: why and by whom a closed case was closed.

use sea_orm::entity::prelude::*;

/// Why a case was closed (one row per closed case).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_closures")]
pub struct Model {
    /// The closed case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    /// The reason (`case_closure_reasons.code`).
    pub reason_code: String,
    /// What the caseworker added, if anything.
    pub note: Option<String>,
    /// The caseworker who closed it; null when a report from another system did.
    pub closed_by: Option<Uuid>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The closed case.
    #[sea_orm(
        belongs_to = "super::case::Entity",
        from = "Column::CaseId",
        to = "super::case::Column::Id"
    )]
    Case,
}

impl Related<super::case::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Case.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
