//! Plan mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{acknowledgement, follow_up, service, types::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::viewer,
    kernel::context::{clock, db},
    kernel::files::FileStore,
};

#[derive(Default)]
pub struct PlanMutation;

/// Providers and companies: they comment on the activities they run or host.
const COMMENTERS: &[Role] = &[
    Role::ProviderCoordinator,
    Role::ProviderStaff,
    Role::Company,
];

#[Object]
impl PlanMutation {
    /// Saves the draft of a citizen's plan (goals, activities, offers, appointments). Send the
    /// whole content and the `draftVersion` you read (0 for a citizen without a plan).
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn update_plan_draft(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the content and the draft version you read.")]
        input: UpdatePlanDraftInput,
    ) -> Result<UpdatePlanDraftPayload> {
        service::update_draft(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Publishes the draft as the next numbered, immutable version. A citizen obliged to use the
    /// portal sees it there and is asked to acknowledge it; every other citizen gets it by
    /// Digital Post, and the version is valid once the letter is delivered.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn publish_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen and the draft version you reviewed.")]
        input: PublishPlanInput,
    ) -> Result<PublishPlanPayload> {
        service::publish(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Acknowledges receipt of your current plan version (kvittering). An older version is
    /// `STALE_VERSION`; acknowledging again changes nothing.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn acknowledge_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version you read.")] input: AcknowledgePlanInput,
    ) -> Result<PlanVersionPayload> {
        acknowledgement::acknowledge(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Asks for a plan version in another language. The request is recorded and shown to the
    /// job centre; nothing is translated automatically.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen, Role::Caseworker, Role::Manager])")]
    async fn request_plan_language(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version and the language.")] input: RequestPlanLanguageInput,
    ) -> Result<PlanVersionPayload> {
        acknowledgement::request_language(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Sends the job centre information and documentation on a goal or activity of your current
    /// plan, with up to 5 PDF, JPEG or PNG files of at most 5 MB (GraphQL multipart request).
    /// Your caseworker is alerted.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn submit_plan_follow_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The goal or activity, the text and any files.")]
        input: SubmitPlanFollowUpInput,
    ) -> Result<FollowUpPayload> {
        let files = crate::kernel::files::read_uploads(ctx, input.attachments)?;
        let store = ctx.data::<std::sync::Arc<dyn FileStore>>()?;
        let new = follow_up::NewFollowUp {
            item_id: input.item_id,
            text: input.text,
            files,
            idempotency_key: input.idempotency_key,
        };
        follow_up::submit(db(ctx)?, &clock(ctx)?, store.as_ref(), viewer(ctx)?, new)
            .await
            .map_err(|e| e.extend())
    }

    /// Comments on an activity of a citizen's current plan that your organisation runs
    /// (providers) or hosts (companies). The caseworker is alerted.
    #[graphql(guard = "RoleGuard::new(COMMENTERS)")]
    async fn comment_on_plan_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the activity and the comment.")]
        input: CommentOnPlanActivityInput,
    ) -> Result<FollowUpPayload> {
        follow_up::comment(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
