//! `case_events`: every step of every case of a citizen.

use sea_orm::entity::prelude::*;

use crate::enums::CaseEventKind;

/// One step of a case: opened, visited, revisited, made secondary or main, closed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_events")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The citizen whose case it is.
    pub citizen_id: Uuid,
    /// The job centre owning the case.
    pub jobcentre_id: Uuid,
    /// What happened.
    pub kind: CaseEventKind,
    /// What it was: the target group, the category and justification, the closure reason.
    pub detail: String,
    /// The caseworker who did it; null for the system or another system's report.
    pub actor_caseworker_id: Option<Uuid>,
    /// When.
    pub occurred_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
