//! Candidates (UC6): a caseworker proposes a citizen for a job order, then presents them to the
//! company, which sends the CV; the company records what came of it. Presenting needs the
//! citizen's consent to share the CV with companies (rule 6) and sends the citizen one letter
//! (rule 18, see [`super::events`]). Recording an outcome is not a placement: only the job
//! centre grants placements (rule 17).

use async_graphql::{Enum, ID, InputObject, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::{
    candidate,
    enums::{CandidateStatus, JobOrderStatus},
    job_order,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter,
    sea_query::{Expr, ExprTrait, Query},
};
use serde::Serialize;
use uuid::Uuid;

use super::scope;
use crate::{
    citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CandidateId, CitizenId, JobOrderId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{CompanyUser, Staff, Viewer},
    },
    outbox::{self, DomainEvent},
};

/// Input of `proposeCandidate`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ProposeCandidateInput {
    /// A job order your job centre is working on (IN_PROGRESS) whose application deadline has
    /// not passed.
    pub job_order_id: ID,
    /// A citizen of your job centre.
    pub citizen_id: ID,
}

/// Input of `presentCandidate`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PresentCandidateInput {
    /// A proposed candidate of your job centre.
    pub candidate_id: ID,
}

/// What came of a presented candidate, as the company records it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CandidateOutcome {
    /// Called to an interview.
    Interview,
    /// Hired. The job centre grants any subsidised placement separately.
    Hired,
    /// Someone else was chosen.
    NotSelected,
}

impl From<CandidateOutcome> for CandidateStatus {
    fn from(o: CandidateOutcome) -> Self {
        match o {
            CandidateOutcome::Interview => CandidateStatus::Interview,
            CandidateOutcome::Hired => CandidateStatus::Hired,
            CandidateOutcome::NotSelected => CandidateStatus::NotSelected,
        }
    }
}

/// Input of `recordCandidateOutcome`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordCandidateOutcomeInput {
    /// A candidate presented for one of your job orders.
    pub candidate_id: ID,
    /// What came of it: an interview first, or at once hired or not selected.
    pub outcome: CandidateOutcome,
}

/// The result of a candidate mutation: the candidate's id and state, or what to fix.
#[derive(SimpleObject)]
pub struct CandidatePayload {
    /// The candidate's id, unless there are user errors.
    pub candidate_id: Option<ID>,
    /// Where the candidate stands now, unless there are user errors.
    pub status: Option<CandidateStatus>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

async fn payload(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<CandidatePayload> {
    let row = match outcome.id {
        Some(id) => candidate::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(CandidatePayload {
        candidate_id: row.as_ref().map(|r| CandidateId(r.id).to_id()),
        status: row.map(|r| r.status),
        user_errors: outcome.user_errors,
    })
}

fn wrong_state(field: &str, message: impl Into<String>) -> UserError {
    UserError::new(&["input", field], UserErrorCode::WrongState, message.into())
}

/// `proposeCandidate`: a citizen of the job centre becomes a candidate for an order the job
/// centre works on; the company does not see them yet.
pub async fn propose(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: ProposeCandidateInput,
) -> AppResult<CandidatePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = JobOrderId::parse(&input.job_order_id, "jobOrderId")?;
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(viewer, None, "proposeCandidate", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(order) = order_of_staff(txn, viewer, order_id.0).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::NotFound,
                "no job order of your job centre has this id",
            )));
        };
        if citizens::scope::find(txn, viewer, citizen_id)
            .await?
            .is_none()
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            )));
        }
        if let Some(problem) = not_matching(&order, today) {
            return Ok(Outcome::err(problem));
        }
        let id = Uuid::now_v7();
        let row = candidate::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(order.jobcentre_id),
            job_order_id: Set(order.id),
            citizen_id: Set(citizen_id.0),
            presented_at: Set(None),
            status: Set(CandidateStatus::Proposed),
            proposed_at: Set(now),
            proposed_by: Set(Some(staff.caseworker)),
            outcome_at: Set(None),
            version: Set(1),
        };
        Ok(
            match runner::insert_or(
                txn,
                row,
                "ux_candidates_job_order_id_citizen_id",
                UserError::new(
                    &["input", "citizenId"],
                    UserErrorCode::AlreadyDone,
                    "the citizen is already a candidate for this job order",
                ),
            )
            .await?
            {
                Ok(()) => Outcome::ok(id),
                Err(e) => Outcome::err(e),
            },
        )
    })
    .await?;
    payload(db, outcome).await
}

/// Why an order takes no candidates now, if it does not: it must be IN_PROGRESS with its
/// application deadline today or later (`003:334-336`).
fn not_matching(order: &job_order::Model, today: NaiveDate) -> Option<UserError> {
    if order.status != JobOrderStatus::InProgress {
        return Some(wrong_state(
            "jobOrderId",
            format!(
                "the job order is {:?}; candidates are found for orders in progress (take it up \
                 first with takeUpJobOrder)",
                order.status
            ),
        ));
    }
    if order.apply_by.is_some_and(|d| d < today) {
        return Some(wrong_state(
            "jobOrderId",
            "the job order's application deadline has passed",
        ));
    }
    None
}

async fn order_of_staff(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<job_order::Model>> {
    Ok(job_order::Entity::find_by_id(id)
        .filter(scope::job_orders_visible_to(viewer))
        .one(db)
        .await?)
}

/// `presentCandidate`: sends the candidate's CV to the company. Needs the citizen's consent to
/// share the CV with companies (rule 6); the citizen gets the letter of rule 18.
pub async fn present(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: PresentCandidateInput,
) -> AppResult<CandidatePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = CandidateId::parse(&input.candidate_id, "candidateId")?;
    let key = IdempotencyKey::new(viewer, None, "presentCandidate", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(row) = visible(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if row.status != CandidateStatus::Proposed {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                if CandidateStatus::PRESENTED.contains(&row.status) {
                    UserErrorCode::AlreadyDone
                } else {
                    UserErrorCode::WrongState
                },
                format!(
                    "the candidate is {:?}; only a proposed candidate is presented",
                    row.status
                ),
            )));
        }
        let Some(order) = order_of_staff(txn, viewer, row.job_order_id).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if let Some(problem) = not_matching(&order, today) {
            return Ok(Outcome::err(problem));
        }
        if !consents_to_sharing(txn, row.citizen_id).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                UserErrorCode::ConsentRequired,
                "the citizen has not consented to sharing their CV with companies (or revoked \
                 the consent); ask them to grant it in the portal before presenting",
            )));
        }
        let moved = candidate::Entity::update_many()
            .col_expr(
                candidate::Column::Status,
                Expr::value(CandidateStatus::Presented),
            )
            .col_expr(candidate::Column::PresentedAt, Expr::value(Some(now)))
            .col_expr(
                candidate::Column::Version,
                Expr::col(candidate::Column::Version).add(1),
            )
            .filter(candidate::Column::Id.eq(row.id))
            .filter(candidate::Column::Status.eq(CandidateStatus::Proposed))
            .exec(txn)
            .await?;
        if moved.rows_affected != 1 {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                UserErrorCode::AlreadyDone,
                "the candidate was presented meanwhile",
            )));
        }
        outbox::enqueue(
            txn,
            now,
            Some(row.jobcentre_id),
            &DomainEvent::CandidatePresented {
                candidate_id: row.id,
                citizen_id: row.citizen_id,
                job_order_id: row.job_order_id,
                presented_on: today,
            },
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}

/// Whether the citizen's consent to share the CV with companies is in force.
async fn consents_to_sharing(txn: &DatabaseTransaction, citizen: Uuid) -> AppResult<bool> {
    let statement = Query::select()
        .expr(Expr::val(citizen).in_subquery(citizens::scope::sharing_cv()))
        .to_owned();
    let row = txn
        .query_one_raw(txn.get_database_backend().build(&statement))
        .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<bool>(0)?,
        None => false,
    })
}

async fn visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<candidate::Model>> {
    Ok(candidate::Entity::find_by_id(id)
        .filter(scope::candidates_visible_to(viewer))
        .one(db)
        .await?)
}

fn not_found() -> UserError {
    UserError::new(
        &["input", "candidateId"],
        UserErrorCode::NotFound,
        "no candidate you may act on has this id",
    )
}

/// `recordCandidateOutcome`: the company says what came of a presented candidate: an
/// interview, then hired or not selected (or one of those at once).
pub async fn record_outcome(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &CompanyUser,
    input: RecordCandidateOutcomeInput,
) -> AppResult<CandidatePayload> {
    let viewer = &Viewer::Company(*user);
    let now = clock.now();
    let id = CandidateId::parse(&input.candidate_id, "candidateId")?;
    let key = IdempotencyKey::new(viewer, None, "recordCandidateOutcome", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(row) = visible(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        let to: CandidateStatus = input.outcome.into();
        let allowed = match row.status {
            CandidateStatus::Presented => true,
            CandidateStatus::Interview => to != CandidateStatus::Interview,
            _ => false,
        };
        if row.status == to {
            return Ok(Outcome::err(UserError::new(
                &["input", "outcome"],
                UserErrorCode::AlreadyDone,
                format!("the candidate is already {to:?}"),
            )));
        }
        if !allowed {
            return Ok(Outcome::err(wrong_state(
                "outcome",
                format!(
                    "the candidate is {:?}; an outcome follows a presentation or an interview",
                    row.status
                ),
            )));
        }
        let moved = candidate::Entity::update_many()
            .col_expr(candidate::Column::Status, Expr::value(to))
            .col_expr(candidate::Column::OutcomeAt, Expr::value(Some(now)))
            .col_expr(
                candidate::Column::Version,
                Expr::col(candidate::Column::Version).add(1),
            )
            .filter(candidate::Column::Id.eq(row.id))
            .filter(candidate::Column::Version.eq(row.version))
            .exec(txn)
            .await?;
        if moved.rows_affected != 1 {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                UserErrorCode::StaleVersion,
                "the candidate changed meanwhile; read it again",
            )));
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}
