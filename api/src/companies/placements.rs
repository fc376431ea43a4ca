//! Placements (rule 17, `003:343-370`): only the job centre grants them. A placement comes from
//! candidates of a job order (several at once, with company, unit and citizen taken from the
//! order and the candidates, `004:404-412`) or from a company the citizen found without a job
//! order (`003:4487-4494`). GRANTED → STARTED (the actual first day) → ENDED, or CANCELLED before
//! it starts; every step is written to the placement's log. When the started placements of an
//! order reach its positions the order is FILLED by itself. Every count of placements and starts
//! is read from these rows (`003:4719-4722`).
//!
//! A subsidised kind puts its offer into the citizen's plan draft (rule 5: valid once published
//! and delivered). A wage subsidy at a public employer needs the local union representative's
//! approval, recorded with the grant (`003:667-680`). A kind reserved for some target groups (a
//! flex job) is granted only to citizens of those groups.

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    candidate, company,
    enums::{
        CandidateStatus, CompanyNotificationKind, JobOrderKind, JobOrderStatus, JobOrderStep,
        PlacementStatus, PlacementStep,
    },
    job_order, placement, placement_log, production_unit, public_employer,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, Query},
};
use serde::Serialize;
use uuid::Uuid;

use super::orders;
use crate::{
    citizens,
    citizens::Visible,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CandidateId, CitizenId, JobOrderId, PlacementId, ProductionUnitId},
        runner,
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{Staff, Viewer},
    },
    plans,
};

/// The most candidates granted in one operation.
pub const MAX_AT_ONCE: usize = 50;

/// The union representative's approval of a wage subsidy at a public employer.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct UnionApprovalInput {
    /// The local union representative (tillidsrepræsentant) who approved.
    pub representative: String,
    /// The day they approved: today or earlier.
    pub approved_on: NaiveDate,
}

/// The terms every placement of a grant shares.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlacementTermsInput {
    /// The planned first day.
    pub starts_on: NaiveDate,
    /// The planned last day; leave out for an open-ended job.
    pub ends_on: Option<NaiveDate>,
    /// Weeks between follow-ups with the company (1 to 52); leave out for none.
    pub follow_up_every_weeks: Option<i32>,
    /// Needed for a wage subsidy at a public employer: the union representative's approval.
    pub union_approval: Option<UnionApprovalInput>,
}

/// Input of `grantPlacements`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct GrantPlacementsInput {
    /// The job order (in progress) the candidates were presented for.
    pub job_order_id: ID,
    /// The candidates to place (presented, interviewed or hired): 1 to 50.
    pub candidate_ids: Vec<ID>,
    /// The terms they share.
    pub terms: PlacementTermsInput,
}

/// Input of `grantPlacement`: a placement with a company the citizen found without a job order.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct GrantPlacementInput {
    /// A citizen of your job centre.
    pub citizen_id: ID,
    /// The company's production unit (P-number) where the work is.
    pub production_unit_id: ID,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// The terms.
    pub terms: PlacementTermsInput,
}

/// Input of `startPlacement`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct StartPlacementInput {
    /// A granted placement of your job centre.
    pub placement_id: ID,
    /// The actual first day: not in the future.
    pub started_on: NaiveDate,
}

/// Input of `endPlacement`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct EndPlacementInput {
    /// A started placement of your job centre.
    pub placement_id: ID,
    /// The actual last day: on or after the first day, not in the future.
    pub ended_on: NaiveDate,
    /// Why, in a few words.
    pub reason: String,
}

/// Input of `cancelPlacement`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CancelPlacementInput {
    /// A granted placement of your job centre that has not started.
    pub placement_id: ID,
    /// Why, in a few words.
    pub reason: String,
}

/// A placement as job-centre staff see it.
#[derive(SimpleObject, Clone)]
pub struct Placement {
    /// The placement's id.
    pub id: ID,
    /// The citizen placed.
    pub citizen_id: ID,
    /// The production unit where the work is.
    pub production_unit_id: ID,
    /// The job order it fills, if any.
    pub job_order_id: Option<ID>,
    /// The candidate granted, if it came from a job order.
    pub candidate_id: Option<ID>,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// Where it stands.
    pub status: PlacementStatus,
    /// The planned first day.
    pub starts_on: NaiveDate,
    /// The planned last day, if any.
    pub ends_on: Option<NaiveDate>,
    /// The actual first day, once started.
    pub started_on: Option<NaiveDate>,
    /// The actual last day, once ended.
    pub ended_on: Option<NaiveDate>,
    /// Weeks between follow-ups; null for none.
    pub follow_up_every_weeks: Option<i32>,
    /// The day the next follow-up is due, while the placement runs and has an interval.
    pub next_follow_up_on: Option<NaiveDate>,
    /// The union representative who approved a wage subsidy at a public employer.
    pub union_representative: Option<String>,
    /// The plan draft version that holds the placement's offer (subsidised kinds); publish it
    /// for the offer to be valid.
    pub plan_draft_version: Option<i32>,
    /// When it was granted.
    pub granted_at: DateTime<Utc>,
    /// Bumped by every change.
    pub version: i32,
}

impl From<placement::Model> for Placement {
    fn from(m: placement::Model) -> Self {
        Self {
            id: PlacementId(m.id).to_id(),
            citizen_id: CitizenId(m.citizen_id).to_id(),
            production_unit_id: ProductionUnitId(m.production_unit_id).to_id(),
            job_order_id: m.job_order_id.map(|o| JobOrderId(o).to_id()),
            candidate_id: m.candidate_id.map(|c| CandidateId(c).to_id()),
            kind: m.kind,
            status: m.status,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            started_on: m.started_on,
            ended_on: m.ended_on,
            follow_up_every_weeks: m.follow_up_weeks,
            next_follow_up_on: m.next_follow_up_on,
            union_representative: m.union_representative,
            plan_draft_version: m.plan_draft_version,
            granted_at: m.granted_at,
            version: m.version,
        }
    }
}

/// The result of `grantPlacements`.
#[derive(SimpleObject)]
pub struct GrantPlacementsPayload {
    /// The placements granted, in the order of the candidates; empty when there are user errors.
    pub placements: Vec<Placement>,
    /// What to fix; empty on success. Nothing is granted when any candidate is refused.
    pub user_errors: Vec<UserError>,
}

/// The result of a mutation on one placement.
#[derive(SimpleObject)]
pub struct PlacementPayload {
    /// The placement as it is now, unless there are user errors.
    pub placement: Option<Placement>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The offer kind (reference data) a subsidised kind of job is in the plan; none for an
/// ordinary job.
pub fn offer_kind_of(kind: JobOrderKind) -> Option<&'static str> {
    match kind {
        JobOrderKind::Ordinary => None,
        JobOrderKind::CompanyInternship => Some("VIRKSOMHEDSPRAKTIK"),
        JobOrderKind::WageSubsidy => Some("LOENTILSKUD"),
        JobOrderKind::FlexJob => Some("FLEKSJOB"),
        JobOrderKind::AdultApprentice => Some("VOKSENLAERLING"),
        JobOrderKind::JobRotation => Some("JOBROTATION"),
    }
}

fn terms_error(field: &str, code: UserErrorCode, message: impl Into<String>) -> UserError {
    UserError::new(&["input", "terms", field], code, message.into())
}

/// What is wrong with the shared terms for a placement of `kind` at `company`, if anything.
pub(super) async fn check_terms(
    txn: &DatabaseTransaction,
    terms: &PlacementTermsInput,
    kind: JobOrderKind,
    company: Uuid,
    today: NaiveDate,
) -> AppResult<Option<UserError>> {
    if terms.ends_on.is_some_and(|e| e < terms.starts_on) {
        return Ok(Some(terms_error(
            "endsOn",
            UserErrorCode::InvalidPeriod,
            "the last day is on or after the first day",
        )));
    }
    if terms
        .follow_up_every_weeks
        .is_some_and(|w| !(1..=52).contains(&w))
    {
        return Ok(Some(terms_error(
            "followUpEveryWeeks",
            UserErrorCode::Invalid,
            "follow up every 1 to 52 weeks, or leave it out",
        )));
    }
    if kind == JobOrderKind::WageSubsidy
        && public_employer::Entity::find_by_id(company)
            .one(txn)
            .await?
            .is_some()
    {
        let approved = terms
            .union_approval
            .as_ref()
            .is_some_and(|a| !a.representative.trim().is_empty() && a.approved_on <= today);
        if !approved {
            return Ok(Some(terms_error(
                "unionApproval",
                UserErrorCode::UnionApprovalRequired,
                "a wage subsidy at a public employer needs the local union representative's \
                 approval: give their name and the day they approved (today or earlier)",
            )));
        }
    }
    Ok(None)
}

/// Whether the citizen may take a job of `kind` ([`super::scope::reserved_for`]).
async fn eligible(txn: &DatabaseTransaction, citizen: Uuid, kind: JobOrderKind) -> AppResult<bool> {
    let reserved = super::scope::reserved_for(kind);
    let statement = Query::select()
        .expr(
            Expr::exists(reserved.rows)
                .not()
                .or(Expr::val(citizen).in_subquery(reserved.eligible)),
        )
        .to_owned();
    let row = txn
        .query_one_raw(txn.get_database_backend().build(&statement))
        .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<bool>(0)?,
        None => false,
    })
}

/// One placement to write.
pub(super) struct Grant<'a> {
    pub person: &'a Visible,
    pub company: &'a company::Model,
    pub unit: &'a production_unit::Model,
    pub order: Option<&'a job_order::Model>,
    pub candidate: Option<Uuid>,
    pub kind: JobOrderKind,
}

/// Writes one granted placement (and its offer in the plan draft for a subsidised kind), or
/// says why not; `field` is where a refusal about this citizen points.
pub(super) async fn write_grant(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    staff: &Staff,
    grant: Grant<'_>,
    terms: &PlacementTermsInput,
    field: &[&str],
    now: DateTime<Utc>,
) -> AppResult<Result<Uuid, UserError>> {
    if !eligible(txn, grant.person.uuid(), grant.kind).await? {
        return Ok(Err(UserError::new(
            field,
            UserErrorCode::NotEligible,
            format!(
                "the citizen may not take a job of kind {:?}: it is for citizens visited to it",
                grant.kind
            ),
        )));
    }
    let draft = match offer_kind_of(grant.kind) {
        Some(code) => {
            let offer = plans::service::GrantedOffer {
                offer_kind_code: code.into(),
                description: format!("{} hos {}", kind_text(grant.kind), grant.company.name),
                company_id: grant.company.id,
                starts_on: terms.starts_on,
                ends_on: terms.ends_on,
            };
            match plans::service::add_granted_offer(txn, grant.person, offer, staff.caseworker, now)
                .await?
            {
                Some(v) => Some(v),
                None => {
                    return Ok(Err(UserError::new(
                        field,
                        UserErrorCode::StaleVersion,
                        "the citizen's plan draft changed at the same moment; try again",
                    )));
                }
            }
        }
        None => None,
    };
    let id = Uuid::now_v7();
    let row = placement::ActiveModel {
        id: Set(id),
        jobcentre_id: Set(grant.person.jobcentre_id()),
        citizen_id: Set(grant.person.uuid()),
        company_id: Set(grant.company.id),
        production_unit_id: Set(grant.unit.id),
        job_order_id: Set(grant.order.map(|o| o.id)),
        candidate_id: Set(grant.candidate),
        kind: Set(grant.kind),
        status: Set(PlacementStatus::Granted),
        starts_on: Set(terms.starts_on),
        ends_on: Set(terms.ends_on),
        started_on: Set(None),
        ended_on: Set(None),
        follow_up_weeks: Set(terms.follow_up_every_weeks),
        next_follow_up_on: Set(None),
        union_representative: Set(terms
            .union_approval
            .as_ref()
            .map(|a| a.representative.trim().to_string())),
        union_approved_on: Set(terms.union_approval.as_ref().map(|a| a.approved_on)),
        plan_draft_version: Set(draft),
        granted_by: Set(staff.caseworker),
        granted_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    if let Err(e) = runner::insert_or(
        txn,
        row,
        "ux_placements_candidate_id",
        UserError::new(
            field,
            UserErrorCode::AlreadyDone,
            "the candidate already has a placement",
        ),
    )
    .await?
    {
        return Ok(Err(e));
    }
    log(
        txn,
        grant.person.jobcentre_id(),
        id,
        PlacementStatus::Granted,
        viewer,
        now,
        None,
    )
    .await?;
    Ok(Ok(id))
}

fn kind_text(kind: JobOrderKind) -> &'static str {
    match kind {
        JobOrderKind::Ordinary => "Job",
        JobOrderKind::CompanyInternship => "Virksomhedspraktik",
        JobOrderKind::WageSubsidy => "Løntilskud",
        JobOrderKind::FlexJob => "Fleksjob",
        JobOrderKind::AdultApprentice => "Voksenlærling",
        JobOrderKind::JobRotation => "Jobrotation",
    }
}

/// Writes a step to the placement's log.
pub(super) async fn log(
    txn: &DatabaseTransaction,
    jobcentre: Uuid,
    placement: Uuid,
    step: impl Into<PlacementStep>,
    viewer: &Viewer,
    at: DateTime<Utc>,
    note: Option<String>,
) -> AppResult<()> {
    placement_log::Entity::insert(placement_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        jobcentre_id: Set(jobcentre),
        placement_id: Set(placement),
        step: Set(step.into()),
        actor_role: Set(viewer.role().claim().to_string()),
        actor_subject: Set(Some(viewer.subject())),
        at: Set(at),
        note: Set(note),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// `grantPlacements`: places presented candidates of one job order, all or none.
pub async fn grant_many(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: GrantPlacementsInput,
) -> AppResult<GrantPlacementsPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = JobOrderId::parse(&input.job_order_id, "jobOrderId")?;
    let mut ids = Vec::with_capacity(input.candidate_ids.len());
    for id in &input.candidate_ids {
        ids.push(CandidateId::parse(id, "candidateIds")?);
    }
    let mut granted: Vec<Uuid> = Vec::new();
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        if ids.is_empty() || ids.len() > MAX_AT_ONCE {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateIds"],
                UserErrorCode::Invalid,
                format!("grant 1 to {MAX_AT_ONCE} candidates at a time"),
            )));
        }
        let Some(order) = job_order::Entity::find_by_id(order_id.0)
            .filter(super::scope::job_orders_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::NotFound,
                "no job order of your job centre has this id",
            )));
        };
        if order.status != JobOrderStatus::InProgress {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::WrongState,
                format!(
                    "the job order is {:?}; placements are granted on orders in progress",
                    order.status
                ),
            )));
        }
        let (Some(company), Some(unit)) = (
            company::Entity::find_by_id(order.company_id)
                .one(txn)
                .await?,
            production_unit::Entity::find_by_id(order.production_unit_id)
                .one(txn)
                .await?,
        ) else {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::NotFound,
                "the job order's company is gone",
            )));
        };
        if let Some(e) = check_terms(txn, &input.terms, order.kind, company.id, today).await? {
            return Ok(Outcome::err(e));
        }
        let candidates: Vec<candidate::Model> = candidate::Entity::find()
            .filter(candidate::Column::Id.is_in(ids.iter().map(|c| c.0)))
            .filter(candidate::Column::JobOrderId.eq(order.id))
            .filter(super::scope::candidates_visible_to(viewer))
            .order_by_asc(candidate::Column::Id)
            .all(txn)
            .await?;
        let people =
            citizens::scope::many(txn, viewer, candidates.iter().map(|c| c.citizen_id)).await?;
        for (i, id) in ids.iter().enumerate() {
            let index = i.to_string();
            let field = ["input", "candidateIds", index.as_str()];
            let Some(c) = candidates.iter().find(|c| c.id == id.0) else {
                return Ok(Outcome::err(UserError::new(
                    &field,
                    UserErrorCode::NotFound,
                    "no candidate of this job order has this id",
                )));
            };
            if !matches!(
                c.status,
                CandidateStatus::Presented | CandidateStatus::Interview | CandidateStatus::Hired
            ) {
                return Ok(Outcome::err(UserError::new(
                    &field,
                    UserErrorCode::WrongState,
                    format!(
                        "the candidate is {:?}; a placement is granted to a candidate the company \
                         has been presented",
                        c.status
                    ),
                )));
            }
            let Some(person) = people.iter().find(|p| p.uuid() == c.citizen_id) else {
                return Ok(Outcome::err(UserError::new(
                    &field,
                    UserErrorCode::NotFound,
                    "no candidate of this job order has this id",
                )));
            };
            let grant = Grant {
                person,
                company: &company,
                unit: &unit,
                order: Some(&order),
                candidate: Some(c.id),
                kind: order.kind,
            };
            match write_grant(txn, viewer, staff, grant, &input.terms, &field, now).await? {
                Ok(id) => granted.push(id),
                Err(e) => return Ok(Outcome::err(e)),
            }
        }
        Ok(Outcome::ok(order.id))
    })
    .await?;
    if !outcome.user_errors.is_empty() {
        return Ok(GrantPlacementsPayload {
            placements: Vec::new(),
            user_errors: outcome.user_errors,
        });
    }
    let rows = placement::Entity::find()
        .filter(placement::Column::Id.is_in(granted.iter().copied()))
        .all(db)
        .await?;
    Ok(GrantPlacementsPayload {
        placements: granted
            .iter()
            .filter_map(|id| {
                rows.iter()
                    .find(|r| r.id == *id)
                    .cloned()
                    .map(Placement::from)
            })
            .collect(),
        user_errors: Vec::new(),
    })
}

/// `grantPlacement`: a placement with a company the citizen found without a job order.
pub async fn grant_own_find(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: GrantPlacementInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let citizen = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let unit_id = ProductionUnitId::parse(&input.production_unit_id, "productionUnitId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            )));
        };
        let Some(unit) = production_unit::Entity::find_by_id(unit_id.0)
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "productionUnitId"],
                UserErrorCode::NotFound,
                "no production unit has this id",
            )));
        };
        let Some(company) = company::Entity::find_by_id(unit.company_id)
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "productionUnitId"],
                UserErrorCode::NotFound,
                "no production unit has this id",
            )));
        };
        if let Some(e) = check_terms(txn, &input.terms, input.kind, company.id, today).await? {
            return Ok(Outcome::err(e));
        }
        let grant = Grant {
            person: &person,
            company: &company,
            unit: &unit,
            order: None,
            candidate: None,
            kind: input.kind,
        };
        Ok(
            match write_grant(
                txn,
                viewer,
                staff,
                grant,
                &input.terms,
                &["input", "citizenId"],
                now,
            )
            .await?
            {
                Ok(id) => Outcome::ok(id),
                Err(e) => Outcome::err(e),
            },
        )
    })
    .await?;
    payload(db, outcome).await
}

pub(super) async fn payload(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<PlacementPayload> {
    let row = match outcome.id {
        Some(id) => placement::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(PlacementPayload {
        placement: row.map(Placement::from),
        user_errors: outcome.user_errors,
    })
}

pub(super) fn not_found() -> UserError {
    UserError::new(
        &["input", "placementId"],
        UserErrorCode::NotFound,
        "no placement of your job centre has this id",
    )
}

pub(super) async fn of_staff(
    txn: &DatabaseTransaction,
    staff: &Staff,
    id: Uuid,
) -> AppResult<Option<placement::Model>> {
    Ok(placement::Entity::find_by_id(id)
        .filter(super::scope::placements_visible_to(&Viewer::Staff(*staff)))
        .one(txn)
        .await?)
}

/// Changes a placement, guarded by its version: moves it to `to` when given and sets `columns`;
/// false when someone changed it meanwhile.
pub(super) async fn update(
    txn: &DatabaseTransaction,
    row: &placement::Model,
    to: Option<PlacementStatus>,
    columns: &[(placement::Column, sea_orm::Value)],
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let mut update = placement::Entity::update_many()
        .col_expr(placement::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            placement::Column::Version,
            Expr::col(placement::Column::Version).add(1),
        );
    if let Some(status) = to {
        update = update.col_expr(placement::Column::Status, Expr::value(status));
    }
    for (column, value) in columns {
        update = update.col_expr(*column, Expr::value(value.clone()));
    }
    Ok(update
        .filter(placement::Column::Id.eq(row.id))
        .filter(placement::Column::Version.eq(row.version))
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

pub(super) fn stale() -> UserError {
    UserError::new(
        &["input", "placementId"],
        UserErrorCode::StaleVersion,
        "the placement changed meanwhile; read it again",
    )
}

/// `startPlacement`: the citizen started; when the order's started placements now reach its
/// positions, the order is FILLED.
pub async fn start(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: StartPlacementInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = of_staff(txn, staff, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if row.status != PlacementStatus::Granted {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                format!("the placement is {:?}; only a granted one starts", row.status),
            )));
        }
        if input.started_on > today {
            return Ok(Outcome::err(UserError::new(
                &["input", "startedOn"],
                UserErrorCode::InvalidPeriod,
                format!("the first day is today ({today}) or earlier: register the start when it happened"),
            )));
        }
        if !update(
            txn,
            &row,
            Some(PlacementStatus::Started),
            &[
                (placement::Column::StartedOn, Some(input.started_on).into()),
                (
                    placement::Column::NextFollowUpOn,
                    row.follow_up_weeks
                        .map(|w| input.started_on + chrono::Duration::weeks(i64::from(w)))
                        .into(),
                ),
            ],
            now,
        )
        .await?
        {
            return Ok(Outcome::err(stale()));
        }
        log(txn, row.jobcentre_id, row.id, PlacementStatus::Started, viewer, now, None).await?;
        if let Some(order_id) = row.job_order_id {
            fill_if_staffed(txn, viewer, order_id, now).await?;
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}

/// Moves an order in progress to FILLED when its started placements reach its positions.
async fn fill_if_staffed(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    order_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(order) = job_order::Entity::find_by_id(order_id).one(txn).await? else {
        return Ok(());
    };
    let started = placement::Entity::find()
        .filter(placement::Column::JobOrderId.eq(order.id))
        .filter(placement::Column::StartedOn.is_not_null())
        .count(txn)
        .await?;
    if order.status == JobOrderStatus::InProgress
        && started >= u64::try_from(order.positions).unwrap_or(u64::MAX)
        && orders::move_status(
            txn,
            &order,
            JobOrderStatus::InProgress,
            JobOrderStatus::Filled,
            now,
        )
        .await?
    {
        orders::log(
            txn,
            &order,
            JobOrderStep::Filled,
            JobOrderStatus::Filled,
            viewer,
            now,
            Some(format!(
                "{started} started placements fill its {} positions",
                order.positions
            )),
        )
        .await?;
    }
    Ok(())
}

/// `endPlacement`: the placement is over.
pub async fn end(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: EndPlacementInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = of_staff(txn, staff, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if row.status != PlacementStatus::Started {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                format!("the placement is {:?}; only a started one ends", row.status),
            )));
        }
        if input.ended_on > today || row.started_on.is_some_and(|s| input.ended_on < s) {
            return Ok(Outcome::err(UserError::new(
                &["input", "endedOn"],
                UserErrorCode::InvalidPeriod,
                "the last day is on or after the first day, and not after today",
            )));
        }
        if !update(
            txn,
            &row,
            Some(PlacementStatus::Ended),
            &[
                (placement::Column::EndedOn, Some(input.ended_on).into()),
                (placement::Column::NextFollowUpOn, None::<NaiveDate>.into()),
            ],
            now,
        )
        .await?
        {
            return Ok(Outcome::err(stale()));
        }
        log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStatus::Ended,
            viewer,
            now,
            Some(input.reason.trim().to_string()).filter(|r| !r.is_empty()),
        )
        .await?;
        super::notifications::notify(
            txn,
            &row,
            CompanyNotificationKind::PlacementEnded,
            input.ended_on,
            now,
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}

/// `cancelPlacement`: a granted placement that will not start.
pub async fn cancel(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: CancelPlacementInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = of_staff(txn, staff, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if row.status != PlacementStatus::Granted {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                format!(
                    "the placement is {:?}; only one that has not started is cancelled (end a started one)",
                    row.status
                ),
            )));
        }
        if !update(txn, &row, Some(PlacementStatus::Cancelled), &[], now).await? {
            return Ok(Outcome::err(stale()));
        }
        log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStatus::Cancelled,
            viewer,
            now,
            Some(input.reason.trim().to_string()).filter(|r| !r.is_empty()),
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}

/// The placements the viewer may see (staff: their job centre's; a company user: those at the
/// units they act for), newest first, in `status` when given: at most `limit` rows.
pub async fn visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    status: Option<PlacementStatus>,
    limit: u64,
) -> AppResult<Vec<placement::Model>> {
    use sea_orm::QuerySelect;
    let mut q = placement::Entity::find().filter(super::scope::placements_visible_to(viewer));
    if let Some(s) = status {
        q = q.filter(placement::Column::Status.eq(s));
    }
    Ok(q.order_by_desc(placement::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
