//! Cases as job-centre staff see them.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    case,
    enums::{AuditCategory, VisitationCategory},
};

use super::loader::CasesByCitizen;
use crate::{
    citizens::Visible,
    kernel::{batch, pagination},
};

/// The most cases a citizen's list shows.
pub const MAX_CASES: usize = 20;

/// A citizen's cases, as job-centre staff see them.
pub struct StaffCases(pub Visible);

#[Object]
impl StaffCases {
    /// The citizen's cases, newest first, closed ones included: at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_CASES, child_complexity)")]
    async fn cases(&self, ctx: &Context<'_>) -> Result<Vec<Case>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<CasesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(rows.into_iter().map(Case), MAX_CASES))
    }
}

/// A citizen's employment case (sag, kontaktforløb).
pub struct Case(pub case::Model);

/// A citizen's employment case (sag, kontaktforløb).
#[Object]
impl Case {
    /// The case id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Contact group code (kontaktgruppe), e.g. `DAGPENGE`; drives most rules (`002:21-30`).
    async fn contact_group(&self) -> &str {
        &self.0.contact_group_code
    }
    /// Target group code (målgruppe), e.g. `KONTANTHJAELP`; not one-to-one with the contact group.
    async fn target_group(&self) -> &str {
        &self.0.target_group_code
    }
    /// Visitation category (`002:66-73`); null until visited.
    async fn visitation_category(&self) -> Option<VisitationCategory> {
        self.0.visitation_category
    }
    /// The caseworker the case is assigned to, if any.
    async fn assigned_caseworker_id(&self) -> Option<ID> {
        self.0.assigned_caseworker_id.map(|id| ID(id.to_string()))
    }
    /// When the case was opened.
    async fn opened_at(&self) -> DateTime<Utc> {
        self.0.opened_at
    }
    /// When the case was closed; null while open.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Processing deadline (sagsbehandlingsfrist), if one applies.
    async fn deadline(&self) -> Option<NaiveDate> {
        self.0.deadline
    }
    /// Version for optimistic concurrency (`expectedVersion` on updates).
    async fn version(&self) -> i32 {
        self.0.version
    }
}
