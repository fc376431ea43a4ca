//! `placement_log`: Every step of a placement.

use sea_orm::entity::prelude::*;

use crate::enums::PlacementStep;

/// A step of a placement: granted, started, ended or cancelled, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placement_log")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The placement.
    pub placement_id: Uuid,
    /// The state the step led to.
    pub step: PlacementStep,
    /// The role of who did it, as tokens name it.
    pub actor_role: String,
    /// Who did it.
    pub actor_subject: Option<Uuid>,
    /// When.
    pub at: DateTimeUtc,
    /// The note given with the step, if any.
    pub note: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
