//! The supplier-report mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, provider_user, staff},
};

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// Writes a supplier report that is due or asked for (or, with `serviceOrderId`, an
    /// exception report): every section of its kind but attendance, which jobbro writes from
    /// the recorded days. Marked `actionNeeded`, it gives the caseworker a task.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn submit_supplier_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report (or order), the sections and whether action is needed.")]
        input: SubmitSupplierReportInput,
    ) -> Result<SupplierReportPayload> {
        service::submit(db(ctx)?, &clock(ctx)?, provider_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Asks the provider for a report on an order; it is due the target group's number of
    /// workdays after today.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn request_supplier_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and what the report should answer.")]
        input: RequestSupplierReportInput,
    ) -> Result<SupplierReportPayload> {
        service::request(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Marks a submitted report read.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn mark_supplier_report_read(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report.")] input: MarkSupplierReportReadInput,
    ) -> Result<SupplierReportPayload> {
        service::mark_read(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
