//! Absence rules. A sick report deregisters the citizen at once unless employed with wage
//! subsidy (rule 1, `002:57-60`); the types that notify the unemployment fund raise an outbox
//! event on start and end (rule 3, `002:145-153`).

use chrono::{Duration, NaiveDate};
use jobbro_entities::{
    absence, absence_type,
    enums::{AbsenceReporter, DeregistrationReason},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    SICK_REPORT, scope,
    situation::{Situation, valid_on},
    types::*,
};
use crate::{
    cases,
    citizens::{self, Visible},
    kernel::clock::{SharedClock, danish_date},
    kernel::error::{AppError, AppResult},
    kernel::ids::{AbsenceId, CitizenId},
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// How far back a citizen may date a sick report.
const MAX_BACKDATE_DAYS: i64 = 14;

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<AbsencePayload> {
    let absence = match outcome.id {
        Some(id) => absence::Entity::find_by_id(id)
            .find_also_related(absence_type::Entity)
            .one(db)
            .await?
            .and_then(|(a, t)| t.map(|kind| Absence { absence: a, kind })),
        None => None,
    };
    Ok(AbsencePayload {
        absence,
        user_errors: outcome.user_errors,
    })
}

/// Starts an absence inside the caller's transaction: the row, the deregistration a sick report
/// causes, and the outbox event.
async fn start(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    situation: &Situation,
    kind: &absence_type::Model,
    period: (NaiveDate, Option<NaiveDate>),
    note: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Uuid> {
    let person = situation.citizen.record();
    let id = Uuid::now_v7();
    absence::Entity::insert(absence::ActiveModel {
        id: Set(id),
        jobcentre_id: Set(person.jobcentre_id),
        citizen_id: Set(person.id),
        absence_type_code: Set(kind.code.clone()),
        starts_on: Set(period.0),
        ends_on: Set(period.1),
        reported_by: Set(match viewer {
            Viewer::Citizen { .. } => AbsenceReporter::Citizen,
            Viewer::Provider(_) => AbsenceReporter::Provider,
            Viewer::Staff(_) | Viewer::Company(_) | Viewer::Integration { .. } => {
                AbsenceReporter::Caseworker
            }
        }),
        reporter_subject: Set(viewer.subject().to_string()),
        note: Set(note),
        created_at: Set(now),
        ended_at: Set(None),
    })
    .exec_without_returning(txn)
    .await?;
    let deregistered = kind.deregisters
        && !situation.wage_subsidy
        && citizens::service::deregister(
            txn,
            &situation.citizen,
            DeregistrationReason::SickReport,
            now,
        )
        .await?;
    if kind.code == SICK_REPORT {
        cases::lifecycle::on_sick_report(txn, person.id, now).await?;
    }
    let event = DomainEvent::AbsenceStarted {
        absence_id: id,
        citizen_id: person.id,
        type_code: kind.code.clone(),
        notify_fund: kind.notifies_fund,
        deregistered,
    };
    outbox::enqueue(txn, now, Some(person.jobcentre_id), &event).await?;
    Ok(id)
}

/// Ends a running absence inside the caller's transaction; the conditional update settles
/// concurrent ends. Returns false when it was already ended.
async fn end(
    txn: &DatabaseTransaction,
    row: &absence::Model,
    kind: &absence_type::Model,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<bool> {
    // The last absent day is yesterday, or the first day when it started today.
    let last_day = std::cmp::max(row.starts_on, today - Duration::days(1));
    let changed = absence::Entity::update_many()
        .col_expr(absence::Column::EndedAt, Expr::value(Some(now)))
        .col_expr(absence::Column::EndsOn, Expr::value(Some(last_day)))
        .filter(absence::Column::Id.eq(row.id))
        .filter(absence::Column::EndedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 1 {
        if kind.code == SICK_REPORT {
            cases::lifecycle::on_recovery(txn, row.citizen_id, now).await?;
        }
        let event = DomainEvent::AbsenceEnded {
            absence_id: row.id,
            citizen_id: row.citizen_id,
            type_code: kind.code.clone(),
            notify_fund: kind.notifies_fund,
        };
        outbox::enqueue(txn, now, Some(row.jobcentre_id), &event).await?;
    }
    Ok(changed == 1)
}

async fn sick_type(db: &impl ConnectionTrait) -> AppResult<absence_type::Model> {
    absence_type::Entity::find_by_id(SICK_REPORT.to_string())
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("reference data lacks {SICK_REPORT}")))
}

async fn signed_in(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Visible> {
    citizens::scope::own(db, viewer)
        .await?
        .ok_or_else(|| AppError::not_found("citizen"))
}

/// `reportSick`: the citizen reports sickness from `firstDay` (today by default).
pub async fn report_sick(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: ReportSickInput,
) -> AppResult<AbsencePayload> {
    let now = clock.now();
    let today = danish_date(now);
    let first_day = input.first_day.unwrap_or(today);
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "reportSick",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if first_day > today || first_day < today - Duration::days(MAX_BACKDATE_DAYS) {
            return Ok(Outcome::err(UserError::new(
                &["input", "firstDay"],
                UserErrorCode::InvalidPeriod,
                format!("the first sick day must be today or up to {MAX_BACKDATE_DAYS} days back"),
            )));
        }
        let situation = Situation::load(txn, signed_in(txn, viewer).await?, today).await?;
        if situation.running(SICK_REPORT).is_some() {
            return Ok(Outcome::err(UserError::new(
                &["input"],
                UserErrorCode::AlreadyDone,
                "you are already reported sick; report recovery when you are well",
            )));
        }
        let kind = sick_type(txn).await?;
        let id = start(txn, viewer, &situation, &kind, (first_day, None), None, now).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    load(db, outcome).await
}

/// `reportRecovered`: ends the citizen's running sick report.
pub async fn report_recovered(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: ReportRecoveredInput,
) -> AppResult<AbsencePayload> {
    let now = clock.now();
    let today = danish_date(now);
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "reportRecovered",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let situation = Situation::load(txn, signed_in(txn, viewer).await?, today).await?;
        let Some(row) = situation.running(SICK_REPORT).cloned() else {
            return Ok(Outcome::err(UserError::new(
                &["input"],
                UserErrorCode::NotFound,
                "you are not reported sick",
            )));
        };
        let kind = sick_type(txn).await?;
        end(txn, &row, &kind, today, now).await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    load(db, outcome).await
}

/// `registerAbsence`: a caseworker registers an absence or exemption of a citizen of the job
/// centre.
pub async fn register(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RegisterAbsenceInput,
) -> AppResult<AbsencePayload> {
    let now = clock.now();
    let today = danish_date(now);
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "registerAbsence",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            )));
        };
        let kind = absence_type::Entity::find_by_id(input.type_code.clone())
            .one(txn)
            .await?;
        let Some(kind) = kind.filter(|k| valid_on(k.valid_from, k.valid_to, input.starts_on))
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "typeCode"],
                UserErrorCode::Invalid,
                format!(
                    "`{}` is not an absence type valid on {}",
                    input.type_code, input.starts_on
                ),
            )));
        };
        if input.ends_on.is_some_and(|end| end < input.starts_on) {
            return Ok(Outcome::err(UserError::new(
                &["input", "endsOn"],
                UserErrorCode::InvalidPeriod,
                "the last day is before the first day",
            )));
        }
        let situation = Situation::load(txn, person, today).await?;
        if situation.running(&kind.code).is_some() {
            return Ok(Outcome::err(UserError::new(
                &["input", "typeCode"],
                UserErrorCode::AlreadyDone,
                "an absence of this type is already running",
            )));
        }
        let id = start(
            txn,
            viewer,
            &situation,
            &kind,
            (input.starts_on, input.ends_on),
            input.note.clone(),
            now,
        )
        .await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    load(db, outcome).await
}

/// `endAbsence`: a caseworker ends a running absence of a citizen of the job centre.
pub async fn end_absence(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: EndAbsenceInput,
) -> AppResult<AbsencePayload> {
    let now = clock.now();
    let today = danish_date(now);
    let absence_id = AbsenceId::parse(&input.absence_id, "absenceId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "endAbsence",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let found = absence::Entity::find_by_id(absence_id)
            .find_also_related(absence_type::Entity)
            .filter(scope::visible_to(viewer))
            .one(txn)
            .await?;
        let Some((row, Some(kind))) = found else {
            return Ok(Outcome::err(UserError::new(
                &["input", "absenceId"],
                UserErrorCode::NotFound,
                "no absence of your job centre has this id",
            )));
        };
        if !end(txn, &row, &kind, today, now).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "absenceId"],
                UserErrorCode::AlreadyDone,
                "this absence has already ended",
            )));
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    load(db, outcome).await
}

/// The periods of absence (any type) of each citizen that touch `from..=to`, as
/// `(first day, last day or none while open)`: what a provider sees pre-marked on its attendance
/// sheet, without the type.
pub async fn periods_between(
    db: &impl ConnectionTrait,
    citizen_ids: &[Uuid],
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<std::collections::HashMap<Uuid, Vec<(NaiveDate, Option<NaiveDate>)>>> {
    let rows: Vec<(Uuid, NaiveDate, Option<NaiveDate>)> = absence::Entity::find()
        .select_only()
        .column(absence::Column::CitizenId)
        .column(absence::Column::StartsOn)
        .column(absence::Column::EndsOn)
        .filter(absence::Column::CitizenId.is_in(citizen_ids.iter().copied()))
        .filter(absence::Column::StartsOn.lte(to))
        .filter(
            sea_orm::Condition::any()
                .add(absence::Column::EndsOn.is_null())
                .add(absence::Column::EndsOn.gte(from)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut out: std::collections::HashMap<Uuid, Vec<_>> = std::collections::HashMap::new();
    for (citizen, starts, ends) in rows {
        out.entry(citizen).or_default().push((starts, ends));
    }
    Ok(out)
}

/// Whether `day` falls in one of `periods`.
pub fn covers(periods: &[(NaiveDate, Option<NaiveDate>)], day: NaiveDate) -> bool {
    periods
        .iter()
        .any(|(from, to)| *from <= day && to.is_none_or(|to| day <= to))
}

/// A provider recorded `person` absent sick from an offer on `day` (`003:85-89`: absence is
/// registered once). The citizen's sick absence covering the day stands; one ending the day
/// before or starting the day after is stretched to take it in; otherwise a sick absence of
/// that one day starts, reported by the provider, as a sick report by anyone would (rules 1
/// and 3: deregistration unless wage subsidy, the fund told of the sickness and the recovery).
/// Runs in the caller's transaction; returns the absence.
pub async fn record_sick_day(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    person: Visible,
    day: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Uuid> {
    let near: Vec<absence::Model> = absence::Entity::find()
        .filter(absence::Column::CitizenId.eq(person.uuid()))
        .filter(absence::Column::AbsenceTypeCode.eq(SICK_REPORT))
        .filter(absence::Column::StartsOn.lte(day + Duration::days(1)))
        .filter(
            sea_orm::Condition::any()
                .add(absence::Column::EndsOn.is_null())
                .add(absence::Column::EndsOn.gte(day - Duration::days(1))),
        )
        .all(txn)
        .await?;
    if let Some(a) = near
        .iter()
        .find(|a| covers(&[(a.starts_on, a.ends_on)], day))
    {
        return Ok(a.id);
    }
    if let Some(a) = near
        .iter()
        .find(|a| a.ends_on == Some(day - Duration::days(1)))
    {
        absence::Entity::update_many()
            .col_expr(absence::Column::EndsOn, Expr::value(Some(day)))
            .filter(absence::Column::Id.eq(a.id))
            .exec(txn)
            .await?;
        return Ok(a.id);
    }
    if let Some(a) = near.iter().find(|a| a.starts_on == day + Duration::days(1)) {
        absence::Entity::update_many()
            .col_expr(absence::Column::StartsOn, Expr::value(day))
            .filter(absence::Column::Id.eq(a.id))
            .exec(txn)
            .await?;
        return Ok(a.id);
    }
    let kind = sick_type(txn).await?;
    let situation = Situation::load(txn, person, day).await?;
    let id = start(txn, viewer, &situation, &kind, (day, Some(day)), None, now).await?;
    let row = absence::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("absence {id} vanished")))?;
    // A day in the past is over: the recovery is known at once.
    end(txn, &row, &kind, day + Duration::days(1), now).await?;
    Ok(id)
}
