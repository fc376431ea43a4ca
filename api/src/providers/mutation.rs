//! Contract and service-order mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{contract_views::*, contracts, no_show, no_show_views::*, orders, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, provider_user, staff, viewer},
};

#[derive(Default)]
pub struct ProviderMutation;

#[Object]
impl ProviderMutation {
    /// Draws up a draft version of a contract with a provider (or one of the municipality's
    /// own units), or a new contract with its first version: the services, their seats, target
    /// groups, budget frames and prices in øre. A manager signs it with `signContractVersion`.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn draft_contract_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The contract (or a new one's provider, reference and title), the \
                          validity date and the services."
        )]
        input: DraftContractVersionInput,
    ) -> Result<ContractVersionPayload> {
        contracts::draft_version(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Signs a draft contract version (managers only). A signed version never changes; a change
    /// is a new version.
    #[graphql(guard = "RoleGuard::new(&[Role::Manager])")]
    async fn sign_contract_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The draft version.")] input: SignContractVersionInput,
    ) -> Result<ContractVersionPayload> {
        contracts::sign_version(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Orders a contract service for a citizen of your job centre: the period, the quantity and
    /// the justification, goal and remark every order carries. Refused with `NO_CAPACITY` (and
    /// `nextFreeDate`) when the service's seats are taken in the period.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn create_service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the service, the period, the quantity and the texts.")]
        input: CreateServiceOrderInput,
    ) -> Result<ServiceOrderPayload> {
        orders::create(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Accepts an order to your organisation and assigns the user who will work on it
    /// (coordinators only).
    #[graphql(guard = "RoleGuard::new(&[Role::ProviderCoordinator])")]
    async fn accept_service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and the user to assign.")] input: AcceptServiceOrderInput,
    ) -> Result<ServiceOrderPayload> {
        orders::accept(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records that the citizen started an accepted order (the coordinator, or the user it is
    /// assigned to). The benefits service is told of the activation.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn start_service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and the day the citizen started.")]
        input: StartServiceOrderInput,
    ) -> Result<ServiceOrderPayload> {
        orders::start(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Ends a started order of your job centre. The benefits service is told the activation
    /// ended.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn end_service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and its last day.")] input: EndServiceOrderInput,
    ) -> Result<ServiceOrderPayload> {
        orders::end(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Cancels an order of your job centre that has not ended, with a reason; its seat is
    /// freed. The benefits service is told.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn cancel_service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and why it is cancelled.")] input: CancelServiceOrderInput,
    ) -> Result<ServiceOrderPayload> {
        orders::cancel(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records the re-summons letter after a citizen did not come on an offer's first day: the
    /// new date and the channels. jobbro sends the letter (by Digital Post or on paper; on your
    /// behalf when the citizen's address is protected). Phone and SMS may be added to a letter,
    /// never instead of it (`LETTER_REQUIRED`).
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn record_resummons(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order, the new date and the channels.")] input: RecordResummonsInput,
    ) -> Result<ResummonsPayload> {
        no_show::record_resummons(db(ctx)?, &clock(ctx)?, provider_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records the job centre's decision on an offer rejected by no-show; the offer may then
    /// end or be cancelled.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn record_no_show_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and the decision.")] input: RecordNoShowDecisionInput,
    ) -> Result<NoShowDecisionPayload> {
        no_show::record_decision(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
