//! Consent mutations for the citizen.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, types::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::viewer,
};

#[derive(Default)]
pub struct ConsentMutation;

#[Object]
impl ConsentMutation {
    /// Gives consent for one purpose. At most one consent per purpose is in force; granting
    /// again while one is in force is a `userError` (ALREADY_DONE). The citizen gets a receipt.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn grant_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The purpose to consent to, and an optional idempotency key.")]
        input: GrantConsentInput,
    ) -> Result<GrantConsentPayload> {
        service::grant(
            crate::kernel::context::db(ctx)?,
            &crate::kernel::context::clock(ctx)?,
            viewer(ctx)?,
            input,
        )
        .await
        .map_err(|e| e.extend())
    }

    /// Revokes one of the citizen's consents in force. The assigned caseworker is alerted and
    /// the citizen gets a receipt.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn revoke_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consent to revoke, and an optional idempotency key.")]
        input: RevokeConsentInput,
    ) -> Result<RevokeConsentPayload> {
        service::revoke(
            crate::kernel::context::db(ctx)?,
            &crate::kernel::context::clock(ctx)?,
            viewer(ctx)?,
            input,
        )
        .await
        .map_err(|e| e.extend())
    }
}
