//! The citizen's side: booking, moving, cancelling and checking in. Each mutation is one
//! transaction; seats are taken with a conditional update so two citizens racing for the last
//! seat get one success and one `SLOT_FULL`.

use chrono::{DateTime, Utc};
use jobbro_entities::{
    enums::{MeetingChannel, MeetingOrigin, MeetingStatus},
    meeting, meeting_slot,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, sea_query::Expr,
};

use super::{
    BOOKING_LEAD,
    new_meeting::{channel_error, error, follow_through, invited, participants, scheduled},
    payload, record_change, release_seat, reopen_deadline, scope, take_seat,
    types::*,
};
use crate::{
    absences::situation::Situation,
    citizens::{self, Visible},
    kernel::clock::{SharedClock, danish_date},
    kernel::error::AppResult,
    kernel::ids::{MeetingId, SlotId},
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// The unique index that allows one live booking of a slot per citizen.
const ONE_BOOKING_PER_SLOT: &str = "ux_meetings_scheduled_slot_citizen";
async fn own_citizen(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Option<Visible>> {
    citizens::scope::own(db, viewer).await
}

/// A slot of the citizen's job centre that can still be booked.
async fn bookable_slot(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    slot_id: SlotId,
    now: DateTime<Utc>,
) -> AppResult<Result<meeting_slot::Model, Outcome>> {
    let slot = meeting_slot::Entity::find_by_id(slot_id)
        .filter(scope::slots_visible_to(viewer))
        .one(db)
        .await?;
    Ok(match slot {
        None => Err(error(
            "slotId",
            UserErrorCode::NotFound,
            "no slot of your job centre has this id",
        )),
        Some(s) if s.cancelled_at.is_some() || s.starts_at < now + BOOKING_LEAD => Err(error(
            "slotId",
            UserErrorCode::SlotUnavailable,
            format!(
                "this slot can no longer be booked (withdrawn, past, or starting within {} hours)",
                BOOKING_LEAD.num_hours()
            ),
        )),
        Some(s) => Ok(s),
    })
}

fn slot_full() -> Outcome {
    error(
        "slotId",
        UserErrorCode::SlotFull,
        "the slot was just taken; choose another time",
    )
}

/// `bookMeeting`: the citizen books a free slot.
pub async fn book(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: BookMeetingInput,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let slot_id = SlotId::parse(&input.slot_id, "slotId")?;
    let invitations = invited(input.participants.as_deref())?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "bookMeeting",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(person) = own_citizen(txn, viewer).await? else {
            return Ok(error(
                "slotId",
                UserErrorCode::NotFound,
                "your citizen record is gone",
            ));
        };
        let situation = Situation::load(txn, person, danish_date(now)).await?;
        if !situation.self_booking().right {
            return Ok(error(
                "slotId",
                UserErrorCode::NoSelfBookingRight,
                "you cannot book meetings yourself now; contact the job centre",
            ));
        }
        let slot = match bookable_slot(txn, viewer, slot_id, now).await? {
            Ok(s) => s,
            Err(e) => return Ok(e),
        };
        if let Some(e) = channel_error(&situation, slot.channel, "slotId") {
            return Ok(e);
        }
        let invited = match participants(txn, &situation.citizen, &invitations).await? {
            Ok(p) => p,
            Err(e) => return Ok(e),
        };
        let new = scheduled(
            situation.citizen.record(),
            slot.caseworker_id,
            Some(slot.id),
            (slot.meeting_type, slot.channel, slot.location.clone()),
            (slot.starts_at, slot.ends_at),
            MeetingOrigin::SelfBooked,
            now,
        );
        if let Err(e) = occupy(txn, &slot, &new).await? {
            return Ok(e);
        }
        follow_through(txn, viewer, &new, invited, now).await?;
        let event = DomainEvent::MeetingBooked {
            meeting_id: new.id,
            citizen_id: new.citizen_id,
            caseworker_id: new.caseworker_id,
            statutory: new.statutory,
        };
        outbox::enqueue(txn, now, Some(new.jobcentre_id), &event).await?;
        Ok(Outcome::ok(new.id))
    })
    .await?;
    payload(db, outcome).await
}

/// Takes the slot's seat and inserts the meeting. A lost race for the seat or a second booking
/// of the same slot is a user error, and the runner then rolls back the seat taken.
async fn occupy(
    txn: &DatabaseTransaction,
    slot: &meeting_slot::Model,
    new: &meeting::Model,
) -> AppResult<Result<(), Outcome>> {
    if !take_seat(txn, slot.id).await? {
        return Ok(Err(slot_full()));
    }
    let booked_already = UserError::new(
        &["input", "slotId"],
        UserErrorCode::AlreadyDone,
        "you have already booked this slot",
    );
    let row: meeting::ActiveModel = new.clone().into();
    Ok(
        runner::insert_or(txn, row, ONE_BOOKING_PER_SLOT, booked_already)
            .await?
            .map_err(Outcome::err),
    )
}

/// A scheduled meeting the viewer may see, or the user error to return.
async fn scheduled_meeting(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    meeting_id: MeetingId,
) -> AppResult<Result<meeting::Model, Outcome>> {
    let found = meeting::Entity::find_by_id(meeting_id)
        .filter(scope::meetings_visible_to(viewer))
        .one(db)
        .await?;
    Ok(match found {
        None => Err(error(
            "meetingId",
            UserErrorCode::NotFound,
            "no meeting of yours has this id",
        )),
        Some(m) if m.status != MeetingStatus::Scheduled => Err(error(
            "meetingId",
            UserErrorCode::NotScheduled,
            "this meeting is no longer scheduled",
        )),
        Some(m) => Ok(m),
    })
}

/// `rescheduleMeeting`: the citizen moves a self-booked meeting to another free slot.
pub async fn reschedule(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RescheduleMeetingInput,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let meeting_id = MeetingId::parse(&input.meeting_id, "meetingId")?;
    let slot_id = SlotId::parse(&input.slot_id, "slotId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "rescheduleMeeting",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let current = match scheduled_meeting(txn, viewer, meeting_id).await? {
            Ok(m) => m,
            Err(e) => return Ok(e),
        };
        if current.origin != MeetingOrigin::SelfBooked {
            return Ok(error(
                "meetingId",
                UserErrorCode::Invalid,
                "a summons is moved by the job centre; contact your caseworker",
            ));
        }
        if current.starts_at < now + BOOKING_LEAD {
            return Ok(error(
                "meetingId",
                UserErrorCode::SlotUnavailable,
                "the meeting is too close to move; cancel it instead",
            ));
        }
        let Some(person) = own_citizen(txn, viewer).await? else {
            return Ok(error(
                "meetingId",
                UserErrorCode::NotFound,
                "your citizen record is gone",
            ));
        };
        let situation = Situation::load(txn, person, danish_date(now)).await?;
        if !situation.self_booking().right {
            return Ok(error(
                "slotId",
                UserErrorCode::NoSelfBookingRight,
                "you cannot book meetings yourself now; contact the job centre",
            ));
        }
        let slot = match bookable_slot(txn, viewer, slot_id, now).await? {
            Ok(s) => s,
            Err(e) => return Ok(e),
        };
        if Some(slot.id) == current.slot_id {
            return Ok(error(
                "slotId",
                UserErrorCode::AlreadyDone,
                "the meeting is already in this slot",
            ));
        }
        // Moving never changes the kind of meeting: a job conversation stays statutory and keeps
        // fulfilling the booking deadline it fulfilled (rule 4).
        if slot.meeting_type != current.meeting_type {
            return Ok(error(
                "slotId",
                UserErrorCode::Invalid,
                "choose a slot for the same kind of meeting; to change the kind, cancel and book anew",
            ));
        }
        if let Some(e) = channel_error(&situation, slot.channel, "slotId") {
            return Ok(e);
        }
        if !take_seat(txn, slot.id).await? {
            return Ok(slot_full());
        }
        release_seat(txn, current.slot_id).await?;
        meeting::Entity::update_many()
            .col_expr(meeting::Column::SlotId, Expr::value(Some(slot.id)))
            .col_expr(
                meeting::Column::CaseworkerId,
                Expr::value(slot.caseworker_id),
            )
            .col_expr(meeting::Column::MeetingType, Expr::value(slot.meeting_type))
            .col_expr(meeting::Column::Channel, Expr::value(slot.channel))
            .col_expr(
                meeting::Column::Location,
                Expr::value(slot.location.clone()),
            )
            .col_expr(meeting::Column::StartsAt, Expr::value(slot.starts_at))
            .col_expr(meeting::Column::EndsAt, Expr::value(slot.ends_at))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
            .col_expr(meeting::Column::Version, Expr::value(current.version + 1))
            .filter(meeting::Column::Id.eq(current.id))
            .exec(txn)
            .await?;
        record_change(
            txn,
            viewer,
            current.id,
            Some(MeetingStatus::Scheduled),
            MeetingStatus::Scheduled,
            Some("moved to another time".into()),
            now,
        )
        .await?;
        let event = DomainEvent::MeetingRescheduled {
            meeting_id: current.id,
            citizen_id: current.citizen_id,
        };
        outbox::enqueue(txn, now, Some(current.jobcentre_id), &event).await?;
        Ok(Outcome::ok(current.id))
    })
    .await?;
    payload(db, outcome).await
}

/// Cancels a scheduled meeting inside the transaction: status, seat, deadline, history.
async fn cancel(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    m: &meeting::Model,
    to: MeetingStatus,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let changed = meeting::Entity::update_many()
        .col_expr(meeting::Column::Status, Expr::value(to))
        .col_expr(
            meeting::Column::StatusReason,
            Expr::value(Some(reason.to_string())),
        )
        .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
        .col_expr(meeting::Column::Version, Expr::value(m.version + 1))
        .filter(meeting::Column::Id.eq(m.id))
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 1 {
        release_seat(txn, m.slot_id).await?;
        reopen_deadline(txn, m.id).await?;
        record_change(
            txn,
            viewer,
            m.id,
            Some(MeetingStatus::Scheduled),
            to,
            Some(reason.to_string()),
            now,
        )
        .await?;
    }
    Ok(changed == 1)
}

/// `cancelMeeting` (afbud by the citizen) and `cancelMeetingByJobcentre` (aflysning).
pub async fn cancel_meeting(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: CancelMeetingInput,
    by_citizen: bool,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let meeting_id = MeetingId::parse(&input.meeting_id, "meetingId")?;
    let operation = if by_citizen {
        "cancelMeeting"
    } else {
        "cancelMeetingByJobcentre"
    };
    let key = IdempotencyKey::new(viewer, input.idempotency_key.as_deref(), operation, &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let reason = input.reason.trim();
        if reason.is_empty() {
            return Ok(error(
                "reason",
                UserErrorCode::Invalid,
                "give a reason for the cancellation",
            ));
        }
        let m = match scheduled_meeting(txn, viewer, meeting_id).await? {
            Ok(m) => m,
            Err(e) => return Ok(e),
        };
        if by_citizen && m.starts_at <= now {
            return Ok(error(
                "meetingId",
                UserErrorCode::NotScheduled,
                "the meeting has already begun; contact the job centre",
            ));
        }
        let to = if by_citizen {
            MeetingStatus::CancelledByCitizen
        } else {
            MeetingStatus::CancelledByJobcentre
        };
        if !cancel(txn, viewer, &m, to, reason, now).await? {
            return Ok(error(
                "meetingId",
                UserErrorCode::NotScheduled,
                "this meeting is no longer scheduled",
            ));
        }
        let event = if by_citizen {
            DomainEvent::MeetingCancelledByCitizen {
                meeting_id: m.id,
                citizen_id: m.citizen_id,
                caseworker_id: m.caseworker_id,
            }
        } else {
            DomainEvent::MeetingCancelledByJobcentre {
                meeting_id: m.id,
                citizen_id: m.citizen_id,
            }
        };
        outbox::enqueue(txn, now, Some(m.jobcentre_id), &event).await?;
        Ok(Outcome::ok(m.id))
    })
    .await?;
    payload(db, outcome).await
}

/// `registerArrival`: the citizen checks in for today's meeting; the caseworker gets an arrival
/// notice without personal data (rule 14, `003:1626-1631`).
pub async fn register_arrival(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RegisterArrivalInput,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let meeting_id = MeetingId::parse(&input.meeting_id, "meetingId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let m = match scheduled_meeting(txn, viewer, meeting_id).await? {
            Ok(m) => m,
            Err(e) => return Ok(e),
        };
        if danish_date(m.starts_at) != danish_date(now) || m.channel != MeetingChannel::InPerson {
            return Ok(error(
                "meetingId",
                UserErrorCode::Invalid,
                "you can check in only on the day of a meeting in person",
            ));
        }
        // One arrival notice per meeting: checking in twice changes nothing.
        let arrived = outbox::was_enqueued(txn, "CitizenArrived", m.id).await?;
        if !arrived {
            let event = DomainEvent::CitizenArrived {
                meeting_id: m.id,
                caseworker_id: m.caseworker_id,
                starts_at: m.starts_at,
            };
            outbox::enqueue(txn, now, Some(m.jobcentre_id), &event).await?;
        }
        Ok(Outcome::ok(m.id))
    })
    .await?;
    payload(db, outcome).await
}
