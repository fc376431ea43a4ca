//! Absence mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, types::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, viewer},
};

#[derive(Default)]
pub struct AbsenceMutation;

#[Object]
impl AbsenceMutation {
    /// Reports the signed-in citizen sick ("Sygdom – sygemelding"). Deregisters the citizen as a
    /// jobseeker at once unless employed with wage subsidy; the unemployment fund and the
    /// caseworker are told. While sick the citizen is not summoned and self-booking duty pauses.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn report_sick(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first sick day, and an optional idempotency key.")]
        input: ReportSickInput,
    ) -> Result<AbsencePayload> {
        service::report_sick(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Reports the signed-in citizen well again: ends the running sick report (the last sick day
    /// is yesterday). The unemployment fund is told.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn report_recovered(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An optional idempotency key.")] input: ReportRecoveredInput,
    ) -> Result<AbsencePayload> {
        service::report_recovered(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Registers an absence or exemption of a citizen of your job centre, by reference-data type.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn register_absence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, the type and the period.")] input: RegisterAbsenceInput,
    ) -> Result<AbsencePayload> {
        service::register(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Ends a running absence or exemption of a citizen of your job centre.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn end_absence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The absence to end.")] input: EndAbsenceInput,
    ) -> Result<AbsencePayload> {
        service::end_absence(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
