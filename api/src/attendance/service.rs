//! Attendance at an offer (fremmøde, UC5 `000:197-198`), recorded by the provider per day:
//! attended with the hours delivered, absent sick, absent with leave, or no-show.
//!
//! - "Absent sick" is the citizen's absence, registered once (`003:85-89`): the day creates or
//!   stretches the citizen's sick absence through the absences domain, never a second record.
//! - A day already covered by the citizen's own absence is shown pre-marked and cannot be
//!   recorded as a no-show; the provider sees that the citizen is absent, never why.
//! - Absence and no-show are told to the benefits service through the outbox.
//! - Delivered time is set against the ordered time per ISO week, for both sides
//!   ([`weekly_delivery`]); a week in which the provider delivered less than the service's
//!   threshold of what could be delivered (the ordered time less the citizen's absent
//!   workdays) is a shortfall, and two running alert the caseworker (`000:189-191`, see
//!   [`check_delivery`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{
    delivery_shortfall,
    enums::{AttendanceKind, ServiceOrderStatus},
    offer_attendance, service_order,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};
use uuid::Uuid;

use super::views::*;
use crate::{
    absences, citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        db::begin_write,
        error::AppResult,
        ids::{CitizenId, ServiceOrderId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{ProviderUser, Viewer},
        workdays::{Workdays, week_start},
    },
    outbox::{self, DomainEvent},
    providers::{no_show, orders},
};

/// The most days one `recordOfferAttendance` takes.
pub const MAX_DAYS_PER_RECORDING: usize = 31;
/// The most hours a day can hold.
pub const MAX_HOURS_A_DAY: f64 = 24.0;
/// Workdays the provider has after a week's end to record it before its delivery is judged.
pub const RECORDING_GRACE_WORKDAYS: u32 = 2;

/// The order states in which days can be recorded: accepted (a no-show on the first day comes
/// before any start), started, and ended (recorded late).
const RECORDABLE: &[ServiceOrderStatus] = &[
    ServiceOrderStatus::Accepted,
    ServiceOrderStatus::Started,
    ServiceOrderStatus::Ended,
];

fn day_error(index: usize, field: &str, code: UserErrorCode, message: String) -> UserError {
    UserError {
        field: vec![
            "input".into(),
            "days".into(),
            index.to_string(),
            field.into(),
        ],
        code,
        message,
    }
}

/// The first problem with the days as given, before anything is read.
fn check_days(days: &[AttendanceDayInput]) -> Option<UserError> {
    if days.is_empty() || days.len() > MAX_DAYS_PER_RECORDING {
        return Some(UserError::new(
            &["input", "days"],
            UserErrorCode::Invalid,
            format!("record 1 to {MAX_DAYS_PER_RECORDING} days at a time"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, d) in days.iter().enumerate() {
        if !seen.insert(d.day) {
            return Some(day_error(
                i,
                "day",
                UserErrorCode::Invalid,
                format!("{} is given twice", d.day),
            ));
        }
        match (d.kind, d.hours) {
            (AttendanceKind::Attended, Some(h)) if h > 0.0 && h <= MAX_HOURS_A_DAY => {}
            (AttendanceKind::Attended, _) => {
                return Some(day_error(
                    i,
                    "hours",
                    UserErrorCode::Invalid,
                    format!("an attended day has more than 0 and at most {MAX_HOURS_A_DAY} hours"),
                ));
            }
            (_, Some(_)) => {
                return Some(day_error(
                    i,
                    "hours",
                    UserErrorCode::Invalid,
                    "hours belong to attended days only; leave them out".into(),
                ));
            }
            (_, None) => {}
        }
    }
    None
}

/// `recordOfferAttendance`: the provider records days of an order it may act on.
pub async fn record(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &ProviderUser,
    input: RecordOfferAttendanceInput,
) -> AppResult<OfferAttendancePayload> {
    let viewer = &Viewer::Provider(*user);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "recordOfferAttendance",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if let Some(e) = check_days(&input.days) {
            return Ok(Outcome::err(e));
        }
        let Some(order) = orders::visible_order(txn, viewer, order_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::NotFound,
                "no order you may act on has this id",
            )));
        };
        if !RECORDABLE.contains(&order.status) {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "attendance is recorded on accepted, started or ended orders",
            )));
        }
        let last = [order.ends_on, order.finished_on, Some(today)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(today);
        let first = input.days.iter().map(|d| d.day).min().unwrap_or(today);
        let to = input.days.iter().map(|d| d.day).max().unwrap_or(today);
        let absent = absences::service::periods_between(txn, &[order.citizen_id], (first, to))
            .await?
            .remove(&order.citizen_id)
            .unwrap_or_default();
        for (i, d) in input.days.iter().enumerate() {
            if d.day < order.starts_on || d.day > last {
                return Ok(Outcome::err(day_error(
                    i,
                    "day",
                    UserErrorCode::InvalidPeriod,
                    format!(
                        "{} is outside the order's days that can be recorded ({} to {last})",
                        d.day, order.starts_on
                    ),
                )));
            }
            if d.kind == AttendanceKind::NoShow && absences::service::covers(&absent, d.day) {
                return Ok(Outcome::err(day_error(
                    i,
                    "kind",
                    UserErrorCode::CitizenAbsent,
                    format!(
                        "the citizen is registered absent on {}, so it is not a no-show",
                        d.day
                    ),
                )));
            }
        }
        let pending = orders::pending_change(txn, order.id).await?;
        let recorded: HashMap<NaiveDate, offer_attendance::Model> =
            offer_attendance::Entity::find()
                .filter(offer_attendance::Column::ServiceOrderId.eq(order.id))
                .filter(offer_attendance::Column::Day.is_in(input.days.iter().map(|d| d.day)))
                .all(txn)
                .await?
                .into_iter()
                .map(|r| (r.day, r))
                .collect();
        for (i, d) in input.days.iter().enumerate() {
            let minutes = d.hours.map(|h| (h * 60.0).round() as i32);
            let existing = recorded.get(&d.day);
            if let Some(old) = existing {
                if old.kind == d.kind && old.minutes == minutes {
                    continue;
                }
                if old.kind == AttendanceKind::AbsentSick || d.kind == AttendanceKind::AbsentSick {
                    return Ok(Outcome::err(day_error(
                        i,
                        "kind",
                        UserErrorCode::AlreadyDone,
                        format!(
                            "{} is recorded as {}; a sick day is the citizen's absence, which \
                             the job centre corrects",
                            d.day,
                            stored(old.kind)
                        ),
                    )));
                }
            }
            let absence_id = match d.kind {
                AttendanceKind::AbsentSick => {
                    let person = citizens::scope::find(txn, viewer, CitizenId(order.citizen_id))
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("the order's citizen is not visible"))?;
                    Some(absences::service::record_sick_day(txn, viewer, person, d.day, now).await?)
                }
                _ => None,
            };
            let id = existing.map_or_else(Uuid::now_v7, |old| old.id);
            offer_attendance::Entity::insert(offer_attendance::ActiveModel {
                id: Set(id),
                jobcentre_id: Set(order.jobcentre_id),
                service_order_id: Set(order.id),
                citizen_id: Set(order.citizen_id),
                day: Set(d.day),
                kind: Set(d.kind),
                minutes: Set(minutes),
                absence_id: Set(absence_id),
                recorded_by: Set(user.user),
                recorded_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([
                    offer_attendance::Column::ServiceOrderId,
                    offer_attendance::Column::Day,
                ])
                .update_columns([
                    offer_attendance::Column::Kind,
                    offer_attendance::Column::Minutes,
                    offer_attendance::Column::RecordedBy,
                    offer_attendance::Column::RecordedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
            if d.kind != AttendanceKind::Attended {
                let event = DomainEvent::OfferAttendanceRecorded {
                    attendance_id: id,
                    service_order_id: order.id,
                    citizen_id: order.citizen_id,
                    day: d.day,
                    kind: d.kind,
                    pending_change_request: pending.as_ref().map(|c| c.id),
                };
                outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
            }
        }
        let mut in_order: Vec<&AttendanceDayInput> = input.days.iter().collect();
        in_order.sort_by_key(|d| d.day);
        for d in in_order {
            let change = pending.as_ref().map(|c| (c.id, c.kind));
            no_show::on_day_recorded(txn, &order, (d.day, d.kind), change, now).await?;
        }
        check_delivery(txn, &order, today, now).await?;
        Ok(Outcome::ok(order.id))
    })
    .await?;
    let order = match outcome.id {
        Some(id) => orders::by_id(db, id).await?,
        None => None,
    };
    Ok(OfferAttendancePayload {
        referral: order.map(Referral::from),
        user_errors: outcome.user_errors,
    })
}

fn stored(kind: AttendanceKind) -> String {
    use sea_orm::ActiveEnum;
    kind.to_value()
}

/// Delivered and ordered time of one ISO week of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekDelivery {
    /// The Monday of the week.
    pub week_start: NaiveDate,
    /// Minutes ordered for the week.
    pub ordered_minutes: i32,
    /// Minutes that could be delivered: the ordered minutes less the share of the week's
    /// workdays on which the citizen was absent (registered absence, or recorded absent).
    pub deliverable_minutes: i32,
    /// Minutes recorded as attended.
    pub delivered_minutes: i32,
}

/// The weeks of an order from its first day to the week holding `until`, with the time ordered,
/// deliverable and delivered in each: at most [`MAX_WEEKS`].
pub fn weekly_delivery(
    order: &service_order::Model,
    days: &[offer_attendance::Model],
    absent: &[(NaiveDate, Option<NaiveDate>)],
    calendar: &Workdays,
    until: NaiveDate,
) -> Vec<WeekDelivery> {
    let first = order.started_on.unwrap_or(order.starts_on);
    let last = [order.ends_on, order.finished_on, Some(until)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(until);
    let ordered = order.minutes_per_week.unwrap_or(0);
    let mut weeks: BTreeMap<NaiveDate, WeekDelivery> = BTreeMap::new();
    let mut monday = week_start(first);
    while monday <= last && weeks.len() < MAX_WEEKS {
        let workdays: Vec<NaiveDate> = (0..7)
            .map(|i| monday + Duration::days(i))
            .filter(|d| calendar.is_workday(*d) && *d >= first && *d <= last)
            .collect();
        let all_workdays = (0..7)
            .map(|i| monday + Duration::days(i))
            .filter(|d| calendar.is_workday(*d))
            .count()
            .max(1);
        let away = |d: &NaiveDate| {
            absences::service::covers(absent, *d)
                || days.iter().any(|a| {
                    a.day == *d
                        && matches!(
                            a.kind,
                            AttendanceKind::AbsentSick | AttendanceKind::AbsentExcused
                        )
                })
        };
        let open = workdays.iter().filter(|d| !away(d)).count();
        weeks.insert(
            monday,
            WeekDelivery {
                week_start: monday,
                ordered_minutes: ordered,
                deliverable_minutes: (i64::from(ordered) * open as i64 / all_workdays as i64)
                    as i32,
                delivered_minutes: 0,
            },
        );
        monday += Duration::days(7);
    }
    for a in days {
        if let (AttendanceKind::Attended, Some(m)) = (a.kind, a.minutes)
            && let Some(w) = weeks.get_mut(&week_start(a.day))
        {
            w.delivered_minutes += m;
        }
    }
    weeks.into_values().collect()
}

/// Whether `week` fell under `percent` of what could be delivered.
pub fn short(week: &WeekDelivery, percent: i32) -> bool {
    week.deliverable_minutes > 0
        && i64::from(week.delivered_minutes) * 100
            < i64::from(week.deliverable_minutes) * i64::from(percent)
}

/// Records the shortfalls of a started order's judged weeks (those ended at least
/// [`RECORDING_GRACE_WORKDAYS`] workdays before `today`) and, when a new one makes two weeks
/// running, raises the alert for the caseworker, once per pair of weeks.
pub async fn check_delivery(
    txn: &DatabaseTransaction,
    order: &service_order::Model,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if order.status != ServiceOrderStatus::Started {
        return Ok(());
    }
    let percent = orders::alert_threshold(txn, order).await?;
    if percent == 0 {
        return Ok(());
    }
    let first = order.started_on.unwrap_or(order.starts_on);
    let calendar = Workdays::load(txn, week_start(first), today).await?;
    let days = offer_attendance::Entity::find()
        .filter(offer_attendance::Column::ServiceOrderId.eq(order.id))
        .order_by_asc(offer_attendance::Column::Day)
        .all(txn)
        .await?;
    let absent = absences::service::periods_between(txn, &[order.citizen_id], (first, today))
        .await?
        .remove(&order.citizen_id)
        .unwrap_or_default();
    let judged: Vec<WeekDelivery> = weekly_delivery(order, &days, &absent, &calendar, today)
        .into_iter()
        .filter(|w| {
            calendar.add(w.week_start + Duration::days(6), RECORDING_GRACE_WORKDAYS) <= today
        })
        .collect();
    let before: Vec<NaiveDate> = delivery_shortfall::Entity::find()
        .filter(delivery_shortfall::Column::ServiceOrderId.eq(order.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.week_start)
        .collect();
    let mut found = before.clone();
    for w in judged.iter().filter(|w| short(w, percent)) {
        if before.contains(&w.week_start) {
            continue;
        }
        delivery_shortfall::Entity::insert(delivery_shortfall::ActiveModel {
            service_order_id: Set(order.id),
            week_start: Set(w.week_start),
            ordered_minutes: Set(w.ordered_minutes),
            delivered_minutes: Set(w.delivered_minutes),
            found_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                delivery_shortfall::Column::ServiceOrderId,
                delivery_shortfall::Column::WeekStart,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        let previous = w.week_start - Duration::days(7);
        if found.contains(&previous) {
            let event = DomainEvent::DeliveryFellShort {
                service_order_id: order.id,
                citizen_id: order.citizen_id,
                weeks: vec![previous, w.week_start],
            };
            outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        }
        found.push(w.week_start);
    }
    Ok(())
}

/// Checks the delivery of every started order, one transaction per order: what the server runs
/// every hour so that a provider who records nothing is noticed too.
pub async fn check_all_deliveries(
    db: &DatabaseConnection,
    clock: &SharedClock,
) -> AppResult<usize> {
    let ids = orders::started(db).await?;
    for id in &ids {
        let now = clock.now();
        let writing = begin_write(db).await?;
        let txn: &DatabaseTransaction = &writing;
        if let Some(order) = orders::by_id(txn, *id).await? {
            check_delivery(txn, &order, danish_date(now), now).await?;
        }
        writing.commit().await?;
    }
    Ok(ids.len())
}

/// The recorded days of `orders` from `from` to `to`, per order, in day order.
pub async fn days_of(
    db: &impl ConnectionTrait,
    orders: &[Uuid],
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<HashMap<Uuid, Vec<offer_attendance::Model>>> {
    let rows = offer_attendance::Entity::find()
        .filter(offer_attendance::Column::ServiceOrderId.is_in(orders.iter().copied()))
        .filter(offer_attendance::Column::Day.between(from, to))
        .order_by_asc(offer_attendance::Column::Day)
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<_>> = HashMap::new();
    for r in rows {
        out.entry(r.service_order_id).or_default().push(r);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, day).unwrap_or_default()
    }

    fn order(minutes: i32) -> service_order::Model {
        service_order::Model {
            id: Uuid::nil(),
            jobcentre_id: Uuid::nil(),
            citizen_id: Uuid::nil(),
            provider_id: Uuid::nil(),
            assigned_user_id: None,
            offer_kind_code: "MENTOR".into(),
            justification: "j".into(),
            goal: "g".into(),
            remark: "r".into(),
            starts_on: d(1),
            ends_on: Some(d(31)),
            status: ServiceOrderStatus::Started,
            created_at: Utc::now(),
            contract_service_id: None,
            minutes_per_week: Some(minutes),
            weeks: Some(4),
            accepted_at: None,
            started_on: Some(d(1)),
            finished_on: None,
            cancel_reason: None,
        }
    }

    fn attended(day: NaiveDate, minutes: i32) -> offer_attendance::Model {
        offer_attendance::Model {
            id: Uuid::nil(),
            jobcentre_id: Uuid::nil(),
            service_order_id: Uuid::nil(),
            citizen_id: Uuid::nil(),
            day,
            kind: AttendanceKind::Attended,
            minutes: Some(minutes),
            absence_id: None,
            recorded_by: Uuid::nil(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn a_week_counts_what_was_attended_against_what_was_ordered() {
        // 10 hours a week ordered; 2 × 3 hours attended in the week of Monday 1 March 2027.
        let weeks = weekly_delivery(
            &order(600),
            &[attended(d(2), 180), attended(d(4), 180)],
            &[],
            &Workdays::default(),
            d(7),
        );
        assert_eq!(weeks.len(), 1);
        assert_eq!(weeks[0].delivered_minutes, 360);
        assert_eq!(weeks[0].deliverable_minutes, 600);
        assert!(short(&weeks[0], 75));
        assert!(!short(&weeks[0], 60));
    }

    #[test]
    fn days_the_citizen_is_absent_are_not_held_against_the_provider() {
        // Sick Monday to Thursday: one workday of five could be delivered, 2 of 10 hours.
        let weeks = weekly_delivery(
            &order(600),
            &[attended(d(5), 120)],
            &[(d(1), Some(d(4)))],
            &Workdays::default(),
            d(7),
        );
        assert_eq!(weeks[0].deliverable_minutes, 120);
        assert!(!short(&weeks[0], 75));
    }

    #[test]
    fn a_week_of_holidays_only_asks_nothing() {
        let all = Workdays::new((1..=5).map(d));
        let weeks = weekly_delivery(&order(600), &[], &[], &all, d(7));
        assert_eq!(weeks[0].deliverable_minutes, 0);
        assert!(!short(&weeks[0], 75));
    }
}
