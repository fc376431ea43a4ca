//! The follow-up cadence as job-centre staff see it on a citizen.

use async_graphql::{Context, Object, Result};
use jobbro_entities::enums::AuditCategory;

use super::{NextConversation, loader::NextConversationByCitizen};
use crate::{citizens::Visible, kernel::batch};

/// A citizen's follow-up cadence, as job-centre staff see it.
pub struct StaffCadence(pub Visible);

#[Object]
impl StaffCadence {
    /// When the next job conversation is due under the cadence policy of the citizen's group;
    /// null when the group has none.
    async fn next_conversation(&self, ctx: &Context<'_>) -> Result<Option<NextConversation>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<NextConversationByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}
