//! A case's life (UC1, `000:113-130`): opened, visited and revisited, closed for a reason; a
//! benefit change closes one case and opens the next (rule 19: tasks, alerts and history belong
//! to the citizen, so they carry over); a sick report keeps a flex-job case open as a secondary
//! case beside a sickness-benefit case, and recovery makes it the main case again
//! (`003:4385-4395`); and the deregistrations other systems report (rule 2).
//!
//! Every step writes a [`case_event`] row: the citizen's case history is one line across cases.

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    case, case_closure, case_closure_reason, case_event, contact_group,
    enums::{CaseEventKind, DeregistrationReason, VisitationCategory},
    sickness_case_rule, target_group, visitation_category_rule,
};
use sea_orm::{
    ActiveEnum,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde::Serialize;
use uuid::Uuid;

use super::{scope, views::Case};
use crate::{
    caseworkers,
    citizens::{self, Visible},
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CaseId, CaseworkerId, CitizenId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode, text_error},
        viewer::{Staff, Viewer},
    },
};

/// The closure reason a benefit change writes; closing with it is `changeBenefit`'s job.
const BENEFIT_CHANGED: &str = "BENEFIT_CHANGED";
/// The closure reason of a sickness-benefit case ended by recovery.
const RECOVERED: &str = "RECOVERED";
/// The closure reason of every open case when the citizen has died.
const DECEASED: &str = "DECEASED";

/// Opens a case for a citizen of your job centre.
#[derive(Debug, InputObject, Serialize)]
pub struct OpenCaseInput {
    /// The citizen.
    pub citizen_id: ID,
    /// Contact group code (kontaktgruppe), e.g. `DAGPENGE`.
    pub contact_group: String,
    /// Target group code (målgruppe), e.g. `KONTANTHJAELP`.
    pub target_group: String,
    /// The caseworker to assign; you, when left out.
    pub assigned_caseworker_id: Option<ID>,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// Visits a case: the visitation category (`002:66-73`), with a justification where the
/// category requires one; a case visited before is revisited, possibly to another target group.
#[derive(Debug, InputObject, Serialize)]
pub struct VisitCaseInput {
    /// The case.
    pub case_id: ID,
    /// The category assessed.
    pub category: VisitationCategory,
    /// Why this category; required for the categories whose rule says so (`004:187-192`).
    pub justification: Option<String>,
    /// A new target group code, when the revisitation moves the case to another group.
    pub target_group: Option<String>,
    /// The case's `version` as you read it.
    pub expected_version: i32,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// Closes a case whose benefit changed and opens the next one, with the same caseworker.
#[derive(Debug, InputObject, Serialize)]
pub struct ChangeBenefitInput {
    /// The case to close.
    pub case_id: ID,
    /// The new case's contact group code.
    pub contact_group: String,
    /// The new case's target group code.
    pub target_group: String,
    /// The case's `version` as you read it.
    pub expected_version: i32,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// Closes a case for a reason.
#[derive(Debug, InputObject, Serialize)]
pub struct CloseCaseInput {
    /// The case.
    pub case_id: ID,
    /// A closure reason code from `caseworker { caseClosureReasons }`; a benefit change is
    /// `changeBenefit`.
    pub reason: String,
    /// What you add, up to 2,000 characters.
    pub note: Option<String>,
    /// The case's `version` as you read it.
    pub expected_version: i32,
    /// Makes a retry safe: the same key and input give the first answer again.
    pub idempotency_key: Option<String>,
}

/// The case a case mutation opened or changed, or what was wrong.
#[derive(SimpleObject)]
pub struct CasePayload {
    /// The case; null when there are user errors.
    pub case: Option<Case>,
    /// What was wrong with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

fn error(field: &str, code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(&["input", field], code, message))
}

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<CasePayload> {
    let case = match outcome.id {
        Some(id) => case::Entity::find_by_id(id)
            .find_also_related(case_closure::Entity)
            .one(db)
            .await?
            .map(|(row, closure)| Case { row, closure }),
        None => None,
    };
    Ok(CasePayload {
        case,
        user_errors: outcome.user_errors,
    })
}

/// Writes one step of a case's history.
async fn record(
    txn: &impl ConnectionTrait,
    case: &case::Model,
    kind: CaseEventKind,
    detail: String,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_id: Set(case.id),
        citizen_id: Set(case.citizen_id),
        jobcentre_id: Set(case.jobcentre_id),
        kind: Set(kind),
        detail: Set(detail),
        actor_caseworker_id: Set(actor),
        occurred_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// What is wrong with a contact group and target group pair, if anything.
async fn groups_error(
    txn: &impl ConnectionTrait,
    contact_group: &str,
    target_group: &str,
) -> AppResult<Option<Outcome>> {
    if contact_group::Entity::find_by_id(contact_group.to_string())
        .one(txn)
        .await?
        .is_none()
    {
        return Ok(Some(error(
            "contactGroup",
            UserErrorCode::NotFound,
            format!("there is no contact group {contact_group}"),
        )));
    }
    if target_group::Entity::find_by_id(target_group.to_string())
        .one(txn)
        .await?
        .is_none()
    {
        return Ok(Some(error(
            "targetGroup",
            UserErrorCode::NotFound,
            format!("there is no target group {target_group}"),
        )));
    }
    Ok(None)
}

/// Inserts a new main case for the citizen unless one is open (the partial unique index
/// `ux_cases_open_main` settles two at once); returns it, or None when one was open.
async fn insert_main(
    txn: &impl ConnectionTrait,
    person: (Uuid, Uuid),
    groups: (&str, &str),
    assigned: Option<Uuid>,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Option<case::Model>> {
    let (citizen_id, jobcentre_id) = person;
    let row = case::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        citizen_id,
        contact_group_code: groups.0.to_string(),
        target_group_code: groups.1.to_string(),
        visitation_category: None,
        assigned_caseworker_id: assigned,
        opened_at: now,
        closed_at: None,
        secondary_since: None,
        deadline: None,
        version: 1,
    };
    let inserted = case::Entity::insert(case::ActiveModel::from(row.clone()))
        .on_conflict(
            OnConflict::column(case::Column::CitizenId)
                .target_and_where(
                    Expr::col(case::Column::ClosedAt)
                        .is_null()
                        .and(Expr::col(case::Column::SecondarySince).is_null()),
                )
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    record(
        txn,
        &row,
        CaseEventKind::Opened,
        format!("{} / {}", row.contact_group_code, row.target_group_code),
        actor,
        now,
    )
    .await?;
    Ok(Some(row))
}

/// The case with `id` the viewer may work on, open.
async fn find_open(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    id: CaseId,
) -> AppResult<Result<case::Model, Outcome>> {
    let Some(row) = case::Entity::find_by_id(id.0)
        .filter(scope::visible_to(viewer))
        .one(txn)
        .await?
    else {
        return Ok(Err(error(
            "caseId",
            UserErrorCode::NotFound,
            "no case of your job centre has this id",
        )));
    };
    if row.closed_at.is_some() {
        return Ok(Err(error(
            "caseId",
            UserErrorCode::WrongState,
            "the case is closed; open a new case for the citizen",
        )));
    }
    Ok(Ok(row))
}

/// Bumps the case's version if it is still `expected`; false when someone changed it first.
async fn bump(
    txn: &impl ConnectionTrait,
    row: &case::Model,
    expected: i32,
    set: Vec<(case::Column, Expr)>,
) -> AppResult<bool> {
    let mut update = case::Entity::update_many()
        .col_expr(case::Column::Version, Expr::value(row.version + 1))
        .filter(case::Column::Id.eq(row.id))
        .filter(case::Column::Version.eq(expected))
        .filter(case::Column::ClosedAt.is_null());
    for (column, value) in set {
        update = update.col_expr(column, value);
    }
    Ok(update.exec(txn).await?.rows_affected == 1)
}

fn stale() -> Outcome {
    error(
        "expectedVersion",
        UserErrorCode::StaleVersion,
        "the case changed meanwhile; read it again",
    )
}

/// Records the closure of a case the caller closed (`closed_at` set), and, when `promote` and
/// the closed case was the main one, makes the newest secondary case of the citizen the main
/// one.
async fn close_row(
    txn: &impl ConnectionTrait,
    row: &case::Model,
    (reason, note): (&str, Option<String>),
    actor: Option<Uuid>,
    now: DateTime<Utc>,
    promote: bool,
) -> AppResult<()> {
    case_closure::Entity::insert(case_closure::ActiveModel {
        case_id: Set(row.id),
        reason_code: Set(reason.to_string()),
        note: Set(note.clone()),
        closed_by: Set(actor),
    })
    .exec_without_returning(txn)
    .await?;
    let detail = match &note {
        Some(note) => format!("{reason}: {note}"),
        None => reason.to_string(),
    };
    record(txn, row, CaseEventKind::Closed, detail, actor, now).await?;
    if promote
        && row.secondary_since.is_none()
        && let Some(secondary) = case::Entity::find()
            .filter(case::Column::CitizenId.eq(row.citizen_id))
            .filter(case::Column::ClosedAt.is_null())
            .filter(case::Column::SecondarySince.is_not_null())
            .filter(case::Column::Id.ne(row.id))
            .order_by_desc(case::Column::SecondarySince)
            .one(txn)
            .await?
    {
        case::Entity::update_many()
            .col_expr(
                case::Column::SecondarySince,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(case::Column::Version, Expr::value(secondary.version + 1))
            .filter(case::Column::Id.eq(secondary.id))
            .exec(txn)
            .await?;
        record(
            txn,
            &secondary,
            CaseEventKind::MadeMain,
            format!("case {} closed", row.id),
            actor,
            now,
        )
        .await?;
    }
    Ok(())
}

/// `openCase`: opens a case for a citizen of the job centre who has no open main case.
pub async fn open(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: OpenCaseInput,
) -> AppResult<CasePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let assigned = match &input.assigned_caseworker_id {
        Some(id) => CaseworkerId::parse(id, "assignedCaseworkerId")?.0,
        None => staff.caseworker,
    };
    let key = IdempotencyKey::new(viewer, input.idempotency_key.as_deref(), "openCase", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            ));
        };
        if let Some(e) = groups_error(txn, &input.contact_group, &input.target_group).await? {
            return Ok(e);
        }
        if caseworkers::service::colleague(txn, staff, CaseworkerId(assigned))
            .await?
            .is_none()
        {
            return Ok(error(
                "assignedCaseworkerId",
                UserErrorCode::NotFound,
                "no caseworker of your job centre has this id",
            ));
        }
        let opened = insert_main(
            txn,
            (person.uuid(), person.jobcentre_id()),
            (&input.contact_group, &input.target_group),
            Some(assigned),
            Some(staff.caseworker),
            now,
        )
        .await?;
        Ok(match opened {
            Some(row) => Outcome::ok(row.id),
            None => error(
                "citizenId",
                UserErrorCode::AlreadyDone,
                "the citizen has an open case; use changeBenefit to move it to another \
                 benefit, or close it first",
            ),
        })
    })
    .await?;
    load(db, outcome).await
}

/// The rule for `category` on `day`.
async fn category_rule(
    txn: &impl ConnectionTrait,
    category: VisitationCategory,
    day: NaiveDate,
) -> AppResult<Option<visitation_category_rule::Model>> {
    Ok(visitation_category_rule::Entity::find()
        .filter(visitation_category_rule::Column::Category.eq(category))
        .filter(visitation_category_rule::Column::ValidFrom.lte(day))
        .filter(
            Condition::any()
                .add(visitation_category_rule::Column::ValidTo.is_null())
                .add(visitation_category_rule::Column::ValidTo.gte(day)),
        )
        .order_by_desc(visitation_category_rule::Column::ValidFrom)
        .one(txn)
        .await?)
}

/// `visitCase`: sets the visitation category (a revisitation when the case had one, possibly
/// to another target group); a category whose rule says so needs a justification, and one that
/// deregisters (activity-ready) ends the citizen's registration as a jobseeker.
pub async fn visit(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: VisitCaseInput,
) -> AppResult<CasePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let case_id = CaseId::parse(&input.case_id, "caseId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "visitCase",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let row = match find_open(txn, viewer, case_id).await? {
            Ok(row) => row,
            Err(e) => return Ok(e),
        };
        let Some(rule) = category_rule(txn, input.category, danish_date(now)).await? else {
            return Ok(error(
                "category",
                UserErrorCode::Invalid,
                "this category is not in use today",
            ));
        };
        let justification = input
            .justification
            .as_deref()
            .map(str::trim)
            .filter(|j| !j.is_empty());
        match justification {
            None if rule.requires_justification => {
                return Ok(error(
                    "justification",
                    UserErrorCode::Invalid,
                    "this category needs a justification: say why the citizen is visited to it",
                ));
            }
            Some(j) => {
                if let Some(e) = text_error("justification", j) {
                    return Ok(Outcome::err(e));
                }
            }
            None => {}
        }
        let target_group = input
            .target_group
            .as_deref()
            .unwrap_or(&row.target_group_code);
        if let Some(e) = groups_error(txn, &row.contact_group_code, target_group).await? {
            return Ok(e);
        }
        let revisit = row.visitation_category.is_some() || target_group != row.target_group_code;
        let set = vec![
            (
                case::Column::VisitationCategory,
                Expr::value(Some(input.category)),
            ),
            (
                case::Column::TargetGroupCode,
                Expr::value(target_group.to_string()),
            ),
        ];
        if !bump(txn, &row, input.expected_version, set).await? {
            return Ok(stale());
        }
        let detail = format!(
            "{} / {}{}",
            input.category.to_value(),
            target_group,
            justification.map(|j| format!(": {j}")).unwrap_or_default()
        );
        let kind = if revisit {
            CaseEventKind::Revisited
        } else {
            CaseEventKind::Visited
        };
        record(txn, &row, kind, detail, Some(staff.caseworker), now).await?;
        if rule.deregisters
            && let Some(person) =
                citizens::scope::find(txn, viewer, CitizenId(row.citizen_id)).await?
        {
            citizens::service::deregister(
                txn,
                &person,
                DeregistrationReason::MatchedActivityReady,
                now,
            )
            .await?;
        }
        Ok(Outcome::ok(row.id))
    })
    .await?;
    load(db, outcome).await
}

/// `changeBenefit`: closes the case for a benefit change and opens the next one with the same
/// caseworker, in one transaction.
pub async fn change_benefit(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: ChangeBenefitInput,
) -> AppResult<CasePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let case_id = CaseId::parse(&input.case_id, "caseId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "changeBenefit",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let row = match find_open(txn, viewer, case_id).await? {
            Ok(row) => row,
            Err(e) => return Ok(e),
        };
        if row.secondary_since.is_some() {
            return Ok(error(
                "caseId",
                UserErrorCode::WrongState,
                "the case is a secondary case; change the benefit on the citizen's main case",
            ));
        }
        if let Some(e) = groups_error(txn, &input.contact_group, &input.target_group).await? {
            return Ok(e);
        }
        let set = vec![(case::Column::ClosedAt, Expr::value(Some(now)))];
        if !bump(txn, &row, input.expected_version, set).await? {
            return Ok(stale());
        }
        let next = format!("{} / {}", input.contact_group, input.target_group);
        // The next case takes the main role: no secondary case is promoted.
        close_row(
            txn,
            &row,
            (BENEFIT_CHANGED, Some(next)),
            Some(staff.caseworker),
            now,
            false,
        )
        .await?;
        let opened = insert_main(
            txn,
            (row.citizen_id, row.jobcentre_id),
            (&input.contact_group, &input.target_group),
            row.assigned_caseworker_id,
            Some(staff.caseworker),
            now,
        )
        .await?;
        // The main case was closed above in this transaction, so nothing conflicts; should
        // it, the error rolls everything back.
        match opened {
            Some(new) => Ok(Outcome::ok(new.id)),
            None => Err(crate::kernel::error::AppError::Conflict(
                "the citizen has another open main case".into(),
            )),
        }
    })
    .await?;
    load(db, outcome).await
}

/// `closeCase`: closes an open case for a reason; a benefit change is `changeBenefit`.
pub async fn close(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: CloseCaseInput,
) -> AppResult<CasePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let case_id = CaseId::parse(&input.case_id, "caseId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "closeCase",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let row = match find_open(txn, viewer, case_id).await? {
            Ok(row) => row,
            Err(e) => return Ok(e),
        };
        if input.reason == BENEFIT_CHANGED {
            return Ok(error(
                "reason",
                UserErrorCode::Invalid,
                "a benefit change closes the case and opens the next: use changeBenefit",
            ));
        }
        if case_closure_reason::Entity::find_by_id(input.reason.clone())
            .one(txn)
            .await?
            .is_none()
        {
            return Ok(error(
                "reason",
                UserErrorCode::NotFound,
                format!(
                    "there is no closure reason {}; see caseworker {{ caseClosureReasons }}",
                    input.reason
                ),
            ));
        }
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if let Some(e) = note.and_then(|n| text_error("note", n)) {
            return Ok(Outcome::err(e));
        }
        let set = vec![(case::Column::ClosedAt, Expr::value(Some(now)))];
        if !bump(txn, &row, input.expected_version, set).await? {
            return Ok(stale());
        }
        close_row(
            txn,
            &row,
            (&input.reason, note.map(str::to_string)),
            Some(staff.caseworker),
            now,
            true,
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    load(db, outcome).await
}

/// The sickness rule for a case in `target_group` on `day`, if one keeps it open.
async fn sickness_rule(
    txn: &impl ConnectionTrait,
    target_group: &str,
    day: NaiveDate,
) -> AppResult<Option<sickness_case_rule::Model>> {
    Ok(sickness_case_rule::Entity::find()
        .filter(sickness_case_rule::Column::TargetGroupCode.eq(target_group))
        .filter(sickness_case_rule::Column::ValidFrom.lte(day))
        .filter(
            Condition::any()
                .add(sickness_case_rule::Column::ValidTo.is_null())
                .add(sickness_case_rule::Column::ValidTo.gte(day)),
        )
        .order_by_desc(sickness_case_rule::Column::ValidFrom)
        .one(txn)
        .await?)
}

async fn open_main(txn: &impl ConnectionTrait, citizen_id: Uuid) -> AppResult<Option<case::Model>> {
    Ok(case::Entity::find()
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .filter(case::Column::SecondarySince.is_null())
        .one(txn)
        .await?)
}

/// After a sick report, inside its transaction: when the citizen's main case is in a target
/// group a sickness rule names (a flex job), it stays open as a secondary case and a
/// sickness-benefit case opens as the main case, with the same caseworker.
pub async fn on_sick_report(
    txn: &DatabaseTransaction,
    citizen_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(main) = open_main(txn, citizen_id).await? else {
        return Ok(());
    };
    let Some(rule) = sickness_rule(txn, &main.target_group_code, danish_date(now)).await? else {
        return Ok(());
    };
    case::Entity::update_many()
        .col_expr(case::Column::SecondarySince, Expr::value(Some(now)))
        .col_expr(case::Column::Version, Expr::value(main.version + 1))
        .filter(case::Column::Id.eq(main.id))
        .exec(txn)
        .await?;
    record(
        txn,
        &main,
        CaseEventKind::MadeSecondary,
        "sick report".into(),
        None,
        now,
    )
    .await?;
    insert_main(
        txn,
        (main.citizen_id, main.jobcentre_id),
        (
            &rule.sickness_contact_group_code,
            &rule.sickness_target_group_code,
        ),
        main.assigned_caseworker_id,
        None,
        now,
    )
    .await?;
    Ok(())
}

/// After the end of a sick report, inside its transaction: the sickness-benefit case a sick
/// report opened beside a secondary case closes as recovered, and the secondary case is the
/// main case again (no new registration).
pub async fn on_recovery(
    txn: &DatabaseTransaction,
    citizen_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(main) = open_main(txn, citizen_id).await? else {
        return Ok(());
    };
    let kept = case::Entity::find()
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .filter(case::Column::SecondarySince.is_not_null())
        .all(txn)
        .await?;
    let mut opened_by_sickness = false;
    for secondary in &kept {
        if let Some(rule) =
            sickness_rule(txn, &secondary.target_group_code, danish_date(now)).await?
        {
            opened_by_sickness |= rule.sickness_target_group_code == main.target_group_code;
        }
    }
    if !opened_by_sickness {
        return Ok(());
    }
    case::Entity::update_many()
        .col_expr(case::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(case::Column::Version, Expr::value(main.version + 1))
        .filter(case::Column::Id.eq(main.id))
        .exec(txn)
        .await?;
    close_row(txn, &main, (RECOVERED, None), None, now, true).await
}

/// Which report another system sends about a citizen's registration.
#[derive(Debug, Clone, Copy)]
pub enum RegistrationReport {
    /// The unemployment fund: the benefit has ended (dagpengeophør).
    BenefitEnded(NaiveDate),
    /// The civil registry: the citizen has died.
    Death(NaiveDate),
    /// The civil registry: the citizen no longer has a postal address.
    NoPostalAddress,
}

/// The answer to a report from another system.
#[derive(SimpleObject)]
pub struct RegistrationReportPayload {
    /// The citizen reported on; null when there are user errors.
    pub citizen_id: Option<ID>,
    /// What was wrong with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// `reportBenefitEnded`, `reportDeath`, `reportNoPostalAddress`: deregisters the citizen with
/// the report's reason (rule 2, `002:61-64`); a death also closes every open case. A report
/// for a citizen not registered changes nothing and is accepted (the systems send each fact
/// once, and a retry must not fail).
pub async fn report(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    citizen: &ID,
    report: RegistrationReport,
    idempotency: (&'static str, Option<&str>),
) -> AppResult<RegistrationReportPayload> {
    #[derive(Serialize)]
    struct Key<'a> {
        citizen: &'a str,
        on: Option<NaiveDate>,
    }
    let now = clock.now();
    let citizen_id = CitizenId::parse(citizen, "citizenId")?;
    let on = match report {
        RegistrationReport::BenefitEnded(d) | RegistrationReport::Death(d) => Some(d),
        RegistrationReport::NoPostalAddress => None,
    };
    let (operation, key) = idempotency;
    let key = IdempotencyKey::new(
        viewer,
        key,
        operation,
        &Key {
            citizen: citizen.as_str(),
            on,
        },
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if on.is_some_and(|d| d > danish_date(now)) {
            let field = match report {
                RegistrationReport::BenefitEnded(_) => "endedOn",
                _ => "diedOn",
            };
            return Ok(error(
                field,
                UserErrorCode::InvalidPeriod,
                "a report is of what has happened: the day cannot be in the future",
            ));
        }
        let Some(person) = citizens::scope::reported_on(txn, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen has this id",
            ));
        };
        let reason = match report {
            RegistrationReport::BenefitEnded(_) => DeregistrationReason::BenefitEnded,
            RegistrationReport::Death(_) => DeregistrationReason::Deceased,
            RegistrationReport::NoPostalAddress => DeregistrationReason::NoPostalAddress,
        };
        citizens::service::deregister(txn, &person, reason, now).await?;
        if let RegistrationReport::Death(day) = report {
            close_all(txn, &person, day, now).await?;
        }
        Ok(Outcome::ok(person.uuid()))
    })
    .await?;
    Ok(RegistrationReportPayload {
        citizen_id: outcome.id.map(|id| ID(id.to_string())),
        user_errors: outcome.user_errors,
    })
}

/// Closes every open case of a citizen who has died.
async fn close_all(
    txn: &DatabaseTransaction,
    person: &Visible,
    died_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let open = case::Entity::find()
        .filter(case::Column::CitizenId.eq(person.uuid()))
        .filter(case::Column::ClosedAt.is_null())
        .all(txn)
        .await?;
    for row in &open {
        case::Entity::update_many()
            .col_expr(case::Column::ClosedAt, Expr::value(Some(now)))
            .col_expr(case::Column::Version, Expr::value(row.version + 1))
            .filter(case::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    for row in &open {
        let note = format!("died on {died_on}");
        close_row(txn, row, (DECEASED, Some(note)), None, now, false).await?;
    }
    Ok(())
}
