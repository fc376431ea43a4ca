//! What a company user sees.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    candidate, company,
    enums::{AuditCategory, CandidateStatus, JobOrderKind, JobOrderStatus},
    job_order, job_order_log, production_unit,
};
use uuid::Uuid;

use super::{
    orders::{self, JobOrderLogEntry},
    service,
};
use crate::{
    citizens::Visible,
    cvs::{
        occupations::Occupation,
        views::{CvsOfCitizens, SharedCv},
    },
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        context::{clock, company_user, db, viewer},
        error::AppResult,
        pagination::{self, IdConnection, PageArgs},
    },
};

/// The most production units an organisation lists.
pub const MAX_UNITS: usize = 200;

/// The company workspace's own segment: the organisation, its job orders and candidates.
#[derive(Default)]
pub struct CompanyOrders;

#[Object]
impl CompanyOrders {
    /// The company you act for, with the production units you may act for.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<CompanyOrganisation> {
        let (company, units) = service::organisation(db(ctx)?, company_user(ctx)?)
            .await
            .extend()?;
        Ok(CompanyOrganisation { company, units })
    }
    /// Candidates the job centre presented for your job orders, while the citizen's consent to
    /// share the CV with companies is in force; oldest first.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn candidates(
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
    ) -> Result<IdConnection<CompanyCandidate>> {
        service::candidates(
            db(ctx)?,
            viewer(ctx)?,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
    /// Your job orders (for the units you may act for), oldest first.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn job_orders(
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
    ) -> Result<IdConnection<JobOrder>> {
        service::job_orders(
            db(ctx)?,
            viewer(ctx)?,
            service::OrderFilter::default(),
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
}

/// The job centre's side of job orders: the orders companies sent it.
#[derive(Default)]
pub struct StaffJobOrders;

#[Object]
impl StaffJobOrders {
    /// Job orders companies sent your job centre, oldest first; with `status: SUBMITTED`, the
    /// inbox of orders not taken up yet (`takeUpJobOrder`), with `withoutCandidates: true`
    /// those still waiting for a candidate. Drafts are the companies' own and never listed here.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    // A resolver's arguments are its field's: two filters and the four of paging.
    #[allow(clippy::too_many_arguments)]
    async fn job_orders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only orders in this state.")] status: Option<JobOrderStatus>,
        #[graphql(
            desc = "True for only the orders no candidate has been proposed for yet, false for \
                    only those with one."
        )]
        without_candidates: Option<bool>,
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
    ) -> Result<IdConnection<JobOrder>> {
        service::job_orders(
            db(ctx)?,
            viewer(ctx)?,
            service::OrderFilter {
                status,
                without_candidates,
            },
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }

    /// How fast your job centre served the job orders posted from `from` to `to` (at most a
    /// year): how many had a candidate and a placement, and the median days from the order to
    /// the first candidate and to the first placement.
    async fn job_order_lead_times(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day of the period.")] from: NaiveDate,
        #[graphql(desc = "The last day of the period.")] to: NaiveDate,
    ) -> Result<super::lead_times::JobOrderLeadTimes> {
        super::lead_times::of_period(db(ctx)?, viewer(ctx)?, from, to)
            .await
            .extend()
    }
}

/// A company (one CVR number).
pub struct CompanyOrganisation {
    company: company::Model,
    units: Vec<production_unit::Model>,
}

/// A company (one CVR number).
#[Object]
impl CompanyOrganisation {
    /// The company's id.
    async fn id(&self) -> ID {
        ID(self.company.id.to_string())
    }
    /// Company name.
    async fn name(&self) -> &str {
        &self.company.name
    }
    /// CVR number.
    async fn cvr(&self) -> &str {
        &self.company.cvr
    }
    /// Production units (P-numbers) you may act for: at most 200.
    #[graphql(complexity = "pagination::list_cost(MAX_UNITS, child_complexity)")]
    async fn production_units(&self) -> Vec<ProductionUnit> {
        pagination::capped(
            self.units.iter().cloned().map(ProductionUnit::from),
            MAX_UNITS,
        )
    }
}

/// A production unit (P-enhed) of a company.
#[derive(SimpleObject)]
pub struct ProductionUnit {
    /// The unit's id.
    pub id: ID,
    /// P-number.
    pub p_number: String,
    /// Name of the unit.
    pub name: String,
    /// Street address.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// Postal district.
    pub city: String,
}

impl From<production_unit::Model> for ProductionUnit {
    fn from(m: production_unit::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            p_number: m.p_number,
            name: m.name,
            street: m.street,
            postal_code: m.postal_code,
            city: m.city,
        }
    }
}

/// A job order (jobordre) posted by a company, with the other orders of its list (whose
/// occupations and logs are read together).
pub struct JobOrder {
    row: job_order::Model,
    peers: Arc<[Uuid]>,
}

impl JobOrder {
    /// The orders of a list, each knowing the others.
    pub fn list(rows: Vec<job_order::Model>) -> Vec<Self> {
        let peers: Arc<[Uuid]> = rows.iter().map(|r| r.id).collect();
        rows.into_iter()
            .map(|row| Self {
                row,
                peers: peers.clone(),
            })
            .collect()
    }

    /// The order's id (its list's cursor).
    pub fn key(&self) -> Uuid {
        self.row.id
    }

    /// One order on its own.
    pub fn one(row: job_order::Model) -> Self {
        Self::list(vec![row]).remove(0)
    }

    /// An order of a list whose orders are `peers`.
    pub fn among(row: job_order::Model, peers: Arc<[Uuid]>) -> Self {
        Self { row, peers }
    }
}

/// The occupations a list of job orders names, by code, in one query (every order of the list
/// shares the one map).
pub struct OccupationsOfOrders;

impl BatchLoad for OccupationsOfOrders {
    type Key = Uuid;
    type Args = ();
    type Value = Arc<HashMap<String, Occupation>>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let named = Arc::new(orders::occupations_of(cx.db, keys).await?);
        Ok(keys.iter().map(|k| (*k, named.clone())).collect())
    }
}

/// The log of each job order, in one query.
pub struct LogsOfOrders;

impl BatchLoad for LogsOfOrders {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<job_order_log::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        orders::logs_of(cx.db, keys).await
    }
}

/// When each job order reached its first steps, in three queries.
pub struct FirstStepsOfOrders;

impl BatchLoad for FirstStepsOfOrders {
    type Key = Uuid;
    type Args = ();
    type Value = super::lead_times::FirstSteps;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        use sea_orm::{ColumnTrait, sea_query::Query};
        super::lead_times::first_steps(cx.db, cx.viewer, || {
            Query::select()
                .column(job_order::Column::Id)
                .from(job_order::Entity)
                .and_where(job_order::Column::Id.is_in(keys.iter().copied()))
                .to_owned()
        })
        .await
    }
}

/// The company's contact person for a job order.
#[derive(SimpleObject)]
pub struct JobOrderContact {
    /// Name.
    pub name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// A job order (jobordre) posted by a company.
#[Object]
impl JobOrder {
    /// The job order's id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// Job title.
    async fn title(&self) -> &str {
        &self.row.title
    }
    /// What kind of job it is (ordinary, internship, wage subsidy, flex job …).
    async fn kind(&self) -> JobOrderKind {
        self.row.kind
    }
    /// The occupation; null only for orders from before occupations were held.
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<Occupation>> {
        let Some(code) = &self.row.occupation_code else {
            return Ok(None);
        };
        Ok(
            batch::load::<OccupationsOfOrders>(ctx, self.row.id, &self.peers)
                .await?
                .get(code)
                .cloned(),
        )
    }
    /// What the job is.
    async fn description(&self) -> &str {
        &self.row.description
    }
    /// Hours a week.
    async fn hours_per_week(&self) -> Option<f64> {
        self.row.minutes_per_week.map(|m| f64::from(m) / 60.0)
    }
    /// Number of positions.
    async fn positions(&self) -> i32 {
        self.row.positions
    }
    /// The first day of work.
    async fn starts_on(&self) -> Option<NaiveDate> {
        self.row.starts_on
    }
    /// The last day to apply. After it the order leaves matching.
    async fn apply_by(&self) -> Option<NaiveDate> {
        self.row.apply_by
    }
    /// Whether the order is still looked at for candidates today: submitted or in progress, and
    /// its application deadline not passed (Danish date).
    async fn open_for_candidates(&self, ctx: &Context<'_>) -> Result<bool> {
        let today = danish_date(clock(ctx)?.now());
        Ok(matches!(
            self.row.status,
            JobOrderStatus::Submitted | JobOrderStatus::InProgress
        ) && self.row.apply_by.is_none_or(|d| d >= today))
    }
    /// The company's contact person.
    async fn contact(&self) -> JobOrderContact {
        JobOrderContact {
            name: self.row.contact_name.clone(),
            phone: self.row.contact_phone.clone(),
            email: self.row.contact_email.clone(),
        }
    }
    /// Skills and licences required: at most 30.
    #[graphql(complexity = "pagination::list_cost(orders::MAX_SKILLS, child_complexity)")]
    async fn required_skills(&self) -> Vec<String> {
        pagination::capped(
            serde_json::from_str::<Vec<String>>(&self.row.required_skills).unwrap_or_default(),
            orders::MAX_SKILLS,
        )
    }
    /// DRAFT, SUBMITTED, IN_PROGRESS, FILLED, CLOSED or CANCELLED.
    async fn status(&self) -> JobOrderStatus {
        self.row.status
    }
    /// The production unit the job is at.
    async fn production_unit_id(&self) -> ID {
        ID(self.row.production_unit_id.to_string())
    }
    /// When the order was posted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }
    /// Bumped by every change: pass it as `expectedVersion` to `updateJobOrder`.
    async fn version(&self) -> i32 {
        self.row.version
    }
    /// When the order was first sent to the job centre; null for a draft.
    async fn sent_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        Ok(
            batch::load::<FirstStepsOfOrders>(ctx, self.row.id, &self.peers)
                .await?
                .submitted_at,
        )
    }
    /// When the first candidate you can see was proposed for the order; null while there is
    /// none.
    async fn first_candidate_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        Ok(
            batch::load::<FirstStepsOfOrders>(ctx, self.row.id, &self.peers)
                .await?
                .first_candidate_at,
        )
    }
    /// When the first placement you can see was granted on the order; null while there is
    /// none.
    async fn first_placement_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        Ok(
            batch::load::<FirstStepsOfOrders>(ctx, self.row.id, &self.peers)
                .await?
                .first_placement_at,
        )
    }
    /// Every step of the order (posted, changed, submitted, taken up, closed …), oldest first:
    /// at most 100.
    #[graphql(complexity = "pagination::list_cost(orders::MAX_LOG, child_complexity)")]
    async fn log(&self, ctx: &Context<'_>) -> Result<Vec<JobOrderLogEntry>> {
        Ok(pagination::capped(
            batch::load::<LogsOfOrders>(ctx, self.row.id, &self.peers)
                .await?
                .into_iter()
                .map(JobOrderLogEntry::from),
            orders::MAX_LOG,
        ))
    }
}

/// A citizen presented to the company for a job order. Name only: no CPR, no contact details.
pub struct CompanyCandidate {
    pub candidate: candidate::Model,
    pub person: Visible,
    pub job_order: job_order::Model,
    /// The job orders of the candidates of the list.
    pub job_orders: Arc<[Uuid]>,
}

/// A citizen presented to the company for a job order. Name only: no CPR, no contact details.
#[Object]
impl CompanyCandidate {
    /// The candidate's id (not the citizen's).
    async fn id(&self) -> ID {
        ID(self.candidate.id.to_string())
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.person.read(ctx, AuditCategory::Identity)?.given_name)
    }
    /// Surname.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.person.read(ctx, AuditCategory::Identity)?.family_name)
    }
    /// The job order the candidate was presented for.
    async fn job_order(&self, ctx: &Context<'_>) -> Result<JobOrder> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(JobOrder::among(
            self.job_order.clone(),
            self.job_orders.clone(),
        ))
    }
    /// When the candidate was presented.
    async fn presented_at(&self, ctx: &Context<'_>) -> Result<DateTime<Utc>> {
        self.person.read(ctx, AuditCategory::Case)?;
        // The company sees presented candidates only, so the time is always there.
        Ok(self
            .candidate
            .presented_at
            .unwrap_or(self.candidate.proposed_at))
    }
    /// Where the candidate stands.
    async fn status(&self, ctx: &Context<'_>) -> Result<CandidateStatus> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.candidate.status)
    }
    /// The CV the job centre sent you; the candidate (CV included) is gone from your lists the
    /// moment the citizen revokes the consent to share it. Null if the citizen has no CV.
    async fn cv(&self, ctx: &Context<'_>) -> Result<Option<SharedCv>> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(
            batch::load::<CvsOfCitizens>(ctx, self.person.uuid(), self.person.peers())
                .await?
                .map(SharedCv),
        )
    }
}
