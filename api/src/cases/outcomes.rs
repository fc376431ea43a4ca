//! Employment outcomes: a citizen started a job or an education. Recorded by the job centre;
//! read by staff on the citizen, and by the invoicing basis for result bonuses.

use std::collections::HashMap;

use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    employment_outcome,
    enums::{AuditCategory, OutcomeKind},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    auth::{Role, RoleGuard},
    citizens::{self, Visible},
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::{SharedClock, danish_date},
        context::{clock, db, staff},
        error::AppResult,
        ids::CitizenId,
        pagination,
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{Staff, Viewer},
    },
};

/// The most outcomes a citizen's list shows.
pub const MAX_OUTCOMES: usize = 20;

/// The outcomes of each of `citizens`, oldest first. One statement; the callers' citizens are
/// already scoped.
pub async fn of_citizens(
    db: &impl ConnectionTrait,
    citizens: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<employment_outcome::Model>>> {
    let rows = employment_outcome::Entity::find()
        .filter(employment_outcome::Column::CitizenId.is_in(citizens.iter().copied()))
        .order_by_asc(employment_outcome::Column::StartsOn)
        .all(db)
        .await?;
    Ok(batch::grouped(rows, |o| o.citizen_id))
}

/// `recordEmploymentOutcome`: a citizen of the job centre started a job or an education.
pub async fn record(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RecordEmploymentOutcomeInput,
) -> AppResult<EmploymentOutcomePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "recordEmploymentOutcome",
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
        let horizon = danish_date(now) + chrono::Days::new(366);
        if input.starts_on > horizon {
            return Ok(Outcome::err(UserError::new(
                &["input", "startsOn"],
                UserErrorCode::InvalidPeriod,
                "record a start at most a year ahead",
            )));
        }
        let id = Uuid::now_v7();
        let row = employment_outcome::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(staff.jobcentre),
            citizen_id: Set(person.uuid()),
            kind: Set(input.kind),
            starts_on: Set(input.starts_on),
            recorded_by: Set(staff.caseworker),
            recorded_at: Set(now),
        };
        let inserted = runner::insert_or(
            txn,
            row,
            "ux_employment_outcomes_citizen_id_starts_on",
            UserError::new(
                &["input", "startsOn"],
                UserErrorCode::AlreadyDone,
                "an outcome starting that day is already recorded for the citizen",
            ),
        )
        .await?;
        Ok(match inserted {
            Err(e) => Outcome::err(e),
            Ok(()) => Outcome::ok(id),
        })
    })
    .await?;
    let row = match outcome.id {
        Some(id) => employment_outcome::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(EmploymentOutcomePayload {
        employment_outcome: row.map(EmploymentOutcome),
        user_errors: outcome.user_errors,
    })
}

/// The outcomes of each citizen, for staff of the citizens' job centre.
pub struct OutcomesByCitizen;

impl BatchLoad for OutcomesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<employment_outcome::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let Viewer::Staff(staff) = cx.viewer else {
            return Ok(HashMap::new());
        };
        let mut out = of_citizens(cx.db, keys).await?;
        out.retain(|_, rows| {
            rows.retain(|r| r.jobcentre_id == staff.jobcentre);
            !rows.is_empty()
        });
        Ok(out)
    }
}

/// A citizen's employment outcomes, as job-centre staff see them.
pub struct StaffOutcomes(pub Visible);

#[Object]
impl StaffOutcomes {
    /// Jobs and educations the citizen started, as recorded by the job centre, newest first:
    /// at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_OUTCOMES, child_complexity)")]
    async fn employment_outcomes(&self, ctx: &Context<'_>) -> Result<Vec<EmploymentOutcome>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<OutcomesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().rev().map(EmploymentOutcome),
            MAX_OUTCOMES,
        ))
    }
}

/// A job or an education a citizen started (the outcome a result bonus pays for).
pub struct EmploymentOutcome(pub employment_outcome::Model);

/// A job or an education a citizen started.
#[Object]
impl EmploymentOutcome {
    /// The outcome's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The citizen.
    async fn citizen_id(&self) -> ID {
        ID(self.0.citizen_id.to_string())
    }
    /// A job or an education.
    async fn kind(&self) -> OutcomeKind {
        self.0.kind
    }
    /// The first day of the job or education.
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    /// The caseworker who recorded it.
    async fn recorded_by(&self) -> ID {
        ID(self.0.recorded_by.to_string())
    }
    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// The result of `recordEmploymentOutcome`.
#[derive(SimpleObject)]
pub struct EmploymentOutcomePayload {
    /// The outcome, unless there are user errors.
    pub employment_outcome: Option<EmploymentOutcome>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `recordEmploymentOutcome`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordEmploymentOutcomeInput {
    /// The citizen, of your job centre.
    pub citizen_id: ID,
    /// A job or an education.
    pub kind: OutcomeKind,
    /// The first day of the job or education; at most a year ahead.
    pub starts_on: NaiveDate,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The employment-outcome mutation.
#[derive(Default)]
pub struct OutcomeMutation;

#[Object]
impl OutcomeMutation {
    /// Records that a citizen of your job centre started a job or an education: the outcome a
    /// provider's result bonus pays for when it falls within the contract's weeks of an order's
    /// end.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn record_employment_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen, what they started and when.")]
        input: RecordEmploymentOutcomeInput,
    ) -> Result<EmploymentOutcomePayload> {
        record(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
