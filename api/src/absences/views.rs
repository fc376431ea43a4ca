//! Absences as each audience sees them: the citizen and staff the whole absence with its type,
//! a provider only the dates.

use async_graphql::{Context, Object, Result};
use jobbro_entities::enums::AuditCategory;

use super::{
    loader::{AbsencesByCitizen, PeriodsByCitizen},
    types::{Absence, AbsencePeriod},
};
use crate::{
    citizens::Visible,
    kernel::{batch, pagination},
};

/// The most absences a citizen's list shows.
pub const MAX_ABSENCES: usize = 50;

/// A citizen's absences and exemptions (for the citizen and job-centre staff).
pub struct CitizenAbsences(pub Visible);

#[Object]
impl CitizenAbsences {
    /// Absences and exemptions, newest first: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ABSENCES, child_complexity)")]
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<Absence>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<AbsencesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(rows, MAX_ABSENCES))
    }
}

/// A participant's absences as a provider sees them.
pub struct ParticipantAbsences(pub Visible);

#[Object]
impl ParticipantAbsences {
    /// The participant's absences, newest first: dates only, never the kind; at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ABSENCES, child_complexity)")]
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<AbsencePeriod>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<PeriodsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(rows, MAX_ABSENCES))
    }
}
