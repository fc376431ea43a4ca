//! Supplier-report rules: the schedule made when an offer starts and adjusted when it ends,
//! requests from the job centre, the provider's submission (the attendance section written from
//! the recorded days, never typed), reading, and the lists and the search.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AttendanceKind, ReportSection, ServiceOrderStatus, SupplierReportKind},
    service_order, supplier_report, supplier_report_policy, supplier_report_section,
    supplier_report_template_section,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, OnConflict, Query},
};
use uuid::Uuid;

use super::{schedule, views::*};
use crate::{
    attendance, cases,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{ProviderId, ServiceOrderId, SupplierReportId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{ProviderUser, Staff, Viewer},
        workdays::Workdays,
    },
    outbox::{self, DomainEvent},
    providers::{orders, scope as order_scope},
};

/// The most reports a list shows.
pub const MAX_REPORTS: usize = 100;
/// The most characters a section holds.
pub const MAX_SECTION_CHARS: usize = 10_000;

/// A count of workdays from a policy (never negative: the database checks it).
fn days(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// A condition on `supplier_reports` admitting the reports of the orders the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    Condition::all().add(
        supplier_report::Column::ServiceOrderId
            .in_subquery(order_scope::order_ids_visible_to(viewer)),
    )
}

/// The policy in force on `day` for `group`.
pub async fn policy_for(
    db: &impl ConnectionTrait,
    group: &str,
    day: NaiveDate,
) -> AppResult<Option<supplier_report_policy::Model>> {
    Ok(supplier_report_policy::Entity::find()
        .filter(supplier_report_policy::Column::TargetGroupCode.eq(group))
        .filter(supplier_report_policy::Column::ValidFrom.lte(day))
        .order_by_desc(supplier_report_policy::Column::ValidFrom)
        .one(db)
        .await?)
}

/// The policy for the order's citizen on `day`, or the default (the final report only, ten
/// workdays after the end; on request five) when their group has none or they have no open case.
async fn policy_of(
    db: &impl ConnectionTrait,
    order: &service_order::Model,
    day: NaiveDate,
) -> AppResult<supplier_report_policy::Model> {
    let group = cases::service::target_group(db, order.citizen_id).await?;
    if let Some(g) = &group
        && let Some(p) = policy_for(db, g, day).await?
    {
        return Ok(p);
    }
    Ok(supplier_report_policy::Model {
        target_group_code: group.unwrap_or_default(),
        valid_from: day,
        mode: jobbro_entities::enums::ReportPolicyMode::ExceptionOnly,
        start_report: false,
        start_workdays: 10,
        period_weeks: 8,
        periodic_from_weeks: 12,
        final_workdays: 10,
        request_workdays: 5,
    })
}

fn row(
    order: &service_order::Model,
    kind: SupplierReportKind,
    period_from: NaiveDate,
    due_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> supplier_report::ActiveModel {
    supplier_report::ActiveModel {
        id: Set(Uuid::now_v7()),
        jobcentre_id: Set(order.jobcentre_id),
        service_order_id: Set(order.id),
        citizen_id: Set(order.citizen_id),
        provider_id: Set(order.provider_id),
        kind: Set(kind),
        period_from: Set(period_from),
        due_on: Set(due_on),
        requested_by: Set(None),
        request_note: Set(None),
        submitted_at: Set(None),
        submitted_by: Set(None),
        action_needed: Set(None),
        next_step: Set(None),
        read_at: Set(None),
        read_by: Set(None),
        created_at: Set(now),
    }
}

/// Schedules the reports of an order that started: once, however often the start event is
/// handled (the unique order, kind and due day).
pub async fn schedule_order(
    txn: &DatabaseTransaction,
    order_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(order) = orders::by_id(txn, order_id).await? else {
        return Ok(());
    };
    let start = order.started_on.unwrap_or(order.starts_on);
    let end = order.ends_on.unwrap_or(start);
    let policy = policy_of(txn, &order, start).await?;
    let calendar = Workdays::load(
        txn,
        start,
        end + chrono::Duration::days(i64::from(policy.final_workdays) * 2 + 14),
    )
    .await?;
    let rows: Vec<_> = schedule::schedule(&policy, &calendar, start, end)
        .into_iter()
        .map(|d| row(&order, d.kind, d.period_from, Some(d.due_on), now))
        .collect();
    supplier_report::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                supplier_report::Column::ServiceOrderId,
                supplier_report::Column::Kind,
                supplier_report::Column::DueOn,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// An order ended (or was cancelled) on `ended_on`: the reports not written yet that fall after
/// the end go, and the final report is due the policy's workdays after the real end. An order
/// cancelled before it started owes nothing.
pub async fn order_ended(
    txn: &DatabaseTransaction,
    order_id: Uuid,
    ended_on: NaiveDate,
    started: bool,
) -> AppResult<()> {
    let unwritten = Condition::all()
        .add(supplier_report::Column::ServiceOrderId.eq(order_id))
        .add(supplier_report::Column::SubmittedAt.is_null());
    if !started {
        supplier_report::Entity::delete_many()
            .filter(unwritten)
            .exec(txn)
            .await?;
        return Ok(());
    }
    supplier_report::Entity::delete_many()
        .filter(unwritten.clone())
        .filter(
            supplier_report::Column::Kind
                .is_in([SupplierReportKind::Start, SupplierReportKind::Periodic]),
        )
        .filter(supplier_report::Column::DueOn.gt(ended_on))
        .exec(txn)
        .await?;
    let Some(order) = orders::by_id(txn, order_id).await? else {
        return Ok(());
    };
    let policy = policy_of(txn, &order, ended_on).await?;
    let calendar = Workdays::around(txn, ended_on, days(policy.final_workdays)).await?;
    let due = calendar.add(ended_on, days(policy.final_workdays));
    supplier_report::Entity::update_many()
        .col_expr(supplier_report::Column::DueOn, Expr::value(Some(due)))
        .filter(unwritten)
        .filter(supplier_report::Column::Kind.eq(SupplierReportKind::Final))
        .exec(txn)
        .await?;
    Ok(())
}

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<SupplierReportPayload> {
    let report = match outcome.id {
        Some(id) => supplier_report::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(SupplierReportPayload {
        supplier_report: report.map(SupplierReport::one),
        user_errors: outcome.user_errors,
    })
}

fn not_found(field: &str, what: &str) -> Outcome {
    Outcome::err(UserError::new(
        &["input", field],
        UserErrorCode::NotFound,
        format!("no {what} you may act on has this id"),
    ))
}

/// `requestSupplierReport`: the job centre asks for a report on a running order; it is due the
/// policy's workdays after the request.
pub async fn request(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RequestSupplierReportInput,
) -> AppResult<SupplierReportPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let order_id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "requestSupplierReport",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let note = input.note.trim();
        if note.is_empty() {
            return Ok(Outcome::err(UserError::new(
                &["input", "note"],
                UserErrorCode::Invalid,
                "say what the report should answer",
            )));
        }
        let Some(order) = orders::visible_order(txn, viewer, order_id).await? else {
            return Ok(not_found("serviceOrderId", "order"));
        };
        if !matches!(
            order.status,
            ServiceOrderStatus::Accepted | ServiceOrderStatus::Started
        ) {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::WrongState,
                "reports are asked for on accepted or started orders",
            )));
        }
        let policy = policy_of(txn, &order, today).await?;
        let workdays = days(policy.request_workdays);
        let due = Workdays::around(txn, today, workdays)
            .await?
            .add(today, workdays);
        let mut report = row(
            &order,
            SupplierReportKind::OnRequest,
            order.started_on.unwrap_or(order.starts_on),
            Some(due),
            now,
        );
        report.requested_by = Set(Some(staff.caseworker));
        report.request_note = Set(Some(note.to_string()));
        let id = report.id.clone().unwrap();
        supplier_report::Entity::insert(report)
            .exec_without_returning(txn)
            .await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    load(db, outcome).await
}

/// The days of `order` from `from` to `to` in words: what the attendance section says.
pub async fn attendance_summary(
    db: &impl ConnectionTrait,
    order: &service_order::Model,
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<String> {
    let days = attendance::service::days_of(db, &[order.id], (from, to))
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    let count = |kind: AttendanceKind| days.iter().filter(|d| d.kind == kind).count();
    let minutes: i32 = days.iter().filter_map(|d| d.minutes).sum();
    Ok(format!(
        "Fremmøde {} til {}: {} dage mødt ({:.1} timer), {} dage syg, {} dage lovligt fravær, {} \
         udeblivelser; {} dage uden registrering.",
        from.format("%d.%m.%Y"),
        to.format("%d.%m.%Y"),
        count(AttendanceKind::Attended),
        f64::from(minutes) / 60.0,
        count(AttendanceKind::AbsentSick),
        count(AttendanceKind::AbsentExcused),
        count(AttendanceKind::NoShow),
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| Workdays::default().is_workday(*d))
            .filter(|d| !days.iter().any(|a| a.day == *d))
            .count(),
    ))
}

/// The sections a kind of report holds.
pub async fn template(
    db: &impl ConnectionTrait,
    kinds: &[SupplierReportKind],
) -> AppResult<Vec<supplier_report_template_section::Model>> {
    Ok(supplier_report_template_section::Entity::find()
        .filter(supplier_report_template_section::Column::Kind.is_in(kinds.iter().copied()))
        .order_by_asc(supplier_report_template_section::Column::Position)
        .all(db)
        .await?)
}

/// The first problem with the sections given, against the template of `kind`.
fn check_sections(
    sections: &[SectionInput],
    template: &[supplier_report_template_section::Model],
) -> Option<UserError> {
    let invalid = |i: usize, message: String| {
        Some(UserError {
            field: vec!["input".into(), "sections".into(), i.to_string()],
            code: UserErrorCode::Invalid,
            message,
        })
    };
    let mut seen = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        if s.section == ReportSection::Attendance {
            return invalid(
                i,
                "the attendance section is written from the recorded days; leave it out".into(),
            );
        }
        if !template.iter().any(|t| t.section == s.section) {
            return invalid(i, "this kind of report has no such section".into());
        }
        if seen.contains(&s.section) {
            return invalid(i, "each section once".into());
        }
        if s.text.trim().is_empty() || s.text.chars().count() > MAX_SECTION_CHARS {
            return invalid(
                i,
                format!("a section holds 1 to {MAX_SECTION_CHARS} characters"),
            );
        }
        seen.push(s.section);
    }
    template
        .iter()
        .find(|t| t.section != ReportSection::Attendance && !seen.contains(&t.section))
        .map(|t| UserError {
            field: vec!["input".into(), "sections".into()],
            code: UserErrorCode::Invalid,
            message: format!("the report needs every section: {}", t.prompt),
        })
}

/// `submitSupplierReport`: the provider writes a report that is due or asked for, or an
/// exception report on an order.
pub async fn submit(
    db: &DatabaseConnection,
    clock: &SharedClock,
    user: &ProviderUser,
    input: SubmitSupplierReportInput,
) -> AppResult<SupplierReportPayload> {
    let viewer = &Viewer::Provider(*user);
    let now = clock.now();
    let today = danish_date(now);
    let report_id = input
        .supplier_report_id
        .as_ref()
        .map(|id| SupplierReportId::parse(id, "supplierReportId"))
        .transpose()?;
    let order_id = input
        .service_order_id
        .as_ref()
        .map(|id| ServiceOrderId::parse(id, "serviceOrderId"))
        .transpose()?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "submitSupplierReport",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let (report, order) = match (report_id, order_id) {
            (Some(id), None) => {
                let Some(report) = supplier_report::Entity::find_by_id(id.0)
                    .filter(visible_to(viewer))
                    .one(txn)
                    .await?
                else {
                    return Ok(not_found("supplierReportId", "report"));
                };
                let Some(order) = orders::by_id(txn, report.service_order_id).await? else {
                    return Ok(not_found("supplierReportId", "report"));
                };
                (report, order)
            }
            (None, Some(id)) => {
                let Some(order) = orders::visible_order(txn, viewer, id).await? else {
                    return Ok(not_found("serviceOrderId", "order"));
                };
                let report = row(
                    &order,
                    SupplierReportKind::Exception,
                    order.started_on.unwrap_or(order.starts_on),
                    None,
                    now,
                );
                let report = supplier_report::Entity::insert(report)
                    .exec_with_returning(txn)
                    .await?;
                (report, order)
            }
            _ => {
                return Ok(Outcome::err(UserError::new(
                    &["input"],
                    UserErrorCode::Invalid,
                    "give the report that is due (supplierReportId), or the order an exception \
                     report is about (serviceOrderId), not both",
                )));
            }
        };
        let template = template(txn, &[report.kind]).await?;
        if let Some(e) = check_sections(&input.sections, &template) {
            return Ok(Outcome::err(e));
        }
        let submitted = supplier_report::Entity::update_many()
            .col_expr(supplier_report::Column::SubmittedAt, Expr::value(Some(now)))
            .col_expr(
                supplier_report::Column::SubmittedBy,
                Expr::value(Some(user.user)),
            )
            .col_expr(
                supplier_report::Column::ActionNeeded,
                Expr::value(Some(input.action_needed)),
            )
            .col_expr(
                supplier_report::Column::NextStep,
                Expr::value(input.next_step),
            )
            .filter(supplier_report::Column::Id.eq(report.id))
            .filter(supplier_report::Column::SubmittedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        if submitted == 0 {
            return Ok(Outcome::err(UserError::new(
                &["input", "supplierReportId"],
                UserErrorCode::AlreadyDone,
                "this report was already submitted; write an exception report to add to it",
            )));
        }
        let to = [report.due_on, order.finished_on, Some(today)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(today);
        let mut sections: Vec<supplier_report_section::ActiveModel> = input
            .sections
            .iter()
            .map(|s| supplier_report_section::ActiveModel {
                report_id: Set(report.id),
                section: Set(s.section),
                body: Set(s.text.trim().to_string()),
            })
            .collect();
        if template
            .iter()
            .any(|t| t.section == ReportSection::Attendance)
        {
            sections.push(supplier_report_section::ActiveModel {
                report_id: Set(report.id),
                section: Set(ReportSection::Attendance),
                body: Set(attendance_summary(txn, &order, (report.period_from, to)).await?),
            });
        }
        supplier_report_section::Entity::insert_many(sections)
            .exec_without_returning(txn)
            .await?;
        let event = DomainEvent::SupplierReportSubmitted {
            report_id: report.id,
            service_order_id: order.id,
            citizen_id: order.citizen_id,
            action_needed: input.action_needed,
            submitted_on: today,
        };
        outbox::enqueue(txn, now, Some(order.jobcentre_id), &event).await?;
        Ok(Outcome::ok(report.id))
    })
    .await?;
    load(db, outcome).await
}

/// `markSupplierReportRead`: a caseworker of the job centre has read a submitted report.
pub async fn mark_read(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: MarkSupplierReportReadInput,
) -> AppResult<SupplierReportPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = SupplierReportId::parse(&input.supplier_report_id, "supplierReportId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "markSupplierReportRead",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(report) = supplier_report::Entity::find_by_id(id.0)
            .filter(visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(not_found("supplierReportId", "report"));
        };
        if report.submitted_at.is_none() {
            return Ok(Outcome::err(UserError::new(
                &["input", "supplierReportId"],
                UserErrorCode::WrongState,
                "the report has not been submitted yet",
            )));
        }
        supplier_report::Entity::update_many()
            .col_expr(supplier_report::Column::ReadAt, Expr::value(Some(now)))
            .col_expr(
                supplier_report::Column::ReadBy,
                Expr::value(Some(staff.caseworker)),
            )
            .filter(supplier_report::Column::Id.eq(report.id))
            .filter(supplier_report::Column::ReadAt.is_null())
            .exec(txn)
            .await?;
        Ok(Outcome::ok(report.id))
    })
    .await?;
    load(db, outcome).await
}

/// One report the viewer may see.
pub async fn one(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: SupplierReportId,
) -> AppResult<Option<supplier_report::Model>> {
    Ok(supplier_report::Entity::find_by_id(id.0)
        .filter(visible_to(viewer))
        .one(db)
        .await?)
}

/// The reports the provider user must write (not submitted, with a due day), the earliest due
/// first: overdue ones lead.
pub async fn to_write(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<supplier_report::Model>> {
    Ok(supplier_report::Entity::find()
        .filter(visible_to(viewer))
        .filter(supplier_report::Column::SubmittedAt.is_null())
        .filter(supplier_report::Column::DueOn.is_not_null())
        .order_by_asc(supplier_report::Column::DueOn)
        .order_by_asc(supplier_report::Column::Id)
        .limit(MAX_REPORTS as u64)
        .all(db)
        .await?)
}

/// The job centre's overdue reports (due before `today`, not submitted), of one provider or of
/// all, by provider and the earliest due first.
pub async fn overdue(
    db: &impl ConnectionTrait,
    staff: &Staff,
    provider: Option<ProviderId>,
    today: NaiveDate,
) -> AppResult<Vec<supplier_report::Model>> {
    let mut select = supplier_report::Entity::find()
        .filter(supplier_report::Column::JobcentreId.eq(staff.jobcentre))
        .filter(supplier_report::Column::SubmittedAt.is_null())
        .filter(supplier_report::Column::DueOn.lt(today));
    if let Some(p) = provider {
        select = select.filter(supplier_report::Column::ProviderId.eq(p.0));
    }
    Ok(select
        .order_by_asc(supplier_report::Column::ProviderId)
        .order_by_asc(supplier_report::Column::DueOn)
        .limit(MAX_REPORTS as u64)
        .all(db)
        .await?)
}

/// Submitted reports not read yet: a caseworker's about the citizens of their caseload, a
/// manager's about the whole job centre; the oldest first.
pub async fn unread(
    db: &impl ConnectionTrait,
    staff: &Staff,
) -> AppResult<Vec<supplier_report::Model>> {
    let mut select = supplier_report::Entity::find()
        .filter(supplier_report::Column::JobcentreId.eq(staff.jobcentre))
        .filter(supplier_report::Column::SubmittedAt.is_not_null())
        .filter(supplier_report::Column::ReadAt.is_null());
    if !staff.manager {
        select = select.filter(
            supplier_report::Column::CitizenId.in_subquery(cases::service::caseload(staff)),
        );
    }
    Ok(select
        .order_by_asc(supplier_report::Column::SubmittedAt)
        .limit(MAX_REPORTS as u64)
        .all(db)
        .await?)
}

/// Submitted reports of the job centre matching `filter`, the newest first.
pub async fn search(
    db: &impl ConnectionTrait,
    staff: &Staff,
    filter: &SupplierReportFilter,
    provider: Option<ProviderId>,
) -> AppResult<Vec<supplier_report::Model>> {
    let mut select = supplier_report::Entity::find()
        .filter(supplier_report::Column::JobcentreId.eq(staff.jobcentre))
        .filter(supplier_report::Column::SubmittedAt.is_not_null());
    if let Some(p) = provider {
        select = select.filter(supplier_report::Column::ProviderId.eq(p.0));
    }
    if let Some(from) = filter.from {
        select = select.filter(
            supplier_report::Column::SubmittedAt
                .gte(from.and_time(chrono::NaiveTime::MIN).and_utc()),
        );
    }
    if let Some(to) = filter.to {
        let after = (to + chrono::Duration::days(1))
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        select = select.filter(supplier_report::Column::SubmittedAt.lt(after));
    }
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if text.is_some() || filter.section.is_some() {
        let mut matching = Query::select();
        matching
            .column(supplier_report_section::Column::ReportId)
            .from(supplier_report_section::Entity);
        if let Some(section) = filter.section {
            matching.and_where(supplier_report_section::Column::Section.eq(section));
        }
        if let Some(text) = text {
            let pattern = format!(
                "%{}%",
                text.to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            matching.and_where(
                Expr::expr(Func::lower(Expr::col(
                    supplier_report_section::Column::Body,
                )))
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
        select = select.filter(supplier_report::Column::Id.in_subquery(matching));
    }
    Ok(select
        .order_by_desc(supplier_report::Column::SubmittedAt)
        .limit(MAX_REPORTS as u64)
        .all(db)
        .await?)
}

/// The reports on each of `citizens` that the viewer may see, the newest first.
pub async fn of_citizens(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizens: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<supplier_report::Model>>> {
    let rows = supplier_report::Entity::find()
        .filter(visible_to(viewer))
        .filter(supplier_report::Column::CitizenId.is_in(citizens.iter().copied()))
        .order_by_desc(supplier_report::Column::Id)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |r| r.citizen_id))
}

/// The sections of each of `reports`, in section order.
pub async fn sections_of(
    db: &impl ConnectionTrait,
    reports: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<supplier_report_section::Model>>> {
    let rows = supplier_report_section::Entity::find()
        .filter(supplier_report_section::Column::ReportId.is_in(reports.iter().copied()))
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |r| r.report_id))
}

/// The final report of each of `orders` that has one. One statement.
pub async fn finals_of(
    db: &impl ConnectionTrait,
    orders: &[Uuid],
) -> AppResult<HashMap<Uuid, supplier_report::Model>> {
    Ok(supplier_report::Entity::find()
        .filter(supplier_report::Column::ServiceOrderId.is_in(orders.iter().copied()))
        .filter(supplier_report::Column::Kind.eq(SupplierReportKind::Final))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.service_order_id, r))
        .collect())
}
