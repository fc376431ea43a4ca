//! The case mutations: job-centre staff open, visit, change and close cases; other systems
//! report what ends a registration.

use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, Result};
use chrono::NaiveDate;
use serde::Serialize;

use super::lifecycle::{self, *};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, staff, viewer},
};

#[derive(Default)]
pub struct CaseMutation;

/// The unemployment fund's message that a citizen's benefit has ended (dagpengeophør).
#[derive(Debug, InputObject, Serialize)]
pub struct ReportBenefitEndedInput {
    /// The citizen.
    pub citizen_id: ID,
    /// The last day of benefit; not in the future.
    pub ended_on: NaiveDate,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// The civil registry's message that a citizen has died.
#[derive(Debug, InputObject, Serialize)]
pub struct ReportDeathInput {
    /// The citizen.
    pub citizen_id: ID,
    /// The day of death; not in the future.
    pub died_on: NaiveDate,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// The civil registry's message that a citizen no longer has a postal address.
#[derive(Debug, InputObject, Serialize)]
pub struct ReportNoPostalAddressInput {
    /// The citizen.
    pub citizen_id: ID,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

#[Object]
impl CaseMutation {
    /// Opens a case for a citizen of your job centre who has no open case, assigned to you or
    /// to a colleague.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn open_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the groups and the caseworker.")] input: OpenCaseInput,
    ) -> Result<CasePayload> {
        lifecycle::open(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Visits an open case to a visitation category, with the justification the category's
    /// rule asks for; visiting it again (to another category or target group) is a
    /// revisitation. A category that deregisters (activity-ready, `002:61`) ends the citizen's
    /// registration as a jobseeker.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn visit_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case, the category and why.")] input: VisitCaseInput,
    ) -> Result<CasePayload> {
        lifecycle::visit(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// The citizen's benefit changed: closes the main case (reason `BENEFIT_CHANGED`) and opens
    /// the next one with the same caseworker. Tasks, alerts and history belong to the citizen
    /// and carry over. Returns the new case.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn change_benefit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case and the new groups.")] input: ChangeBenefitInput,
    ) -> Result<CasePayload> {
        lifecycle::change_benefit(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Closes an open case for a reason; when it was the main case, the citizen's secondary
    /// case (if any) becomes the main case.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn close_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case and the reason.")] input: CloseCaseInput,
    ) -> Result<CasePayload> {
        lifecycle::close(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// For the unemployment fund's system: the citizen's benefit has ended; the registration as
    /// a jobseeker ends with reason `BENEFIT_ENDED`.
    #[graphql(guard = "RoleGuard::new(&[Role::Integration])")]
    async fn report_benefit_ended(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen and the last day of benefit.")]
        input: ReportBenefitEndedInput,
    ) -> Result<RegistrationReportPayload> {
        lifecycle::report(
            db(ctx)?,
            &clock(ctx)?,
            viewer(ctx)?,
            &input.citizen_id,
            RegistrationReport::BenefitEnded(input.ended_on),
            ("reportBenefitEnded", input.idempotency_key.as_deref()),
        )
        .await
        .map_err(|e| e.extend())
    }

    /// For the civil registry's system: the citizen has died; the registration ends with reason
    /// `DECEASED` and every open case closes.
    #[graphql(guard = "RoleGuard::new(&[Role::Integration])")]
    async fn report_death(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen and the day of death.")] input: ReportDeathInput,
    ) -> Result<RegistrationReportPayload> {
        lifecycle::report(
            db(ctx)?,
            &clock(ctx)?,
            viewer(ctx)?,
            &input.citizen_id,
            RegistrationReport::Death(input.died_on),
            ("reportDeath", input.idempotency_key.as_deref()),
        )
        .await
        .map_err(|e| e.extend())
    }

    /// For the civil registry's system: the citizen no longer has a postal address; the
    /// registration ends with reason `NO_POSTAL_ADDRESS`.
    #[graphql(guard = "RoleGuard::new(&[Role::Integration])")]
    async fn report_no_postal_address(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen.")] input: ReportNoPostalAddressInput,
    ) -> Result<RegistrationReportPayload> {
        lifecycle::report(
            db(ctx)?,
            &clock(ctx)?,
            viewer(ctx)?,
            &input.citizen_id,
            RegistrationReport::NoPostalAddress,
            ("reportNoPostalAddress", input.idempotency_key.as_deref()),
        )
        .await
        .map_err(|e| e.extend())
    }
}
