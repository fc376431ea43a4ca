//! Job orders by self-service (UC6, `000:201-218`): a company user posts, changes and closes the
//! orders of the production units they may act for; every step is written to the order's log.
//! An order is DRAFT until sent, SUBMITTED until the job centre takes it up, IN_PROGRESS while
//! the job centre looks for candidates, and ends FILLED, CLOSED or CANCELLED. After its
//! application deadline it leaves matching (`003:334-336`).

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{JobOrderKind, JobOrderStatus, JobOrderStep},
    job_order, job_order_log, production_unit,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use uuid::Uuid;

use super::{scope, views::JobOrder};
use crate::cvs;
use crate::kernel::{
    clock::{SharedClock, danish_date},
    error::AppResult,
    ids::{JobOrderId, JobcentreId, ProductionUnitId},
    runner::{self, IdempotencyKey},
    user_error::{Outcome, UserError, UserErrorCode},
    viewer::{CompanyUser, Staff, Viewer},
};

/// The most positions one order asks for.
pub const MAX_POSITIONS: i32 = 999;
/// The most skills and licences one order lists.
pub const MAX_SKILLS: usize = 30;
/// The most log entries an order shows.
pub const MAX_LOG: usize = 100;

/// The terms of a job order, as the company writes them.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct JobOrderTermsInput {
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// The job title, e.g. "Kok til frokostrestaurant".
    pub title: String,
    /// The occupation's DISCO-08 code (four digits, from `occupations`).
    pub occupation_code: String,
    /// What the job is: tasks, place, terms.
    pub description: String,
    /// Hours a week, more than 0 and at most 80.
    pub hours_per_week: f64,
    /// The production unit (P-number) the job is at: one you may act for.
    pub production_unit_id: ID,
    /// How many people are wanted: 1 to 999.
    pub positions: i32,
    /// The first day of work: today or later.
    pub starts_on: NaiveDate,
    /// The last day to apply: today or later, and not after the first day of work.
    pub apply_by: NaiveDate,
    /// Who the job centre and applicants contact.
    pub contact: JobOrderContactInput,
    /// Skills and licences required (e.g. "Kørekort B", "Hygiejnebevis"): at most 30.
    #[graphql(default)]
    pub required_skills: Vec<String>,
}

/// The company's contact person for an order.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct JobOrderContactInput {
    /// Name.
    pub name: String,
    /// Phone number; a phone number or an e-mail address is needed.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// Input of `postJobOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PostJobOrderInput {
    /// The job centre the order is sent to: that of the municipality where the job is.
    pub jobcentre_id: ID,
    /// The order's terms.
    pub terms: JobOrderTermsInput,
    /// Send it to the job centre now (SUBMITTED); false keeps it as a DRAFT to finish later.
    #[graphql(default = true)]
    pub submit: bool,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `updateJobOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct UpdateJobOrderInput {
    /// The order: a draft, submitted or in progress.
    pub job_order_id: ID,
    /// The `version` you changed; a newer one means someone else changed it first.
    pub expected_version: i32,
    /// The order's terms as they are to be (all of them).
    pub terms: JobOrderTermsInput,
    /// For a draft: send it to the job centre now.
    #[graphql(default)]
    pub submit: bool,
}

/// Input of `takeUpJobOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct TakeUpJobOrderInput {
    /// A submitted order of your job centre's.
    pub job_order_id: ID,
}

/// Input of `closeJobOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CloseJobOrderInput {
    /// The order: a draft, submitted or in progress. A draft or a submitted order is withdrawn
    /// (CANCELLED); one the job centre works on is CLOSED.
    pub job_order_id: ID,
    /// Why, in a few words (e.g. "Stillingen er besat internt").
    pub reason: String,
}

/// The result of a job-order mutation.
#[derive(SimpleObject)]
pub struct JobOrderPayload {
    /// The order as it is now, unless there are user errors.
    pub job_order: Option<JobOrder>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// One step in an order's log.
#[derive(SimpleObject)]
pub struct JobOrderLogEntry {
    /// What happened.
    pub step: JobOrderStep,
    /// The order's state after it.
    pub status: JobOrderStatus,
    /// The role of who did it, as tokens name it (`company`, `caseworker`, `manager` …).
    pub actor_role: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The note given with the step, if any.
    pub note: Option<String>,
}

impl From<job_order_log::Model> for JobOrderLogEntry {
    fn from(m: job_order_log::Model) -> Self {
        Self {
            step: m.step,
            status: m.status,
            actor_role: m.actor_role,
            at: m.at,
            note: m.note,
        }
    }
}

fn invalid(field: &str, message: impl Into<String>) -> UserError {
    UserError::new(
        &["input", "terms", field],
        UserErrorCode::Invalid,
        message.into(),
    )
}

/// The terms checked and ready to store, or what is wrong with them (the first problem).
async fn checked_terms(
    txn: &DatabaseTransaction,
    user: &CompanyUser,
    terms: &JobOrderTermsInput,
    today: NaiveDate,
) -> AppResult<Result<Terms, UserError>> {
    let title = terms.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Ok(Err(invalid(
            "title",
            "give a job title of 1 to 200 characters",
        )));
    }
    if terms.positions < 1 || terms.positions > MAX_POSITIONS {
        return Ok(Err(invalid(
            "positions",
            format!("ask for 1 to {MAX_POSITIONS} positions"),
        )));
    }
    if !(terms.hours_per_week > 0.0 && terms.hours_per_week <= 80.0) {
        return Ok(Err(invalid(
            "hoursPerWeek",
            "hours a week are more than 0 and at most 80",
        )));
    }
    if terms.apply_by < today {
        return Ok(Err(UserError::new(
            &["input", "terms", "applyBy"],
            UserErrorCode::InvalidPeriod,
            format!("the application deadline is today ({today}) or later"),
        )));
    }
    if terms.starts_on < terms.apply_by {
        return Ok(Err(UserError::new(
            &["input", "terms", "startsOn"],
            UserErrorCode::InvalidPeriod,
            "the first day of work is on or after the application deadline",
        )));
    }
    let contact_name = terms.contact.name.trim();
    let phone = terms
        .contact
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let email = terms
        .contact
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if contact_name.is_empty() {
        return Ok(Err(UserError::new(
            &["input", "terms", "contact", "name"],
            UserErrorCode::Invalid,
            "name the contact person",
        )));
    }
    if phone.is_none() && email.is_none() {
        return Ok(Err(UserError::new(
            &["input", "terms", "contact"],
            UserErrorCode::Invalid,
            "give the contact person's phone number or e-mail address",
        )));
    }
    if email.is_some_and(|e| !e.contains('@')) {
        return Ok(Err(UserError::new(
            &["input", "terms", "contact", "email"],
            UserErrorCode::Invalid,
            "the e-mail address needs an @",
        )));
    }
    let skills: Vec<String> = terms
        .required_skills
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if skills.len() > MAX_SKILLS || skills.iter().any(|s| s.chars().count() > 100) {
        return Ok(Err(invalid(
            "requiredSkills",
            format!("list at most {MAX_SKILLS} skills or licences of at most 100 characters"),
        )));
    }
    let code = terms.occupation_code.trim().to_string();
    let known = cvs::occupations::in_use(txn, [code.clone()], today)
        .await?
        .remove(&code);
    let Some(occupation) = known else {
        return Ok(Err(invalid(
            "occupationCode",
            format!(
                "{:?} is not an occupation code in use; give a DISCO-08 code (four digits) \
                 from the occupation list",
                terms.occupation_code
            ),
        )));
    };
    let unit_id = ProductionUnitId::parse(&terms.production_unit_id, "productionUnitId")?;
    let unit = production_unit::Entity::find_by_id(unit_id.0)
        .filter(production_unit::Column::CompanyId.eq(user.company))
        .filter(scope::acting_for(user, production_unit::Column::Id))
        .one(txn)
        .await?;
    let Some(unit) = unit else {
        return Ok(Err(UserError::new(
            &["input", "terms", "productionUnitId"],
            UserErrorCode::NotFound,
            "no production unit of your company that you may act for has this id",
        )));
    };
    Ok(Ok(Terms {
        kind: terms.kind,
        title: title.to_string(),
        occupation_code: occupation.code,
        description: terms.description.trim().to_string(),
        minutes_per_week: (terms.hours_per_week * 60.0).round() as i32,
        unit,
        positions: terms.positions,
        starts_on: terms.starts_on,
        apply_by: terms.apply_by,
        contact_name: contact_name.to_string(),
        contact_phone: phone.map(str::to_string),
        contact_email: email.map(str::to_string),
        required_skills: serde_json::to_string(&skills).unwrap_or_else(|_| "[]".into()),
    }))
}

/// Terms that passed the checks.
struct Terms {
    kind: JobOrderKind,
    title: String,
    occupation_code: String,
    description: String,
    minutes_per_week: i32,
    unit: production_unit::Model,
    positions: i32,
    starts_on: NaiveDate,
    apply_by: NaiveDate,
    contact_name: String,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    required_skills: String,
}

impl Terms {
    fn apply(self, row: &mut job_order::ActiveModel) {
        row.kind = Set(self.kind);
        row.title = Set(self.title);
        row.occupation_code = Set(Some(self.occupation_code));
        row.description = Set(self.description);
        row.minutes_per_week = Set(Some(self.minutes_per_week));
        row.production_unit_id = Set(self.unit.id);
        row.positions = Set(self.positions);
        row.starts_on = Set(Some(self.starts_on));
        row.apply_by = Set(Some(self.apply_by));
        row.contact_name = Set(Some(self.contact_name));
        row.contact_phone = Set(self.contact_phone);
        row.contact_email = Set(self.contact_email);
        row.required_skills = Set(self.required_skills);
    }
}

/// Writes a step of an order's log.
pub(super) async fn log(
    txn: &DatabaseTransaction,
    order: &job_order::Model,
    step: JobOrderStep,
    status: JobOrderStatus,
    viewer: &Viewer,
    at: DateTime<Utc>,
    note: Option<String>,
) -> AppResult<()> {
    job_order_log::Entity::insert(job_order_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        jobcentre_id: Set(order.jobcentre_id),
        job_order_id: Set(order.id),
        step: Set(step),
        status: Set(status),
        actor_role: Set(viewer.role().claim().to_string()),
        actor_subject: Set(Some(viewer.subject())),
        at: Set(at),
        note: Set(note),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// `postJobOrder`.
pub async fn post(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &CompanyUser,
    input: PostJobOrderInput,
) -> AppResult<JobOrderPayload> {
    let viewer = &Viewer::Company(*user);
    let now = clock.now();
    let today = danish_date(now);
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "postJobOrder",
        &input,
    )?;
    let jobcentre = JobcentreId::parse(&input.jobcentre_id, "jobcentreId")?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if !crate::caseworkers::service::jobcentre_exists(txn, jobcentre.0).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobcentreId"],
                UserErrorCode::NotFound,
                "no job centre has this id",
            )));
        }
        let terms = match checked_terms(txn, user, &input.terms, today).await? {
            Ok(t) => t,
            Err(e) => return Ok(Outcome::err(e)),
        };
        let status = if input.submit {
            JobOrderStatus::Submitted
        } else {
            JobOrderStatus::Draft
        };
        let mut row = job_order::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(jobcentre.0),
            company_id: Set(user.company),
            status: Set(status),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        terms.apply(&mut row);
        let order = job_order::Entity::insert(row)
            .exec_with_returning(txn)
            .await?;
        log(
            txn,
            &order,
            JobOrderStep::Posted,
            JobOrderStatus::Draft,
            viewer,
            now,
            None,
        )
        .await?;
        if input.submit {
            log(
                txn,
                &order,
                JobOrderStep::Submitted,
                status,
                viewer,
                now,
                None,
            )
            .await?;
        }
        Ok(Outcome::ok(order.id))
    })
    .await?;
    load(db, viewer, outcome).await
}

/// The order with this id, if the viewer may see it (a company user their units', staff their
/// job centre's once sent).
async fn own_order(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<job_order::Model>> {
    Ok(job_order::Entity::find_by_id(id)
        .filter(scope::job_orders_visible_to(viewer))
        .one(txn)
        .await?)
}

fn not_found() -> UserError {
    UserError::new(
        &["input", "jobOrderId"],
        UserErrorCode::NotFound,
        "no job order you may act on has this id",
    )
}

/// `updateJobOrder`.
pub async fn update(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &CompanyUser,
    input: UpdateJobOrderInput,
) -> AppResult<JobOrderPayload> {
    let viewer = &Viewer::Company(*user);
    let now = clock.now();
    let today = danish_date(now);
    let id = JobOrderId::parse(&input.job_order_id, "jobOrderId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(order) = own_order(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if !JobOrderStatus::OPEN.contains(&order.status) {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::WrongState,
                format!(
                    "the order is {:?} and can no longer be changed; post a new one",
                    order.status
                ),
            )));
        }
        let terms = match checked_terms(txn, user, &input.terms, today).await? {
            Ok(t) => t,
            Err(e) => return Ok(Outcome::err(e)),
        };
        let submit = input.submit && order.status == JobOrderStatus::Draft;
        let status = if submit {
            JobOrderStatus::Submitted
        } else {
            order.status
        };
        let mut row = job_order::ActiveModel {
            status: Set(status),
            updated_at: Set(now),
            version: Set(order.version + 1),
            ..Default::default()
        };
        terms.apply(&mut row);
        let changed = job_order::Entity::update_many()
            .set(row)
            .filter(job_order::Column::Id.eq(order.id))
            .filter(job_order::Column::Version.eq(input.expected_version))
            .exec(txn)
            .await?
            .rows_affected;
        if changed == 0 {
            return Ok(Outcome::err(UserError::new(
                &["input", "expectedVersion"],
                UserErrorCode::StaleVersion,
                format!(
                    "the order is at version {} now; read it again and make your change on it",
                    order.version
                ),
            )));
        }
        log(
            txn,
            &order,
            JobOrderStep::Changed,
            order.status,
            viewer,
            now,
            None,
        )
        .await?;
        if submit {
            log(
                txn,
                &order,
                JobOrderStep::Submitted,
                status,
                viewer,
                now,
                None,
            )
            .await?;
        }
        Ok(Outcome::ok(order.id))
    })
    .await?;
    load(db, viewer, outcome).await
}

/// `closeJobOrder`.
pub async fn close(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &CompanyUser,
    input: CloseJobOrderInput,
) -> AppResult<JobOrderPayload> {
    let viewer = &Viewer::Company(*user);
    let now = clock.now();
    let id = JobOrderId::parse(&input.job_order_id, "jobOrderId")?;
    let reason = input.reason.trim().to_string();
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        if reason.is_empty() {
            return Ok(Outcome::err(UserError::new(
                &["input", "reason"],
                UserErrorCode::Invalid,
                "say why the order is closed",
            )));
        }
        let Some(order) = own_order(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        let (step, status) = match order.status {
            JobOrderStatus::Draft | JobOrderStatus::Submitted => {
                (JobOrderStep::Cancelled, JobOrderStatus::Cancelled)
            }
            JobOrderStatus::InProgress => (JobOrderStep::Closed, JobOrderStatus::Closed),
            other => {
                return Ok(Outcome::err(UserError::new(
                    &["input", "jobOrderId"],
                    UserErrorCode::AlreadyDone,
                    format!("the order is already {other:?}"),
                )));
            }
        };
        if !move_status(txn, &order, order.status, status, now).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::StaleVersion,
                "the order changed at the same moment; read it again",
            )));
        }
        log(txn, &order, step, status, viewer, now, Some(reason.clone())).await?;
        Ok(Outcome::ok(order.id))
    })
    .await?;
    load(db, viewer, outcome).await
}

/// Moves `order` from `from` to `to`, bumping its version; false when it was no longer in `from`
/// (someone moved it at the same moment).
pub(super) async fn move_status(
    txn: &DatabaseTransaction,
    order: &job_order::Model,
    from: JobOrderStatus,
    to: JobOrderStatus,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    Ok(job_order::Entity::update_many()
        .col_expr(job_order::Column::Status, Expr::value(to))
        .col_expr(job_order::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            job_order::Column::Version,
            Expr::col(job_order::Column::Version).add(1),
        )
        .filter(job_order::Column::Id.eq(order.id))
        .filter(job_order::Column::Status.eq(from))
        .exec(txn)
        .await?
        .rows_affected
        > 0)
}

/// `takeUpJobOrder`: the job centre starts looking for candidates (SUBMITTED → IN_PROGRESS).
pub async fn take_up(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: TakeUpJobOrderInput,
) -> AppResult<JobOrderPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = JobOrderId::parse(&input.job_order_id, "jobOrderId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(order) = own_order(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(not_found()));
        };
        if !move_status(
            txn,
            &order,
            JobOrderStatus::Submitted,
            JobOrderStatus::InProgress,
            now,
        )
        .await?
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "jobOrderId"],
                UserErrorCode::WrongState,
                format!(
                    "the order is {:?}; only a submitted order is taken up",
                    order.status
                ),
            )));
        }
        log(
            txn,
            &order,
            JobOrderStep::TakenUp,
            JobOrderStatus::InProgress,
            viewer,
            now,
            None,
        )
        .await?;
        Ok(Outcome::ok(order.id))
    })
    .await?;
    load(db, viewer, outcome).await
}

async fn load(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    outcome: Outcome,
) -> AppResult<JobOrderPayload> {
    let order = match outcome.id {
        Some(id) => {
            job_order::Entity::find_by_id(id)
                .filter(scope::job_orders_visible_to(viewer))
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(JobOrderPayload {
        job_order: order.map(JobOrder::one),
        user_errors: outcome.user_errors,
    })
}

/// The log of each of `orders`, oldest step first. One statement.
pub async fn logs_of(
    db: &impl ConnectionTrait,
    orders: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, Vec<job_order_log::Model>>> {
    let rows = job_order_log::Entity::find()
        .filter(job_order_log::Column::JobOrderId.is_in(orders.iter().copied()))
        .order_by_asc(job_order_log::Column::At)
        .order_by_asc(job_order_log::Column::Id)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |l| l.job_order_id))
}

/// The occupations the job orders `orders` name, by code. One statement.
pub async fn occupations_of(
    db: &impl ConnectionTrait,
    orders: &[Uuid],
) -> AppResult<std::collections::HashMap<String, cvs::occupations::Occupation>> {
    let named = job_order::Entity::find()
        .select_only()
        .column(job_order::Column::OccupationCode)
        .filter(job_order::Column::Id.is_in(orders.iter().copied()))
        .into_query();
    cvs::occupations::named_by(db, named).await
}
