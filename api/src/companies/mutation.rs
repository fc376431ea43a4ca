//! The job-order mutations of company users.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{
    candidates, follow_up,
    orders::{self, *},
    placements, proposals, relations,
};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, company_user, db, provider_user, staff, viewer},
};

#[derive(Default)]
pub struct JobOrderMutation;

#[Object]
impl JobOrderMutation {
    /// Posts a job order for a production unit you may act for: sent to the job centre at once
    /// (SUBMITTED), or kept as a DRAFT with `submit: false`. The step is written to the order's
    /// log.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn post_job_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's terms.")] input: PostJobOrderInput,
    ) -> Result<JobOrderPayload> {
        orders::post(db(ctx)?, &clock(ctx)?, company_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Changes the terms of one of your job orders while it is a draft, submitted or in
    /// progress (all terms are given again), and sends a draft with `submit: true`. Refused with
    /// `STALE_VERSION` when someone changed it since the version you read.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn update_job_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order, the version you changed and its terms.")]
        input: UpdateJobOrderInput,
    ) -> Result<JobOrderPayload> {
        orders::update(db(ctx)?, &clock(ctx)?, company_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Takes up a job order a company sent your job centre: it is IN_PROGRESS from now on and
    /// the company sees the step in the order's log.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn take_up_job_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The submitted order.")] input: TakeUpJobOrderInput,
    ) -> Result<JobOrderPayload> {
        orders::take_up(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Closes one of your job orders with a reason: a draft or submitted order is withdrawn
    /// (CANCELLED), one the job centre works on is CLOSED.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn close_job_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and why.")] input: CloseJobOrderInput,
    ) -> Result<JobOrderPayload> {
        orders::close(db(ctx)?, &clock(ctx)?, company_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}

/// The candidate mutations: caseworkers propose and present, companies record outcomes.
#[derive(Default)]
pub struct CandidateMutation;

#[Object]
impl CandidateMutation {
    /// Proposes a citizen of your job centre as a candidate for a job order in progress. The
    /// company does not see the candidate until you present them.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn propose_candidate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and the citizen.")] input: candidates::ProposeCandidateInput,
    ) -> Result<candidates::CandidatePayload> {
        candidates::propose(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Presents a proposed candidate to the company: their CV is sent, and the citizen gets one
    /// letter saying so and that without word from the employer within the set number of days
    /// they were not considered. Refused with `CONSENT_REQUIRED` unless the citizen consents to
    /// sharing the CV with companies.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn present_candidate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposed candidate.")] input: candidates::PresentCandidateInput,
    ) -> Result<candidates::CandidatePayload> {
        candidates::present(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records what came of a candidate presented for one of your job orders: an interview,
    /// hired, or not selected.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn record_candidate_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The candidate and the outcome.")]
        input: candidates::RecordCandidateOutcomeInput,
    ) -> Result<candidates::CandidatePayload> {
        candidates::record_outcome(db(ctx)?, &clock(ctx)?, company_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}

/// The placement mutations: only the job centre grants, starts, ends and cancels placements
/// (rule 17); companies and providers propose them, companies confirm extensions.
#[derive(Default)]
pub struct PlacementMutation;

#[Object]
impl PlacementMutation {
    /// Grants placements to candidates presented for a job order in progress, all or none, with
    /// company, unit and kind taken from the order. A subsidised kind puts its offer into each
    /// citizen's plan draft (publish it for the offer to be valid). A wage subsidy at a public
    /// employer needs the union representative's approval (`UNION_APPROVAL_REQUIRED`).
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn grant_placements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order, the candidates and the shared terms.")]
        input: placements::GrantPlacementsInput,
    ) -> Result<placements::GrantPlacementsPayload> {
        placements::grant_many(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Grants a placement with a company the citizen found without a job order.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn grant_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the production unit, the kind and the terms.")]
        input: placements::GrantPlacementInput,
    ) -> Result<placements::PlacementPayload> {
        placements::grant_own_find(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Registers the actual first day of a granted placement; when the started placements of
    /// its job order reach the positions, the order is FILLED.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn start_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement and its first day.")]
        input: placements::StartPlacementInput,
    ) -> Result<placements::PlacementPayload> {
        placements::start(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Registers the last day of a started placement.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn end_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement, its last day and why.")]
        input: placements::EndPlacementInput,
    ) -> Result<placements::PlacementPayload> {
        placements::end(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Calls off a granted placement that has not started.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn cancel_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement and why.")] input: placements::CancelPlacementInput,
    ) -> Result<placements::PlacementPayload> {
        placements::cancel(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Grants a placement a company or a provider proposed, with the proposed days unless
    /// `terms` are given; the placement is written as `grantPlacement` writes it, and the
    /// proposal shows it.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn grant_placement_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and, optionally, the terms.")]
        input: proposals::GrantPlacementProposalInput,
    ) -> Result<proposals::PlacementProposalPayload> {
        proposals::grant(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Declines a proposed placement, with the reason the proposer reads.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn decline_placement_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal and why.")] input: proposals::DeclinePlacementProposalInput,
    ) -> Result<proposals::PlacementProposalPayload> {
        proposals::decline(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Records a follow-up with the company and the citizen on a running placement (written to
    /// its log); the next one is due the placement's interval later.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn record_placement_follow_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement, the day and what came of it.")]
        input: follow_up::RecordPlacementFollowUpInput,
    ) -> Result<placements::PlacementPayload> {
        follow_up::record_follow_up(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Sets a placement's own follow-up interval, or none; a running placement's next
    /// follow-up is then due the new interval from today.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn set_placement_follow_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement and the interval.")]
        input: follow_up::SetPlacementFollowUpInput,
    ) -> Result<placements::PlacementPayload> {
        follow_up::set_follow_up(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Asks to extend a company internship (the company or the job centre). The job centre
    /// decides, the company confirms; until then the end date stands. One extension at a time.
    #[graphql(guard = "RoleGuard::new(&[Role::Caseworker, Role::Manager, Role::Company])")]
    async fn request_placement_extension(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement, the new last day and why.")]
        input: follow_up::RequestPlacementExtensionInput,
    ) -> Result<follow_up::PlacementExtensionPayload> {
        follow_up::request_extension(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Approves or turns down a requested extension; the company is told the fact and the
    /// date. An approved extension moves the end date once the company confirms it.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn decide_placement_extension(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The extension and the decision.")]
        input: follow_up::DecidePlacementExtensionInput,
    ) -> Result<follow_up::PlacementExtensionPayload> {
        follow_up::decide_extension(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Confirms an extension the job centre approved: the placement's end date moves to the
    /// extension's.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn confirm_placement_extension(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The approved extension.")]
        input: follow_up::ConfirmPlacementExtensionInput,
    ) -> Result<follow_up::PlacementExtensionPayload> {
        follow_up::confirm_extension(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Proposes a placement for a candidate presented to you (kind and unit are the job
    /// order's); the job centre decides (rule 17).
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn propose_candidate_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The candidate, the days and your note.")]
        input: proposals::ProposeCandidatePlacementInput,
    ) -> Result<proposals::PlacementProposalPayload> {
        proposals::propose_for_candidate(db(ctx)?, &clock(ctx)?, company_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Proposes a placement with a company for a citizen referred to you; the job centre
    /// decides (rule 17).
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn propose_placement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the production unit, the kind, the days and your note.")]
        input: proposals::ProposePlacementInput,
    ) -> Result<proposals::PlacementProposalPayload> {
        proposals::propose_by_provider(db(ctx)?, &clock(ctx)?, provider_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}

/// The job centre's company service: the contact log and the responsible consultant.
#[derive(Default)]
pub struct CompanyServiceMutation;

#[Object]
impl CompanyServiceMutation {
    /// Records a contact with a company in your job centre's log: company, unit, consultant
    /// (you unless given), channel, topic and day.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn record_company_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contact.")] input: relations::RecordCompanyContactInput,
    ) -> Result<relations::CompanyContactPayload> {
        relations::record_contact(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Makes a caseworker of your job centre the company's one responsible consultant,
    /// replacing the one before.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn set_company_consultant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company and the consultant.")]
        input: relations::SetCompanyConsultantInput,
    ) -> Result<relations::CompanyConsultantPayload> {
        relations::set_consultant(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
