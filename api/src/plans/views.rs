//! Plans as each audience sees them: the citizen their delivered versions, staff the draft and
//! every version, a provider the version in force (without follow-ups), a company the
//! activities it hosts.

use async_graphql::{Context, Object, Result, ResultExt};
use jobbro_entities::enums::AuditCategory;

use super::{
    acknowledgement, activities,
    loader::{InForceByCitizen, StaffPlanByCitizen, VersionsByCitizen},
    types::{
        CaseworkerPlan, CompanyPlanActivity, PlanAwaitingAcknowledgement, PlanVersion,
        ProviderPlanVersion,
    },
};
use crate::{
    citizens::Visible,
    kernel::{
        batch,
        context::{clock, db, viewer},
        pagination::{self, IdConnection, PageArgs},
    },
};

/// The signed-in citizen's plan.
pub struct OwnPlan(pub Visible);

#[Object]
impl OwnPlan {
    /// Your plan's delivered versions (Min Plan), newest first; the first is the current one.
    /// The newest 20.
    #[graphql(complexity = "pagination::list_cost(super::types::MAX_VERSIONS, child_complexity)")]
    async fn plan_versions(&self, ctx: &Context<'_>) -> Result<Vec<PlanVersion>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<VersionsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}

/// A citizen's plan as job-centre staff see it.
pub struct StaffPlan(pub Visible);

#[Object]
impl StaffPlan {
    /// The citizen's plan: the draft and every published version, undelivered (invalid) ones
    /// included and marked; null before the first draft.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Option<CaseworkerPlan>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<StaffPlanByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}

/// A participant's plan as a provider sees it.
pub struct ParticipantPlan(pub Visible);

#[Object]
impl ParticipantPlan {
    /// The participant's current plan version (the plan and the order, never the journal,
    /// `003:2708-2739`); null when none is delivered.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Option<ProviderPlanVersion>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let version = batch::load::<InForceByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(version.map(PlanVersion::for_provider))
    }
}

/// The plans on the cases a caseworker works on.
#[derive(Default)]
pub struct StaffPlanOverview;

#[Object]
impl StaffPlanOverview {
    /// Current plan versions still waiting for the citizen's acknowledgement, longest waiting
    /// first: your caseload, or the whole job centre for a manager.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn plans_awaiting_acknowledgement(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
    ) -> Result<IdConnection<PlanAwaitingAcknowledgement>> {
        let now = clock(ctx)?.now();
        acknowledgement::awaiting_acknowledgement(
            db(ctx)?,
            viewer(ctx)?,
            now,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
}

/// What a company sees of plans: the activities it hosts.
#[derive(Default)]
pub struct CompanyPlanActivities;

#[Object]
impl CompanyPlanActivities {
    /// Activities of citizens' plans in force that your company hosts (for example a company
    /// internship), for `commentOnPlanActivity`, oldest first. Nothing else of a plan is shown
    /// to companies.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn plan_activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
    ) -> Result<IdConnection<CompanyPlanActivity>> {
        activities::hosted(
            db(ctx)?,
            viewer(ctx)?,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
}
