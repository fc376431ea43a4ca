//! Meeting mutations: citizens book, move, cancel and check in; staff publish slots, summon,
//! cancel, ask for self-booking and register attendance.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{attendance, booking, slots, summons, types::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, staff, viewer},
};

#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    /// Publishes free times for yourself (managers: for a caseworker of the team), once or
    /// weekly. Citizens of the job centre see them in `availableSlots`.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn publish_slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What, where, when, how often.")] input: PublishSlotsInput,
    ) -> Result<PublishSlotsPayload> {
        slots::publish(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Books a free slot for the signed-in citizen (selvbooking). Needs the right to self-book;
    /// phone and video slots only where personal attendance is waived. Fulfils an open booking
    /// deadline for that kind of meeting. `SLOT_FULL` when someone else took the last seat.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn book_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The slot and anyone to invite.")] input: BookMeetingInput,
    ) -> Result<MeetingPayload> {
        booking::book(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Moves the signed-in citizen's self-booked meeting to another free slot for the same kind
    /// of meeting, at least two hours ahead.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn reschedule_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the new slot.")] input: RescheduleMeetingInput,
    ) -> Result<MeetingPayload> {
        booking::reschedule(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Cancels one of the signed-in citizen's meetings (afbud), with a reason. The caseworker is
    /// alerted; a booking deadline the meeting fulfilled opens again.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn cancel_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the reason.")] input: CancelMeetingInput,
    ) -> Result<MeetingPayload> {
        booking::cancel_meeting(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input, true)
            .await
            .map_err(|e| e.extend())
    }

    /// Checks the signed-in citizen in for today's meeting in person; the caseworker gets an
    /// arrival notice that carries no personal data.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn register_arrival(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Today's meeting.")] input: RegisterArrivalInput,
    ) -> Result<MeetingPayload> {
        booking::register_arrival(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Summons a citizen of your job centre (indkaldelse). Refused while an absence suspends the
    /// contact course (such as a sick report); phone or video only where the citizen's situation
    /// allows it. The summons goes out as a letter on the citizen's channel.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn summon_citizen(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whom, what, where and when.")] input: SummonCitizenInput,
    ) -> Result<MeetingPayload> {
        summons::summon(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Cancels a meeting on the job centre's side (aflysning), with a reason; the citizen is
    /// told by letter.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn cancel_meeting_by_jobcentre(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting and the reason.")] input: CancelMeetingInput,
    ) -> Result<MeetingPayload> {
        booking::cancel_meeting(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input, false)
            .await
            .map_err(|e| e.extend())
    }

    /// Asks a citizen with a duty to self-book to book a meeting by a deadline
    /// (selvbookingsfrist). The citizen is told by letter.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn request_self_booking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whom, which kind of meeting, by when.")] input: RequestSelfBookingInput,
    ) -> Result<BookingDeadlinePayload> {
        summons::request_self_booking(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Registers what happened at a meeting that has begun: attended, absent with a reason,
    /// no-show, or cancelled by the citizen. Corrections are allowed; the history keeps all.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn register_attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting, the outcome and the version you read.")]
        input: RegisterAttendanceInput,
    ) -> Result<MeetingPayload> {
        attendance::register(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
