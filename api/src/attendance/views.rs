//! Attendance at an offer and its delivery against the order, as both sides see it: the
//! provider through `provider.orderDelivery`, the job centre through `ServiceOrder.delivery`.

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{Duration, NaiveDate};
use jobbro_entities::{
    enums::{AttendanceKind, AuditCategory},
    service_order,
};
use serde::Serialize;

use super::service as attendance;
pub use crate::providers::views::Referral;
use crate::{
    absences, citizens,
    kernel::{
        clock::danish_date,
        context::{clock, db, provider_user, staff, viewer},
        ids::ServiceOrderId,
        pagination,
        user_error::UserError,
        workdays::{Workdays, iso_week, week_start},
    },
    providers::orders,
};

/// The most days `attendance` shows at once.
pub const MAX_DAYS: usize = 62;
/// The most weeks `weeks` shows (an order runs at most 104 weeks; its first and last may be
/// partial).
pub const MAX_WEEKS: usize = 106;

/// One day of an order as recorded.
#[derive(Debug, Clone, SimpleObject)]
pub struct AttendanceDay {
    /// The day.
    pub day: NaiveDate,
    /// What the provider recorded; null while nothing is.
    pub recorded: Option<AttendanceKind>,
    /// Hours attended, for an attended day.
    pub hours: Option<f64>,
    /// The citizen is registered absent that day (the reason is not shown): the day cannot be
    /// recorded as a no-show.
    pub citizen_absent: bool,
}

/// An undecided change request on an order: a flag that the offer still runs as ordered.
#[derive(Debug, Clone, SimpleObject)]
pub struct PendingChange {
    /// The change request.
    pub id: ID,
    /// What it asks.
    pub kind: jobbro_entities::enums::ChangeKind,
    /// The day the job centre's decision is due.
    pub due_on: NaiveDate,
}

/// The time ordered and delivered in one ISO week of an order.
#[derive(Debug, Clone, SimpleObject)]
pub struct WeeklyDelivery {
    /// The ISO week, as `2027-W10`.
    pub week: String,
    /// The Monday of the week.
    pub week_start: NaiveDate,
    /// Hours ordered for the week.
    pub ordered_hours: f64,
    /// Hours that could be delivered: the ordered hours less the share of the week's workdays
    /// on which the citizen was absent (or the order did not run).
    pub deliverable_hours: f64,
    /// Hours recorded as attended.
    pub delivered_hours: f64,
    /// Delivered under the service's alert threshold of the deliverable hours.
    pub below_threshold: bool,
}

/// The days recorded on an order and the citizen's absences, from its first day to today.
type Recorded = (
    Vec<jobbro_entities::offer_attendance::Model>,
    Vec<(NaiveDate, Option<NaiveDate>)>,
);

/// An order's attendance and delivery.
pub struct OfferDelivery {
    pub order: service_order::Model,
    /// The service's alert threshold in percent.
    pub alert_below_percent: i32,
    /// Read once, for whichever of `attendance` and `weeks` asks first.
    recorded: tokio::sync::OnceCell<Recorded>,
}

impl OfferDelivery {
    /// The delivery of `order`, with the alert threshold of its service.
    pub async fn of(ctx: &Context<'_>, order: service_order::Model) -> Result<Self> {
        let percent = orders::alert_threshold(db(ctx)?, &order).await?;
        Ok(Self {
            order,
            alert_below_percent: percent,
            recorded: tokio::sync::OnceCell::new(),
        })
    }

    /// The order's recorded days and the citizen's absences, from the order's first day to
    /// today (at most the order's 104 weeks).
    async fn recorded(&self, ctx: &Context<'_>) -> Result<&Recorded> {
        self.recorded
            .get_or_try_init(|| async {
                let o = &self.order;
                let today = danish_date(clock(ctx)?.now());
                let first = o.starts_on.min(o.started_on.unwrap_or(o.starts_on));
                let last = today.max(first);
                let db = db(ctx)?;
                let days = attendance::days_of(db, &[o.id], (first, last))
                    .await?
                    .remove(&o.id)
                    .unwrap_or_default();
                let absent = absences::service::periods_between(db, &[o.citizen_id], (first, last))
                    .await?
                    .remove(&o.citizen_id)
                    .unwrap_or_default();
                Ok::<_, async_graphql::Error>((days, absent))
            })
            .await
    }

    fn audit(&self, ctx: &Context<'_>) -> Result<()> {
        citizens::scope::audit(
            ctx,
            self.order.citizen_id,
            self.order.jobcentre_id,
            AuditCategory::Case,
        )
    }
}

fn hours(minutes: i32) -> f64 {
    f64::from(minutes) / 60.0
}

/// An order's attendance and delivery against the ordered time.
#[Object]
impl OfferDelivery {
    /// The order.
    async fn service_order_id(&self) -> ID {
        ID(self.order.id.to_string())
    }
    /// The provider's undecided change request on the order, if any (see `changeRequests`):
    /// until the job centre decides, the offer runs on as ordered and attendance is still
    /// expected.
    async fn pending_change_request(&self, ctx: &Context<'_>) -> Result<Option<PendingChange>> {
        Ok(orders::pending_change(db(ctx)?, self.order.id)
            .await?
            .map(|c| PendingChange {
                id: ID(c.id.to_string()),
                kind: c.kind,
                due_on: c.due_on,
            }))
    }
    /// The order's days from `from` to `to` that fall in its period, up to today: at most 62.
    #[graphql(complexity = "pagination::list_cost(MAX_DAYS, child_complexity)")]
    async fn attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day to show.")] from: NaiveDate,
        #[graphql(desc = "Last day to show; at most 61 days after `from`.")] to: NaiveDate,
    ) -> Result<Vec<AttendanceDay>> {
        if to < from || (to - from).num_days() >= MAX_DAYS as i64 {
            return Err(async_graphql::Error::new(format!(
                "ask for 1 to {MAX_DAYS} days: `to` on or after `from`, at most {} days later",
                MAX_DAYS - 1
            )));
        }
        self.audit(ctx)?;
        let today = danish_date(clock(ctx)?.now());
        let o = &self.order;
        let first = from.max(o.starts_on);
        let last = [Some(to), o.ends_on, o.finished_on, Some(today)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(to);
        if last < first {
            return Ok(vec![]);
        }
        let (recorded, absent) = self.recorded(ctx).await?;
        Ok(first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|day| {
                let row = recorded.iter().find(|r| r.day == day);
                AttendanceDay {
                    day,
                    recorded: row.map(|r| r.kind),
                    hours: row.and_then(|r| r.minutes).map(hours),
                    citizen_absent: absences::service::covers(absent, day),
                }
            })
            .collect())
    }
    /// The order's ISO weeks from its start up to this week, with the hours ordered, deliverable
    /// and delivered: at most 106.
    #[graphql(complexity = "pagination::list_cost(MAX_WEEKS, child_complexity)")]
    async fn weeks(&self, ctx: &Context<'_>) -> Result<Vec<WeeklyDelivery>> {
        self.audit(ctx)?;
        let today = danish_date(clock(ctx)?.now());
        let o = &self.order;
        let first = o.started_on.unwrap_or(o.starts_on);
        let db = db(ctx)?;
        let last = today.max(first);
        let calendar = Workdays::load(db, week_start(first), last + Duration::days(7)).await?;
        let (days, absent) = self.recorded(ctx).await?;
        Ok(
            attendance::weekly_delivery(o, days, absent, &calendar, today)
                .into_iter()
                .map(|w| WeeklyDelivery {
                    week: iso_week(w.week_start),
                    week_start: w.week_start,
                    ordered_hours: hours(w.ordered_minutes),
                    deliverable_hours: hours(w.deliverable_minutes),
                    delivered_hours: hours(w.delivered_minutes),
                    below_threshold: attendance::short(&w, self.alert_below_percent),
                })
                .collect(),
        )
    }
}

/// The provider workspace's delivery segment.
#[derive(Default)]
pub struct ProviderDelivery;

#[Object]
impl ProviderDelivery {
    /// The attendance and delivery of one order sent to your organisation (staff: assigned to
    /// you); null if you may not see an order with this id.
    async fn order_delivery(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] service_order_id: ID,
    ) -> Result<Option<OfferDelivery>> {
        provider_user(ctx)?;
        let id = ServiceOrderId::parse(&service_order_id, "serviceOrderId").extend()?;
        match orders::visible_order(db(ctx)?, viewer(ctx)?, id).await? {
            Some(order) => Ok(Some(OfferDelivery::of(ctx, order).await?)),
            None => Ok(None),
        }
    }
}

/// The staff workspace's delivery segment.
#[derive(Default)]
pub struct StaffDelivery;

#[Object]
impl StaffDelivery {
    /// The attendance the provider recorded on one order of your job centre and the hours
    /// delivered against it; null if your job centre has no order with this id.
    async fn service_order_delivery(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] service_order_id: ID,
    ) -> Result<Option<OfferDelivery>> {
        let id = ServiceOrderId::parse(&service_order_id, "serviceOrderId").extend()?;
        match orders::of_jobcentre(db(ctx)?, staff(ctx)?, id).await? {
            Some(order) => Ok(Some(OfferDelivery::of(ctx, order).await?)),
            None => Ok(None),
        }
    }
}

/// One day to record.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct AttendanceDayInput {
    /// The day: within the order's period, today at the latest.
    pub day: NaiveDate,
    /// What happened.
    pub kind: AttendanceKind,
    /// Hours attended (more than 0, at most 24), for an attended day only.
    pub hours: Option<f64>,
}

/// Input of `recordOfferAttendance`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordOfferAttendanceInput {
    /// The order: accepted, started or ended.
    pub service_order_id: ID,
    /// The days, each once: 1 to 31. A day recorded before is changed (except to or from
    /// absent sick, which is the citizen's absence and corrected by the job centre).
    pub days: Vec<AttendanceDayInput>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of `recordOfferAttendance`.
#[derive(SimpleObject)]
pub struct OfferAttendancePayload {
    /// The order the days were recorded on, unless there are user errors; read its days with
    /// `provider.orderDelivery`.
    pub referral: Option<Referral>,
    /// What to fix; empty on success. Nothing is recorded when there are any.
    pub user_errors: Vec<UserError>,
}
