//! Summons (indkaldelse) and requests to self-book by a deadline (selvbookingsfrist): the job
//! centre's side of making meetings.

use super::{
    new_meeting::{channel_error, error, follow_through, invited, participants, scheduled},
    payload,
    types::*,
};
use crate::{
    absences::situation::Situation,
    citizens::{self},
    kernel::clock::{SharedClock, danish_date},
    kernel::error::AppResult,
    kernel::ids::CitizenId,
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};
use jobbro_entities::{
    booking_deadline,
    enums::{BookingDeadlineStatus, MeetingOrigin, MeetingStatus},
    meeting,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The unique index that allows one open booking deadline per citizen and kind of meeting.
pub(super) const ONE_OPEN_DEADLINE: &str = "ux_booking_deadlines_open_citizen_meeting_type";

/// `summonCitizen`: staff summon a citizen of the job centre.
pub async fn summon(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: SummonCitizenInput,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let invitations = invited(input.participants.as_deref())?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "summonCitizen",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if input.starts_at <= now || input.ends_at <= input.starts_at {
            return Ok(error(
                "startsAt",
                UserErrorCode::InvalidPeriod,
                "the meeting must start in the future and end after it starts",
            ));
        }
        if input.location.trim().is_empty() {
            return Ok(error(
                "location",
                UserErrorCode::Invalid,
                "say where the meeting is held",
            ));
        }
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            ));
        };
        let situation = Situation::load(txn, person, danish_date(input.starts_at)).await?;
        if let Some(kind) = situation.summons_suspended_by() {
            return Ok(error(
                "citizenId",
                UserErrorCode::CitizenAbsent,
                format!(
                    "the citizen cannot be summoned during this absence: {}",
                    kind.name
                ),
            ));
        }
        if let Some(e) = channel_error(&situation, input.channel, "channel") {
            return Ok(e);
        }
        let invited = match participants(txn, &situation.citizen, &invitations).await? {
            Ok(p) => p,
            Err(e) => return Ok(e),
        };
        let new = scheduled(
            situation.citizen.record(),
            viewer.subject(),
            None,
            (
                input.meeting_type,
                input.channel,
                input.location.trim().to_string(),
            ),
            (input.starts_at, input.ends_at),
            MeetingOrigin::Summoned,
            now,
        );
        let row: meeting::ActiveModel = new.clone().into();
        meeting::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
        follow_through(txn, viewer, &new, invited, now).await?;
        let event = DomainEvent::CitizenSummoned {
            meeting_id: new.id,
            citizen_id: new.citizen_id,
        };
        outbox::enqueue(txn, now, Some(new.jobcentre_id), &event).await?;
        Ok(Outcome::ok(new.id))
    })
    .await?;
    payload(db, outcome).await
}

/// `requestSelfBooking`: staff ask a citizen with a duty to self-book to book by a deadline.
pub async fn request_self_booking(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RequestSelfBookingInput,
) -> AppResult<BookingDeadlinePayload> {
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "requestSelfBooking",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if input.due_at <= now {
            return Ok(error(
                "dueAt",
                UserErrorCode::InvalidPeriod,
                "the deadline must be in the future",
            ));
        }
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            ));
        };
        let situation = Situation::load(txn, person, danish_date(now)).await?;
        if !situation.self_booking().duty {
            return Ok(error(
                "citizenId",
                UserErrorCode::NoSelfBookingRight,
                "the citizen has no duty to self-book now (group or absence); summon instead",
            ));
        }
        let booked = meeting::Entity::find()
            .filter(meeting::Column::CitizenId.eq(citizen_id))
            .filter(meeting::Column::MeetingType.eq(input.meeting_type))
            .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
            .filter(meeting::Column::StartsAt.gt(now))
            .one(txn)
            .await?;
        if booked.is_some() {
            return Ok(error(
                "meetingType",
                UserErrorCode::AlreadyDone,
                "the citizen already has such a meeting booked",
            ));
        }
        let id = Uuid::now_v7();
        let row = booking_deadline::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(situation.citizen.jobcentre_id()),
            citizen_id: Set(citizen_id.0),
            meeting_type: Set(input.meeting_type),
            due_at: Set(input.due_at),
            status: Set(BookingDeadlineStatus::Open),
            meeting_id: Set(None),
            created_by: Set(Some(viewer.subject())),
            created_at: Set(now),
        };
        // One open deadline per kind of meeting: the partial unique index settles it.
        let open_already = UserError::new(
            &["input", "meetingType"],
            UserErrorCode::AlreadyDone,
            "the citizen already has an open deadline for such a meeting",
        );
        if let Err(e) = runner::insert_or(txn, row, ONE_OPEN_DEADLINE, open_already).await? {
            return Ok(Outcome::err(e));
        }
        let event = DomainEvent::SelfBookingRequested {
            deadline_id: id,
            citizen_id: citizen_id.0,
        };
        outbox::enqueue(txn, now, Some(situation.citizen.jobcentre_id()), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    let deadline = match outcome.id {
        Some(id) => booking_deadline::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(BookingDeadline::from),
        None => None,
    };
    Ok(BookingDeadlinePayload {
        deadline,
        user_errors: outcome.user_errors,
    })
}
