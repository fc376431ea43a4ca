//! Service orders (bestillinger, UC5) under contracts: the caseworker orders a contract service
//! for one citizen, the provider's coordinator accepts it and assigns a staff member, the
//! provider starts it, and the job centre ends or cancels it. ORDERED → ACCEPTED → STARTED →
//! ENDED, or CANCELLED from any of the first three.
//!
//! An order states its period (the end date entered, never defaulted, `003:2447-2454`), the
//! ordered quantity, and the three texts every order carries (`003:2721-2739`). A service has
//! seats: an order that would take more than its service holds is refused with `NO_CAPACITY`
//! and the next day from which the whole period fits (`003:2587-2594`). Start, end and cancel
//! publish an activation event for the benefits service (`004:364-372`): nobody registers the
//! activation by hand.

use chrono::{Duration, NaiveDate};
use jobbro_entities::{
    contract, contract_service, contract_service_target_group, contract_version,
    enums::{ChangeRequestStatus, ServiceOrderStatus},
    offer_change_request, provider_user, service_order,
};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{contracts, scope, views::*};
use crate::{
    cases, citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CitizenId, ContractServiceId, ProviderUserId, ServiceOrderId},
        runner::{self, IdempotencyKey, MutationOutcome},
        user_error::{UserError, UserErrorCode},
        viewer::{Staff, Viewer},
    },
    outbox::{self, DomainEvent},
};

/// The most hours a week an order may state.
pub const MAX_HOURS_PER_WEEK: f64 = 60.0;
/// The most weeks an order may state.
pub const MAX_WEEKS: i32 = 104;

/// What an order mutation stored, for idempotent replays: the order, or what went wrong and,
/// when the service was full, the first day the period fits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderOutcome {
    pub id: Option<Uuid>,
    pub next_free_date: Option<NaiveDate>,
    pub user_errors: Vec<UserError>,
}

impl OrderOutcome {
    fn ok(id: Uuid) -> Self {
        Self {
            id: Some(id),
            next_free_date: None,
            user_errors: vec![],
        }
    }

    pub fn err(e: UserError) -> Self {
        Self {
            id: None,
            next_free_date: None,
            user_errors: vec![e],
        }
    }
}

impl MutationOutcome for OrderOutcome {
    fn has_user_errors(&self) -> bool {
        !self.user_errors.is_empty()
    }
}

fn invalid(field: &str, message: impl Into<String>) -> UserError {
    UserError::new(&["input", field], UserErrorCode::Invalid, message)
}

/// The first problem with the texts, quantity and period of an order, if any.
fn check_order_input(input: &CreateServiceOrderInput) -> Option<UserError> {
    for (field, text) in [
        ("justification", &input.justification),
        ("goal", &input.goal),
        ("remark", &input.remark),
    ] {
        if text.trim().is_empty() {
            return Some(invalid(
                field,
                format!("every order carries a {field}: write what the provider must know"),
            ));
        }
    }
    if input.ends_on < input.starts_on {
        return Some(UserError::new(
            &["input", "endsOn"],
            UserErrorCode::InvalidPeriod,
            "the order ends before it starts",
        ));
    }
    if !(input.hours_per_week > 0.0 && input.hours_per_week <= MAX_HOURS_PER_WEEK) {
        return Some(invalid(
            "hoursPerWeek",
            format!("hours per week are more than 0 and at most {MAX_HOURS_PER_WEEK}"),
        ));
    }
    if !(1..=MAX_WEEKS).contains(&input.weeks) {
        return Some(invalid(
            "weeks",
            format!("an order runs 1 to {MAX_WEEKS} weeks"),
        ));
    }
    None
}

/// Orders `input.contract_service_id` for a citizen of the caseworker's job centre.
pub async fn create(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: CreateServiceOrderInput,
) -> AppResult<ServiceOrderPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let service_id = ContractServiceId::parse(&input.contract_service_id, "contractServiceId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "createServiceOrder",
        &input,
    )?;
    let outcome = runner::run(db, key, now, OrderOutcome::err, async |txn| {
        if let Some(e) = check_order_input(&input) {
            return Ok(OrderOutcome::err(e));
        }
        let Some(citizen) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(OrderOutcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            )));
        };
        let Some((service, version, contract)) =
            service_of_jobcentre(txn, service_id.0, staff.jobcentre).await?
        else {
            return Ok(OrderOutcome::err(UserError::new(
                &["input", "contractServiceId"],
                UserErrorCode::NotFound,
                "no service of your job centre's contracts has this id",
            )));
        };
        // Orders under one contract take their seats one at a time (PostgreSQL: this row lock;
        // SQLite: one writer at a time).
        contract::Entity::find_by_id(contract.id)
            .lock_exclusive()
            .one(txn)
            .await?;
        let in_force = contracts::version_in_force(txn, contract.id, input.starts_on).await?;
        if in_force.as_ref().map(|v| v.id) != Some(version.id) {
            let message = match in_force {
                None => format!(
                    "no signed version of contract {} applies on {}",
                    contract.reference, input.starts_on
                ),
                Some(v) => format!(
                    "version {} of contract {} applies on {}: order one of its services",
                    v.version, contract.reference, input.starts_on
                ),
            };
            return Ok(OrderOutcome::err(invalid("contractServiceId", message)));
        }
        if let Some(e) = check_target_group(txn, &citizen, service.id).await? {
            return Ok(OrderOutcome::err(e));
        }
        let taken = seats_taken(txn, &contract, &service.service_code, None).await?;
        let fits = first_fit(service.seats, &taken, input.starts_on, input.ends_on);
        if fits != Some(input.starts_on) {
            let message = match fits {
                Some(day) => format!(
                    "all {} seats of {} are taken in this period; the period fits from {day}",
                    service.seats, service.service_code
                ),
                None => format!(
                    "all {} seats of {} are taken with no end in sight",
                    service.seats, service.service_code
                ),
            };
            return Ok(OrderOutcome {
                id: None,
                next_free_date: fits,
                user_errors: vec![UserError::new(
                    &["input", "startsOn"],
                    UserErrorCode::NoCapacity,
                    message,
                )],
            });
        }
        let order = service_order::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(staff.jobcentre),
            citizen_id: Set(citizen.uuid()),
            provider_id: Set(contract.provider_id),
            assigned_user_id: Set(None),
            offer_kind_code: Set(service.offer_kind_code.clone()),
            justification: Set(input.justification.trim().to_string()),
            goal: Set(input.goal.trim().to_string()),
            remark: Set(input.remark.trim().to_string()),
            starts_on: Set(input.starts_on),
            ends_on: Set(Some(input.ends_on)),
            status: Set(ServiceOrderStatus::Ordered),
            created_at: Set(now),
            contract_service_id: Set(Some(service.id)),
            minutes_per_week: Set(Some((input.hours_per_week * 60.0).round() as i32)),
            weeks: Set(Some(input.weeks)),
            accepted_at: Set(None),
            started_on: Set(None),
            finished_on: Set(None),
            cancel_reason: Set(None),
        }
        .insert(txn)
        .await?;
        Ok(OrderOutcome::ok(order.id))
    })
    .await?;
    load(db, outcome).await
}

/// A service with its version and contract, if the contract is `jobcentre`'s.
async fn service_of_jobcentre(
    db: &impl ConnectionTrait,
    service_id: Uuid,
    jobcentre: Uuid,
) -> AppResult<
    Option<(
        contract_service::Model,
        contract_version::Model,
        contract::Model,
    )>,
> {
    let Some(service) = contract_service::Entity::find_by_id(service_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(version) = contract_version::Entity::find_by_id(service.contract_version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let contract = contract::Entity::find_by_id(version.contract_id)
        .filter(contract::Column::JobcentreId.eq(jobcentre))
        .one(db)
        .await?;
    Ok(contract.map(|c| (service, version, c)))
}

/// A service that lists target groups takes only citizens whose open case is in one of them.
async fn check_target_group(
    db: &impl ConnectionTrait,
    citizen: &citizens::Visible,
    service: Uuid,
) -> AppResult<Option<UserError>> {
    let served: Vec<String> = contract_service_target_group::Entity::find()
        .filter(contract_service_target_group::Column::ContractServiceId.eq(service))
        .select_only()
        .column(contract_service_target_group::Column::TargetGroupCode)
        .into_tuple()
        .all(db)
        .await?;
    if served.is_empty() {
        return Ok(None);
    }
    let open = cases::service::open_cases(db, &[citizen])
        .await?
        .remove(&citizen.uuid());
    match open {
        Some(case) if served.contains(&case.target_group_code) => Ok(None),
        Some(case) => Ok(Some(invalid(
            "contractServiceId",
            format!(
                "the service serves the target groups {}; the citizen's case is in {}",
                served.join(", "),
                case.target_group_code
            ),
        ))),
        None => Ok(Some(invalid(
            "citizenId",
            "the citizen has no open case, so no target group this service serves",
        ))),
    }
}

/// The periods of the orders holding a seat of the service `code` of `contract` (in any of its
/// versions), except `except`.
pub async fn seats_taken(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
    code: &str,
    except: Option<Uuid>,
) -> AppResult<Vec<(NaiveDate, Option<NaiveDate>)>> {
    let services: Vec<Uuid> = contract_service::Entity::find()
        .inner_join(contract_version::Entity)
        .filter(contract_version::Column::ContractId.eq(contract.id))
        .filter(contract_service::Column::ServiceCode.eq(code))
        .select_only()
        .column(contract_service::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut query = service_order::Entity::find()
        .select_only()
        .column(service_order::Column::StartsOn)
        .column(service_order::Column::EndsOn)
        .filter(service_order::Column::ContractServiceId.is_in(services))
        .filter(service_order::Column::Status.is_in(ServiceOrderStatus::HOLDING_A_SEAT.to_vec()));
    if let Some(except) = except {
        query = query.filter(service_order::Column::Id.ne(except));
    }
    Ok(query.into_tuple().all(db).await?)
}

/// Orders holding a seat on `day`.
pub fn seats_taken_on(taken: &[(NaiveDate, Option<NaiveDate>)], day: NaiveDate) -> usize {
    taken
        .iter()
        .filter(|(from, to)| *from <= day && to.is_none_or(|to| day <= to))
        .count()
}

/// The first day on or after `from` from which a period as long as `from..=to` fits in `seats`
/// beside the orders `taken`, or none when it never does (orders without an end fill it).
/// Occupancy only rises where an order starts, so a period fits when a seat is free on its first
/// day and on every day an order starts within it; and a period that does not fit can only
/// come to fit the day after an order ends.
pub fn first_fit(
    seats: i32,
    taken: &[(NaiveDate, Option<NaiveDate>)],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<NaiveDate> {
    let seats = usize::try_from(seats).unwrap_or(0);
    let length = to - from;
    let fits = |start: NaiveDate| {
        let end = start + length;
        std::iter::once(start)
            .chain(
                taken
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| start < *s && *s <= end),
            )
            .all(|day| seats_taken_on(taken, day) < seats)
    };
    let mut candidates: Vec<NaiveDate> = std::iter::once(from)
        .chain(
            taken
                .iter()
                .filter_map(|(_, to)| *to)
                .filter(|to| *to >= from)
                .map(|to| to + Duration::days(1)),
        )
        .collect();
    candidates.sort();
    candidates.dedup();
    candidates.into_iter().find(|c| fits(*c))
}

/// What a lifecycle step changes on its order (besides the state) and the event it publishes.
struct Change {
    order: service_order::ActiveModel,
    event: Option<DomainEvent>,
}

/// One step of an order's lifecycle, taken the way every step is: the order read through the
/// viewer's scope (anyone else's order is `NOT_FOUND`), `check` deciding the change, the state
/// moved from one of `from` to `to` in one conditional update (two requests taking the same step
/// settle on the statement; the loser gets `WRONG_STATE`), and the event enqueued, all in one
/// transaction with the idempotency key.
#[allow(clippy::too_many_arguments)]
async fn step<I: Serialize>(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    (operation, input, idempotency_key): (&'static str, &I, Option<&str>),
    order_id: &async_graphql::ID,
    from: &[ServiceOrderStatus],
    to: ServiceOrderStatus,
    check: impl AsyncFnOnce(
        &DatabaseTransaction,
        &service_order::Model,
        NaiveDate,
    ) -> AppResult<Result<Change, UserError>>,
) -> AppResult<ServiceOrderPayload> {
    let now = clock.now();
    let today = danish_date(now);
    let order_id = ServiceOrderId::parse(order_id, "serviceOrderId")?;
    let key = IdempotencyKey::new(viewer, idempotency_key, operation, input)?;
    let outcome = runner::run(db, key, now, OrderOutcome::err, async |txn| {
        let Some(order) = visible_order(txn, viewer, order_id).await? else {
            return Ok(OrderOutcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::NotFound,
                "no order you may act on has this id",
            )));
        };
        let change = match check(txn, &order, today).await? {
            Ok(change) => change,
            Err(e) => return Ok(OrderOutcome::err(e)),
        };
        if let Some(refused) = move_state(txn, &order, from, to, change.order).await? {
            return Ok(refused);
        }
        if let Some(event) = change.event {
            outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        }
        Ok(OrderOutcome::ok(order.id))
    })
    .await?;
    load(db, outcome).await
}

/// The provider's coordinator accepts an order and assigns one of the organisation's users.
pub async fn accept(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: AcceptServiceOrderInput,
) -> AppResult<ServiceOrderPayload> {
    let now = clock.now();
    let user_id = ProviderUserId::parse(&input.assign_to, "assignTo")?;
    let operation = (
        "acceptServiceOrder",
        &input,
        input.idempotency_key.as_deref(),
    );
    step(
        db,
        clock,
        viewer,
        operation,
        &input.service_order_id,
        &[ServiceOrderStatus::Ordered],
        ServiceOrderStatus::Accepted,
        async |txn, order, _| {
            let user = provider_user::Entity::find_by_id(user_id.0)
                .filter(provider_user::Column::ProviderId.eq(order.provider_id))
                .one(txn)
                .await?;
            if user.is_none() {
                return Ok(Err(UserError::new(
                    &["input", "assignTo"],
                    UserErrorCode::NotFound,
                    "no user of your organisation has this id",
                )));
            }
            Ok(Ok(Change {
                order: service_order::ActiveModel {
                    assigned_user_id: Set(Some(user_id.0)),
                    accepted_at: Set(Some(now)),
                    ..Default::default()
                },
                event: None,
            }))
        },
    )
    .await
}

/// The provider records that the citizen started (the coordinator, or the staff member the
/// order is assigned to). Publishes the activation's start for the benefits service.
pub async fn start(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: StartServiceOrderInput,
) -> AppResult<ServiceOrderPayload> {
    let day = input.started_on;
    let operation = (
        "startServiceOrder",
        &input,
        input.idempotency_key.as_deref(),
    );
    step(
        db,
        clock,
        viewer,
        operation,
        &input.service_order_id,
        &[ServiceOrderStatus::Accepted],
        ServiceOrderStatus::Started,
        async |_, order, today| {
            if day > today || day < order.starts_on || order.ends_on.is_some_and(|end| day > end) {
                return Ok(Err(UserError::new(
                    &["input", "startedOn"],
                    UserErrorCode::InvalidPeriod,
                    "the start is a day of the order's period, today at the latest",
                )));
            }
            Ok(Ok(Change {
                order: service_order::ActiveModel {
                    started_on: Set(Some(day)),
                    ..Default::default()
                },
                event: Some(DomainEvent::ActivationStarted {
                    service_order_id: order.id,
                    citizen_id: order.citizen_id,
                    provider_id: order.provider_id,
                    offer_kind: order.offer_kind_code.clone(),
                    started_on: day,
                }),
            }))
        },
    )
    .await
}

/// The job centre ends a running order. Publishes the activation's end.
pub async fn end(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: EndServiceOrderInput,
) -> AppResult<ServiceOrderPayload> {
    let day = input.ended_on;
    let operation = ("endServiceOrder", &input, input.idempotency_key.as_deref());
    step(
        db,
        clock,
        viewer,
        operation,
        &input.service_order_id,
        &[ServiceOrderStatus::Started],
        ServiceOrderStatus::Ended,
        async |txn, order, today| {
            if let Some(refused) = held_open(txn, order).await? {
                return Ok(Err(refused));
            }
            if day > today || order.started_on.is_some_and(|started| day < started) {
                return Ok(Err(UserError::new(
                    &["input", "endedOn"],
                    UserErrorCode::InvalidPeriod,
                    "the end is on or after the start, today at the latest",
                )));
            }
            Ok(Ok(Change {
                order: service_order::ActiveModel {
                    finished_on: Set(Some(day)),
                    ..Default::default()
                },
                event: Some(DomainEvent::ActivationEnded {
                    service_order_id: order.id,
                    citizen_id: order.citizen_id,
                    provider_id: order.provider_id,
                    ended_on: day,
                }),
            }))
        },
    )
    .await
}

/// The job centre cancels an order that has not ended, with a reason; its seat is freed.
/// Publishes the cancellation (the end of the activation, if it had started).
pub async fn cancel(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: CancelServiceOrderInput,
) -> AppResult<ServiceOrderPayload> {
    let reason = input.reason.trim().to_string();
    let operation = (
        "cancelServiceOrder",
        &input,
        input.idempotency_key.as_deref(),
    );
    step(
        db,
        clock,
        viewer,
        operation,
        &input.service_order_id,
        ServiceOrderStatus::HOLDING_A_SEAT,
        ServiceOrderStatus::Cancelled,
        async |txn, order, today| {
            if reason.is_empty() {
                return Ok(Err(invalid("reason", "say why the order is cancelled")));
            }
            if let Some(refused) = held_open(txn, order).await? {
                return Ok(Err(refused));
            }
            Ok(Ok(Change {
                order: service_order::ActiveModel {
                    finished_on: Set(Some(today)),
                    cancel_reason: Set(Some(reason)),
                    ..Default::default()
                },
                event: Some(DomainEvent::ActivationCancelled {
                    service_order_id: order.id,
                    citizen_id: order.citizen_id,
                    provider_id: order.provider_id,
                    started_on: order.started_on,
                    cancelled_on: today,
                }),
            }))
        },
    )
    .await
}

/// Rule 10 (`003:2775-2796`): an offer rejected by a no-show stays open, and keeps its seat,
/// until the hearing and the decision are done; ending it would mean the citizen did not stay
/// away from an offer.
async fn held_open(
    txn: &DatabaseTransaction,
    order: &service_order::Model,
) -> AppResult<Option<UserError>> {
    let open = super::no_show::of_order(txn, order.id)
        .await?
        .is_some_and(|p| super::no_show::holds_the_offer_open(&p));
    Ok(open.then(|| {
        UserError::new(
            &["input", "serviceOrderId"],
            UserErrorCode::WrongState,
            "the citizen rejected the offer by not coming; it stays open until the decision is \
             recorded (recordNoShowDecision)",
        )
    }))
}

/// The order, if the viewer may see it (staff of its job centre; the provider's coordinator;
/// the staff member it is assigned to).
pub async fn visible_order(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: ServiceOrderId,
) -> AppResult<Option<service_order::Model>> {
    Ok(service_order::Entity::find_by_id(id.0)
        .filter(scope::referrals_visible_to(viewer))
        .one(db)
        .await?)
}

/// Moves `order` from one of `from` to `to` with `changes`, in one conditional update; `Some`
/// refusal when the order is not in one of `from`.
async fn move_state(
    txn: &DatabaseTransaction,
    order: &service_order::Model,
    from: &[ServiceOrderStatus],
    to: ServiceOrderStatus,
    mut changes: service_order::ActiveModel,
) -> AppResult<Option<OrderOutcome>> {
    changes.status = Set(to);
    let moved = service_order::Entity::update_many()
        .set(changes)
        .filter(service_order::Column::Id.eq(order.id))
        .filter(service_order::Column::Status.is_in(from.iter().copied()))
        .exec(txn)
        .await?
        .rows_affected;
    if moved == 1 {
        return Ok(None);
    }
    let now: ServiceOrderStatus = service_order::Entity::find_by_id(order.id)
        .select_only()
        .column(service_order::Column::Status)
        .into_tuple()
        .one(txn)
        .await?
        .unwrap_or(order.status);
    Ok(Some(OrderOutcome::err(UserError::new(
        &["input", "serviceOrderId"],
        UserErrorCode::WrongState,
        format!(
            "the order is {}; this step needs it {}",
            now.to_value(),
            from.iter()
                .map(|s| s.to_value())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    ))))
}

/// The delivery alert threshold (percent) of the order's service; 0 (never) for orders made
/// before contracts were held.
pub async fn alert_threshold(
    db: &impl ConnectionTrait,
    order: &service_order::Model,
) -> AppResult<i32> {
    let Some(id) = order.contract_service_id else {
        return Ok(0);
    };
    Ok(contract_service::Entity::find_by_id(id)
        .select_only()
        .column(contract_service::Column::AlertBelowPercent)
        .into_tuple::<i32>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// An order by id, whoever may see it; for work that runs on behalf of no one (the delivery
/// check) and for re-reading an order a mutation just changed.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<service_order::Model>> {
    Ok(service_order::Entity::find_by_id(id).one(db).await?)
}

/// The ids of every started order.
pub async fn started(db: &impl ConnectionTrait) -> AppResult<Vec<Uuid>> {
    Ok(service_order::Entity::find()
        .select_only()
        .column(service_order::Column::Id)
        .filter(service_order::Column::Status.eq(ServiceOrderStatus::Started))
        .into_tuple()
        .all(db)
        .await?)
}

/// A decided change request takes effect on its order (rule 8): a new last day (an extension
/// must fit the service's seats), new hours per week, an end (the activation ends that day), or,
/// for an order the citizen never started, a cancellation. Runs in the decision's transaction;
/// `Err` when the change cannot be made (nothing is written then).
pub async fn apply_change(
    txn: &DatabaseTransaction,
    order: &service_order::Model,
    change: OrderChange,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Result<(), UserError>> {
    let today = danish_date(now);
    let refuse = |code, message: String| {
        Ok(Err(UserError::new(
            &["input", "changeRequestId"],
            code,
            message,
        )))
    };
    match change {
        OrderChange::NewEnd(day) if order.ends_on.is_none_or(|end| day > end) => {
            if let Some(service_id) = order.contract_service_id
                && let Some((service, _, contract)) =
                    service_of_jobcentre(txn, service_id, order.jobcentre_id).await?
            {
                contract::Entity::find_by_id(contract.id)
                    .lock_exclusive()
                    .one(txn)
                    .await?;
                let taken =
                    seats_taken(txn, &contract, &service.service_code, Some(order.id)).await?;
                if first_fit(service.seats, &taken, order.starts_on, day) != Some(order.starts_on) {
                    return refuse(
                        UserErrorCode::NoCapacity,
                        format!(
                            "all {} seats of {} are taken in the longer period",
                            service.seats, service.service_code
                        ),
                    );
                }
            }
            service_order::Entity::update_many()
                .col_expr(service_order::Column::EndsOn, Expr::value(Some(day)))
                .filter(service_order::Column::Id.eq(order.id))
                .exec(txn)
                .await?;
        }
        OrderChange::NewEnd(day) => {
            if order.status != ServiceOrderStatus::Started {
                return refuse(
                    UserErrorCode::WrongState,
                    "only a started offer can end; an order never started is cancelled".into(),
                );
            }
            service_order::Entity::update_many()
                .col_expr(service_order::Column::EndsOn, Expr::value(Some(day)))
                .filter(service_order::Column::Id.eq(order.id))
                .exec(txn)
                .await?;
            if day <= today {
                let moved = service_order::Entity::update_many()
                    .col_expr(
                        service_order::Column::Status,
                        Expr::value(ServiceOrderStatus::Ended),
                    )
                    .col_expr(service_order::Column::FinishedOn, Expr::value(Some(day)))
                    .filter(service_order::Column::Id.eq(order.id))
                    .filter(service_order::Column::Status.eq(ServiceOrderStatus::Started))
                    .exec(txn)
                    .await?
                    .rows_affected;
                if moved == 1 {
                    let event = DomainEvent::ActivationEnded {
                        service_order_id: order.id,
                        citizen_id: order.citizen_id,
                        provider_id: order.provider_id,
                        ended_on: day,
                    };
                    outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
                }
            }
        }
        OrderChange::Hours(minutes) => {
            service_order::Entity::update_many()
                .col_expr(
                    service_order::Column::MinutesPerWeek,
                    Expr::value(Some(minutes)),
                )
                .filter(service_order::Column::Id.eq(order.id))
                .exec(txn)
                .await?;
        }
        OrderChange::NeverStarted => {
            let moved = service_order::Entity::update_many()
                .col_expr(
                    service_order::Column::Status,
                    Expr::value(ServiceOrderStatus::Cancelled),
                )
                .col_expr(service_order::Column::FinishedOn, Expr::value(Some(today)))
                .col_expr(
                    service_order::Column::CancelReason,
                    Expr::value(Some("Borgeren startede aldrig i tilbuddet.".to_string())),
                )
                .filter(service_order::Column::Id.eq(order.id))
                .filter(
                    service_order::Column::Status
                        .is_in([ServiceOrderStatus::Ordered, ServiceOrderStatus::Accepted]),
                )
                .exec(txn)
                .await?
                .rows_affected;
            if moved == 0 {
                return refuse(
                    UserErrorCode::WrongState,
                    "the citizen started this offer; ask to end it instead".into(),
                );
            }
            let event = DomainEvent::ActivationCancelled {
                service_order_id: order.id,
                citizen_id: order.citizen_id,
                provider_id: order.provider_id,
                started_on: None,
                cancelled_on: today,
            };
            outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        }
    }
    Ok(Ok(()))
}

/// What a decided change request does to its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderChange {
    /// A new last day: later is an extension, earlier an end.
    NewEnd(NaiveDate),
    /// New minutes per week.
    Hours(i32),
    /// The citizen never started: cancel.
    NeverStarted,
}

/// The order's undecided change request, if any: it holds the order's hearing requests back and
/// is named in its notices to the benefits service (the requests themselves are the changes
/// domain's).
pub async fn pending_change(
    db: &impl ConnectionTrait,
    order_id: Uuid,
) -> AppResult<Option<offer_change_request::Model>> {
    Ok(offer_change_request::Entity::find()
        .filter(offer_change_request::Column::ServiceOrderId.eq(order_id))
        .filter(offer_change_request::Column::Status.eq(ChangeRequestStatus::Pending))
        .one(db)
        .await?)
}

/// One order of `staff`'s job centre.
pub async fn of_jobcentre(
    db: &impl ConnectionTrait,
    staff: &Staff,
    id: ServiceOrderId,
) -> AppResult<Option<service_order::Model>> {
    visible_order(db, &Viewer::Staff(*staff), id).await
}

async fn load(db: &impl ConnectionTrait, outcome: OrderOutcome) -> AppResult<ServiceOrderPayload> {
    let order = match outcome.id {
        Some(id) => service_order::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(ServiceOrderPayload {
        service_order: order.map(ServiceOrder),
        next_free_date: outcome.next_free_date,
        user_errors: outcome.user_errors,
    })
}

/// The orders under `services` that ran (started, and not finished before `from`) at some time
/// from `from` to `to`: what an invoicing basis bills. One statement.
pub async fn billable(
    db: &impl ConnectionTrait,
    services: &[Uuid],
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<Vec<service_order::Model>> {
    Ok(service_order::Entity::find()
        .filter(service_order::Column::ContractServiceId.is_in(services.iter().copied()))
        .filter(service_order::Column::StartedOn.lte(to))
        .filter(
            sea_orm::Condition::any()
                .add(service_order::Column::FinishedOn.is_null())
                .add(service_order::Column::FinishedOn.gte(from)),
        )
        .order_by_asc(service_order::Column::Id)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, day).unwrap_or_default()
    }

    #[test]
    fn a_free_seat_fits_at_once() {
        assert_eq!(
            first_fit(2, &[(d(1), Some(d(31)))], d(5), d(10)),
            Some(d(5))
        );
    }

    #[test]
    fn a_full_service_fits_the_day_after_an_order_ends() {
        let taken = [(d(1), Some(d(12))), (d(1), Some(d(20)))];
        assert_eq!(first_fit(2, &taken, d(5), d(10)), Some(d(13)));
    }

    #[test]
    fn a_period_must_fit_on_every_day_not_only_the_first() {
        // A seat is free on the 5th, but an order starting on the 8th fills the service.
        let taken = [(d(1), Some(d(20))), (d(8), Some(d(15)))];
        assert_eq!(first_fit(2, &taken, d(5), d(10)), Some(d(16)));
    }

    #[test]
    fn orders_without_an_end_fill_the_service_for_good() {
        assert_eq!(first_fit(1, &[(d(1), None)], d(5), d(10)), None);
    }
}
