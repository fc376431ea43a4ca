//! Attendance (fremmøde, fravær, afbud, udeblivelse, `000:164-166`) and the meeting lists.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use jobbro_entities::{
    enums::{MeetingStatus, MeetingType},
    meeting,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use super::{
    MAX_LISTED, MAX_RANGE_DAYS, REGISTRATION_DUE_HOUR, payload, record_change, scope, types::*,
    with_details,
};
use crate::{
    kernel::clock::SharedClock,
    kernel::error::{AppError, AppResult},
    kernel::ids::{CaseworkerId, CitizenId, MeetingId},
    kernel::runner,
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// `registerAttendance`: staff register what happened at a meeting that has begun. A
/// registration can be corrected; every change is kept in the history.
pub async fn register(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RegisterAttendanceInput,
) -> AppResult<MeetingPayload> {
    let now = clock.now();
    let meeting_id = MeetingId::parse(&input.meeting_id, "meetingId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let err = |field: &str, code, message: &str| {
            Outcome::err(UserError::new(&["input", field], code, message))
        };
        let Some(m) = meeting::Entity::find_by_id(meeting_id)
            .filter(scope::meetings_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(err(
                "meetingId",
                UserErrorCode::NotFound,
                "no meeting of your job centre has this id",
            ));
        };
        if m.status == MeetingStatus::CancelledByJobcentre {
            return Ok(err(
                "meetingId",
                UserErrorCode::NotScheduled,
                "the job centre cancelled this meeting",
            ));
        }
        if m.starts_at > now {
            return Ok(err(
                "meetingId",
                UserErrorCode::TooEarly,
                "attendance can be registered once the meeting has begun",
            ));
        }
        let reason = input
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let needs_reason = matches!(
            input.outcome,
            AttendanceOutcome::Absent | AttendanceOutcome::CancelledByCitizen
        );
        if needs_reason && reason.is_none() {
            return Ok(err(
                "reason",
                UserErrorCode::Invalid,
                "an absence or a cancellation needs a reason",
            ));
        }
        let to = MeetingStatus::from(input.outcome);
        if to == m.status {
            return Ok(err(
                "outcome",
                UserErrorCode::AlreadyDone,
                "this is already registered",
            ));
        }
        // Optimistic concurrency: the update applies only to the version the caller read.
        let changed = meeting::Entity::update_many()
            .col_expr(meeting::Column::Status, Expr::value(to))
            .col_expr(
                meeting::Column::StatusReason,
                Expr::value(reason.map(str::to_string)),
            )
            .col_expr(
                meeting::Column::AttendanceRegisteredAt,
                Expr::value(Some(now)),
            )
            .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                meeting::Column::Version,
                Expr::value(input.expected_version + 1),
            )
            .filter(meeting::Column::Id.eq(m.id))
            .filter(meeting::Column::Version.eq(input.expected_version))
            .exec(txn)
            .await?
            .rows_affected;
        if changed == 0 {
            return Ok(err(
                "expectedVersion",
                UserErrorCode::StaleVersion,
                "the meeting changed since you read it; reload and try again",
            ));
        }
        record_change(
            txn,
            viewer,
            m.id,
            Some(m.status),
            to,
            reason.map(str::to_string),
            now,
        )
        .await?;
        let event = DomainEvent::AttendanceRegistered {
            meeting_id: m.id,
            citizen_id: m.citizen_id,
            status: to,
            self_booked: m.origin == jobbro_entities::enums::MeetingOrigin::SelfBooked,
        };
        outbox::enqueue(txn, now, Some(m.jobcentre_id), &event).await?;
        Ok(Outcome::ok(m.id))
    })
    .await?;
    payload(db, outcome).await
}

/// Meetings the viewer may see in a period, optionally of one caseworker or citizen.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    caseworker_id: Option<CaseworkerId>,
    citizen_id: Option<CitizenId>,
) -> AppResult<Vec<Meeting>> {
    if to <= from || to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(AppError::BadUserInput(format!(
            "`to` must be after `from` and at most {MAX_RANGE_DAYS} days later"
        )));
    }
    let mut select = meeting::Entity::find()
        .filter(scope::meetings_visible_to(viewer))
        .filter(meeting::Column::StartsAt.gte(from))
        .filter(meeting::Column::StartsAt.lt(to));
    if let Some(id) = caseworker_id {
        select = select.filter(meeting::Column::CaseworkerId.eq(id));
    }
    if let Some(id) = citizen_id {
        select = select.filter(meeting::Column::CitizenId.eq(id));
    }
    let rows = select
        .order_by_asc(meeting::Column::StartsAt)
        .limit(MAX_LISTED as u64 + 1)
        .all(db)
        .await?;
    let rows = super::within_listing_bound(rows, "meetings")?;
    with_details(db, rows).await
}

/// Meetings of the viewer's job centre (or of one caseworker) that are over and still not
/// registered by the next morning.
pub async fn missing_registrations(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    caseworker_id: Option<CaseworkerId>,
) -> AppResult<Vec<Meeting>> {
    let mut select = meeting::Entity::find()
        .filter(scope::meetings_visible_to(viewer))
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        // A cheap pre-filter: no meeting is due for registration sooner than this after it ends
        // (an hour less than the due hour: the night the clocks go forward is an hour short).
        .filter(
            meeting::Column::EndsAt.lt(now - Duration::hours(i64::from(REGISTRATION_DUE_HOUR) - 1)),
        );
    if let Some(id) = caseworker_id {
        select = select.filter(meeting::Column::CaseworkerId.eq(id));
    }
    let rows: Vec<meeting::Model> = select
        .order_by_asc(meeting::Column::StartsAt)
        .limit(MAX_LISTED as u64)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| missing_registration(m, now))
        .collect();
    with_details(db, rows).await
}

/// The latest (or earliest) start of each citizen's job conversations in `status`, from
/// `from` on when given: the cadence's last and next conversation.
pub async fn job_conversation_times(
    db: &impl ConnectionTrait,
    citizen_ids: &[Uuid],
    status: MeetingStatus,
    latest: bool,
    from: Option<DateTime<Utc>>,
) -> AppResult<HashMap<Uuid, DateTime<Utc>>> {
    let column = Expr::col(meeting::Column::StartsAt);
    let aggregate = if latest {
        Func::max(column)
    } else {
        Func::min(column)
    };
    let mut select = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::CitizenId)
        .expr(aggregate)
        .filter(meeting::Column::CitizenId.is_in(citizen_ids.iter().copied()))
        .filter(meeting::Column::MeetingType.eq(MeetingType::JobConversation))
        .filter(meeting::Column::Status.eq(status));
    if let Some(from) = from {
        select = select.filter(meeting::Column::StartsAt.gte(from));
    }
    let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = select
        .group_by(meeting::Column::CitizenId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, t)| t.map(|t| (id, t)))
        .collect())
}
