//! What a company user sees.

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use jobbro_entities::{
    candidate, company,
    enums::{AuditCategory, CandidateStatus, JobOrderStatus},
    job_order, production_unit,
};

use super::service;
use crate::{
    citizens::Visible,
    kernel::{
        context::{company_user, db, viewer},
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

/// A job order (jobordre) posted by a company.
pub struct JobOrder(pub job_order::Model);

/// A job order (jobordre) posted by a company.
#[Object]
impl JobOrder {
    /// The job order's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Job title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The subsidised kind asked for (offer-kind code such as `LOENTILSKUD`); null for an ordinary job.
    async fn supported_employment_kind(&self) -> Option<&str> {
        self.0.offer_kind_code.as_deref()
    }
    /// Number of positions.
    async fn positions(&self) -> i32 {
        self.0.positions
    }
    /// Whether the order is open, filled or closed.
    async fn status(&self) -> JobOrderStatus {
        self.0.status
    }
    /// The production unit the job is at.
    async fn production_unit_id(&self) -> ID {
        ID(self.0.production_unit_id.to_string())
    }
    /// When the order was posted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A citizen presented to the company for a job order. Name only: no CPR, no contact details.
pub struct CompanyCandidate {
    pub candidate: candidate::Model,
    pub person: Visible,
    pub job_order: job_order::Model,
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
        Ok(JobOrder(self.job_order.clone()))
    }
    /// When the candidate was presented.
    async fn presented_at(&self, ctx: &Context<'_>) -> Result<DateTime<Utc>> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.candidate.presented_at)
    }
    /// Where the candidate stands.
    async fn status(&self, ctx: &Context<'_>) -> Result<CandidateStatus> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.candidate.status)
    }
}
