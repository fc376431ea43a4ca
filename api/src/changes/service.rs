//! Change-request rules: asking, deciding, pausing the clock, and the overdue check.

use chrono::NaiveDate;
use jobbro_entities::{
    enums::{ChangeKind, ChangeRequestStatus, MeetingStatus, ServiceOrderStatus},
    offer_change_request, service_order,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::views::*;
use crate::{
    kernel::{
        clock::{SharedClock, danish_date},
        db::begin_write,
        error::AppResult,
        ids::{ChangeRequestId, ServiceOrderId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{ProviderUser, Staff, Viewer},
        workdays::Workdays,
    },
    meetings,
    outbox::{self, DomainEvent},
    plans,
    providers::{
        no_show,
        orders::{self, OrderChange},
        scope as order_scope,
    },
    reports,
};

/// Workdays the job centre has to decide (`003:1457-1463`).
pub const DECISION_WORKDAYS: u32 = 3;
/// The most requests a list shows.
pub const MAX_REQUESTS: usize = 100;

/// A condition on `offer_change_requests` admitting those on orders the viewer may see.
fn visible_to(viewer: &Viewer) -> Condition {
    Condition::all().add(
        offer_change_request::Column::ServiceOrderId
            .in_subquery(order_scope::order_ids_visible_to(viewer)),
    )
}

fn invalid(field: &str, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(
        &["input", field],
        UserErrorCode::Invalid,
        message,
    ))
}

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<ChangeRequestPayload> {
    let row = match outcome.id {
        Some(id) => offer_change_request::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(ChangeRequestPayload {
        change_request: row.map(ChangeRequest),
        user_errors: outcome.user_errors,
    })
}

/// The first problem with what the request asks of `order`.
fn check_request(
    input: &RequestOfferChangeInput,
    order: &service_order::Model,
    today: NaiveDate,
) -> Option<Outcome> {
    if input.reason.trim().is_empty() {
        return Some(invalid("reason", "say why the offer should change"));
    }
    let end = order.ends_on.unwrap_or(today);
    match input.kind {
        ChangeKind::Extend | ChangeKind::End => {
            let Some(day) = input.new_ends_on else {
                return Some(invalid("newEndsOn", "give the new last day"));
            };
            if input.kind == ChangeKind::Extend && day <= end {
                return Some(Outcome::err(UserError::new(
                    &["input", "newEndsOn"],
                    UserErrorCode::InvalidPeriod,
                    format!("an extension ends after the order's last day, {end}"),
                )));
            }
            if input.kind == ChangeKind::End
                && (day > end || day < order.started_on.unwrap_or(order.starts_on))
            {
                return Some(Outcome::err(UserError::new(
                    &["input", "newEndsOn"],
                    UserErrorCode::InvalidPeriod,
                    format!("an end falls within the offer, on or before {end}"),
                )));
            }
        }
        ChangeKind::ReduceHours | ChangeKind::ChangeHours => {
            let ordered = f64::from(order.minutes_per_week.unwrap_or(0)) / 60.0;
            match input.new_hours_per_week {
                Some(h) if h > 0.0 && h <= orders::MAX_HOURS_PER_WEEK => {
                    if input.kind == ChangeKind::ReduceHours && h >= ordered {
                        return Some(invalid(
                            "newHoursPerWeek",
                            format!("a reduction is fewer than the {ordered} hours ordered"),
                        ));
                    }
                }
                _ => {
                    return Some(invalid(
                        "newHoursPerWeek",
                        format!(
                            "give the new hours per week: more than 0, at most {}",
                            orders::MAX_HOURS_PER_WEEK
                        ),
                    ));
                }
            }
        }
        ChangeKind::NotStarted => {}
    }
    let stray = match input.kind {
        ChangeKind::Extend | ChangeKind::End => input.new_hours_per_week.is_some(),
        ChangeKind::ReduceHours | ChangeKind::ChangeHours => input.new_ends_on.is_some(),
        ChangeKind::NotStarted => input.new_hours_per_week.is_some() || input.new_ends_on.is_some(),
    };
    stray.then(|| invalid("kind", "give only what this kind of change needs"))
}

/// `requestOfferChange`: the provider asks the job centre to change an offer.
pub async fn request(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &ProviderUser,
    input: RequestOfferChangeInput,
) -> AppResult<ChangeRequestPayload> {
    let viewer = &Viewer::Provider(*user);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId")?;
    let report_id = input
        .supplier_report_id
        .as_ref()
        .map(|id| crate::kernel::ids::SupplierReportId::parse(id, "supplierReportId"))
        .transpose()?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "requestOfferChange",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(order) = orders::visible_order(txn, viewer, order_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::NotFound,
                "no order you may act on has this id",
            )));
        };
        if !matches!(
            order.status,
            ServiceOrderStatus::Accepted | ServiceOrderStatus::Started
        ) {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "changes are asked for on accepted or started orders",
            )));
        }
        if let Some(refused) = check_request(&input, &order, today) {
            return Ok(refused);
        }
        if let Some(report) = report_id {
            let linked = reports::service::one(txn, viewer, report)
                .await?
                .is_some_and(|r| r.service_order_id == order.id);
            if !linked {
                return Ok(Outcome::err(UserError::new(
                    &["input", "supplierReportId"],
                    UserErrorCode::NotFound,
                    "no report on this order has this id",
                )));
            }
        }
        if orders::pending_change(txn, order.id).await?.is_some() {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::AlreadyDone,
                "the order has an undecided change request; wait for the decision",
            )));
        }
        let id = Uuid::now_v7();
        let due = Workdays::around(txn, today, DECISION_WORKDAYS)
            .await?
            .add(today, DECISION_WORKDAYS);
        offer_change_request::Entity::insert(offer_change_request::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(order.jobcentre_id),
            service_order_id: Set(order.id),
            citizen_id: Set(order.citizen_id),
            provider_id: Set(order.provider_id),
            kind: Set(input.kind),
            reason: Set(input.reason.trim().to_string()),
            new_ends_on: Set(input.new_ends_on),
            new_minutes_per_week: Set(input.new_hours_per_week.map(|h| (h * 60.0).round() as i32)),
            supplier_report_id: Set(report_id.map(|r| r.0)),
            requested_by: Set(user.user),
            requested_at: Set(now),
            due_on: Set(due),
            unreachable_since: Set(None),
            status: Set(ChangeRequestStatus::Pending),
            decided_by: Set(None),
            decided_at: Set(None),
            decision_note: Set(None),
            overdue_alerted_at: Set(None),
        })
        .exec_without_returning(txn)
        .await?;
        let event = DomainEvent::OfferChangeRequested {
            change_request_id: id,
            service_order_id: order.id,
            citizen_id: order.citizen_id,
        };
        outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    load(db, outcome).await
}

/// `decideOfferChange`: the job centre approves (and the change takes effect) or rejects.
pub async fn decide(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: DecideOfferChangeInput,
) -> AppResult<ChangeRequestPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = ChangeRequestId::parse(&input.change_request_id, "changeRequestId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "decideOfferChange",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let note = input.note.trim();
        if note.is_empty() {
            return Ok(invalid("note", "give the reasons for the decision"));
        }
        let Some(request) = offer_change_request::Entity::find_by_id(id.0)
            .filter(visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "changeRequestId"],
                UserErrorCode::NotFound,
                "no change request of your job centre has this id",
            )));
        };
        if request.status != ChangeRequestStatus::Pending {
            return Ok(Outcome::err(UserError::new(
                &["input", "changeRequestId"],
                UserErrorCode::AlreadyDone,
                "the request is already decided",
            )));
        }
        let Some(order) = orders::by_id(txn, request.service_order_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "changeRequestId"],
                UserErrorCode::NotFound,
                "the request's order is gone",
            )));
        };
        if input.approve {
            if request.kind == ChangeKind::End {
                // Only after a conversation with the citizen (`003:1395-1398`) and through a new
                // plan version (rule 5), both after the request.
                let talked = meetings::attendance::job_conversation_times(
                    txn,
                    &[order.citizen_id],
                    MeetingStatus::Attended,
                    true,
                    Some(request.requested_at),
                )
                .await?;
                if talked.is_empty() {
                    return Ok(Outcome::err(UserError::new(
                        &["input", "approve"],
                        UserErrorCode::ConversationRequired,
                        "an offer ends only after a conversation with the citizen: hold one and \
                         register it as attended first",
                    )));
                }
                let plan = plans::versions::in_force(txn, [order.citizen_id]).await?;
                if !plan.iter().any(|v| v.published_at > request.requested_at) {
                    return Ok(Outcome::err(UserError::new(
                        &["input", "approve"],
                        UserErrorCode::PlanNotUpdated,
                        "the end takes effect through a new plan version: publish and deliver \
                         it first",
                    )));
                }
            }
            let change = match (
                request.kind,
                request.new_ends_on,
                request.new_minutes_per_week,
            ) {
                (ChangeKind::Extend | ChangeKind::End, Some(day), _) => OrderChange::NewEnd(day),
                (ChangeKind::ReduceHours | ChangeKind::ChangeHours, _, Some(m)) => {
                    OrderChange::Hours(m)
                }
                _ => OrderChange::NeverStarted,
            };
            if let Err(e) = orders::apply_change(txn, &order, change, now).await? {
                return Ok(Outcome::err(e));
            }
        }
        let status = if input.approve {
            ChangeRequestStatus::Approved
        } else {
            ChangeRequestStatus::Rejected
        };
        let decided = offer_change_request::Entity::update_many()
            .col_expr(offer_change_request::Column::Status, Expr::value(status))
            .col_expr(
                offer_change_request::Column::DecidedBy,
                Expr::value(Some(staff.caseworker)),
            )
            .col_expr(
                offer_change_request::Column::DecidedAt,
                Expr::value(Some(now)),
            )
            .col_expr(
                offer_change_request::Column::DecisionNote,
                Expr::value(Some(note.to_string())),
            )
            .filter(offer_change_request::Column::Id.eq(request.id))
            .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
            .exec(txn)
            .await?
            .rows_affected;
        if decided == 0 {
            return Ok(Outcome::err(UserError::new(
                &["input", "changeRequestId"],
                UserErrorCode::AlreadyDone,
                "the request was decided meanwhile",
            )));
        }
        no_show::release_held(txn, request.id, input.approve, now).await?;
        Ok(Outcome::ok(request.id))
    })
    .await?;
    load(db, outcome).await
}

/// `recordCitizenUnreachable`: the job centre records that it cannot reach the citizen (the
/// clock stops) or that it reached them (the due day moves by the workdays that passed).
pub async fn set_unreachable(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RecordCitizenUnreachableInput,
) -> AppResult<ChangeRequestPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = ChangeRequestId::parse(&input.change_request_id, "changeRequestId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "recordCitizenUnreachable",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(request) = offer_change_request::Entity::find_by_id(id.0)
            .filter(visible_to(viewer))
            .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "changeRequestId"],
                UserErrorCode::NotFound,
                "no undecided change request of your job centre has this id",
            )));
        };
        let mut row: offer_change_request::ActiveModel = request.clone().into();
        match (input.unreachable, request.unreachable_since) {
            (true, None) => row.unreachable_since = Set(Some(today)),
            (false, Some(since)) => {
                let calendar =
                    Workdays::load(txn, since, today + chrono::Duration::days(60)).await?;
                let paused = calendar.between(since, today);
                row.due_on = Set(calendar.add(request.due_on, paused));
                row.unreachable_since = Set(None);
            }
            _ => {
                return Ok(Outcome::err(UserError::new(
                    &["input", "unreachable"],
                    UserErrorCode::AlreadyDone,
                    "this is already recorded",
                )));
            }
        }
        offer_change_request::Entity::update(row).exec(txn).await?;
        Ok(Outcome::ok(request.id))
    })
    .await?;
    load(db, outcome).await
}

/// Alerts the caseworkers once about every undecided request past its due day (not while the
/// clock is paused); what the server runs every hour. Returns how many it found.
pub async fn alert_overdue(db: &DatabaseConnection, clock: &SharedClock) -> AppResult<usize> {
    let now = clock.now();
    let today = danish_date(now);
    let writing = begin_write(db).await?;
    let txn: &sea_orm::DatabaseTransaction = &writing;
    let late = offer_change_request::Entity::find()
        .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
        .filter(offer_change_request::Column::UnreachableSince.is_null())
        .filter(offer_change_request::Column::OverdueAlertedAt.is_null())
        .filter(offer_change_request::Column::DueOn.lt(today))
        .all(txn)
        .await?;
    for r in &late {
        offer_change_request::Entity::update_many()
            .col_expr(
                offer_change_request::Column::OverdueAlertedAt,
                Expr::value(Some(now)),
            )
            .filter(offer_change_request::Column::Id.eq(r.id))
            .exec(txn)
            .await?;
        let event = DomainEvent::OfferChangeOverdue {
            change_request_id: r.id,
            service_order_id: r.service_order_id,
            citizen_id: r.citizen_id,
        };
        outbox::enqueue(txn, now, Some(r.jobcentre_id), &event).await?;
    }
    writing.commit().await?;
    Ok(late.len())
}

/// Requests the viewer may see: undecided ones (past due only, when asked), the earliest due
/// first, or all of them, the newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: ChangeRequestFilter,
    today: NaiveDate,
) -> AppResult<Vec<offer_change_request::Model>> {
    let mut select = offer_change_request::Entity::find().filter(visible_to(viewer));
    select = match filter {
        ChangeRequestFilter::All => select.order_by_desc(offer_change_request::Column::Id),
        ChangeRequestFilter::Pending | ChangeRequestFilter::Overdue => {
            let mut s = select
                .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
                .order_by_asc(offer_change_request::Column::DueOn);
            if filter == ChangeRequestFilter::Overdue {
                s = s
                    .filter(offer_change_request::Column::DueOn.lt(today))
                    .filter(offer_change_request::Column::UnreachableSince.is_null());
            }
            s
        }
    };
    Ok(select.limit(MAX_REQUESTS as u64).all(db).await?)
}

/// Whether `r` is undecided past its due day on `today` (never while the clock is paused).
pub fn overdue(r: &offer_change_request::Model, today: NaiveDate) -> bool {
    r.status == ChangeRequestStatus::Pending && r.unreachable_since.is_none() && r.due_on < today
}

/// The requests on each of `citizens`' orders that the viewer may see, the newest first.
pub async fn of_citizens(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizens: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, Vec<offer_change_request::Model>>> {
    let rows = offer_change_request::Entity::find()
        .filter(visible_to(viewer))
        .filter(offer_change_request::Column::CitizenId.is_in(citizens.iter().copied()))
        .order_by_desc(offer_change_request::Column::Id)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |r| r.citizen_id))
}

/// Those of `orders` with an undecided change request. One statement.
pub async fn pending_on(
    db: &impl ConnectionTrait,
    orders: &[Uuid],
) -> AppResult<std::collections::HashSet<Uuid>> {
    Ok(offer_change_request::Entity::find()
        .select_only()
        .column(offer_change_request::Column::ServiceOrderId)
        .filter(offer_change_request::Column::ServiceOrderId.is_in(orders.iter().copied()))
        .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
