//! Meeting types, inputs and payloads.

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, OneofObject, Result, SimpleObject,
};
use chrono::{DateTime, Utc};
use jobbro_entities::{
    enums::{MeetingChannel, MeetingOrigin, MeetingStatus, MeetingType, ParticipantKind},
    meeting, meeting_participant, meeting_slot, meeting_status_change,
};
use serde::Serialize;

use crate::{kernel::clock::danish_date, kernel::pagination, kernel::user_error::UserError};

/// A meeting between a citizen and the job centre (samtale, møde, fællessamtale).
#[derive(Debug, Clone)]
pub struct Meeting {
    pub meeting: meeting::Model,
    pub participants: Vec<meeting_participant::Model>,
    pub history: Vec<meeting_status_change::Model>,
}

impl Meeting {
    /// Others taking part, as shown.
    pub fn participant_list(&self) -> Vec<MeetingParticipant> {
        self.participants
            .iter()
            .map(|p| MeetingParticipant {
                kind: p.kind,
                name: p.name.clone(),
                provider_user_id: p.provider_user_id.map(|id| ID(id.to_string())),
            })
            .collect()
    }
}

/// Whether attendance at a meeting is still unregistered after the morning following it.
pub fn missing_registration(m: &meeting::Model, now: DateTime<Utc>) -> bool {
    m.status == MeetingStatus::Scheduled && {
        let due_day = danish_date(m.ends_at) + chrono::Duration::days(1);
        let today = danish_date(now);
        let hour = chrono::Timelike::hour(&now.with_timezone(&chrono_tz::Europe::Copenhagen));
        today > due_day || (today == due_day && hour >= super::REGISTRATION_DUE_HOUR)
    }
}

/// A meeting between a citizen and the job centre (samtale, møde, fællessamtale).
#[Object]
impl Meeting {
    /// The meeting's id.
    async fn id(&self) -> ID {
        ID(self.meeting.id.to_string())
    }
    /// The citizen the meeting is with.
    async fn citizen_id(&self) -> ID {
        ID(self.meeting.citizen_id.to_string())
    }
    /// The caseworker holding the meeting.
    async fn caseworker_id(&self) -> ID {
        ID(self.meeting.caseworker_id.to_string())
    }
    /// The kind of meeting.
    async fn meeting_type(&self) -> MeetingType {
        self.meeting.meeting_type
    }
    /// In person, by phone or by video.
    async fn channel(&self) -> MeetingChannel {
        self.meeting.channel
    }
    /// Where (an address or room; for phone and video, how to join).
    async fn location(&self) -> &str {
        &self.meeting.location
    }
    /// Start.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.meeting.starts_at
    }
    /// End.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.meeting.ends_at
    }
    /// Booked by the citizen or summoned by the job centre.
    async fn origin(&self) -> MeetingOrigin {
        self.meeting.origin
    }
    /// Whether the meeting is one the law requires (a job conversation).
    async fn statutory(&self) -> bool {
        self.meeting.statutory
    }
    /// Where the meeting stands: scheduled, attended, absent, no-show or cancelled by either side.
    async fn status(&self) -> MeetingStatus {
        self.meeting.status
    }
    /// The reason given for a cancellation or an absence.
    async fn status_reason(&self) -> Option<&str> {
        self.meeting.status_reason.as_deref()
    }
    /// When attendance was registered.
    async fn attendance_registered_at(&self) -> Option<DateTime<Utc>> {
        self.meeting.attendance_registered_at
    }
    /// True when the meeting is over and attendance was not registered by the next morning.
    async fn missing_registration(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(missing_registration(
            &self.meeting,
            crate::kernel::context::clock(ctx)?.now(),
        ))
    }
    /// Version for `expectedVersion` when registering attendance.
    async fn version(&self) -> i32 {
        self.meeting.version
    }
    /// Others taking part: a provider's staff member, the unemployment fund; at most 10.
    #[graphql(complexity = "pagination::list_cost(super::MAX_PARTICIPANTS, child_complexity)")]
    async fn participants(&self) -> Vec<MeetingParticipant> {
        self.participant_list()
    }
    /// Status changes, oldest first: the latest 20.
    #[graphql(complexity = "pagination::list_cost(super::MAX_HISTORY, child_complexity)")]
    async fn history(&self) -> Vec<MeetingStatusChange> {
        let skip = self.history.len().saturating_sub(super::MAX_HISTORY);
        self.history
            .iter()
            .skip(skip)
            .map(|h| MeetingStatusChange {
                from_status: h.from_status,
                to_status: h.to_status,
                reason: h.reason.clone(),
                actor_role: h.actor_role.clone(),
                occurred_at: h.occurred_at,
            })
            .collect()
    }
}

/// Someone besides the citizen and the caseworker taking part in a meeting.
#[derive(SimpleObject)]
pub struct MeetingParticipant {
    /// A provider's user, or the unemployment fund.
    pub kind: ParticipantKind,
    /// Name to show.
    pub name: String,
    /// The provider user, when the participant is one.
    pub provider_user_id: Option<ID>,
}

/// One change of a meeting's status.
#[derive(SimpleObject)]
pub struct MeetingStatusChange {
    /// The status before; null when the meeting was created.
    pub from_status: Option<MeetingStatus>,
    /// The status after.
    pub to_status: MeetingStatus,
    /// The reason given.
    pub reason: Option<String>,
    /// The role of who made the change.
    pub actor_role: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// A free time a citizen can book.
#[derive(SimpleObject)]
pub struct AvailableSlot {
    /// The slot's id, for `bookMeeting`.
    pub id: ID,
    /// The kind of meeting.
    pub meeting_type: MeetingType,
    /// In person, by phone or by video.
    pub channel: MeetingChannel,
    /// Where.
    pub location: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Seats still free.
    pub free_seats: i32,
}

impl From<meeting_slot::Model> for AvailableSlot {
    fn from(s: meeting_slot::Model) -> Self {
        Self {
            id: ID(s.id.to_string()),
            meeting_type: s.meeting_type,
            channel: s.channel,
            location: s.location,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            free_seats: s.capacity - s.booked,
        }
    }
}

/// A published time with its bookings, as staff see it.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct MeetingSlot {
    /// The slot's id.
    pub id: ID,
    /// The caseworker offering it.
    pub caseworker_id: ID,
    /// The series it was published in (one publication, possibly weekly recurring).
    pub series_id: Option<ID>,
    /// The kind of meeting.
    pub meeting_type: MeetingType,
    /// In person, by phone or by video.
    pub channel: MeetingChannel,
    /// Where.
    pub location: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Seats in all.
    pub capacity: i32,
    /// Seats taken.
    pub booked: i32,
    /// When the slot was withdrawn; null while offered.
    pub cancelled_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    pub bookings: Vec<Meeting>,
}

#[ComplexObject]
impl MeetingSlot {
    /// The meetings holding a seat in this slot (scheduled or over; not cancelled): at most 50,
    /// one per seat.
    #[graphql(complexity = "pagination::list_cost(super::MAX_BOOKINGS, child_complexity)")]
    async fn bookings(&self) -> &[Meeting] {
        &self.bookings[..self.bookings.len().min(super::MAX_BOOKINGS)]
    }
}

impl MeetingSlot {
    pub fn new(s: meeting_slot::Model, bookings: Vec<Meeting>) -> Self {
        Self {
            id: ID(s.id.to_string()),
            caseworker_id: ID(s.caseworker_id.to_string()),
            series_id: s.series_id.map(|id| ID(id.to_string())),
            meeting_type: s.meeting_type,
            channel: s.channel,
            location: s.location,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            capacity: s.capacity,
            booked: s.booked,
            cancelled_at: s.cancelled_at,
            bookings,
        }
    }
}

/// Someone else to invite to a meeting.
#[derive(Debug, Clone, OneofObject, Serialize)]
pub enum ParticipantInput {
    /// A user of a provider the citizen is referred to.
    ProviderUserId(ID),
    /// The citizen's unemployment fund (a-kasse), by name.
    UnemploymentFund(String),
}

/// Input of `publishSlots`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PublishSlotsInput {
    /// The caseworker offering the times; yourself when left out. Managers may publish for the
    /// caseworkers of their team.
    pub caseworker_id: Option<ID>,
    /// The kind of meeting.
    pub meeting_type: MeetingType,
    /// In person, by phone or by video.
    pub channel: MeetingChannel,
    /// Where (an address or room; for phone and video, how to join).
    pub location: String,
    /// Start of the first slot.
    pub starts_at: DateTime<Utc>,
    /// Length of each slot in minutes (5 to 240).
    pub duration_minutes: i32,
    /// Seats per slot (1 to 50); 1 when left out.
    pub capacity: Option<i32>,
    /// Repeat weekly for this many weeks in all (1 to 26); once when left out.
    pub weeks: Option<i32>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `publishSlots`.
#[derive(SimpleObject)]
pub struct PublishSlotsPayload {
    /// The published slots; empty when `userErrors` is not empty.
    pub slots: Vec<MeetingSlot>,
    /// What prevented publishing, if anything.
    pub user_errors: Vec<UserError>,
}

/// Input of `bookMeeting`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct BookMeetingInput {
    /// The free slot to book (from `citizen.availableSlots`).
    pub slot_id: ID,
    /// Others to invite.
    pub participants: Option<Vec<ParticipantInput>>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `rescheduleMeeting`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RescheduleMeetingInput {
    /// Your self-booked meeting to move.
    pub meeting_id: ID,
    /// The free slot to move it to.
    pub slot_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `cancelMeeting` (afbud) and `cancelMeetingByJobcentre` (aflysning).
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CancelMeetingInput {
    /// The meeting to cancel.
    pub meeting_id: ID,
    /// Why; required.
    pub reason: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `summonCitizen`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SummonCitizenInput {
    /// The citizen to summon.
    pub citizen_id: ID,
    /// The kind of meeting.
    pub meeting_type: MeetingType,
    /// In person (the rule), or by phone or video where the citizen's situation allows it.
    pub channel: MeetingChannel,
    /// Where.
    pub location: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Others to invite.
    pub participants: Option<Vec<ParticipantInput>>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// What happened at a meeting, as registered by staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum, Serialize)]
pub enum AttendanceOutcome {
    /// The citizen came (fremmøde).
    Attended,
    /// The citizen was absent with a reason (fravær); a reason is required.
    Absent,
    /// The citizen did not come and gave no notice (udeblivelse).
    NoShow,
    /// The citizen cancelled (afbud), told outside the portal; a reason is required.
    CancelledByCitizen,
}

impl From<AttendanceOutcome> for MeetingStatus {
    fn from(o: AttendanceOutcome) -> Self {
        match o {
            AttendanceOutcome::Attended => MeetingStatus::Attended,
            AttendanceOutcome::Absent => MeetingStatus::Absent,
            AttendanceOutcome::NoShow => MeetingStatus::NoShow,
            AttendanceOutcome::CancelledByCitizen => MeetingStatus::CancelledByCitizen,
        }
    }
}

/// Input of `registerAttendance`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RegisterAttendanceInput {
    /// The meeting.
    pub meeting_id: ID,
    /// What happened.
    pub outcome: AttendanceOutcome,
    /// The reason, required for an absence or a cancellation.
    pub reason: Option<String>,
    /// The meeting's `version` as you read it; a stale version changes nothing.
    pub expected_version: i32,
}

/// Input of `requestSelfBooking`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestSelfBookingInput {
    /// The citizen, who must have a duty to self-book.
    pub citizen_id: ID,
    /// The kind of meeting to book.
    pub meeting_type: MeetingType,
    /// When the booking must be made by.
    pub due_at: DateTime<Utc>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `registerArrival`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RegisterArrivalInput {
    /// Today's meeting you have arrived for.
    pub meeting_id: ID,
}

/// Result of the meeting mutations.
#[derive(SimpleObject)]
pub struct MeetingPayload {
    /// The meeting as it now stands; null when `userErrors` is not empty.
    pub meeting: Option<Meeting>,
    /// What prevented the change, if anything.
    pub user_errors: Vec<UserError>,
}

/// A deadline by which the citizen must book a meeting themself (selvbookingsfrist).
#[derive(SimpleObject)]
pub struct BookingDeadline {
    /// The deadline's id.
    pub id: ID,
    /// The kind of meeting to book.
    pub meeting_type: MeetingType,
    /// Book by.
    pub due_at: DateTime<Utc>,
    /// Open, fulfilled by a booking, or cancelled.
    pub status: jobbro_entities::enums::BookingDeadlineStatus,
    /// The meeting that fulfilled it.
    pub meeting_id: Option<ID>,
}

impl From<jobbro_entities::booking_deadline::Model> for BookingDeadline {
    fn from(d: jobbro_entities::booking_deadline::Model) -> Self {
        Self {
            id: ID(d.id.to_string()),
            meeting_type: d.meeting_type,
            due_at: d.due_at,
            status: d.status,
            meeting_id: d.meeting_id.map(|id| ID(id.to_string())),
        }
    }
}

/// Result of `requestSelfBooking`.
#[derive(SimpleObject)]
pub struct BookingDeadlinePayload {
    /// The new deadline; null when `userErrors` is not empty.
    pub deadline: Option<BookingDeadline>,
    /// What prevented it, if anything.
    pub user_errors: Vec<UserError>,
}
