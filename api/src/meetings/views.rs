//! Meetings as each audience sees them: the citizen their own (and the free times to book), staff
//! a citizen's meetings and the job centre's calendar, a provider the meetings it takes part in,
//! without reasons or history.

use async_graphql::{Context, ID, Object, Result, ResultExt};
use chrono::{DateTime, Utc};
use jobbro_entities::enums::{AuditCategory, MeetingChannel, MeetingStatus, MeetingType};

use super::{
    attendance,
    loader::{DeadlinesByCitizen, MeetingsByCitizen, SelfBookingByCitizen},
    slots,
    types::{AvailableSlot, BookingDeadline, Meeting, MeetingParticipant, MeetingSlot},
};
use crate::{
    absences::situation::SelfBooking,
    citizens::Visible,
    kernel::{
        batch,
        context::{clock, db, staff, viewer},
        ids::CaseworkerId,
        pagination,
    },
};

/// A citizen's meetings, deadlines and self-booking right (for the citizen and for staff).
pub struct CitizenMeetings(pub Visible);

#[Object]
impl CitizenMeetings {
    /// Meetings, newest first: the latest 100.
    #[graphql(complexity = "pagination::list_cost(super::MAX_CITIZEN_MEETINGS, child_complexity)")]
    async fn meetings(&self, ctx: &Context<'_>) -> Result<Vec<Meeting>> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<MeetingsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
    /// Deadlines by which the citizen must book a meeting themself, newest first: at most 20.
    #[graphql(complexity = "pagination::list_cost(super::MAX_DEADLINES, child_complexity)")]
    async fn booking_deadlines(&self, ctx: &Context<'_>) -> Result<Vec<BookingDeadline>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<DeadlinesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().map(BookingDeadline::from),
            super::MAX_DEADLINES,
        ))
    }
    /// Whether the citizen may, and must, book meetings themself now (group and absences).
    async fn self_booking(&self, ctx: &Context<'_>) -> Result<SelfBooking> {
        self.0.read(ctx, AuditCategory::Case)?;
        batch::load::<SelfBookingByCitizen>(ctx, self.0.uuid(), self.0.peers()).await
    }
}

/// The free times the signed-in citizen may book.
pub struct OwnSlots(pub Visible);

#[Object]
impl OwnSlots {
    /// Free times of your job centre you can book, between `from` and `to` (at most 62 days;
    /// by default the next four weeks), earliest first: at most 200.
    #[graphql(complexity = "pagination::list_cost(super::MAX_LISTED, child_complexity)")]
    async fn available_slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start; now when left out.")] from: Option<DateTime<Utc>>,
        #[graphql(desc = "Latest start (exclusive); four weeks after `from` when left out.")]
        to: Option<DateTime<Utc>>,
        #[graphql(desc = "Only this kind of meeting.")] meeting_type: Option<MeetingType>,
    ) -> Result<Vec<AvailableSlot>> {
        let now = clock(ctx)?.now();
        let from = from.unwrap_or(now);
        let to = to.unwrap_or(from + slots::DEFAULT_RANGE);
        slots::available(db(ctx)?, viewer(ctx)?, now, from, to, meeting_type)
            .await
            .extend()
    }
}

/// The job centre's calendar, as staff see it.
#[derive(Default)]
pub struct StaffCalendar;

#[Object]
impl StaffCalendar {
    /// Slots of your job centre starting between `from` and `to` (at most 62 days), with their
    /// bookings; only one caseworker's when `caseworkerId` is given. At most 200: a period with
    /// more is refused (ask for a shorter one).
    #[graphql(complexity = "pagination::list_cost(super::MAX_LISTED, child_complexity)")]
    async fn slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: DateTime<Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: DateTime<Utc>,
        #[graphql(desc = "Only this caseworker's slots.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<MeetingSlot>> {
        let caseworker_id = caseworker_id
            .map(|id| CaseworkerId::parse(&id, "caseworkerId"))
            .transpose()
            .extend()?;
        slots::for_staff(db(ctx)?, viewer(ctx)?, from, to, caseworker_id)
            .await
            .extend()
    }
    /// Meetings of your job centre starting between `from` and `to` (at most 62 days). At most
    /// 200: a period with more is refused (ask for a shorter one, or one caseworker's).
    #[graphql(complexity = "pagination::list_cost(super::MAX_LISTED, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: DateTime<Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: DateTime<Utc>,
        #[graphql(desc = "Only this caseworker's meetings.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<Meeting>> {
        let caseworker_id = caseworker_id
            .map(|id| CaseworkerId::parse(&id, "caseworkerId"))
            .transpose()
            .extend()?;
        attendance::list(db(ctx)?, viewer(ctx)?, from, to, caseworker_id, None)
            .await
            .extend()
    }
    /// Meetings that are over and whose attendance was not registered by the next morning;
    /// yours, or one caseworker's when `caseworkerId` is given, or all of the job centre's for a
    /// manager who leaves it out. Oldest first: at most 200 (register them and the next appear).
    #[graphql(complexity = "pagination::list_cost(super::MAX_LISTED, child_complexity)")]
    async fn meetings_missing_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this caseworker's meetings.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<Meeting>> {
        let staff = staff(ctx)?;
        let now = clock(ctx)?.now();
        let caseworker_id = match caseworker_id {
            Some(id) => Some(CaseworkerId::parse(&id, "caseworkerId").extend()?),
            None if staff.manager => None,
            None => Some(CaseworkerId(staff.caseworker)),
        };
        attendance::missing_registrations(db(ctx)?, viewer(ctx)?, now, caseworker_id)
            .await
            .extend()
    }
}

/// The meetings a provider user takes part in.
#[derive(Default)]
pub struct ProviderCalendar;

#[Object]
impl ProviderCalendar {
    /// Meetings you take part in (coordinators: any user of your organisation), starting
    /// between `from` and `to` (at most 62 days). At most 200: a period with more is refused
    /// (ask for a shorter one).
    #[graphql(complexity = "pagination::list_cost(super::MAX_LISTED, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: DateTime<Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: DateTime<Utc>,
    ) -> Result<Vec<ProviderMeeting>> {
        let list = attendance::list(db(ctx)?, viewer(ctx)?, from, to, None, None)
            .await
            .extend()?;
        Ok(list.into_iter().map(ProviderMeeting).collect())
    }
}

/// A meeting a provider takes part in: when, where, how, who, and whether it stands. Never the
/// reasons given for cancellations or absences, nor the history.
pub struct ProviderMeeting(Meeting);

/// A meeting a provider takes part in: when, where, how, who, and whether it stands. Never the
/// reasons given for cancellations or absences, nor the history.
#[Object]
impl ProviderMeeting {
    /// The meeting's id.
    async fn id(&self) -> ID {
        ID(self.0.meeting.id.to_string())
    }
    /// The participant (citizen) the meeting is with.
    async fn citizen_id(&self) -> ID {
        ID(self.0.meeting.citizen_id.to_string())
    }
    /// The kind of meeting.
    async fn meeting_type(&self) -> MeetingType {
        self.0.meeting.meeting_type
    }
    /// In person, by phone or by video.
    async fn channel(&self) -> MeetingChannel {
        self.0.meeting.channel
    }
    /// Where (an address or room; for phone and video, how to join).
    async fn location(&self) -> &str {
        &self.0.meeting.location
    }
    /// Start.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.meeting.starts_at
    }
    /// End.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.meeting.ends_at
    }
    /// Where the meeting stands: scheduled, attended, absent, no-show or cancelled by either side.
    async fn status(&self) -> MeetingStatus {
        self.0.meeting.status
    }
    /// Who takes part besides the citizen and the caseworker: at most 10.
    #[graphql(complexity = "pagination::list_cost(super::MAX_PARTICIPANTS, child_complexity)")]
    async fn participants(&self) -> Vec<MeetingParticipant> {
        self.0.participant_list()
    }
}
