//! Change requests as the provider and the job centre see them, and the inputs of their
//! mutations.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, ChangeKind, ChangeRequestStatus},
    offer_change_request,
};
use serde::Serialize;

use super::service::{self, MAX_REQUESTS};
use crate::{
    citizens,
    kernel::{
        clock::danish_date,
        context::{clock, db, viewer},
        pagination,
        user_error::UserError,
    },
};

/// Which change requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum ChangeRequestFilter {
    /// Undecided ones, the earliest due first.
    #[default]
    Pending,
    /// Undecided ones past their due day (not while the citizen cannot be reached).
    Overdue,
    /// All, decided ones included, the newest first.
    All,
}

/// A provider's request to change an offer (rule 8).
pub struct ChangeRequest(pub offer_change_request::Model);

/// A provider's request to change an offer (ændring eller ophør, rule 8). Until it is decided
/// the offer runs on as ordered and the citizen must attend.
#[Object]
impl ChangeRequest {
    /// The request's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The order.
    async fn service_order_id(&self) -> ID {
        ID(self.0.service_order_id.to_string())
    }
    /// The citizen concerned.
    async fn citizen_id(&self) -> ID {
        ID(self.0.citizen_id.to_string())
    }
    /// What is asked.
    async fn kind(&self) -> ChangeKind {
        self.0.kind
    }
    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// The new last day (extend, end).
    async fn new_ends_on(&self) -> Option<NaiveDate> {
        self.0.new_ends_on
    }
    /// The new hours per week (reduce, change hours).
    async fn new_hours_per_week(&self) -> Option<f64> {
        self.0.new_minutes_per_week.map(|m| f64::from(m) / 60.0)
    }
    /// The supplier report that recommended the change, if linked.
    async fn supplier_report_id(&self) -> Option<ID> {
        self.0.supplier_report_id.map(|id| ID(id.to_string()))
    }
    /// When it was asked.
    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }
    /// The day the decision is due (three workdays; later by the workdays the job centre could
    /// not reach the citizen).
    async fn due_on(&self) -> NaiveDate {
        self.0.due_on
    }
    /// The job centre cannot reach the citizen since this day: the clock is paused.
    async fn citizen_unreachable_since(&self) -> Option<NaiveDate> {
        self.0.unreachable_since
    }
    /// Undecided past its due day.
    async fn overdue(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(service::overdue(&self.0, danish_date(clock(ctx)?.now())))
    }
    /// Pending, approved or rejected.
    async fn status(&self) -> ChangeRequestStatus {
        self.0.status
    }
    /// When it was decided.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// The reasons for the decision.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }
}

/// The workspaces' change-request segment (the same for the provider and the job centre, each
/// seeing the requests on the orders it may see).
#[derive(Default)]
pub struct ChangeRequests;

#[Object]
impl ChangeRequests {
    /// Change requests on the orders you may see (providers: your organisation's, staff: those
    /// assigned to you; the job centre: its own): at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_REQUESTS, child_complexity)")]
    async fn change_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Which requests: PENDING (the default), OVERDUE or ALL.",
            default
        )]
        filter: ChangeRequestFilter,
    ) -> Result<Vec<ChangeRequest>> {
        let today = danish_date(clock(ctx)?.now());
        let rows = service::list(db(ctx)?, viewer(ctx)?, filter, today).await?;
        rows.into_iter()
            .map(|r| {
                citizens::scope::audit(ctx, r.citizen_id, r.jobcentre_id, AuditCategory::Case)?;
                Ok(ChangeRequest(r))
            })
            .collect()
    }
}

/// Input of `requestOfferChange`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestOfferChangeInput {
    /// The order, accepted or started, with no undecided request.
    pub service_order_id: ID,
    /// What to change.
    pub kind: ChangeKind,
    /// Why; not empty.
    pub reason: String,
    /// For EXTEND (after the order's last day) and END (within the offer): the new last day.
    pub new_ends_on: Option<NaiveDate>,
    /// For REDUCE_HOURS (fewer than ordered) and CHANGE_HOURS: the new hours per week.
    pub new_hours_per_week: Option<f64>,
    /// The supplier report that recommended the change, to link them.
    pub supplier_report_id: Option<ID>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `decideOfferChange`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct DecideOfferChangeInput {
    /// The undecided request.
    pub change_request_id: ID,
    /// Approve (the change takes effect now) or reject (the offer runs on as ordered).
    pub approve: bool,
    /// The reasons; not empty.
    pub note: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `recordCitizenUnreachable`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordCitizenUnreachableInput {
    /// The undecided request.
    pub change_request_id: ID,
    /// True: the job centre cannot reach the citizen, the clock stops. False: it reached them,
    /// and the due day moves by the workdays that passed.
    pub unreachable: bool,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of the change-request mutations.
#[derive(SimpleObject)]
pub struct ChangeRequestPayload {
    /// The request, unless there are user errors.
    pub change_request: Option<ChangeRequest>,
    /// What to fix; empty on success. Nothing changes when there are any.
    pub user_errors: Vec<UserError>,
}

/// The change requests on each citizen's orders, in one query, scoped to the viewer.
pub struct ChangesByCitizen;

impl crate::kernel::batch::BatchLoad for ChangesByCitizen {
    type Key = uuid::Uuid;
    type Args = ();
    type Value = Vec<offer_change_request::Model>;

    async fn load(
        cx: &crate::kernel::batch::LoadContext<'_>,
        _: &(),
        keys: &[uuid::Uuid],
    ) -> crate::kernel::error::AppResult<std::collections::HashMap<uuid::Uuid, Self::Value>> {
        service::of_citizens(cx.db, cx.viewer, keys).await
    }
}
