//! The invoicing-basis mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, staff},
};

#[derive(Default)]
pub struct InvoiceMutation;

#[Object]
impl InvoiceMutation {
    /// Computes the invoicing basis of a contract for an ended month and saves it as a new
    /// draft version, superseding the earlier draft; when nothing changed, returns the current
    /// draft (same content hash, no new version). The server also generates every contract's
    /// basis on the job centre's day after the month's end.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn generate_invoice_basis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contract and the month.")] input: GenerateInvoiceBasisInput,
    ) -> Result<InvoiceBasisPayload> {
        service::generate(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Approves and locks the newest draft of a basis. A manager, or a caseworker of the team
    /// the job centre names as approvers; never the person who generated the version (four
    /// eyes); not while a block stands.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn approve_invoice_basis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The draft version.")] input: ApproveInvoiceBasisInput,
    ) -> Result<InvoiceBasisPayload> {
        service::approve(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
