//! The attendance mutation.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service as attendance, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, provider_user},
};

#[derive(Default)]
pub struct AttendanceMutation;

#[Object]
impl AttendanceMutation {
    /// Records days of an order (the coordinator, or the staff member it is assigned to):
    /// attended with hours, absent sick, absent with leave, or no-show. An absent-sick day is the
    /// citizen's absence (created or extended, never a second one); a day the citizen is
    /// registered absent cannot be a no-show. Absence and no-show are told to the benefits
    /// service.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn record_offer_attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and the days.")] input: RecordOfferAttendanceInput,
    ) -> Result<OfferAttendancePayload> {
        attendance::record(db(ctx)?, &clock(ctx)?, provider_user(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
