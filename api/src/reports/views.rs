//! Supplier reports as the provider and the job centre see them, the lists each side works
//! from, and the inputs of the report mutations.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, NextStep, ReportSection, SupplierReportKind},
    supplier_report,
};
use serde::Serialize;
use uuid::Uuid;

use super::service::{self, MAX_REPORTS};
use crate::{
    citizens::{self, Visible},
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        context::{clock, db, staff, viewer},
        error::AppResult,
        ids::{ProviderId, SupplierReportId},
        pagination,
        user_error::UserError,
    },
};

/// The most reports a citizen's list shows.
pub const MAX_CITIZEN_REPORTS: usize = 50;

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SupplierReportStatus {
    /// To be written; not past its due day.
    Due,
    /// To be written and past its due day (the "red" case, `003:113-114`).
    Overdue,
    /// Written; not read by the job centre yet.
    Submitted,
    /// Written and read.
    Read,
}

/// The sections of each report of a list, in one query.
pub struct SectionsByReport;

impl BatchLoad for SectionsByReport {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<jobbro_entities::supplier_report_section::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::sections_of(cx.db, keys).await
    }
}

/// The template sections of each kind of report, in one query.
pub struct QuestionsByKind;

impl BatchLoad for QuestionsByKind {
    type Key = SupplierReportKind;
    type Args = ();
    type Value = Vec<jobbro_entities::supplier_report_template_section::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[SupplierReportKind],
    ) -> AppResult<HashMap<SupplierReportKind, Self::Value>> {
        Ok(batch::grouped(service::template(cx.db, keys).await?, |t| {
            t.kind
        }))
    }
}

/// The reports on each citizen, in one query, scoped to the viewer.
pub struct ReportsByCitizen;

impl BatchLoad for ReportsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<supplier_report::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::of_citizens(cx.db, cx.viewer, keys).await
    }
}

/// A supplier report and the reports of the list it was read in (to load their sections at
/// once).
pub struct SupplierReport {
    pub row: supplier_report::Model,
    pub peers: Arc<[Uuid]>,
}

impl SupplierReport {
    /// One report on its own.
    pub fn one(row: supplier_report::Model) -> Self {
        let peers = Arc::from([row.id]);
        Self { row, peers }
    }

    /// The reports of a list, each knowing the others; each read is written to the citizen's
    /// access log.
    fn list(ctx: &Context<'_>, rows: Vec<supplier_report::Model>) -> Result<Vec<Self>> {
        let peers: Arc<[Uuid]> = rows.iter().map(|r| r.id).collect();
        rows.into_iter()
            .map(|row| {
                citizens::scope::audit(ctx, row.citizen_id, row.jobcentre_id, AuditCategory::Case)?;
                Ok(Self {
                    row,
                    peers: peers.clone(),
                })
            })
            .collect()
    }
}

/// A section of a written report.
#[derive(SimpleObject)]
pub struct ReportSectionText {
    /// The section.
    pub section: ReportSection,
    /// What the provider wrote (the attendance section: what was recorded).
    pub text: String,
}

/// A section a report must hold, with the question it answers.
#[derive(SimpleObject)]
pub struct ReportQuestion {
    /// The section.
    pub section: ReportSection,
    /// The question it answers.
    pub prompt: String,
    /// Filled in by jobbro (the attendance section), not written.
    pub filled_in: bool,
}

/// A supplier report (leverandørrapport) on one order.
#[Object]
impl SupplierReport {
    /// The report's id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// The order reported on.
    async fn service_order_id(&self) -> ID {
        ID(self.row.service_order_id.to_string())
    }
    /// The citizen concerned.
    async fn citizen_id(&self) -> ID {
        ID(self.row.citizen_id.to_string())
    }
    /// The provider writing it.
    async fn provider_id(&self) -> ID {
        ID(self.row.provider_id.to_string())
    }
    /// Start, periodic, final, on request or exception.
    async fn kind(&self) -> SupplierReportKind {
        self.row.kind
    }
    /// First day of the period it covers.
    async fn period_from(&self) -> NaiveDate {
        self.row.period_from
    }
    /// The day it is due; null for an exception report.
    async fn due_on(&self) -> Option<NaiveDate> {
        self.row.due_on
    }
    /// Due, overdue, submitted or read.
    async fn status(&self, ctx: &Context<'_>) -> Result<SupplierReportStatus> {
        let today = danish_date(clock(ctx)?.now());
        Ok(match (self.row.submitted_at, self.row.read_at) {
            (Some(_), Some(_)) => SupplierReportStatus::Read,
            (Some(_), None) => SupplierReportStatus::Submitted,
            (None, _) if self.row.due_on.is_some_and(|d| d < today) => {
                SupplierReportStatus::Overdue
            }
            (None, _) => SupplierReportStatus::Due,
        })
    }
    /// What the job centre asked about (a report on request).
    async fn request_note(&self) -> Option<&str> {
        self.row.request_note.as_deref()
    }
    /// When the provider submitted it.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.row.submitted_at
    }
    /// Whether the provider asks the job centre to act.
    async fn action_needed(&self) -> Option<bool> {
        self.row.action_needed
    }
    /// The next step it recommends. A recommended change alters nothing by itself.
    async fn next_step(&self) -> Option<NextStep> {
        self.row.next_step
    }
    /// When the job centre read it.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.row.read_at
    }
    /// The sections written: at most 5.
    #[graphql(complexity = "pagination::list_cost(5, child_complexity)")]
    async fn sections(&self, ctx: &Context<'_>) -> Result<Vec<ReportSectionText>> {
        let rows = batch::load::<SectionsByReport>(ctx, self.row.id, &self.peers).await?;
        Ok(rows
            .into_iter()
            .map(|s| ReportSectionText {
                section: s.section,
                text: s.body,
            })
            .collect())
    }
    /// The sections this kind of report holds, with their questions: at most 5.
    #[graphql(complexity = "pagination::list_cost(5, child_complexity)")]
    async fn questions(&self, ctx: &Context<'_>) -> Result<Vec<ReportQuestion>> {
        let rows = batch::load::<QuestionsByKind>(ctx, self.row.kind, &[]).await?;
        Ok(rows
            .into_iter()
            .map(|t| ReportQuestion {
                filled_in: t.section == ReportSection::Attendance,
                section: t.section,
                prompt: t.prompt,
            })
            .collect())
    }
}

/// The provider workspace's reports segment.
#[derive(Default)]
pub struct ProviderReports;

#[Object]
impl ProviderReports {
    /// Reports you must write (staff: on the orders assigned to you), the earliest due first,
    /// so overdue ones lead: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_REPORTS, child_complexity)")]
    async fn supplier_reports_due(&self, ctx: &Context<'_>) -> Result<Vec<SupplierReport>> {
        let rows = service::to_write(db(ctx)?, viewer(ctx)?).await?;
        SupplierReport::list(ctx, rows)
    }
    /// One report on an order you may see; null otherwise.
    async fn supplier_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report's id.")] id: ID,
    ) -> Result<Option<SupplierReport>> {
        one(ctx, &id).await
    }
}

async fn one(ctx: &Context<'_>, id: &ID) -> Result<Option<SupplierReport>> {
    let id = SupplierReportId::parse(id, "id").extend()?;
    let row = service::one(db(ctx)?, viewer(ctx)?, id).await?;
    Ok(match row {
        Some(row) => {
            citizens::scope::audit(ctx, row.citizen_id, row.jobcentre_id, AuditCategory::Case)?;
            Some(SupplierReport::one(row))
        }
        None => None,
    })
}

/// What to search submitted reports for.
#[derive(Debug, Clone, Default, InputObject, Serialize)]
pub struct SupplierReportFilter {
    /// Only text in this section.
    pub section: Option<ReportSection>,
    /// Words to find in the sections' text (any case).
    pub text: Option<String>,
    /// Only reports of this provider.
    pub provider_id: Option<ID>,
    /// Only reports submitted on or after this day.
    pub from: Option<NaiveDate>,
    /// Only reports submitted on or before this day.
    pub to: Option<NaiveDate>,
}

/// The staff workspace's reports segment.
#[derive(Default)]
pub struct StaffReports;

#[Object]
impl StaffReports {
    /// Submitted reports you have not read: a caseworker's about the citizens of their
    /// caseload, a manager's about the job centre; the oldest first: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_REPORTS, child_complexity)")]
    async fn unread_supplier_reports(&self, ctx: &Context<'_>) -> Result<Vec<SupplierReport>> {
        let rows = service::unread(db(ctx)?, staff(ctx)?).await?;
        SupplierReport::list(ctx, rows)
    }
    /// Reports past their due day and not written, by provider and the earliest due first: at
    /// most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_REPORTS, child_complexity)")]
    async fn overdue_supplier_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this provider's reports.")] provider_id: Option<ID>,
    ) -> Result<Vec<SupplierReport>> {
        let provider = provider_id
            .as_ref()
            .map(|id| ProviderId::parse(id, "providerId"))
            .transpose()
            .extend()?;
        let today = danish_date(clock(ctx)?.now());
        let rows = service::overdue(db(ctx)?, staff(ctx)?, provider, today).await?;
        SupplierReport::list(ctx, rows)
    }
    /// Submitted reports of your job centre matching the filter, the newest first: at most
    /// 100.
    #[graphql(complexity = "pagination::list_cost(MAX_REPORTS, child_complexity)")]
    async fn supplier_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Section, words, provider and period to match.", default)]
        filter: SupplierReportFilter,
    ) -> Result<Vec<SupplierReport>> {
        let provider = filter
            .provider_id
            .as_ref()
            .map(|id| ProviderId::parse(id, "filter.providerId"))
            .transpose()
            .extend()?;
        let rows = service::search(db(ctx)?, staff(ctx)?, &filter, provider).await?;
        SupplierReport::list(ctx, rows)
    }
    /// One report of your job centre; null otherwise.
    async fn supplier_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report's id.")] id: ID,
    ) -> Result<Option<SupplierReport>> {
        one(ctx, &id).await
    }
}

/// A citizen's supplier reports, as job-centre staff see them.
pub struct CitizenReports(pub Visible);

#[Object]
impl CitizenReports {
    /// The supplier reports on the citizen's offers, due, written and read, the newest first:
    /// at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_CITIZEN_REPORTS, child_complexity)")]
    async fn supplier_reports(&self, ctx: &Context<'_>) -> Result<Vec<SupplierReport>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<ReportsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        let rows = pagination::capped(rows, MAX_CITIZEN_REPORTS);
        // The reports of every citizen of the page (already loaded with this one's), so that
        // the sections of all of them are read at once.
        let mut peers = Vec::new();
        for citizen in self.0.peers() {
            let theirs = batch::load::<ReportsByCitizen>(ctx, *citizen, self.0.peers()).await?;
            peers.extend(theirs.iter().take(MAX_CITIZEN_REPORTS).map(|r| r.id));
        }
        let peers: Arc<[Uuid]> = peers.into();
        Ok(rows
            .into_iter()
            .map(|row| SupplierReport {
                row,
                peers: peers.clone(),
            })
            .collect())
    }
}

/// A section as the provider writes it.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SectionInput {
    /// The section (not ATTENDANCE, which jobbro fills in).
    pub section: ReportSection,
    /// The text: 1 to 10,000 characters.
    pub text: String,
}

/// Input of `submitSupplierReport`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SubmitSupplierReportInput {
    /// The report that is due or asked for. Leave it out to write an exception report on
    /// `serviceOrderId`.
    pub supplier_report_id: Option<ID>,
    /// For an exception report (something is wrong): the order it is about.
    pub service_order_id: Option<ID>,
    /// Every section of the report's kind but ATTENDANCE, each once.
    pub sections: Vec<SectionInput>,
    /// Whether the job centre must act: then the caseworker gets a task with a due time,
    /// otherwise an alert.
    pub action_needed: bool,
    /// The next step you recommend. A recommended change alters nothing by itself: ask for it
    /// with a change request.
    pub next_step: Option<NextStep>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `requestSupplierReport`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestSupplierReportInput {
    /// The order, accepted or started.
    pub service_order_id: ID,
    /// What the report should answer; not empty.
    pub note: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `markSupplierReportRead`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct MarkSupplierReportReadInput {
    /// The submitted report.
    pub supplier_report_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of the supplier-report mutations.
#[derive(SimpleObject)]
pub struct SupplierReportPayload {
    /// The report, unless there are user errors.
    pub supplier_report: Option<SupplierReport>,
    /// What to fix; empty on success. Nothing is saved when there are any.
    pub user_errors: Vec<UserError>,
}
