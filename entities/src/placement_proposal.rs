//! `placement_proposals`: a placement a company or a provider proposes to the job centre.

use sea_orm::entity::prelude::*;

use crate::enums::{JobOrderKind, PlacementProposalStatus, PlacementProposer};

/// A placement proposed by a company (for a candidate presented to it) or a provider (for a
/// citizen referred to it); only the job centre grants it (rule 17).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placement_proposals")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) that decides, the citizen's.
    pub jobcentre_id: Uuid,
    /// The citizen.
    pub citizen_id: Uuid,
    /// The company.
    pub company_id: Uuid,
    /// The production unit where the work would be.
    pub production_unit_id: Uuid,
    /// The job order, when proposed for its candidate.
    pub job_order_id: Option<Uuid>,
    /// The candidate, when proposed by the company for one presented to it.
    pub candidate_id: Option<Uuid>,
    /// What kind of job.
    pub kind: JobOrderKind,
    /// The proposed first day.
    pub starts_on: Date,
    /// The proposed last day, if any.
    pub ends_on: Option<Date>,
    /// The proposer's words to the job centre.
    pub note: String,
    /// Who proposed: a company or a provider.
    pub proposer: PlacementProposer,
    /// The company user or provider user who proposed.
    pub proposed_by: Uuid,
    /// The provider, for a provider's proposal.
    pub provider_id: Option<Uuid>,
    /// When it was proposed.
    pub proposed_at: DateTimeUtc,
    /// Where it stands.
    pub status: PlacementProposalStatus,
    /// The caseworker who decided.
    pub decided_by: Option<Uuid>,
    /// When it was decided.
    pub decided_at: Option<DateTimeUtc>,
    /// Why it was declined, or a note with the grant.
    pub decision_note: Option<String>,
    /// The placement granted from it.
    pub placement_id: Option<Uuid>,
    /// Optimistic-locking version, bumped by every change.
    pub version: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
