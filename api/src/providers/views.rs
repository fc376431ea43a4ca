//! What a provider user sees of their organisation and of a participant's referrals.

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, ServiceOrderStatus},
    provider, service_order,
};
use sea_orm::{EntityTrait, QueryFilter};
use serde::Serialize;

use super::{loader::ReferralsByCitizen, service};
use crate::{
    citizens::{self, Visible},
    kernel::{
        batch,
        context::{db, provider_user, viewer},
        pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
        user_error::UserError,
    },
};

/// The most referrals a participant's list shows.
pub const MAX_REFERRALS: usize = 20;

/// The provider workspace's organisation segment.
#[derive(Default)]
pub struct ProviderOrganisationSegment;

#[Object]
impl ProviderOrganisationSegment {
    /// The provider organisation you act for.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<ProviderOrganisation> {
        service::organisation(db(ctx)?, provider_user(ctx)?)
            .await
            .map(ProviderOrganisation)
            .extend()
    }
}

/// A participant's referrals to the signed-in provider.
pub struct ParticipantReferrals(pub Visible);

#[Object]
impl ParticipantReferrals {
    /// The referrals of this participant to your organisation (for staff: those assigned to
    /// you), in the order they were made: at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_REFERRALS, child_complexity)")]
    async fn referrals(&self, ctx: &Context<'_>) -> Result<Vec<Referral>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<ReferralsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().map(Referral::from),
            MAX_REFERRALS,
        ))
    }
}

/// A provider organisation.
pub struct ProviderOrganisation(pub provider::Model);

/// A provider organisation.
#[Object]
impl ProviderOrganisation {
    /// The provider's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Name of the organisation.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// CVR number.
    async fn cvr(&self) -> &str {
        &self.0.cvr
    }
    /// Whether it is one of the municipality's own units: ordered from like any provider, never
    /// invoiced.
    async fn internal(&self) -> bool {
        self.0.internal
    }
}

/// The workspace's orders segment: the orders sent to the organisation.
#[derive(Default)]
pub struct ProviderOrders;

#[Object]
impl ProviderOrders {
    /// Orders sent to your organisation (staff: those assigned to you), oldest first. Each row
    /// read is written to the citizen's access log.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn orders(
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
    ) -> Result<IdConnection<Referral>> {
        let page = PageRequest::new(PageArgs {
            first,
            after,
            last,
            before,
        })
        .extend()?;
        let select =
            service_order::Entity::find().filter(super::scope::referrals_visible_to(viewer(ctx)?));
        let page = pagination::fetch_page(
            db(ctx)?,
            select,
            service_order::Column::Id,
            page,
            Direction::OldestFirst,
        )
        .await
        .extend()?;
        for order in &page.rows {
            citizens::scope::audit(
                ctx,
                order.citizen_id,
                order.jobcentre_id,
                AuditCategory::Case,
            )?;
        }
        Ok(pagination::connection(page, |o| o.id, Referral::from))
    }
}

/// A referral (henvisning, service order) of a citizen to a provider.
#[derive(SimpleObject)]
pub struct Referral {
    /// The referral's id.
    pub id: ID,
    /// The citizen referred (see `provider.participant`).
    pub citizen_id: ID,
    /// The kind of offer ordered, as a reference-data code (e.g. `MENTOR`).
    pub offer_kind: String,
    /// The job centre's justification for the order.
    pub justification: String,
    /// The goal for the citizen.
    pub goal: String,
    /// What else the provider must know (bemærkning).
    pub remark: String,
    /// First day of the offer.
    pub starts_on: NaiveDate,
    /// Last day of the offer, if set.
    pub ends_on: Option<NaiveDate>,
    /// Ordered hours per week.
    pub hours_per_week: Option<f64>,
    /// Ordered number of weeks.
    pub weeks: Option<i32>,
    /// Where the referral is in its lifecycle: ordered, accepted, started, ended or cancelled.
    pub status: ServiceOrderStatus,
    /// The day the citizen started.
    pub started_on: Option<NaiveDate>,
}

/// Ordered minutes per week as hours.
fn hours(minutes_per_week: Option<i32>) -> Option<f64> {
    minutes_per_week.map(|m| f64::from(m) / 60.0)
}

impl From<service_order::Model> for Referral {
    fn from(m: service_order::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            citizen_id: ID(m.citizen_id.to_string()),
            offer_kind: m.offer_kind_code,
            justification: m.justification,
            goal: m.goal,
            remark: m.remark,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            hours_per_week: hours(m.minutes_per_week),
            weeks: m.weeks,
            status: m.status,
            started_on: m.started_on,
        }
    }
}

/// A service order (bestilling) as job-centre staff see it.
pub struct ServiceOrder(pub service_order::Model);

/// A service order (bestilling): the job centre orders a contract service for one citizen from a
/// provider (or one of its own units).
#[Object]
impl ServiceOrder {
    /// The order's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The citizen the service is for.
    async fn citizen_id(&self) -> ID {
        ID(self.0.citizen_id.to_string())
    }
    /// The provider delivering.
    async fn provider_id(&self) -> ID {
        ID(self.0.provider_id.to_string())
    }
    /// The contract service ordered; null for orders made before contracts were held.
    async fn contract_service_id(&self) -> Option<ID> {
        self.0.contract_service_id.map(|id| ID(id.to_string()))
    }
    /// The kind of offer, as a reference-data code.
    async fn offer_kind(&self) -> &str {
        &self.0.offer_kind_code
    }
    /// Why the offer is given (begrundelse).
    async fn justification(&self) -> &str {
        &self.0.justification
    }
    /// What the offer should achieve for the citizen (mål for borgeren).
    async fn goal(&self) -> &str {
        &self.0.goal
    }
    /// What else the provider must know (bemærkning).
    async fn remark(&self) -> &str {
        &self.0.remark
    }
    /// First day of the ordered period.
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    /// Last day of the ordered period (null only for orders made before it was required).
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.0.ends_on
    }
    /// Ordered hours per week.
    async fn hours_per_week(&self) -> Option<f64> {
        hours(self.0.minutes_per_week)
    }
    /// Ordered number of weeks.
    async fn weeks(&self) -> Option<i32> {
        self.0.weeks
    }
    /// Where the order is in its lifecycle.
    async fn status(&self) -> ServiceOrderStatus {
        self.0.status
    }
    /// The provider user the coordinator assigned, once accepted.
    async fn assigned_user_id(&self) -> Option<ID> {
        self.0.assigned_user_id.map(|id| ID(id.to_string()))
    }
    /// When the provider accepted the order.
    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }
    /// The day the citizen started.
    async fn started_on(&self) -> Option<NaiveDate> {
        self.0.started_on
    }
    /// The day the order ended or was cancelled.
    async fn finished_on(&self) -> Option<NaiveDate> {
        self.0.finished_on
    }
    /// Why the order was cancelled.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
}

/// The staff workspace's service orders segment.
#[derive(Default)]
pub struct StaffServiceOrders;

#[Object]
impl StaffServiceOrders {
    /// One service order of your job centre; null if it has none with this id.
    async fn service_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] id: ID,
    ) -> Result<Option<ServiceOrder>> {
        let id = crate::kernel::ids::ServiceOrderId::parse(&id, "id").extend()?;
        let order =
            super::orders::of_jobcentre(db(ctx)?, crate::kernel::context::staff(ctx)?, id).await?;
        if let Some(o) = &order {
            citizens::scope::audit(ctx, o.citizen_id, o.jobcentre_id, AuditCategory::Case)?;
        }
        Ok(order.map(ServiceOrder))
    }
}

/// The result of the service-order mutations.
#[derive(SimpleObject)]
pub struct ServiceOrderPayload {
    /// The order, unless there are user errors.
    pub service_order: Option<ServiceOrder>,
    /// With `NO_CAPACITY`: the first day from which the period asked for fits (null when the
    /// service stays full); null otherwise.
    pub next_free_date: Option<NaiveDate>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `createServiceOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CreateServiceOrderInput {
    /// The citizen, of your job centre.
    pub citizen_id: ID,
    /// The contract service to order (of the contract version in force on `startsOn`).
    pub contract_service_id: ID,
    /// First day of the ordered period.
    pub starts_on: NaiveDate,
    /// Last day of the ordered period: the real end (for example the day an education starts),
    /// never a default.
    pub ends_on: NaiveDate,
    /// Ordered hours per week (more than 0, at most 60; stored to the minute).
    pub hours_per_week: f64,
    /// Ordered number of weeks (1 to 104).
    pub weeks: i32,
    /// Why the offer is given (begrundelse); not empty.
    pub justification: String,
    /// What the offer should achieve for the citizen (mål for borgeren); not empty.
    pub goal: String,
    /// What else the provider must know (bemærkning); not empty.
    pub remark: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `acceptServiceOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct AcceptServiceOrderInput {
    /// The order, in state ORDERED.
    pub service_order_id: ID,
    /// The user of your organisation who will work on it.
    pub assign_to: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `startServiceOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct StartServiceOrderInput {
    /// The order, in state ACCEPTED.
    pub service_order_id: ID,
    /// The day the citizen started: a day of the ordered period, today at the latest.
    pub started_on: NaiveDate,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `endServiceOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct EndServiceOrderInput {
    /// The order, in state STARTED.
    pub service_order_id: ID,
    /// The last day of the offer: on or after the start, today at the latest.
    pub ended_on: NaiveDate,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `cancelServiceOrder`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CancelServiceOrderInput {
    /// The order, ordered, accepted or started.
    pub service_order_id: ID,
    /// Why it is cancelled; not empty.
    pub reason: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}
