//! Consents as the citizen and job-centre staff see them.

use async_graphql::{Context, Object, Result};
use jobbro_entities::enums::AuditCategory;

use super::{loader::ConsentsByCitizen, types::Consent};
use crate::{citizens::Visible, kernel::batch};

/// A citizen's consents (for the citizen and for job-centre staff).
pub struct CitizenConsents(pub Visible);

#[Object]
impl CitizenConsents {
    /// The citizen's consents, newest first, revoked ones included.
    async fn consents(&self, ctx: &Context<'_>) -> Result<Vec<Consent>> {
        self.0.read(ctx, AuditCategory::Consent)?;
        let rows = batch::load::<ConsentsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(rows.into_iter().map(Consent).collect())
    }
}
