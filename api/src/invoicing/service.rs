//! Generating, approving and reading invoicing bases. The sources of a basis are read through
//! the domains that own them, in a fixed number of statements however many orders the contract
//! has; the calculation itself is [`super::compute`].

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};
use jobbro_entities::{
    contract,
    enums::{InvoiceBasisStatus, WeekSplitRule},
    invoice_basis, invoice_line, invoice_policy, invoice_warning,
};
use sea_orm::{
    ActiveEnum,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    compute::{self, Computed, Finding, Line, Month, PaidLine, Sources},
    views::{ApproveInvoiceBasisInput, GenerateInvoiceBasisInput, InvoiceBasisPayload},
};
use crate::{
    attendance, cases, caseworkers, changes,
    kernel::{
        clock::{SharedClock, danish_date},
        db::{JsonColumn, insert_rows},
        error::{AppError, AppResult},
        ids::{ContractId, InvoiceBasisId},
        pagination::Positions,
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{ProviderUser, Staff, Viewer},
    },
    providers, reports,
};

/// How many months back an approved basis is compared with what is due now.
pub const ADJUSTMENT_MONTHS: u32 = 12;

/// A job centre's invoicing policy, or the defaults.
pub async fn policy(
    db: &impl ConnectionTrait,
    jobcentre: Uuid,
) -> AppResult<invoice_policy::Model> {
    Ok(invoice_policy::Entity::find_by_id(jobcentre)
        .one(db)
        .await?
        .unwrap_or(invoice_policy::Model {
            jobcentre_id: jobcentre,
            generate_day: 5,
            week_split_rule: WeekSplitRule::FirstActiveDay,
            approver_team: None,
        }))
}

/// Reads everything the basis of `contract` for `month` is computed from.
pub async fn sources(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
    month: Month,
    today: chrono::NaiveDate,
) -> AppResult<Sources> {
    let rule = policy(db, contract.jobcentre_id).await?.week_split_rule;
    let services = providers::contracts::priced_services(db, contract.id).await?;
    let lookback = month.back(ADJUSTMENT_MONTHS);
    let approved_months: Vec<Month> = invoice_basis::Entity::find()
        .select_only()
        .column(invoice_basis::Column::Month)
        .filter(invoice_basis::Column::ContractId.eq(contract.id))
        .filter(invoice_basis::Column::Status.eq(InvoiceBasisStatus::Approved))
        .filter(invoice_basis::Column::Month.gte(lookback.first))
        .filter(invoice_basis::Column::Month.lt(month.first))
        .into_tuple::<chrono::NaiveDate>()
        .all(db)
        .await?
        .into_iter()
        .map(Month::of)
        .collect();
    let earliest = approved_months.iter().min().copied().unwrap_or(month);
    let bonus_weeks = services
        .iter()
        .flat_map(|s| s.prices.iter().filter_map(|p| p.within_weeks))
        .max()
        .unwrap_or(0);
    let orders_from = earliest.first - Days::new(7 * u64::try_from(bonus_weeks).unwrap_or(0));
    let service_ids: Vec<Uuid> = services.iter().map(|s| s.service.id).collect();
    let orders = providers::orders::billable(db, &service_ids, (orders_from, month.last)).await?;
    let order_ids: Vec<Uuid> = orders.iter().map(|o| o.id).collect();
    let mut citizen_ids: Vec<Uuid> = orders.iter().map(|o| o.citizen_id).collect();
    citizen_ids.sort();
    citizen_ids.dedup();
    let attendance =
        attendance::service::days_of(db, &order_ids, (earliest.first, month.last)).await?;
    let history = cases::service::history_of(db, &citizen_ids).await?;
    let outcomes = cases::outcomes::of_citizens(db, &citizen_ids).await?;
    let finals = reports::service::finals_of(db, &order_ids).await?;
    let pending = changes::service::pending_on(db, &order_ids).await?;
    let paid = if approved_months.is_empty() {
        Vec::new()
    } else {
        approved_lines(db, contract.id, earliest, month).await?
    };
    Ok(Sources {
        today,
        rule,
        services: services.into_iter().map(|s| (s.service.id, s)).collect(),
        orders,
        attendance,
        cases: history,
        outcomes,
        finals,
        pending,
        paid,
        approved_months,
    })
}

/// The lines of the contract's approved bases of months before `month`, serving months from
/// `from` on.
async fn approved_lines(
    db: &impl ConnectionTrait,
    contract_id: Uuid,
    from: Month,
    month: Month,
) -> AppResult<Vec<PaidLine>> {
    let bases = invoice_basis::Entity::find()
        .select_only()
        .column(invoice_basis::Column::Id)
        .filter(invoice_basis::Column::ContractId.eq(contract_id))
        .filter(invoice_basis::Column::Status.eq(InvoiceBasisStatus::Approved))
        .filter(invoice_basis::Column::Month.lt(month.first))
        .as_query()
        .to_owned();
    Ok(invoice_line::Entity::find()
        .filter(invoice_line::Column::BasisId.in_subquery(bases))
        .filter(invoice_line::Column::ServiceMonth.gte(from.first))
        .order_by_asc(invoice_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| PaidLine {
            id: row.id,
            line: line_of(&row),
        })
        .collect())
}

/// A stored line as a computed one.
pub fn line_of(row: &invoice_line::Model) -> Line {
    Line {
        service_order_id: row.service_order_id,
        citizen_id: row.citizen_id,
        contract_version_id: row.contract_version_id,
        contract_service_id: row.contract_service_id,
        price_component_id: row.price_component_id,
        kind: row.kind,
        service_month: row.service_month,
        service_date: row.service_date,
        quantity_numerator: row.quantity_numerator,
        quantity_denominator: row.quantity_denominator,
        unit_amount_ore: row.unit_amount_ore,
        amount_ore: row.amount_ore,
        target_group_code: row.target_group_code.clone(),
        budget_frame_code: row.budget_frame_code.clone(),
        attendance_ids: serde_json::from_str(&row.attendance_ids).unwrap_or_default(),
        outcome_id: row.outcome_id,
        adjusts_line_id: row.adjusts_line_id,
    }
}

/// A stored finding as a computed one.
pub fn finding_of(row: &invoice_warning::Model) -> Finding {
    Finding {
        severity: row.severity,
        code: row.code.clone(),
        service_order_id: row.service_order_id,
        message: row.message.clone(),
    }
}

/// The month asked for, if it is one and not in the future.
pub fn month_arg(text: &str, today: chrono::NaiveDate) -> Result<Month, UserError> {
    let month = Month::parse(text).ok_or_else(|| {
        UserError::new(
            &["input", "month"],
            UserErrorCode::Invalid,
            format!("{text:?} is not a month; write it as YYYY-MM, e.g. 2026-11"),
        )
    })?;
    if month.first > today {
        return Err(UserError::new(
            &["input", "month"],
            UserErrorCode::InvalidPeriod,
            format!(
                "{} is in the future; nothing has been delivered yet",
                month.label()
            ),
        ));
    }
    Ok(month)
}

/// `generateInvoiceBasis`: computes and saves a new draft version, or returns the current
/// draft when nothing changed.
pub async fn generate(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: GenerateInvoiceBasisInput,
) -> AppResult<InvoiceBasisPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let contract_id = ContractId::parse(&input.contract_id, "contractId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "generateInvoiceBasis",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let month = match month_arg(&input.month, today) {
            Ok(m) => m,
            Err(e) => return Ok(Outcome::err(e)),
        };
        if month.last >= today {
            return Ok(Outcome::err(UserError::new(
                &["input", "month"],
                UserErrorCode::InvalidPeriod,
                format!(
                    "{} has not ended yet; generate its basis from {} on, or preview it now \
                     (previewInvoiceBasis)",
                    month.label(),
                    month.last + Days::new(1)
                ),
            )));
        }
        let Some(contract) =
            providers::contracts::of_jobcentre_by_id(txn, staff.jobcentre, contract_id.0).await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "contractId"],
                UserErrorCode::NotFound,
                "no contract of your job centre has this id",
            )));
        };
        Ok(
            match save(txn, &contract, month, now, Some(staff.caseworker)).await? {
                Ok(id) => Outcome::ok(id),
                Err(e) => Outcome::err(e),
            },
        )
    })
    .await?;
    load(db, outcome).await
}

/// Computes the basis of `contract` for `month` and saves it as a new draft version unless the
/// current draft has the same content; the id of the draft.
async fn save(
    txn: &DatabaseTransaction,
    contract: &contract::Model,
    month: Month,
    now: DateTime<Utc>,
    by: Option<Uuid>,
) -> AppResult<Result<Uuid, UserError>> {
    if providers::contracts::is_internal(txn, contract.provider_id).await? {
        return Ok(Err(UserError::new(
            &["input", "contractId"],
            UserErrorCode::WrongState,
            "the contract is with one of the municipality's own units, which are not invoiced",
        )));
    }
    let versions = invoice_basis::Entity::find()
        .filter(invoice_basis::Column::ContractId.eq(contract.id))
        .filter(invoice_basis::Column::Month.eq(month.first))
        .order_by_desc(invoice_basis::Column::Version)
        .all(txn)
        .await?;
    if versions
        .iter()
        .any(|v| v.status == InvoiceBasisStatus::Approved)
    {
        return Ok(Err(UserError::new(
            &["input", "month"],
            UserErrorCode::AlreadyDone,
            format!(
                "the basis of {} is approved and locked; later corrections become adjustment \
                 lines in the basis of a later month",
                month.label()
            ),
        )));
    }
    let computed = compute::compute(
        month,
        &sources(txn, contract, month, danish_date(now)).await?,
    );
    let hash = computed.content_hash();
    let draft = versions
        .iter()
        .find(|v| v.status == InvoiceBasisStatus::Draft);
    if let Some(draft) = draft {
        if draft.content_hash == hash {
            return Ok(Ok(draft.id));
        }
        let superseded = invoice_basis::Entity::update_many()
            .col_expr(
                invoice_basis::Column::Status,
                Expr::value(InvoiceBasisStatus::Superseded),
            )
            .filter(invoice_basis::Column::Id.eq(draft.id))
            .filter(invoice_basis::Column::Status.eq(InvoiceBasisStatus::Draft))
            .exec(txn)
            .await?
            .rows_affected;
        if superseded == 0 {
            return Ok(Err(at_the_same_moment()));
        }
    }
    let id = Uuid::now_v7();
    let row = invoice_basis::ActiveModel {
        id: Set(id),
        jobcentre_id: Set(contract.jobcentre_id),
        contract_id: Set(contract.id),
        provider_id: Set(contract.provider_id),
        month: Set(month.first),
        version: Set(versions.first().map_or(1, |v| v.version + 1)),
        status: Set(InvoiceBasisStatus::Draft),
        content_hash: Set(hash),
        total_ore: Set(computed.total_ore()),
        line_count: Set(i32::try_from(computed.lines.len()).unwrap_or(i32::MAX)),
        blocked: Set(computed.blocked()),
        generated_by: Set(by),
        generated_at: Set(now),
        approved_by: Set(None),
        approved_at: Set(None),
    };
    if let Err(e) = runner::insert_or(
        txn,
        row,
        "ux_invoice_bases_contract_id_month_version",
        at_the_same_moment(),
    )
    .await?
    {
        return Ok(Err(e));
    }
    insert_content(txn, id, &computed).await?;
    Ok(Ok(id))
}

fn at_the_same_moment() -> UserError {
    UserError::new(
        &["input", "contractId"],
        UserErrorCode::WrongState,
        "another version of this basis was generated at the same moment; generate it again",
    )
}

/// Columns of `invoice_lines` as [`insert_content`] writes them.
const LINE_COLUMNS: [(&str, JsonColumn); 20] = [
    ("id", JsonColumn::Uuid),
    ("basis_id", JsonColumn::Uuid),
    ("line_no", JsonColumn::Plain),
    ("service_order_id", JsonColumn::Uuid),
    ("citizen_id", JsonColumn::Uuid),
    ("contract_version_id", JsonColumn::Uuid),
    ("contract_service_id", JsonColumn::Uuid),
    ("price_component_id", JsonColumn::Uuid),
    ("kind", JsonColumn::Plain),
    ("service_month", JsonColumn::Plain),
    ("service_date", JsonColumn::Plain),
    ("quantity_numerator", JsonColumn::Plain),
    ("quantity_denominator", JsonColumn::Plain),
    ("unit_amount_ore", JsonColumn::Plain),
    ("amount_ore", JsonColumn::Plain),
    ("target_group_code", JsonColumn::Plain),
    ("budget_frame_code", JsonColumn::Plain),
    ("attendance_ids", JsonColumn::Plain),
    ("outcome_id", JsonColumn::Uuid),
    ("adjusts_line_id", JsonColumn::Uuid),
];

/// Columns of `invoice_warnings` as [`insert_content`] writes them.
const FINDING_COLUMNS: [(&str, JsonColumn); 7] = [
    ("id", JsonColumn::Uuid),
    ("basis_id", JsonColumn::Uuid),
    ("position", JsonColumn::Plain),
    ("severity", JsonColumn::Plain),
    ("code", JsonColumn::Plain),
    ("service_order_id", JsonColumn::Uuid),
    ("message", JsonColumn::Plain),
];

/// Writes the lines and findings of a new version: one statement each, however many lines the
/// basis has.
async fn insert_content(
    txn: &DatabaseTransaction,
    basis_id: Uuid,
    computed: &Computed,
) -> AppResult<()> {
    let lines = computed
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": Uuid::now_v7(),
                "basis_id": basis_id,
                "line_no": i + 1,
                "service_order_id": l.service_order_id,
                "citizen_id": l.citizen_id,
                "contract_version_id": l.contract_version_id,
                "contract_service_id": l.contract_service_id,
                "price_component_id": l.price_component_id,
                "kind": l.kind.to_value(),
                "service_month": l.service_month,
                "service_date": l.service_date,
                "quantity_numerator": l.quantity_numerator,
                "quantity_denominator": l.quantity_denominator,
                "unit_amount_ore": l.unit_amount_ore,
                "amount_ore": l.amount_ore,
                "target_group_code": l.target_group_code,
                "budget_frame_code": l.budget_frame_code,
                "attendance_ids": serde_json::to_string(&l.attendance_ids).unwrap_or_default(),
                "outcome_id": l.outcome_id,
                "adjusts_line_id": l.adjusts_line_id,
            })
        })
        .collect();
    insert_rows(txn, "invoice_lines", &LINE_COLUMNS, lines).await?;
    let findings = computed
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "id": Uuid::now_v7(),
                "basis_id": basis_id,
                "position": i + 1,
                "severity": f.severity.to_value(),
                "code": f.code,
                "service_order_id": f.service_order_id,
                "message": f.message,
            })
        })
        .collect();
    insert_rows(txn, "invoice_warnings", &FINDING_COLUMNS, findings).await?;
    Ok(())
}

/// `approveInvoiceBasis`: locks the newest draft (a manager, or a caseworker of the approving
/// team; not the person who generated it; no blocks).
pub async fn approve(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: ApproveInvoiceBasisInput,
) -> AppResult<InvoiceBasisPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let basis_id = InvoiceBasisId::parse(&input.invoice_basis_id, "invoiceBasisId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "approveInvoiceBasis",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let refuse = |code, message: String| {
            Ok(Outcome::err(UserError::new(
                &["input", "invoiceBasisId"],
                code,
                message,
            )))
        };
        let Some(basis) = invoice_basis::Entity::find_by_id(basis_id.0)
            .filter(invoice_basis::Column::JobcentreId.eq(staff.jobcentre))
            .one(txn)
            .await?
        else {
            return refuse(
                UserErrorCode::NotFound,
                "no invoicing basis of your job centre has this id".into(),
            );
        };
        match basis.status {
            InvoiceBasisStatus::Approved => {
                return refuse(
                    UserErrorCode::AlreadyDone,
                    "this version is already approved".into(),
                );
            }
            InvoiceBasisStatus::Superseded => {
                return refuse(
                    UserErrorCode::WrongState,
                    "a newer version supersedes this one; review and approve the newest draft"
                        .into(),
                );
            }
            InvoiceBasisStatus::Draft => {}
        }
        if basis.blocked {
            return refuse(
                UserErrorCode::Blocked,
                "the basis has blocks (see its findings); resolve them and generate it again"
                    .into(),
            );
        }
        if !may_approve(txn, staff).await? {
            return refuse(
                UserErrorCode::NotApprover,
                "only a manager, or a caseworker of the team your job centre names as \
                 approvers, may approve an invoicing basis"
                    .into(),
            );
        }
        if basis.generated_by == Some(staff.caseworker) {
            return refuse(
                UserErrorCode::FourEyes,
                "you generated this version; someone else must approve it".into(),
            );
        }
        let approved = invoice_basis::Entity::update_many()
            .col_expr(
                invoice_basis::Column::Status,
                Expr::value(InvoiceBasisStatus::Approved),
            )
            .col_expr(
                invoice_basis::Column::ApprovedBy,
                Expr::value(staff.caseworker),
            )
            .col_expr(invoice_basis::Column::ApprovedAt, Expr::value(now))
            .filter(invoice_basis::Column::Id.eq(basis.id))
            .filter(invoice_basis::Column::Status.eq(InvoiceBasisStatus::Draft))
            .exec(txn)
            .await?
            .rows_affected;
        if approved == 0 {
            return refuse(
                UserErrorCode::WrongState,
                "the basis changed at the same moment; look at it again".into(),
            );
        }
        Ok(Outcome::ok(basis.id))
    })
    .await?;
    load(db, outcome).await
}

/// Managers approve; so do caseworkers of the team the job centre's policy names.
async fn may_approve(db: &impl ConnectionTrait, staff: &Staff) -> AppResult<bool> {
    if staff.manager {
        return Ok(true);
    }
    let Some(team) = policy(db, staff.jobcentre).await?.approver_team else {
        return Ok(false);
    };
    let (me, _) = caseworkers::service::me(db, staff).await?;
    Ok(me.team.as_deref() == Some(team.as_str()))
}

async fn load(db: &impl ConnectionTrait, outcome: Outcome) -> AppResult<InvoiceBasisPayload> {
    let basis = match outcome.id {
        Some(id) => invoice_basis::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(InvoiceBasisPayload {
        invoice_basis: basis.map(super::views::InvoiceBasis::one),
        user_errors: outcome.user_errors,
    })
}

/// The contract a viewer may preview or read bases of: staff, their job centre's; a
/// provider's coordinator, their organisation's.
pub async fn contract_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<contract::Model>> {
    match viewer {
        Viewer::Staff(staff) => {
            providers::contracts::of_jobcentre_by_id(db, staff.jobcentre, id).await
        }
        Viewer::Provider(ProviderUser {
            provider,
            coordinator: true,
            ..
        }) => Ok(providers::contracts::of_provider_by_id(db, *provider, id).await?),
        _ => Ok(None),
    }
}

/// `previewInvoiceBasis`: the basis as it would be generated now, not saved.
pub async fn preview(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    contract_id: ContractId,
    month: &str,
) -> AppResult<Option<(contract::Model, Month, Computed)>> {
    let today = danish_date(now);
    let month = month_arg(month, today).map_err(|e| AppError::BadUserInput(e.message))?;
    let Some(contract) = contract_for(db, viewer, contract_id.0).await? else {
        return Ok(None);
    };
    if providers::contracts::is_internal(db, contract.provider_id).await? {
        return Err(AppError::BadUserInput(
            "the contract is with one of the municipality's own units, which are not invoiced"
                .into(),
        ));
    }
    let computed = compute::compute(month, &sources(db, &contract, month, today).await?);
    Ok(Some((contract, month, computed)))
}

/// Which bases a viewer sees: staff, their job centre's; a provider's coordinator, their
/// organisation's; anyone else, none.
fn visible_to(viewer: &Viewer) -> sea_orm::Condition {
    match viewer {
        Viewer::Staff(staff) => {
            sea_orm::Condition::all().add(invoice_basis::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(ProviderUser {
            provider,
            coordinator: true,
            ..
        }) => sea_orm::Condition::all().add(invoice_basis::Column::ProviderId.eq(*provider)),
        _ => sea_orm::Condition::all().add(Expr::value(false)),
    }
}

/// The bases of `month` the viewer sees, by contract, newest version first; at most `limit`.
pub async fn of_month(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    month: Month,
    limit: u64,
) -> AppResult<Vec<invoice_basis::Model>> {
    Ok(invoice_basis::Entity::find()
        .filter(visible_to(viewer))
        .filter(invoice_basis::Column::Month.eq(month.first))
        .order_by_asc(invoice_basis::Column::ContractId)
        .order_by_desc(invoice_basis::Column::Version)
        .limit(limit)
        .all(db)
        .await?)
}

/// One basis the viewer sees.
pub async fn one(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: InvoiceBasisId,
) -> AppResult<Option<invoice_basis::Model>> {
    Ok(invoice_basis::Entity::find_by_id(id.0)
        .filter(visible_to(viewer))
        .one(db)
        .await?)
}

/// The lines of each of `bases`, in line order. One statement.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    bases: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<invoice_line::Model>>> {
    let rows = invoice_line::Entity::find()
        .filter(invoice_line::Column::BasisId.is_in(bases.iter().copied()))
        .order_by_asc(invoice_line::Column::LineNo)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |l| l.basis_id))
}

/// The lines of each of `bases` at `positions` (a page), in order. One statement, however many
/// lines the bases hold: a line's position is its `line_no` less one.
pub async fn page_of_lines(
    db: &impl ConnectionTrait,
    bases: &[Uuid],
    positions: Positions,
) -> AppResult<HashMap<Uuid, Vec<invoice_line::Model>>> {
    let rows = invoice_line::Entity::find()
        .filter(invoice_line::Column::BasisId.is_in(bases.iter().copied()))
        .filter(on_page(positions))
        .order_by_asc(invoice_line::Column::LineNo)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |l| l.basis_id))
}

/// The lines at `positions`, by `line_no`; the last ones by the basis's own line count.
fn on_page(positions: Positions) -> sea_orm::Condition {
    let no = invoice_line::Column::LineNo;
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    match positions {
        Positions::From { start, size } => sea_orm::Condition::all()
            .add(no.gt(n(start)))
            .add(no.lte(n(start.saturating_add(size)))),
        Positions::Before {
            end: Some(end),
            size,
        } => sea_orm::Condition::all()
            .add(no.gt(n(end.saturating_sub(size))))
            .add(no.lte(n(end))),
        Positions::Before { end: None, size } => {
            let count = sea_orm::sea_query::Query::select()
                .column((invoice_basis::Entity, invoice_basis::Column::LineCount))
                .from(invoice_basis::Entity)
                .and_where(
                    Expr::col((invoice_basis::Entity, invoice_basis::Column::Id))
                        .equals((invoice_line::Entity, invoice_line::Column::BasisId)),
                )
                .to_owned();
            sea_orm::Condition::all().add(
                Expr::col((invoice_line::Entity, no)).gt(Expr::SubQuery(
                    None,
                    Box::new(count.into()),
                )
                .sub(n(size))),
            )
        }
    }
}

/// The ids of the citizens named on the lines of `bases` at `positions`, as a subquery.
pub fn citizens_of(bases: &[Uuid], positions: Positions) -> sea_orm::sea_query::SelectStatement {
    invoice_line::Entity::find()
        .select_only()
        .column(invoice_line::Column::CitizenId)
        .filter(invoice_line::Column::BasisId.is_in(bases.iter().copied()))
        .filter(on_page(positions))
        .into_query()
}

/// The sums of each of `bases` per target group and budget frame, in that order. One statement.
pub async fn totals_of(
    db: &impl ConnectionTrait,
    bases: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<compute::Total>>> {
    let rows: Vec<(Uuid, Option<String>, String, i64, i64)> = invoice_line::Entity::find()
        .select_only()
        .column(invoice_line::Column::BasisId)
        .column(invoice_line::Column::TargetGroupCode)
        .column(invoice_line::Column::BudgetFrameCode)
        .expr(Expr::cust("CAST(COUNT(*) AS BIGINT)"))
        .expr(Expr::cust("CAST(SUM(invoice_lines.amount_ore) AS BIGINT)"))
        .filter(invoice_line::Column::BasisId.is_in(bases.iter().copied()))
        .group_by(invoice_line::Column::BasisId)
        .group_by(invoice_line::Column::TargetGroupCode)
        .group_by(invoice_line::Column::BudgetFrameCode)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<compute::Total>> = HashMap::new();
    for (basis, group, frame, lines, amount) in rows {
        out.entry(basis).or_default().push(compute::Total {
            target_group_code: group,
            budget_frame_code: frame,
            lines,
            amount_ore: amount,
        });
    }
    // In the order the preview gives them (no target group first), whatever the database's
    // order of nulls.
    for totals in out.values_mut() {
        totals.sort_by(|a, b| {
            (&a.target_group_code, &a.budget_frame_code)
                .cmp(&(&b.target_group_code, &b.budget_frame_code))
        });
    }
    Ok(out)
}

/// The findings of each of `bases`, in order. One statement.
pub async fn findings_of(
    db: &impl ConnectionTrait,
    bases: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<invoice_warning::Model>>> {
    let rows = invoice_warning::Entity::find()
        .filter(invoice_warning::Column::BasisId.is_in(bases.iter().copied()))
        .order_by_asc(invoice_warning::Column::Position)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |w| w.basis_id))
}

/// Run by the server every hour: from the policy's day of a month on, generates last month's
/// basis of every signed contract that has none yet (never of the municipality's own units).
/// A basis already generated, by anyone, is left alone, so running twice does nothing twice.
pub async fn generate_due(db: &DatabaseConnection, clock: &SharedClock) -> AppResult<usize> {
    let now = clock.now();
    let today = danish_date(now);
    let month = Month::of(today).back(1);
    let mut made = 0;
    let mut policies: HashMap<Uuid, invoice_policy::Model> = HashMap::new();
    for (contract, internal) in providers::contracts::signed_by(db, month.last).await? {
        if internal {
            continue;
        }
        let generate_day = match policies.get(&contract.jobcentre_id) {
            Some(p) => p.generate_day,
            None => {
                let p = policy(db, contract.jobcentre_id).await?;
                let day = p.generate_day;
                policies.insert(contract.jobcentre_id, p);
                day
            }
        };
        if i64::from(chrono::Datelike::day(&today)) < i64::from(generate_day) {
            continue;
        }
        let writing = crate::kernel::db::begin_write(db).await?;
        let exists = invoice_basis::Entity::find()
            .filter(invoice_basis::Column::ContractId.eq(contract.id))
            .filter(invoice_basis::Column::Month.eq(month.first))
            .one(&*writing)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let txn: &DatabaseTransaction = &writing;
        // A refusal (someone generated it at the same moment) leaves nothing behind: the
        // transaction is dropped, not committed.
        if save(txn, &contract, month, now, None).await?.is_ok() {
            writing.commit().await?;
            made += 1;
        }
    }
    Ok(made)
}
