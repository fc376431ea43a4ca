//! Invoicing bases as the job centre and the provider's coordinator see them, the preview, and
//! the inputs of the mutations. A saved basis and a preview show their content through the same
//! type ([`BasisContent`]), so a portal reads both the same way.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Context, ID, InputObject, MergedObject, Object, Result, ResultExt, SimpleObject,
    connection::{Connection, Edge},
};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, InvoiceBasisStatus, InvoiceFindingSeverity, PriceKind},
    invoice_basis, invoice_line, invoice_warning,
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    compute::{self, Computed, Finding, Line, Month},
    service,
};
use crate::{
    citizens,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        context::{clock, db, viewer},
        error::{AppError, AppResult},
        ids::{ContractId, InvoiceBasisId},
        pagination::{self, PageArgs, PositionCursor, Positions, Total},
        user_error::UserError,
    },
};

/// The most bases `invoiceBases` returns for one month.
pub const MAX_BASES: usize = 200;
/// The most rows `totals` holds.
pub const MAX_TOTALS: usize = 100;

/// One page of the lines of each basis, in one query.
pub struct LinesOfBases;

impl BatchLoad for LinesOfBases {
    type Key = Uuid;
    type Args = Positions;
    type Value = Vec<invoice_line::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        positions: &Positions,
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::page_of_lines(cx.db, keys, *positions).await
    }
}

/// The sums of each basis per target group and budget frame, in one query.
pub struct TotalsOfBases;

impl BatchLoad for TotalsOfBases {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<compute::Total>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::totals_of(cx.db, keys).await
    }
}

/// The findings of each basis, in one query.
pub struct FindingsOfBases;

impl BatchLoad for FindingsOfBases {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<invoice_warning::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::findings_of(cx.db, keys).await
    }
}

/// Øre as kroner with two decimals, `1234.50`.
pub fn kroner(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", ore.abs() / 100, ore.abs() % 100)
}

/// What a basis holds: saved (read from its version) or computed (a preview).
#[derive(Clone)]
pub enum BasisContent {
    Stored {
        row: Arc<invoice_basis::Model>,
        peers: Arc<[Uuid]>,
    },
    Computed(Arc<Computed>, Month),
}

impl BasisContent {
    fn total(&self) -> i64 {
        match self {
            Self::Stored { row, .. } => row.total_ore,
            Self::Computed(c, _) => c.total_ore(),
        }
    }

    /// The first day of the month billed.
    fn month(&self) -> NaiveDate {
        match self {
            Self::Stored { row, .. } => row.month,
            Self::Computed(_, month) => month.first,
        }
    }

    async fn all_findings(&self, ctx: &Context<'_>) -> Result<Vec<Finding>> {
        Ok(match self {
            Self::Stored { row, peers } => batch::load::<FindingsOfBases>(ctx, row.id, peers)
                .await?
                .iter()
                .map(service::finding_of)
                .collect(),
            Self::Computed(c, _) => c.findings.clone(),
        })
    }
}

/// The lines, findings and sums of an invoicing basis.
#[Object]
impl BasisContent {
    /// The sum of the lines, in øre.
    async fn total_ore(&self) -> i64 {
        self.total()
    }
    /// The sum of the lines in kroner, with two decimals (`1234.50`).
    async fn total_kroner(&self) -> String {
        kroner(self.total())
    }
    /// How many lines the basis holds.
    async fn line_count(&self) -> i32 {
        match self {
            Self::Stored { row, .. } => row.line_count,
            Self::Computed(c, _) => i32::try_from(c.lines.len()).unwrap_or(i32::MAX),
        }
    }
    /// Whether a block stops approval (see `findings`).
    async fn blocked(&self) -> bool {
        match self {
            Self::Stored { row, .. } => row.blocked,
            Self::Computed(c, _) => c.blocked(),
        }
    }
    /// SHA-256 of the lines and findings: generating again on the same data gives the same
    /// hash and no new version.
    async fn content_hash(&self) -> String {
        match self {
            Self::Stored { row, .. } => row.content_hash.clone(),
            Self::Computed(c, _) => c.content_hash(),
        }
    }
    /// The lines in order: the month's own lines by order and component, then adjustments of
    /// approved earlier months. Each read of a line's citizen is written to the citizen's
    /// access log.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn lines(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
    ) -> Result<Connection<PositionCursor, InvoiceLine, Total>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let (page, names) = match self {
            Self::Stored { row, peers } => {
                let positions = Positions::of(args).extend()?;
                let total = usize::try_from(row.line_count).unwrap_or_default();
                let rows = batch::load_with::<LinesOfBases>(ctx, positions, row.id, peers).await?;
                let page = pagination::page_of(
                    rows.iter().map(|l| {
                        let at = usize::try_from(l.line_no - 1).unwrap_or_default();
                        (at, (Some(l.id), service::line_of(l)))
                    }),
                    positions.within(total),
                    total,
                );
                let names = batch::load_with::<NamesOnBases>(ctx, positions, row.id, peers).await?;
                (page, names)
            }
            Self::Computed(c, _) => {
                let page =
                    pagination::slice(c.lines.iter().map(|l| (None, l.clone())).collect(), args)
                        .extend()?;
                let names = named(
                    db(ctx)?,
                    viewer(ctx)?,
                    page.rows.iter().map(|(_, (_, l))| l.citizen_id),
                )
                .await
                .extend()?;
                (page, names)
            }
        };
        let mut conn = Connection::with_additional_fields(
            page.has_previous,
            page.has_next,
            Total::known(page.total),
        );
        for (cursor, (id, line)) in page.rows {
            // The name is shown, and its read logged, only for a citizen the viewer may see.
            let name = match names.get(&line.citizen_id) {
                Some((name, jobcentre)) => {
                    citizens::scope::audit(
                        ctx,
                        line.citizen_id,
                        *jobcentre,
                        AuditCategory::Identity,
                    )?;
                    Some(name.clone())
                }
                None => None,
            };
            conn.edges.push(Edge::new(
                cursor,
                InvoiceLine {
                    id,
                    line_no: cursor.0 + 1,
                    adjustment: line.service_month < self.month(),
                    citizen_name: name,
                    line,
                },
            ));
        }
        Ok(conn)
    }
    /// Warnings to check before approval, and blocks that stop it, in order.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn findings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
    ) -> Result<Connection<PositionCursor, InvoiceFinding, Total>> {
        let all = self.all_findings(ctx).await?;
        let page = pagination::slice(
            all,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .extend()?;
        let mut conn = Connection::with_additional_fields(
            page.has_previous,
            page.has_next,
            Total::known(page.total),
        );
        for (cursor, f) in page.rows {
            conn.edges.push(Edge::new(cursor, InvoiceFinding::from(f)));
        }
        Ok(conn)
    }
    /// The sum per target group and budget frame (the posting, `003:62-64`): at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_TOTALS, child_complexity)")]
    async fn totals(&self, ctx: &Context<'_>) -> Result<Vec<InvoiceTotal>> {
        let totals = match self {
            Self::Stored { row, peers } => batch::load::<TotalsOfBases>(ctx, row.id, peers).await?,
            Self::Computed(c, _) => compute::totals(c.lines.iter().map(|l| {
                (
                    l.target_group_code.clone(),
                    l.budget_frame_code.clone(),
                    l.amount_ore,
                )
            })),
        };
        Ok(pagination::capped(
            totals.into_iter().map(|t| InvoiceTotal {
                target_group: t.target_group_code,
                budget_frame_code: t.budget_frame_code,
                line_count: i32::try_from(t.lines).unwrap_or(i32::MAX),
                amount_ore: t.amount_ore,
                amount_kroner: kroner(t.amount_ore),
            }),
            MAX_TOTALS,
        ))
    }
}

/// The citizens named on a page of the lines of a list's bases, by id: their names and job centres, read
/// through the viewer's scope for every basis of the list at once (one statement). Each basis
/// shares the one map.
pub struct NamesOnBases;

impl BatchLoad for NamesOnBases {
    type Key = Uuid;
    type Args = Positions;
    type Value = Arc<HashMap<Uuid, (String, Uuid)>>;

    async fn load(
        cx: &LoadContext<'_>,
        positions: &Positions,
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let names: Self::Value = Arc::new(
            citizens::scope::among(cx.db, cx.viewer, service::citizens_of(keys, *positions))
                .await?
                .iter()
                .map(name_of)
                .collect(),
        );
        Ok(keys.iter().map(|k| (*k, names.clone())).collect())
    }
}

/// A visible citizen's name and job centre, by id.
fn name_of(p: &citizens::scope::Visible) -> (Uuid, (String, Uuid)) {
    let c = p.record();
    (
        c.id,
        (
            format!("{} {}", c.given_name, c.family_name),
            c.jobcentre_id,
        ),
    )
}

/// The names and job centres of those of `ids` the viewer may see.
async fn named(
    db: &impl sea_orm::ConnectionTrait,
    viewer: &crate::kernel::viewer::Viewer,
    ids: impl Iterator<Item = Uuid>,
) -> AppResult<Arc<HashMap<Uuid, (String, Uuid)>>> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort();
    ids.dedup();
    Ok(Arc::new(
        citizens::scope::many(db, viewer, ids)
            .await?
            .iter()
            .map(name_of)
            .collect(),
    ))
}

/// One line of an invoicing basis: an order, a price component and a month served, with the
/// records it came from.
pub struct InvoiceLine {
    id: Option<Uuid>,
    line_no: usize,
    line: Line,
    adjustment: bool,
    citizen_name: Option<String>,
}

/// One line of an invoicing basis: an order, a price component and a month served, with the
/// records it came from (order, contract version, price component, attendance rows, outcome)
/// and its posting (target group, budget frame).
#[Object]
impl InvoiceLine {
    /// The line's id; null in a preview.
    async fn id(&self) -> Option<ID> {
        self.id.map(|id| ID(id.to_string()))
    }
    /// The line's number within the basis, from 1.
    async fn line_no(&self) -> i32 {
        i32::try_from(self.line_no).unwrap_or(i32::MAX)
    }
    /// What is paid for.
    async fn kind(&self) -> PriceKind {
        self.line.kind
    }
    /// The order billed.
    async fn service_order_id(&self) -> ID {
        ID(self.line.service_order_id.to_string())
    }
    /// The citizen's internal reference (never the CPR number).
    async fn citizen_id(&self) -> ID {
        ID(self.line.citizen_id.to_string())
    }
    /// The citizen's name; null if you may no longer see the citizen.
    async fn citizen_name(&self) -> Option<&str> {
        self.citizen_name.as_deref()
    }
    /// The contract version whose price applies (in force on the service date).
    async fn contract_version_id(&self) -> ID {
        ID(self.line.contract_version_id.to_string())
    }
    /// The contract service priced.
    async fn contract_service_id(&self) -> ID {
        ID(self.line.contract_service_id.to_string())
    }
    /// The price component applied; null when none is held (a block).
    async fn price_component_id(&self) -> Option<ID> {
        self.line.price_component_id.map(|id| ID(id.to_string()))
    }
    /// The month the line pays for, `YYYY-MM`: earlier than the basis's month for an adjustment.
    async fn service_month(&self) -> String {
        Month::of(self.line.service_month).label()
    }
    /// The first day the line pays for; it decides the citizen's target group and the contract
    /// version.
    async fn service_date(&self) -> NaiveDate {
        self.line.service_date
    }
    /// The quantity as a decimal (hours `37.5`, a share of a month `0.7`, weeks `3`), at most
    /// four places; exactly `quantityNumerator / quantityDenominator`.
    async fn quantity(&self) -> String {
        compute::decimal(self.line.quantity_numerator, self.line.quantity_denominator)
    }
    /// The exact quantity's numerator (minutes for hours, days for a monthly fee).
    async fn quantity_numerator(&self) -> i64 {
        self.line.quantity_numerator
    }
    /// The exact quantity's denominator (60 for hours, the month's days for a monthly fee).
    async fn quantity_denominator(&self) -> i64 {
        self.line.quantity_denominator
    }
    /// The price per unit, in øre.
    async fn unit_amount_ore(&self) -> i64 {
        self.line.unit_amount_ore
    }
    /// The amount in øre: unit × quantity, rounded half away from zero at the line.
    async fn amount_ore(&self) -> i64 {
        self.line.amount_ore
    }
    /// The amount in kroner with two decimals.
    async fn amount_kroner(&self) -> String {
        kroner(self.line.amount_ore)
    }
    /// The citizen's target group on the service date; null when no case held one.
    async fn target_group(&self) -> Option<&str> {
        self.line.target_group_code.as_deref()
    }
    /// The budget frame the service is posted to.
    async fn budget_frame_code(&self) -> &str {
        &self.line.budget_frame_code
    }
    /// The attendance rows paid for (hourly lines; at most one per day of the month).
    async fn attendance_ids(&self) -> Vec<ID> {
        self.line
            .attendance_ids
            .iter()
            .map(|id| ID(id.to_string()))
            .collect()
    }
    /// The recorded job or education start a result bonus pays for.
    async fn outcome_id(&self) -> Option<ID> {
        self.line.outcome_id.map(|id| ID(id.to_string()))
    }
    /// For an adjustment: the approved line it corrects (null when the approved basis had no
    /// line for this order and component).
    async fn adjusts_line_id(&self) -> Option<ID> {
        self.line.adjusts_line_id.map(|id| ID(id.to_string()))
    }
    /// Whether the line corrects a month already approved.
    async fn adjustment(&self) -> bool {
        self.adjustment
    }
}

/// A warning or a block found on an invoicing basis.
#[derive(SimpleObject)]
pub struct InvoiceFinding {
    /// A warning to check, or a block that stops approval.
    pub severity: InvoiceFindingSeverity,
    /// What kind of finding: `FINAL_REPORT_MISSING`, `FINAL_REPORT_OVERDUE`,
    /// `PENDING_CHANGE_REQUEST`, `ATTENDANCE_OUTSIDE_ORDER`, `HOURS_OVER_ORDERED` (warnings),
    /// `NO_PRICE`, `CONTRACT_NOT_SIGNED` (blocks).
    pub code: String,
    /// The order concerned.
    pub service_order_id: Option<ID>,
    /// What was found and what to do.
    pub message: String,
}

impl From<Finding> for InvoiceFinding {
    fn from(f: Finding) -> Self {
        Self {
            severity: f.severity,
            code: f.code,
            service_order_id: f.service_order_id.map(|id| ID(id.to_string())),
            message: f.message,
        }
    }
}

/// The sum of a basis for one target group and budget frame.
#[derive(SimpleObject)]
pub struct InvoiceTotal {
    /// The target group; null for lines whose citizen had no case that day.
    pub target_group: Option<String>,
    /// The budget frame.
    pub budget_frame_code: String,
    /// How many lines it sums.
    pub line_count: i32,
    /// The sum in øre.
    pub amount_ore: i64,
    /// The sum in kroner with two decimals.
    pub amount_kroner: String,
}

/// One saved version of an invoicing basis: who generated and approved it.
pub struct BasisRecord(Arc<invoice_basis::Model>);

#[Object]
impl BasisRecord {
    /// The version's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The contract billed.
    async fn contract_id(&self) -> ID {
        ID(self.0.contract_id.to_string())
    }
    /// The provider that bills.
    async fn provider_id(&self) -> ID {
        ID(self.0.provider_id.to_string())
    }
    /// The month billed, `YYYY-MM`.
    async fn month(&self) -> String {
        Month::of(self.0.month).label()
    }
    /// The version, from 1, per contract and month.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Draft, superseded or approved.
    async fn status(&self) -> InvoiceBasisStatus {
        self.0.status
    }
    /// When this version was generated.
    async fn generated_at(&self) -> DateTime<Utc> {
        self.0.generated_at
    }
    /// The staff member who generated it; null when the server did, after the month's end.
    async fn generated_by(&self) -> Option<ID> {
        self.0.generated_by.map(|id| ID(id.to_string()))
    }
    /// When it was approved.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    /// Who approved it.
    async fn approved_by(&self) -> Option<ID> {
        self.0.approved_by.map(|id| ID(id.to_string()))
    }
    /// Where to download it as CSV (semicolons, UTF-8 with BOM), with the same bearer token.
    async fn csv_path(&self) -> String {
        format!("/exports/invoice-basis/{}.csv", self.0.id)
    }
}

/// One version of the invoicing basis (fakturagrundlag) of a contract and month: generated
/// from the contract's prices, the orders and the delivered attendance; every line points at
/// the records it came from.
#[derive(MergedObject)]
pub struct InvoiceBasis(BasisRecord, BasisContent);

impl InvoiceBasis {
    /// One basis on its own.
    pub fn one(row: invoice_basis::Model) -> Self {
        Self::list(vec![row]).remove(0)
    }

    /// The bases of a list, each knowing the others (to load their lines at once).
    pub fn list(rows: Vec<invoice_basis::Model>) -> Vec<Self> {
        let peers: Arc<[Uuid]> = rows.iter().map(|r| r.id).collect();
        rows.into_iter()
            .map(|row| {
                let row = Arc::new(row);
                Self(
                    BasisRecord(row.clone()),
                    BasisContent::Stored {
                        row,
                        peers: peers.clone(),
                    },
                )
            })
            .collect()
    }
}

/// What a basis is a preview of.
pub struct PreviewHeader {
    contract_id: Uuid,
    provider_id: Uuid,
    month: Month,
    computed_at: DateTime<Utc>,
}

#[Object]
impl PreviewHeader {
    /// The contract billed.
    async fn contract_id(&self) -> ID {
        ID(self.contract_id.to_string())
    }
    /// The provider that bills.
    async fn provider_id(&self) -> ID {
        ID(self.provider_id.to_string())
    }
    /// The month billed, `YYYY-MM`.
    async fn month(&self) -> String {
        self.month.label()
    }
    /// When it was computed (now): nothing was saved.
    async fn computed_at(&self) -> DateTime<Utc> {
        self.computed_at
    }
}

/// An invoicing basis computed now and not saved (a dry run): the same lines and findings that
/// generating it would save.
#[derive(MergedObject)]
pub struct InvoiceBasisPreview(PreviewHeader, BasisContent);

/// The invoicing bases a viewer sees: the job centre's, or the provider organisation's
/// (coordinators).
#[derive(Default)]
pub struct InvoiceBases;

#[Object]
impl InvoiceBases {
    /// The invoicing bases of a month, every version, by contract and newest version first: at
    /// most 200. Staff see their job centre's; a provider's coordinator their organisation's;
    /// a provider's staff member none.
    #[graphql(complexity = "pagination::list_cost(MAX_BASES, child_complexity)")]
    async fn invoice_bases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month billed, `YYYY-MM`.")] month: String,
    ) -> Result<Vec<InvoiceBasis>> {
        let today = danish_date(clock(ctx)?.now());
        let month = service::month_arg(&month, today)
            .map_err(|e| AppError::BadUserInput(e.message))
            .extend()?;
        let rows = service::of_month(db(ctx)?, viewer(ctx)?, month, MAX_BASES as u64)
            .await
            .extend()?;
        Ok(InvoiceBasis::list(rows))
    }

    /// One version of an invoicing basis; null if you may not see it.
    async fn invoice_basis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The basis version's id.")] id: ID,
    ) -> Result<Option<InvoiceBasis>> {
        let id = InvoiceBasisId::parse(&id, "id").extend()?;
        Ok(service::one(db(ctx)?, viewer(ctx)?, id)
            .await
            .extend()?
            .map(InvoiceBasis::one))
    }

    /// The invoicing basis of a contract and month as generating it now would make it, not
    /// saved: the month may be the running one. Null if you may not see the contract.
    async fn preview_invoice_basis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contract.")] contract_id: ID,
        #[graphql(desc = "The month, `YYYY-MM`; not a future one.")] month: String,
    ) -> Result<Option<InvoiceBasisPreview>> {
        let contract_id = ContractId::parse(&contract_id, "contractId").extend()?;
        let now = clock(ctx)?.now();
        let found = service::preview(db(ctx)?, viewer(ctx)?, now, contract_id, &month)
            .await
            .extend()?;
        Ok(found.map(|(contract, month, computed)| {
            InvoiceBasisPreview(
                PreviewHeader {
                    contract_id: contract.id,
                    provider_id: contract.provider_id,
                    month,
                    computed_at: now,
                },
                BasisContent::Computed(Arc::new(computed), month),
            )
        }))
    }
}

/// The result of `generateInvoiceBasis` and `approveInvoiceBasis`.
#[derive(SimpleObject)]
pub struct InvoiceBasisPayload {
    /// The basis version, unless there are user errors.
    pub invoice_basis: Option<InvoiceBasis>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `generateInvoiceBasis`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct GenerateInvoiceBasisInput {
    /// The contract, of your job centre, with a provider that is not one of the municipality's
    /// own units.
    pub contract_id: ID,
    /// The month, `YYYY-MM`, ended.
    pub month: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `approveInvoiceBasis`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ApproveInvoiceBasisInput {
    /// The draft version to approve: the newest, without blocks, generated by someone else.
    pub invoice_basis_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}
