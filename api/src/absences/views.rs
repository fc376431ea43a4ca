//! Absences as each audience sees them: the citizen and staff the whole absence with its type,
//! a provider only the dates.

use async_graphql::{Context, Object, Result};
use jobbro_entities::enums::AuditCategory;

use super::{
    loader::{AbsencesByCitizen, PeriodsByCitizen},
    types::{Absence, AbsencePeriod},
};
use crate::{citizens::Visible, kernel::batch};

/// A citizen's absences and exemptions (for the citizen and job-centre staff).
pub struct CitizenAbsences(pub Visible);

#[Object]
impl CitizenAbsences {
    /// Absences and exemptions, newest first.
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<Absence>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<AbsencesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}

/// A participant's absences as a provider sees them.
pub struct ParticipantAbsences(pub Visible);

#[Object]
impl ParticipantAbsences {
    /// The participant's absences: dates only, never the kind.
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<AbsencePeriod>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<PeriodsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}
