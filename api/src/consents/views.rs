//! Consents as the citizen and job-centre staff see them.

use async_graphql::{Context, Object, Result};
use jobbro_entities::enums::AuditCategory;

use super::{loader::ConsentsByCitizen, types::Consent};
use crate::{
    citizens::Visible,
    kernel::{batch, pagination},
};

/// The most consents a citizen's list shows.
pub const MAX_CONSENTS: usize = 50;

/// A citizen's consents (for the citizen and for job-centre staff).
pub struct CitizenConsents(pub Visible);

#[Object]
impl CitizenConsents {
    /// The citizen's consents, newest first, revoked ones included: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_CONSENTS, child_complexity)")]
    async fn consents(&self, ctx: &Context<'_>) -> Result<Vec<Consent>> {
        self.0.read(ctx, AuditCategory::Consent)?;
        let rows = batch::load::<ConsentsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().map(Consent),
            MAX_CONSENTS,
        ))
    }
}
