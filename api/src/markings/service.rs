//! Setting and removing person markings (each told to the benefits service through the outbox),
//! and asking whether one protects a citizen.

use jobbro_entities::person_marking;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use super::views::*;
use crate::{
    citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CitizenId, PersonMarkingId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{Staff, Viewer},
    },
    outbox::{self, DomainEvent},
};

/// The marking in force on `citizen_id` that protects from sanctions, if any.
pub async fn protecting(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Option<person_marking::Model>> {
    Ok(person_marking::Entity::find()
        .filter(person_marking::Column::CitizenId.eq(citizen_id))
        .filter(person_marking::Column::RemovedAt.is_null())
        .one(db)
        .await?)
}

/// The markings of each citizen of `staff`'s job centre among `citizens`, newest first.
pub async fn of_citizens(
    db: &impl ConnectionTrait,
    staff: &Staff,
    citizens: &[Uuid],
) -> AppResult<Vec<person_marking::Model>> {
    Ok(person_marking::Entity::find()
        .filter(person_marking::Column::JobcentreId.eq(staff.jobcentre))
        .filter(person_marking::Column::CitizenId.is_in(citizens.iter().copied()))
        .order_by_desc(person_marking::Column::Id)
        .all(db)
        .await?)
}

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<PersonMarkingPayload> {
    let row = match outcome.id {
        Some(id) => person_marking::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(PersonMarkingPayload {
        person_marking: row.map(PersonMarking),
        user_errors: outcome.user_errors,
    })
}

/// `setPersonMarking`: protects a citizen of the job centre from sanctions, for a reason.
pub async fn set(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: SetPersonMarkingInput,
) -> AppResult<PersonMarkingPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "setPersonMarking",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let reason = input.reason.trim();
        if reason.is_empty() {
            return Ok(Outcome::err(UserError::new(
                &["input", "reason"],
                UserErrorCode::Invalid,
                "say why the citizen is not to be sanctioned",
            )));
        }
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            )));
        };
        if protecting(txn, person.uuid()).await?.is_some() {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::AlreadyDone,
                "the citizen already has a marking in force; remove it first to change the reason",
            )));
        }
        let id = Uuid::now_v7();
        person_marking::Entity::insert(person_marking::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(staff.jobcentre),
            citizen_id: Set(person.uuid()),
            reason: Set(reason.to_string()),
            set_by: Set(staff.caseworker),
            set_at: Set(now),
            removed_by: Set(None),
            removed_at: Set(None),
            removal_reason: Set(None),
        })
        .exec_without_returning(txn)
        .await?;
        let event = DomainEvent::PersonMarkingSet {
            marking_id: id,
            citizen_id: person.uuid(),
            day: danish_date(now),
        };
        outbox::enqueue(txn, now, Some(staff.jobcentre), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    load(db, outcome).await
}

/// `removePersonMarking`: ends a marking in force, for a reason; sanction steps apply again.
pub async fn remove(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RemovePersonMarkingInput,
) -> AppResult<PersonMarkingPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = PersonMarkingId::parse(&input.person_marking_id, "personMarkingId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "removePersonMarking",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let reason = input.reason.trim();
        if reason.is_empty() {
            return Ok(Outcome::err(UserError::new(
                &["input", "reason"],
                UserErrorCode::Invalid,
                "say why the marking no longer applies",
            )));
        }
        let Some(marking) = person_marking::Entity::find_by_id(id.0)
            .filter(person_marking::Column::JobcentreId.eq(staff.jobcentre))
            .filter(person_marking::Column::RemovedAt.is_null())
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(not_in_force()));
        };
        let removed = person_marking::Entity::update_many()
            .col_expr(person_marking::Column::RemovedAt, Expr::value(Some(now)))
            .col_expr(
                person_marking::Column::RemovedBy,
                Expr::value(Some(staff.caseworker)),
            )
            .col_expr(
                person_marking::Column::RemovalReason,
                Expr::value(Some(reason.to_string())),
            )
            .filter(person_marking::Column::Id.eq(id.0))
            .filter(person_marking::Column::JobcentreId.eq(staff.jobcentre))
            .filter(person_marking::Column::RemovedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        if removed == 0 {
            return Ok(Outcome::err(not_in_force()));
        }
        let event = DomainEvent::PersonMarkingRemoved {
            marking_id: id.0,
            citizen_id: marking.citizen_id,
            day: danish_date(now),
        };
        outbox::enqueue(txn, now, Some(staff.jobcentre), &event).await?;
        Ok(Outcome::ok(id.0))
    })
    .await?;
    load(db, outcome).await
}

/// The answer when the marking to remove is not one in force at the staff's job centre.
fn not_in_force() -> UserError {
    UserError::new(
        &["input", "personMarkingId"],
        UserErrorCode::NotFound,
        "no marking in force at your job centre has this id",
    )
}
