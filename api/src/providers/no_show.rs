//! The no-show procedure at offers (rule 9, `003:2847-2876`; the groups, `003:4704-4706`).
//!
//! For the target groups listed in `no_show_policies` (never dagpenge; an unlisted group gets no
//! procedure), a no-show on the offer's first day counts as rejecting the offer. The provider
//! then sends one re-summons letter with a new date, by Digital Post or on paper through
//! jobbro's letter port; phone or text messages may be added, never instead (`LETTER_REQUIRED`).
//! For a citizen with a protected address the job centre sends it on the provider's behalf, so
//! the address never reaches the provider. A no-show on the date in the letter raises a hearing
//! request to the benefits service, unless a person marking protects the citizen from sanctions
//! (rule 13), and a later appearance tells the benefits service the citizen came back. The
//! offer stays open, holding its seat, until the job centre records the decision (rule 10,
//! `003:2775-2796`).

use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AttendanceKind, ChangeKind, Channel, NoShowStatus},
    no_show_policy, no_show_procedure, service_order,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter,
};
use uuid::Uuid;

use super::{no_show_views::*, orders};
use crate::{
    cases, citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::ServiceOrderId,
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{ProviderUser, Staff, Viewer},
    },
    markings,
    outbox::{self, DomainEvent},
};

/// The procedure of an order, if one began.
pub async fn of_order(
    db: &impl ConnectionTrait,
    order_id: Uuid,
) -> AppResult<Option<no_show_procedure::Model>> {
    Ok(no_show_procedure::Entity::find()
        .filter(no_show_procedure::Column::ServiceOrderId.eq(order_id))
        .one(db)
        .await?)
}

/// Whether the order must stay open: its rejection awaits a hearing and a decision (rule 10).
/// A citizen who came on the new date rejected nothing; a withheld hearing sanctions nothing.
pub fn holds_the_offer_open(p: &no_show_procedure::Model) -> bool {
    match p.status {
        NoShowStatus::AwaitingLetter | NoShowStatus::LetterSent => p.reappeared_on.is_none(),
        NoShowStatus::HearingRequested => true,
        NoShowStatus::HearingWithheld | NoShowStatus::Decided => false,
    }
}

/// Whether the procedure applies to `group` on `day`.
async fn applies(db: &impl ConnectionTrait, group: &str, day: NaiveDate) -> AppResult<bool> {
    Ok(no_show_policy::Entity::find_by_id(group.to_string())
        .one(db)
        .await?
        .is_some_and(|p| p.valid_from <= day && p.valid_to.is_none_or(|to| day <= to)))
}

/// Moves a procedure from `from` to `to` with `changes`, in one conditional update; false when
/// another request moved it first.
async fn advance(
    txn: &DatabaseTransaction,
    procedure: &no_show_procedure::Model,
    from: NoShowStatus,
    mut changes: no_show_procedure::ActiveModel,
) -> AppResult<bool> {
    if !matches!(changes.status, sea_orm::ActiveValue::Set(_)) {
        changes.status = Set(from);
    }
    Ok(no_show_procedure::Entity::update_many()
        .set(changes)
        .filter(no_show_procedure::Column::Id.eq(procedure.id))
        .filter(no_show_procedure::Column::Status.eq(from))
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

/// Whether an undecided change request of this kind holds a hearing request back: an end or a
/// reduction of the offer (`003:1439-1451`).
pub fn holds_hearings(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::End | ChangeKind::ReduceHours | ChangeKind::NotStarted
    )
}

/// The hearing request (or, for a citizen protected by a person marking, its withholding) after
/// a no-show on the date in the letter.
async fn hearing(
    txn: &DatabaseTransaction,
    p: &no_show_procedure::Model,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Option<DomainEvent>> {
    let (status, event) = if markings::service::protecting(txn, p.citizen_id)
        .await?
        .is_some()
    {
        (
            no_show_procedure::ActiveModel {
                status: Set(NoShowStatus::HearingWithheld),
                withheld_reason: Set(Some(
                    "En personmarkering beskytter borgeren mod sanktion.".into(),
                )),
                held_for: Set(None),
                ..Default::default()
            },
            DomainEvent::HearingWithheld {
                procedure_id: p.id,
                service_order_id: p.service_order_id,
                citizen_id: p.citizen_id,
                day,
            },
        )
    } else {
        (
            no_show_procedure::ActiveModel {
                status: Set(NoShowStatus::HearingRequested),
                hearing_requested_at: Set(Some(now)),
                held_for: Set(None),
                ..Default::default()
            },
            DomainEvent::HearingRequested {
                procedure_id: p.id,
                service_order_id: p.service_order_id,
                citizen_id: p.citizen_id,
                day,
            },
        )
    };
    Ok(advance(txn, p, NoShowStatus::LetterSent, status)
        .await?
        .then_some(event))
}

/// A change request was decided: the hearing request it held back goes out when it was
/// rejected, and is withheld when the end or reduction was approved (the citizen did not stay
/// away from an offer that stopped).
pub async fn release_held(
    txn: &DatabaseTransaction,
    change_request: Uuid,
    approved: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(p) = no_show_procedure::Entity::find()
        .filter(no_show_procedure::Column::HeldFor.eq(change_request))
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let day = p.resummons_on.unwrap_or(p.first_no_show_on);
    let event = if approved {
        let changes = no_show_procedure::ActiveModel {
            status: Set(NoShowStatus::HearingWithheld),
            withheld_reason: Set(Some(
                "Jobcentret godkendte leverandørens anmodning om ændring af tilbuddet.".into(),
            )),
            held_for: Set(None),
            ..Default::default()
        };
        advance(txn, &p, NoShowStatus::LetterSent, changes)
            .await?
            .then_some(DomainEvent::HearingWithheld {
                procedure_id: p.id,
                service_order_id: p.service_order_id,
                citizen_id: p.citizen_id,
                day,
            })
    } else {
        hearing(txn, &p, day, now).await?
    };
    if let Some(event) = event {
        outbox::enqueue(txn, now, Some(p.jobcentre_id), &event).await?;
    }
    Ok(())
}

/// What a day the provider recorded means for the order's procedure; runs in the recording's
/// transaction. `pending_change` is the order's undecided change request, if any.
pub async fn on_day_recorded(
    txn: &DatabaseTransaction,
    order: &service_order::Model,
    (day, kind): (NaiveDate, AttendanceKind),
    pending_change: Option<(Uuid, ChangeKind)>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let existing = of_order(txn, order.id).await?;
    let event = match (kind, existing) {
        // A no-show on the first day rejects the offer: the procedure begins.
        (AttendanceKind::NoShow, None) if day == order.starts_on => {
            let Some(group) = cases::service::target_group(txn, order.citizen_id).await? else {
                return Ok(());
            };
            if !applies(txn, &group, day).await? {
                return Ok(());
            }
            let id = Uuid::now_v7();
            no_show_procedure::Entity::insert(no_show_procedure::ActiveModel {
                id: Set(id),
                jobcentre_id: Set(order.jobcentre_id),
                service_order_id: Set(order.id),
                citizen_id: Set(order.citizen_id),
                target_group_code: Set(group),
                first_no_show_on: Set(day),
                status: Set(NoShowStatus::AwaitingLetter),
                resummons_on: Set(None),
                letter_channel: Set(None),
                also_by_phone: Set(false),
                also_by_sms: Set(false),
                sent_on_behalf: Set(false),
                letter_recorded_at: Set(None),
                hearing_requested_at: Set(None),
                withheld_reason: Set(None),
                reappeared_on: Set(None),
                decided_at: Set(None),
                decision: Set(None),
                created_at: Set(now),
                held_for: Set(None),
            })
            .exec_without_returning(txn)
            .await?;
            DomainEvent::OfferRejectedByNoShow {
                procedure_id: id,
                service_order_id: order.id,
                citizen_id: order.citizen_id,
                day,
            }
        }
        // A no-show on the date in the letter: the hearing request, unless the citizen is
        // protected from sanctions; held back while an end or reduction is undecided.
        (AttendanceKind::NoShow, Some(p))
            if p.status == NoShowStatus::LetterSent
                && p.resummons_on == Some(day)
                && p.reappeared_on.is_none()
                && p.held_for.is_none() =>
        {
            if let Some((request, _)) = pending_change.filter(|(_, k)| holds_hearings(*k)) {
                let changes = no_show_procedure::ActiveModel {
                    held_for: Set(Some(request)),
                    ..Default::default()
                };
                advance(txn, &p, NoShowStatus::LetterSent, changes).await?;
                return Ok(());
            }
            let Some(event) = hearing(txn, &p, day, now).await? else {
                return Ok(());
            };
            event
        }
        // The citizen turned up after the no-show: recorded once; the benefits service hears of
        // it when it was asked for a hearing (`003:2875-2876`).
        (AttendanceKind::Attended, Some(p))
            if day > p.first_no_show_on
                && p.reappeared_on.is_none()
                && p.status != NoShowStatus::Decided =>
        {
            let changes = no_show_procedure::ActiveModel {
                reappeared_on: Set(Some(day)),
                ..Default::default()
            };
            if !advance(txn, &p, p.status, changes).await?
                || p.status != NoShowStatus::HearingRequested
            {
                return Ok(());
            }
            DomainEvent::CitizenReappeared {
                procedure_id: p.id,
                service_order_id: order.id,
                citizen_id: order.citizen_id,
                day,
            }
        }
        _ => return Ok(()),
    };
    outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
    Ok(())
}

fn order_not_found() -> Outcome {
    Outcome::err(UserError::new(
        &["input", "serviceOrderId"],
        UserErrorCode::NotFound,
        "no order you may act on has this id",
    ))
}

/// `recordResummons`: the provider records the letter with a new date after a first-day
/// no-show; jobbro sends it.
pub async fn record_resummons(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &ProviderUser,
    input: RecordResummonsInput,
) -> AppResult<ResummonsPayload> {
    let viewer = &Viewer::Provider(*user);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "recordResummons",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let letters: Vec<Channel> = input
            .channels
            .iter()
            .filter_map(|c| match c {
                ResummonsChannel::DigitalPost => Some(Channel::DigitalPost),
                ResummonsChannel::Paper => Some(Channel::Paper),
                ResummonsChannel::Phone | ResummonsChannel::Sms => None,
            })
            .collect();
        let letter = match letters.as_slice() {
            [one] => *one,
            [] => {
                return Ok(Outcome::err(UserError::new(
                    &["input", "channels"],
                    UserErrorCode::LetterRequired,
                    "a re-summons goes by letter (DIGITAL_POST or PAPER); phone and SMS may be \
                     added, never instead",
                )));
            }
            _ => {
                return Ok(Outcome::err(UserError::new(
                    &["input", "channels"],
                    UserErrorCode::Invalid,
                    "send one letter: DIGITAL_POST or PAPER, not both",
                )));
            }
        };
        let Some(order) = orders::visible_order(txn, viewer, order_id).await? else {
            return Ok(order_not_found());
        };
        let Some(p) = of_order(txn, order.id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "the order has no no-show procedure: a re-summons follows a no-show on the \
                 first day",
            )));
        };
        let last = order.ends_on.unwrap_or(input.new_date);
        if input.new_date <= today || input.new_date > last {
            return Ok(Outcome::err(UserError::new(
                &["input", "newDate"],
                UserErrorCode::InvalidPeriod,
                format!("the new date is after today and on or before the order's end ({last})"),
            )));
        }
        let person = citizens::service::recipient(txn, order.citizen_id).await?;
        let changes = no_show_procedure::ActiveModel {
            status: Set(NoShowStatus::LetterSent),
            resummons_on: Set(Some(input.new_date)),
            letter_channel: Set(Some(letter)),
            also_by_phone: Set(input.channels.contains(&ResummonsChannel::Phone)),
            also_by_sms: Set(input.channels.contains(&ResummonsChannel::Sms)),
            sent_on_behalf: Set(person.protected_address),
            letter_recorded_at: Set(Some(now)),
            ..Default::default()
        };
        if !advance(txn, &p, NoShowStatus::AwaitingLetter, changes).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "the re-summons letter of this order was already recorded",
            )));
        }
        let event = DomainEvent::ResummonsLetterRecorded {
            procedure_id: p.id,
            service_order_id: order.id,
            citizen_id: order.citizen_id,
            provider_id: order.provider_id,
            new_date: input.new_date,
            channel: letter,
            on_behalf: person.protected_address,
        };
        outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        Ok(Outcome::ok(p.id))
    })
    .await?;
    let (row, user_errors) = load(db, outcome).await?;
    Ok(ResummonsPayload {
        procedure: row.map(ProviderNoShowProcedure),
        user_errors,
    })
}

/// `recordNoShowDecision`: the job centre records the decision on a rejected offer; the offer
/// may then end or be cancelled.
pub async fn record_decision(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RecordNoShowDecisionInput,
) -> AppResult<NoShowDecisionPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let order_id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "recordNoShowDecision",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let decision = input.decision.trim();
        if decision.is_empty() {
            return Ok(Outcome::err(UserError::new(
                &["input", "decision"],
                UserErrorCode::Invalid,
                "write the decision",
            )));
        }
        let Some(order) = orders::visible_order(txn, viewer, order_id).await? else {
            return Ok(order_not_found());
        };
        let Some(p) = of_order(txn, order.id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "the order has no no-show procedure",
            )));
        };
        let changes = no_show_procedure::ActiveModel {
            status: Set(NoShowStatus::Decided),
            decided_at: Set(Some(now)),
            decision: Set(Some(decision.to_string())),
            ..Default::default()
        };
        let from = p.status;
        if from == NoShowStatus::Decided || !advance(txn, &p, from, changes).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::AlreadyDone,
                "the decision is already recorded",
            )));
        }
        Ok(Outcome::ok(p.id))
    })
    .await?;
    let (row, user_errors) = load(db, outcome).await?;
    Ok(NoShowDecisionPayload {
        procedure: row.map(NoShowProcedure),
        user_errors,
    })
}

async fn load(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<(Option<no_show_procedure::Model>, Vec<UserError>)> {
    let row = match outcome.id {
        Some(id) => no_show_procedure::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok((row, outcome.user_errors))
}
