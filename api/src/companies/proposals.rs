//! Placement proposals (rule 17): a company proposes a placement for a candidate presented to
//! it, a provider for a citizen referred to it; only the job centre grants one
//! (`grantPlacementProposal`, which writes the placement as `grantPlacement` does) or declines
//! it with a reason.

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    candidate, company,
    enums::{
        CandidateStatus, JobOrderKind, JobOrderStatus, PlacementProposalStatus, PlacementProposer,
    },
    job_order, placement_proposal, production_unit,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use uuid::Uuid;

use super::placements::{self, Grant, PlacementTermsInput};
use crate::{
    citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{
            CandidateId, CitizenId, JobOrderId, PlacementId, PlacementProposalId, ProductionUnitId,
        },
        runner,
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{CompanyUser, ProviderUser, Staff, Viewer},
    },
};

/// The most proposals a list shows.
pub const MAX_PROPOSALS: usize = 100;

/// Input of `proposeCandidatePlacement`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ProposeCandidatePlacementInput {
    /// A candidate presented to you for one of your job orders; the kind and unit are the
    /// order's.
    pub candidate_id: ID,
    /// The first day you propose: today or later.
    pub starts_on: NaiveDate,
    /// The last day you propose; leave out for an open-ended job.
    pub ends_on: Option<NaiveDate>,
    /// Your words to the job centre (1 to 2,000 characters).
    pub note: String,
}

/// Input of `proposePlacement`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ProposePlacementInput {
    /// A citizen referred to you.
    pub citizen_id: ID,
    /// The company's production unit (P-number) where the work would be.
    pub production_unit_id: ID,
    /// What kind of job.
    pub kind: JobOrderKind,
    /// The first day you propose: today or later.
    pub starts_on: NaiveDate,
    /// The last day you propose; leave out for an open-ended job.
    pub ends_on: Option<NaiveDate>,
    /// Your words to the job centre (1 to 2,000 characters).
    pub note: String,
}

/// Input of `grantPlacementProposal`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct GrantPlacementProposalInput {
    /// A proposal to your job centre that is still PROPOSED.
    pub proposal_id: ID,
    /// The terms of the grant; leave out to grant the proposed days with no follow-up interval.
    pub terms: Option<PlacementTermsInput>,
}

/// Input of `declinePlacementProposal`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct DeclinePlacementProposalInput {
    /// A proposal to your job centre that is still PROPOSED.
    pub proposal_id: ID,
    /// Why, for the proposer (1 to 2,000 characters).
    pub reason: String,
}

/// A proposed placement.
#[derive(SimpleObject, Clone)]
pub struct PlacementProposal {
    /// The proposal's id.
    pub id: ID,
    /// The citizen proposed.
    pub citizen_id: ID,
    /// The production unit where the work would be.
    pub production_unit_id: ID,
    /// The job order, when proposed for its candidate.
    pub job_order_id: Option<ID>,
    /// The candidate, when proposed for one presented to the company.
    pub candidate_id: Option<ID>,
    /// What kind of job.
    pub kind: JobOrderKind,
    /// The proposed first day.
    pub starts_on: NaiveDate,
    /// The proposed last day, if any.
    pub ends_on: Option<NaiveDate>,
    /// The proposer's words.
    pub note: String,
    /// Who proposed.
    pub proposer: PlacementProposer,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Where it stands.
    pub status: PlacementProposalStatus,
    /// When the job centre decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The job centre's reason for declining.
    pub decision_note: Option<String>,
    /// The placement granted from it.
    pub placement_id: Option<ID>,
    /// Bumped by every change.
    pub version: i32,
}

impl From<placement_proposal::Model> for PlacementProposal {
    fn from(m: placement_proposal::Model) -> Self {
        Self {
            id: PlacementProposalId(m.id).to_id(),
            citizen_id: CitizenId(m.citizen_id).to_id(),
            production_unit_id: ProductionUnitId(m.production_unit_id).to_id(),
            job_order_id: m.job_order_id.map(|o| JobOrderId(o).to_id()),
            candidate_id: m.candidate_id.map(|c| CandidateId(c).to_id()),
            kind: m.kind,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            note: m.note,
            proposer: m.proposer,
            proposed_at: m.proposed_at,
            status: m.status,
            decided_at: m.decided_at,
            decision_note: m.decision_note,
            placement_id: m.placement_id.map(|p| PlacementId(p).to_id()),
            version: m.version,
        }
    }
}

/// The result of a mutation on a proposal.
#[derive(SimpleObject)]
pub struct PlacementProposalPayload {
    /// The proposal as it is now, unless there are user errors.
    pub proposal: Option<PlacementProposal>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A condition on `placement_proposals`: staff their job centre's; a company user the company's
/// own proposals at units they may act for; a provider user their organisation's, for citizens
/// still referred to them.
pub fn visible_to(viewer: &Viewer) -> Condition {
    use placement_proposal::Column as C;
    match viewer {
        Viewer::Staff(staff) => Condition::all().add(C::JobcentreId.eq(staff.jobcentre)),
        Viewer::Company(user) => Condition::all()
            .add(C::Proposer.eq(PlacementProposer::Company))
            .add(C::CompanyId.eq(user.company))
            .add(super::scope::acting_for(user, C::ProductionUnitId)),
        Viewer::Provider(user) => Condition::all()
            .add(C::Proposer.eq(PlacementProposer::Provider))
            .add(C::ProviderId.eq(user.provider))
            .add(C::CitizenId.in_subquery(citizens::scope::visible_ids(viewer))),
        Viewer::Citizen { .. } | Viewer::Integration { .. } => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}

/// The proposals the viewer may see, newest first, in `status` when given: at most `limit`.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    status: Option<PlacementProposalStatus>,
    limit: u64,
) -> AppResult<Vec<PlacementProposal>> {
    let mut q = placement_proposal::Entity::find().filter(visible_to(viewer));
    if let Some(s) = status {
        q = q.filter(placement_proposal::Column::Status.eq(s));
    }
    Ok(q.order_by_desc(placement_proposal::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(PlacementProposal::from)
        .collect())
}

/// What is wrong with the proposed days or note, if anything.
fn check_proposal(
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    note: &str,
    today: NaiveDate,
) -> Option<UserError> {
    if starts_on < today {
        return Some(UserError::new(
            &["input", "startsOn"],
            UserErrorCode::InvalidPeriod,
            format!("propose a first day from today ({today}) on"),
        ));
    }
    if ends_on.is_some_and(|e| e < starts_on) {
        return Some(UserError::new(
            &["input", "endsOn"],
            UserErrorCode::InvalidPeriod,
            "the last day is on or after the first day",
        ));
    }
    crate::kernel::user_error::text_error("note", note)
}

struct NewProposal {
    jobcentre: Uuid,
    citizen: Uuid,
    unit: production_unit::Model,
    order: Option<Uuid>,
    candidate: Option<Uuid>,
    kind: JobOrderKind,
    proposer: PlacementProposer,
    proposed_by: Uuid,
    provider: Option<Uuid>,
}

async fn insert(
    txn: &impl ConnectionTrait,
    p: NewProposal,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    note: &str,
    now: DateTime<Utc>,
) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    placement_proposal::Entity::insert(placement_proposal::ActiveModel {
        id: Set(id),
        jobcentre_id: Set(p.jobcentre),
        citizen_id: Set(p.citizen),
        company_id: Set(p.unit.company_id),
        production_unit_id: Set(p.unit.id),
        job_order_id: Set(p.order),
        candidate_id: Set(p.candidate),
        kind: Set(p.kind),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        note: Set(note.trim().to_string()),
        proposer: Set(p.proposer),
        proposed_by: Set(p.proposed_by),
        provider_id: Set(p.provider),
        proposed_at: Set(now),
        status: Set(PlacementProposalStatus::Proposed),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_note: Set(None),
        placement_id: Set(None),
        version: Set(1),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(id)
}

/// `proposeCandidatePlacement`: a company user proposes a placement for a candidate presented
/// to them.
pub async fn propose_for_candidate(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &CompanyUser,
    input: ProposeCandidatePlacementInput,
) -> AppResult<PlacementProposalPayload> {
    let viewer = &Viewer::Company(*user);
    let now = clock.now();
    let id = CandidateId::parse(&input.candidate_id, "candidateId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(c) = candidate::Entity::find_by_id(id.0)
            .filter(super::scope::candidates_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                UserErrorCode::NotFound,
                "no candidate presented to you has this id",
            )));
        };
        if c.status == CandidateStatus::NotSelected {
            return Ok(Outcome::err(UserError::new(
                &["input", "candidateId"],
                UserErrorCode::WrongState,
                "you recorded that the candidate was not selected",
            )));
        }
        if let Some(e) = check_proposal(
            input.starts_on,
            input.ends_on,
            &input.note,
            danish_date(now),
        ) {
            return Ok(Outcome::err(e));
        }
        let order = job_order::Entity::find_by_id(c.job_order_id)
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the order of candidate {} is gone", c.id))?;
        let unit = production_unit::Entity::find_by_id(order.production_unit_id)
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the unit of order {} is gone", order.id))?;
        let proposal = NewProposal {
            jobcentre: c.jobcentre_id,
            citizen: c.citizen_id,
            unit,
            order: Some(order.id),
            candidate: Some(c.id),
            kind: order.kind,
            proposer: PlacementProposer::Company,
            proposed_by: user.user,
            provider: None,
        };
        let id = insert(
            txn,
            proposal,
            input.starts_on,
            input.ends_on,
            &input.note,
            now,
        )
        .await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    payload(db, outcome).await
}

/// `proposePlacement`: a provider proposes a placement for a citizen referred to it.
pub async fn propose_by_provider(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &ProviderUser,
    input: ProposePlacementInput,
) -> AppResult<PlacementProposalPayload> {
    let viewer = &Viewer::Provider(*user);
    let now = clock.now();
    let citizen = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let unit_id = ProductionUnitId::parse(&input.production_unit_id, "productionUnitId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "citizenId"],
                UserErrorCode::NotFound,
                "no citizen referred to you has this id",
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
        if let Some(e) = check_proposal(
            input.starts_on,
            input.ends_on,
            &input.note,
            danish_date(now),
        ) {
            return Ok(Outcome::err(e));
        }
        let proposal = NewProposal {
            jobcentre: person.jobcentre_id(),
            citizen: person.uuid(),
            unit,
            order: None,
            candidate: None,
            kind: input.kind,
            proposer: PlacementProposer::Provider,
            proposed_by: user.user,
            provider: Some(user.provider),
        };
        let id = insert(
            txn,
            proposal,
            input.starts_on,
            input.ends_on,
            &input.note,
            now,
        )
        .await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    payload(db, outcome).await
}

async fn payload(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<PlacementProposalPayload> {
    let row = match outcome.id {
        Some(id) => placement_proposal::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(PlacementProposalPayload {
        proposal: row.map(PlacementProposal::from),
        user_errors: outcome.user_errors,
    })
}

fn not_found() -> UserError {
    UserError::new(
        &["input", "proposalId"],
        UserErrorCode::NotFound,
        "no placement proposal to your job centre has this id",
    )
}

/// The proposal, when it is the staff member's job centre's and still PROPOSED.
async fn open_proposal(
    txn: &impl ConnectionTrait,
    staff: &Staff,
    id: Uuid,
) -> AppResult<Result<placement_proposal::Model, UserError>> {
    let Some(row) = placement_proposal::Entity::find_by_id(id)
        .filter(visible_to(&Viewer::Staff(*staff)))
        .one(txn)
        .await?
    else {
        return Ok(Err(not_found()));
    };
    if row.status != PlacementProposalStatus::Proposed {
        return Ok(Err(UserError::new(
            &["input", "proposalId"],
            UserErrorCode::AlreadyDone,
            format!("the proposal is already {:?}", row.status),
        )));
    }
    Ok(Ok(row))
}

/// Marks the proposal decided, guarded by its version; false when someone decided meanwhile.
async fn decide(
    txn: &impl ConnectionTrait,
    row: &placement_proposal::Model,
    staff: &Staff,
    to: PlacementProposalStatus,
    note: Option<String>,
    placement: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    use placement_proposal::Column as C;
    Ok(placement_proposal::Entity::update_many()
        .col_expr(C::Status, Expr::value(to))
        .col_expr(C::DecidedBy, Expr::value(Some(staff.caseworker)))
        .col_expr(C::DecidedAt, Expr::value(Some(now)))
        .col_expr(C::DecisionNote, Expr::value(note))
        .col_expr(C::PlacementId, Expr::value(placement))
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .filter(C::Id.eq(row.id))
        .filter(C::Version.eq(row.version))
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

fn decided_meanwhile() -> UserError {
    UserError::new(
        &["input", "proposalId"],
        UserErrorCode::StaleVersion,
        "the proposal was decided meanwhile; read it again",
    )
}

/// `grantPlacementProposal`: the job centre grants a proposed placement.
pub async fn grant(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: GrantPlacementProposalInput,
) -> AppResult<PlacementProposalPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = PlacementProposalId::parse(&input.proposal_id, "proposalId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let row = match open_proposal(txn, staff, id.0).await? {
            Ok(r) => r,
            Err(e) => return Ok(Outcome::err(e)),
        };
        let Some(person) = citizens::scope::find(txn, viewer, CitizenId(row.citizen_id)).await?
        else {
            return Ok(Outcome::err(not_found()));
        };
        let (Some(company), Some(unit)) = (
            company::Entity::find_by_id(row.company_id).one(txn).await?,
            production_unit::Entity::find_by_id(row.production_unit_id)
                .one(txn)
                .await?,
        ) else {
            return Ok(Outcome::err(not_found()));
        };
        let order = match row.job_order_id {
            Some(o) => job_order::Entity::find_by_id(o).one(txn).await?,
            None => None,
        };
        if let Some(o) = order
            .as_ref()
            .filter(|o| o.status != JobOrderStatus::InProgress)
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "proposalId"],
                UserErrorCode::WrongState,
                format!(
                    "the job order is {:?}; placements are granted on orders in progress",
                    o.status
                ),
            )));
        }
        let terms = input.terms.clone().unwrap_or(PlacementTermsInput {
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            follow_up_every_weeks: None,
            union_approval: None,
        });
        if let Some(e) = placements::check_terms(txn, &terms, row.kind, company.id, today).await? {
            return Ok(Outcome::err(e));
        }
        let grant = Grant {
            person: &person,
            company: &company,
            unit: &unit,
            order: order.as_ref(),
            candidate: row.candidate_id,
            kind: row.kind,
        };
        let placement = match placements::write_grant(
            txn,
            viewer,
            staff,
            grant,
            &terms,
            &["input", "proposalId"],
            now,
        )
        .await?
        {
            Ok(p) => p,
            Err(e) => return Ok(Outcome::err(e)),
        };
        if !decide(
            txn,
            &row,
            staff,
            PlacementProposalStatus::Granted,
            None,
            Some(placement),
            now,
        )
        .await?
        {
            return Ok(Outcome::err(decided_meanwhile()));
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}

/// `declinePlacementProposal`: the job centre does not grant a proposed placement.
pub async fn decline(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: DeclinePlacementProposalInput,
) -> AppResult<PlacementProposalPayload> {
    let now = clock.now();
    let id = PlacementProposalId::parse(&input.proposal_id, "proposalId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let row = match open_proposal(txn, staff, id.0).await? {
            Ok(r) => r,
            Err(e) => return Ok(Outcome::err(e)),
        };
        if let Some(e) = crate::kernel::user_error::text_error("reason", &input.reason) {
            return Ok(Outcome::err(e));
        }
        let reason = input.reason.trim();
        if !decide(
            txn,
            &row,
            staff,
            PlacementProposalStatus::Declined,
            Some(reason.to_string()),
            None,
            now,
        )
        .await?
        {
            return Ok(Outcome::err(decided_meanwhile()));
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    payload(db, outcome).await
}
