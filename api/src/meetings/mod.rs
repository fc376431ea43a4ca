//! Meetings (UC3, `000:146-166`): the job centre's free slots, citizens' self-booking,
//! summons, cancellations by either side, attendance registration with history, booking
//! deadlines, arrival notices. The rules on who may book, who may be summoned and which channel
//! is allowed come from the citizen's [`crate::absences::situation::Situation`].

pub mod attendance;
pub mod booking;
pub mod events;
pub mod loader;
pub mod mutation;
mod new_meeting;
pub mod scope;
pub mod slots;
pub mod summons;
pub mod types;
pub mod views;

use chrono::{DateTime, Duration, Utc};
use jobbro_entities::{
    booking_deadline,
    enums::{BookingDeadlineStatus, MeetingStatus},
    meeting, meeting_participant, meeting_slot, meeting_status_change,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    kernel::batch::grouped, kernel::error::AppResult, kernel::user_error::Outcome,
    kernel::viewer::Viewer,
};
use types::{Meeting, MeetingPayload};

/// A citizen may book or move into a slot only this long before it starts.
pub const BOOKING_LEAD: Duration = Duration::hours(2);
/// Attendance must be registered by this hour (Danish time) on the day after the meeting.
pub const REGISTRATION_DUE_HOUR: u32 = 9;
/// Longest period a slot or meeting listing may span.
pub const MAX_RANGE_DAYS: i64 = 62;

// The bounds of the plain lists (see `kernel::pagination::list_cost`).
/// The most slots or meetings one calendar listing holds: a period with more is refused, with a
/// message asking for a shorter period or one caseworker's; the citizen's free times and the
/// meetings missing a registration show the first ones.
pub const MAX_LISTED: usize = 200;
/// The most meetings of one citizen a list shows (the newest).
pub const MAX_CITIZEN_MEETINGS: usize = 100;
/// The most booking deadlines of one citizen a list shows (the newest).
pub const MAX_DEADLINES: usize = 20;
/// The most participants (besides citizen and caseworker) a meeting may have.
pub const MAX_PARTICIPANTS: usize = 10;
/// The most status changes a meeting's history shows (the latest).
pub const MAX_HISTORY: usize = 20;
/// The most bookings a slot lists: one per seat, and a slot has at most 50.
pub const MAX_BOOKINGS: usize = 50;

/// Refuses a calendar listing that holds more than [`MAX_LISTED`] rows (it was read with one
/// row more than that).
fn within_listing_bound<T>(rows: Vec<T>, what: &str) -> AppResult<Vec<T>> {
    if rows.len() > MAX_LISTED {
        return Err(crate::kernel::error::AppError::BadUserInput(format!(
            "the period holds more than {MAX_LISTED} {what}; ask for a shorter period or one \
             caseworker's"
        )));
    }
    Ok(rows)
}

/// Records a status change in the meeting's history.
pub(crate) async fn record_change(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    meeting_id: Uuid,
    from: Option<MeetingStatus>,
    to: MeetingStatus,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    meeting_status_change::Entity::insert(meeting_status_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        from_status: Set(from),
        to_status: Set(to),
        reason: Set(reason),
        actor_role: Set(viewer.role().claim().to_string()),
        actor_subject: Set(viewer.subject().to_string()),
        occurred_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Frees a seat on a slot (the meeting left it).
pub(crate) async fn release_seat(
    db: &impl ConnectionTrait,
    slot_id: Option<Uuid>,
) -> AppResult<()> {
    if let Some(slot_id) = slot_id {
        meeting_slot::Entity::update_many()
            .col_expr(
                meeting_slot::Column::Booked,
                Expr::col(meeting_slot::Column::Booked).sub(1),
            )
            .filter(meeting_slot::Column::Id.eq(slot_id))
            .filter(meeting_slot::Column::Booked.gt(0))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Takes a seat on a slot if one is free; the conditional update settles races for the last
/// seat in the database. Returns false when the slot is full or cancelled.
pub(crate) async fn take_seat(db: &impl ConnectionTrait, slot_id: Uuid) -> AppResult<bool> {
    let changed = meeting_slot::Entity::update_many()
        .col_expr(
            meeting_slot::Column::Booked,
            Expr::col(meeting_slot::Column::Booked).add(1),
        )
        .filter(meeting_slot::Column::Id.eq(slot_id))
        .filter(meeting_slot::Column::CancelledAt.is_null())
        .filter(
            Expr::col(meeting_slot::Column::Booked).lt(Expr::col(meeting_slot::Column::Capacity)),
        )
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// Reopens the booking deadline a meeting fulfilled: the citizen must book again (rule 4: never
/// an open deadline and a booking for the same meeting at once). When staff have meanwhile set a
/// newer open deadline for the same kind of meeting, that one stands and the old one is
/// cancelled instead (at most one open deadline per kind).
pub(crate) async fn reopen_deadline(db: &impl ConnectionTrait, meeting_id: Uuid) -> AppResult<()> {
    let fulfilled = booking_deadline::Entity::find()
        .filter(booking_deadline::Column::MeetingId.eq(meeting_id))
        .all(db)
        .await?;
    for d in fulfilled {
        let superseded = booking_deadline::Entity::find()
            .filter(booking_deadline::Column::CitizenId.eq(d.citizen_id))
            .filter(booking_deadline::Column::MeetingType.eq(d.meeting_type))
            .filter(booking_deadline::Column::Status.eq(BookingDeadlineStatus::Open))
            .one(db)
            .await?
            .is_some();
        let status = if superseded {
            BookingDeadlineStatus::Cancelled
        } else {
            BookingDeadlineStatus::Open
        };
        booking_deadline::Entity::update_many()
            .col_expr(booking_deadline::Column::Status, Expr::value(status))
            .col_expr(
                booking_deadline::Column::MeetingId,
                Expr::value(Option::<Uuid>::None),
            )
            .filter(booking_deadline::Column::Id.eq(d.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks the citizen's open deadline for this kind of meeting fulfilled by the meeting.
pub(crate) async fn fulfil_deadline(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
) -> AppResult<()> {
    booking_deadline::Entity::update_many()
        .col_expr(
            booking_deadline::Column::Status,
            Expr::value(BookingDeadlineStatus::Fulfilled),
        )
        .col_expr(booking_deadline::Column::MeetingId, Expr::value(Some(m.id)))
        .filter(booking_deadline::Column::CitizenId.eq(m.citizen_id))
        .filter(booking_deadline::Column::MeetingType.eq(m.meeting_type))
        .filter(booking_deadline::Column::Status.eq(BookingDeadlineStatus::Open))
        .exec(db)
        .await?;
    Ok(())
}

/// Meetings with their participants and history, in three queries whatever their number.
pub async fn with_details(
    db: &impl ConnectionTrait,
    rows: Vec<meeting::Model>,
) -> AppResult<Vec<Meeting>> {
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let mut participants = grouped(
        meeting_participant::Entity::find()
            .filter(meeting_participant::Column::MeetingId.is_in(ids.clone()))
            .order_by_asc(meeting_participant::Column::Id)
            .all(db)
            .await?,
        |p| p.meeting_id,
    );
    let mut history = grouped(
        meeting_status_change::Entity::find()
            .filter(meeting_status_change::Column::MeetingId.is_in(ids))
            .order_by_asc(meeting_status_change::Column::Id)
            .all(db)
            .await?,
        |h| h.meeting_id,
    );
    Ok(rows
        .into_iter()
        .map(|m| Meeting {
            participants: participants.remove(&m.id).unwrap_or_default(),
            history: history.remove(&m.id).unwrap_or_default(),
            meeting: m,
        })
        .collect())
}

/// The payload for an outcome: the meeting it names, with details, and its errors.
pub(crate) async fn payload(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<MeetingPayload> {
    let meeting = match outcome.id {
        Some(id) => {
            let rows = meeting::Entity::find_by_id(id).all(db).await?;
            with_details(db, rows).await?.pop()
        }
        None => None,
    };
    Ok(MeetingPayload {
        meeting,
        user_errors: outcome.user_errors,
    })
}
