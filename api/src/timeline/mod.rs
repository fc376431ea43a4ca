//! The citizen's case timeline (a domain without tables of its own), as job-centre staff see
//! it, newest first: every step of every case of the citizen (opened, visited, made secondary or
//! main, closed: one line across a benefit change, rule 19), every alert raised about the
//! citizen (once, however many caseworkers it reached), and what happened on the citizen's
//! offers: orders placed, started, ended and cancelled, supplier reports submitted (a report
//! belongs on the case, `003:94-148`), change requests asked for and decided. Read from the
//! domains' own loaders, so a page of citizens costs one query per source.

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::enums::{
    AuditCategory, CaseEventKind, ChangeRequestStatus, ServiceOrderStatus,
};

use crate::{
    alerts::loader::AlertsByCitizen,
    cases::loader::CaseEventsByCitizen,
    changes::views::ChangesByCitizen,
    citizens::Visible,
    kernel::{batch, clock::danish_date, pagination},
    providers::loader::ReferralsByCitizen,
    reports::views::ReportsByCitizen,
};

/// The most entries the timeline shows.
pub const MAX_ENTRIES: usize = 100;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum TimelineEvent {
    /// A case was opened.
    CaseOpened,
    /// A case was visited to a category.
    CaseVisited,
    /// A case was visited again: another category or target group.
    CaseRevisited,
    /// Another case became the main case; this one stays open beside it.
    CaseMadeSecondary,
    /// A case became the main case again.
    CaseMadeMain,
    /// A case was closed.
    CaseClosed,
    /// An alert was raised about the citizen (the summary is its kind, e.g. `MEETING_BOOKED`).
    AlertRaised,
    /// The job centre ordered an offer.
    OrderPlaced,
    /// The citizen started the offer.
    OrderStarted,
    /// The offer ended.
    OrderEnded,
    /// The order was cancelled.
    OrderCancelled,
    /// The provider submitted a supplier report.
    SupplierReportSubmitted,
    /// The provider asked to change the offer.
    ChangeRequested,
    /// The job centre approved a change request.
    ChangeApproved,
    /// The job centre rejected a change request.
    ChangeRejected,
}

/// One entry of the case timeline.
#[derive(Debug, Clone, SimpleObject)]
pub struct TimelineEntry {
    /// The day it happened (Danish time).
    pub on: NaiveDate,
    /// What happened.
    pub event: TimelineEvent,
    /// The case it concerns; null for an offer's entries.
    pub case_id: Option<ID>,
    /// The order it concerns; null for a case's entries.
    pub service_order_id: Option<ID>,
    /// The record it points at: the case, the alert, the order, the report or the change
    /// request.
    pub record_id: ID,
    /// A short description: the groups, category or closure reason of a case; the kind of
    /// alert, offer, report or change.
    pub summary: String,
}

/// The citizen's case timeline.
pub struct CaseTimeline(pub Visible);

#[Object]
impl CaseTimeline {
    /// What happened on the citizen's cases, alerts and offers, the newest first: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_ENTRIES, child_complexity)")]
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<TimelineEntry>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let (me, peers) = (self.0.uuid(), self.0.peers());
        let orders = batch::load::<ReferralsByCitizen>(ctx, me, peers).await?;
        let reports = batch::load::<ReportsByCitizen>(ctx, me, peers).await?;
        let changes = batch::load::<ChangesByCitizen>(ctx, me, peers).await?;
        let steps = batch::load::<CaseEventsByCitizen>(ctx, me, peers).await?;
        let alerts = batch::load::<AlertsByCitizen>(ctx, me, peers).await?;
        let id = |u: uuid::Uuid| ID(u.to_string());
        let mut entries = Vec::new();
        for step in &steps {
            entries.push(TimelineEntry {
                on: danish_date(step.occurred_at),
                event: match step.kind {
                    CaseEventKind::Opened => TimelineEvent::CaseOpened,
                    CaseEventKind::Visited => TimelineEvent::CaseVisited,
                    CaseEventKind::Revisited => TimelineEvent::CaseRevisited,
                    CaseEventKind::MadeSecondary => TimelineEvent::CaseMadeSecondary,
                    CaseEventKind::MadeMain => TimelineEvent::CaseMadeMain,
                    CaseEventKind::Closed => TimelineEvent::CaseClosed,
                },
                case_id: Some(id(step.case_id)),
                service_order_id: None,
                record_id: id(step.case_id),
                summary: step.detail.clone(),
            });
        }
        for a in &alerts {
            entries.push(TimelineEntry {
                on: danish_date(a.created_at),
                event: TimelineEvent::AlertRaised,
                case_id: None,
                service_order_id: None,
                record_id: id(a.id),
                summary: a.kind.clone(),
            });
        }
        for o in &orders {
            let entry = |on, event| TimelineEntry {
                on,
                event,
                case_id: None,
                service_order_id: Some(id(o.id)),
                record_id: id(o.id),
                summary: o.offer_kind_code.clone(),
            };
            entries.push(entry(danish_date(o.created_at), TimelineEvent::OrderPlaced));
            if let Some(day) = o.started_on {
                entries.push(entry(day, TimelineEvent::OrderStarted));
            }
            match (o.status, o.finished_on) {
                (ServiceOrderStatus::Ended, Some(day)) => {
                    entries.push(entry(day, TimelineEvent::OrderEnded));
                }
                (ServiceOrderStatus::Cancelled, Some(day)) => {
                    entries.push(entry(day, TimelineEvent::OrderCancelled));
                }
                _ => {}
            }
        }
        for r in &reports {
            if let Some(at) = r.submitted_at {
                entries.push(TimelineEntry {
                    on: danish_date(at),
                    event: TimelineEvent::SupplierReportSubmitted,
                    case_id: None,
                    service_order_id: Some(id(r.service_order_id)),
                    record_id: id(r.id),
                    summary: format!("{:?}", r.kind).to_uppercase(),
                });
            }
        }
        for c in &changes {
            let entry = |on, event| TimelineEntry {
                on,
                event,
                case_id: None,
                service_order_id: Some(id(c.service_order_id)),
                record_id: id(c.id),
                summary: format!("{:?}", c.kind).to_uppercase(),
            };
            entries.push(entry(
                danish_date(c.requested_at),
                TimelineEvent::ChangeRequested,
            ));
            match (c.status, c.decided_at) {
                (ChangeRequestStatus::Approved, Some(at)) => {
                    entries.push(entry(danish_date(at), TimelineEvent::ChangeApproved));
                }
                (ChangeRequestStatus::Rejected, Some(at)) => {
                    entries.push(entry(danish_date(at), TimelineEvent::ChangeRejected));
                }
                _ => {}
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.on));
        Ok(pagination::capped(entries, MAX_ENTRIES))
    }
}
