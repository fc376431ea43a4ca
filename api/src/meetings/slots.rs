//! Free times: staff publish them (one-off or weekly), citizens see their job centre's free
//! ones (the resource overview, `000:158`), staff see all with their bookings.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use jobbro_entities::{
    caseworker,
    enums::{MeetingStatus, MeetingType},
    meeting, meeting_slot,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{BOOKING_LEAD, MAX_LISTED, MAX_RANGE_DAYS, scope, types::*, with_details};
use crate::{
    caseworkers,
    kernel::clock::SharedClock,
    kernel::error::{AppError, AppResult},
    kernel::ids::CaseworkerId,
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Staff,
    kernel::viewer::Viewer,
};

/// The period `citizen.availableSlots` lists when none is given: four weeks.
pub const DEFAULT_RANGE: Duration = Duration::days(28);

/// Checks a listing period.
fn check_range(from: DateTime<Utc>, to: DateTime<Utc>) -> AppResult<()> {
    if to <= from || to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(AppError::BadUserInput(format!(
            "`to` must be after `from` and at most {MAX_RANGE_DAYS} days later"
        )));
    }
    Ok(())
}

/// `citizen.availableSlots`: free, bookable times of the citizen's job centre.
pub async fn available(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    meeting_type: Option<MeetingType>,
) -> AppResult<Vec<AvailableSlot>> {
    check_range(from, to)?;
    let mut select = meeting_slot::Entity::find()
        .filter(scope::slots_visible_to(viewer))
        .filter(meeting_slot::Column::CancelledAt.is_null())
        .filter(
            Expr::col(meeting_slot::Column::Booked).lt(Expr::col(meeting_slot::Column::Capacity)),
        )
        .filter(meeting_slot::Column::StartsAt.gte(std::cmp::max(from, now + BOOKING_LEAD)))
        .filter(meeting_slot::Column::StartsAt.lt(to));
    if let Some(t) = meeting_type {
        select = select.filter(meeting_slot::Column::MeetingType.eq(t));
    }
    Ok(select
        .order_by_asc(meeting_slot::Column::StartsAt)
        .limit(MAX_LISTED as u64)
        .all(db)
        .await?
        .into_iter()
        .map(AvailableSlot::from)
        .collect())
}

/// `caseworker.slots`: the job centre's slots in a period, with their bookings.
pub async fn for_staff(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    caseworker_id: Option<CaseworkerId>,
) -> AppResult<Vec<MeetingSlot>> {
    check_range(from, to)?;
    let mut select = meeting_slot::Entity::find()
        .filter(scope::slots_visible_to(viewer))
        .filter(meeting_slot::Column::StartsAt.gte(from))
        .filter(meeting_slot::Column::StartsAt.lt(to));
    if let Some(id) = caseworker_id {
        select = select.filter(meeting_slot::Column::CaseworkerId.eq(id));
    }
    let slots = select
        .order_by_asc(meeting_slot::Column::StartsAt)
        .limit(MAX_LISTED as u64 + 1)
        .all(db)
        .await?;
    let slots = super::within_listing_bound(slots, "slots")?;
    let ids: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    // The seats taken: cancelled bookings gave theirs back (they are in the citizens' lists).
    let bookings = meeting::Entity::find()
        .filter(meeting::Column::SlotId.is_in(ids))
        .filter(meeting::Column::Status.is_not_in([
            MeetingStatus::CancelledByCitizen,
            MeetingStatus::CancelledByJobcentre,
        ]))
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await?;
    let mut by_slot: HashMap<Uuid, Vec<Meeting>> = HashMap::new();
    for m in with_details(db, bookings).await? {
        if let Some(slot) = m.meeting.slot_id {
            by_slot.entry(slot).or_default().push(m);
        }
    }
    Ok(slots
        .into_iter()
        .map(|s| {
            let bookings = by_slot.remove(&s.id).unwrap_or_default();
            MeetingSlot::new(s, bookings)
        })
        .collect())
}

/// Whom the viewer may publish times for: themself; a manager also the caseworkers of their
/// team (all of the job centre when the manager has no team).
async fn publisher_target(
    db: &impl ConnectionTrait,
    staff: &Staff,
    requested: Option<CaseworkerId>,
) -> AppResult<Result<caseworker::Model, UserError>> {
    let not_allowed = || {
        UserError::new(
            &["input", "caseworkerId"],
            UserErrorCode::NotFound,
            "you may publish times for yourself, and a manager for the caseworkers of the team",
        )
    };
    let target_id = requested.unwrap_or(CaseworkerId(staff.caseworker));
    let Some(target) = caseworkers::service::colleague(db, staff, target_id).await? else {
        return Ok(Err(not_allowed()));
    };
    if target.id == staff.caseworker {
        return Ok(Ok(target));
    }
    let me = caseworkers::service::colleague(db, staff, CaseworkerId(staff.caseworker)).await?;
    let allowed = staff.manager
        && me.is_some_and(|m| m.is_manager && (m.team.is_none() || m.team == target.team));
    Ok(if allowed {
        Ok(target)
    } else {
        Err(not_allowed())
    })
}

/// `publishSlots`.
pub async fn publish(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: PublishSlotsInput,
) -> AppResult<PublishSlotsPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let requested = input
        .caseworker_id
        .as_ref()
        .map(|id| CaseworkerId::parse(id, "caseworkerId"))
        .transpose()?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "publishSlots",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let capacity = input.capacity.unwrap_or(1);
        let weeks = input.weeks.unwrap_or(1);
        let invalid = |field: &str, message: &str| {
            Outcome::err(UserError::new(
                &["input", field],
                UserErrorCode::Invalid,
                message,
            ))
        };
        if !(5..=240).contains(&input.duration_minutes) {
            return Ok(invalid("durationMinutes", "a slot lasts 5 to 240 minutes"));
        }
        if !(1..=super::MAX_BOOKINGS as i32).contains(&capacity) {
            return Ok(invalid("capacity", "a slot has 1 to 50 seats"));
        }
        if !(1..=26).contains(&weeks) {
            return Ok(invalid("weeks", "repeat for 1 to 26 weeks"));
        }
        if input.location.trim().is_empty() {
            return Ok(invalid("location", "say where the meeting is held"));
        }
        if input.starts_at <= now {
            return Ok(Outcome::err(UserError::new(
                &["input", "startsAt"],
                UserErrorCode::InvalidPeriod,
                "slots must start in the future",
            )));
        }
        let target = match publisher_target(txn, staff, requested).await? {
            Ok(t) => t,
            Err(e) => return Ok(Outcome::err(e)),
        };
        let series = Uuid::now_v7();
        let rows = (0..weeks).map(|week| {
            let starts_at = input.starts_at + Duration::weeks(i64::from(week));
            meeting_slot::ActiveModel {
                id: Set(Uuid::now_v7()),
                jobcentre_id: Set(target.jobcentre_id),
                caseworker_id: Set(target.id),
                series_id: Set(Some(series)),
                meeting_type: Set(input.meeting_type),
                channel: Set(input.channel),
                location: Set(input.location.trim().to_string()),
                starts_at: Set(starts_at),
                ends_at: Set(starts_at + Duration::minutes(i64::from(input.duration_minutes))),
                capacity: Set(capacity),
                booked: Set(0),
                cancelled_at: Set(None),
                created_at: Set(now),
            }
        });
        meeting_slot::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
        Ok(Outcome::ok(series))
    })
    .await?;
    let slots = match outcome.id {
        Some(series) => {
            let rows = meeting_slot::Entity::find()
                .filter(meeting_slot::Column::SeriesId.eq(series))
                .order_by_asc(meeting_slot::Column::StartsAt)
                .all(db)
                .await?;
            rows.into_iter()
                .map(|s| MeetingSlot::new(s, vec![]))
                .collect()
        }
        None => vec![],
    };
    Ok(PublishSlotsPayload {
        slots,
        user_errors: outcome.user_errors,
    })
}
