//! The change-request mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, provider_user, staff},
};

#[derive(Default)]
pub struct ChangeMutation;

#[Object]
impl ChangeMutation {
    /// Asks the job centre to extend, end, reduce or change the hours of an offer, or says the
    /// citizen never started. The job centre answers within three workdays; until then the offer
    /// runs on and the citizen must attend. A supplier report's recommendation changes nothing
    /// without a request: link it with `supplierReportId`.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn request_offer_change(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order, the change and why.")] input: RequestOfferChangeInput,
    ) -> Result<ChangeRequestPayload> {
        service::request(db(ctx)?, &clock(ctx)?, provider_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Approves (the change takes effect) or rejects a change request. Approving an end needs a
    /// conversation with the citizen held after the request (`CONVERSATION_REQUIRED`) and a
    /// new plan version in force (`PLAN_NOT_UPDATED`).
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn decide_offer_change(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request, the decision and its reasons.")]
        input: DecideOfferChangeInput,
    ) -> Result<ChangeRequestPayload> {
        service::decide(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records that the job centre cannot reach the citizen about a change request (the
    /// decision's clock stops), or that it reached them (the clock runs again).
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn record_citizen_unreachable(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and whether the citizen is unreachable.")]
        input: RecordCitizenUnreachableInput,
    ) -> Result<ChangeRequestPayload> {
        service::set_unreachable(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
