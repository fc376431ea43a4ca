//! The job-order mutations of company users.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::orders::{self, *};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, company_user, db, staff},
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
