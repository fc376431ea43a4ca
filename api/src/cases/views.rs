//! Cases as job-centre staff see them.

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    case, case_closure,
    enums::{AuditCategory, VisitationCategory},
};

use super::loader::CasesByCitizen;
use crate::{
    citizens::Visible,
    kernel::{batch, pagination},
};

/// The most cases a citizen's list shows.
pub const MAX_CASES: usize = 20;

/// A citizen's cases, as job-centre staff see them.
pub struct StaffCases(pub Visible);

#[Object]
impl StaffCases {
    /// The citizen's cases, newest first, closed ones included: at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_CASES, child_complexity)")]
    async fn cases(&self, ctx: &Context<'_>) -> Result<Vec<Case>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<CasesByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().map(|(row, closure)| Case { row, closure }),
            MAX_CASES,
        ))
    }
}

/// Whether a case is the citizen's main case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum CaseRole {
    /// The citizen's main case (hovedsag): at most one open at a time.
    Main,
    /// Open beside the main case (bisag), e.g. a flex-job case while a sickness-benefit case
    /// runs; it becomes the main case again when that one closes.
    Secondary,
}

/// Why a case was closed.
#[derive(Debug, Clone, SimpleObject)]
pub struct CaseClosure {
    /// The closure reason code, e.g. `BENEFIT_CHANGED` (`caseworker { caseClosureReasons }`).
    pub reason: String,
    /// What the caseworker (or the report that closed it) added; null when nothing.
    pub note: Option<String>,
    /// The caseworker who closed it; null when the system or another system's report did.
    pub closed_by_id: Option<ID>,
}

/// A citizen's employment case (sag, kontaktforløb).
pub struct Case {
    pub row: case::Model,
    pub closure: Option<case_closure::Model>,
}

/// A citizen's employment case (sag, kontaktforløb).
#[Object]
impl Case {
    /// The case id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// Contact group code (kontaktgruppe), e.g. `DAGPENGE`; drives most rules (`002:21-30`).
    async fn contact_group(&self) -> &str {
        &self.row.contact_group_code
    }
    /// Target group code (målgruppe), e.g. `KONTANTHJAELP`; not one-to-one with the contact group.
    async fn target_group(&self) -> &str {
        &self.row.target_group_code
    }
    /// Visitation category (`002:66-73`); null until visited.
    async fn visitation_category(&self) -> Option<VisitationCategory> {
        self.row.visitation_category
    }
    /// The caseworker the case is assigned to, if any.
    async fn assigned_caseworker_id(&self) -> Option<ID> {
        self.row.assigned_caseworker_id.map(|id| ID(id.to_string()))
    }
    /// When the case was opened.
    async fn opened_at(&self) -> DateTime<Utc> {
        self.row.opened_at
    }
    /// When the case was closed; null while open.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.row.closed_at
    }
    /// Processing deadline (sagsbehandlingsfrist), if one applies.
    async fn deadline(&self) -> Option<NaiveDate> {
        self.row.deadline
    }
    /// Main or secondary case; a closed case keeps the role it had.
    async fn role(&self) -> CaseRole {
        if self.row.secondary_since.is_some() {
            CaseRole::Secondary
        } else {
            CaseRole::Main
        }
    }
    /// Why the case was closed; null while open.
    async fn closure(&self) -> Option<CaseClosure> {
        self.closure.as_ref().map(|c| CaseClosure {
            reason: c.reason_code.clone(),
            note: c.note.clone(),
            closed_by_id: c.closed_by.map(|id| ID(id.to_string())),
        })
    }
    /// Version for optimistic concurrency (`expectedVersion` on updates).
    async fn version(&self) -> i32 {
        self.row.version
    }
}

/// The most closure reasons the list shows.
pub const MAX_CLOSURE_REASONS: usize = 50;

/// A reason a case may be closed for.
#[derive(Debug, Clone, SimpleObject)]
pub struct CaseClosureReason {
    /// The code to give `closeCase`, e.g. `EMPLOYED`.
    pub code: String,
    /// Danish label.
    pub label: String,
}

/// The reference data of casework, for job-centre staff.
#[derive(Default)]
pub struct StaffCaseReference;

#[Object]
impl StaffCaseReference {
    /// The reasons a case may be closed for, by code: at most 50. `BENEFIT_CHANGED` is written
    /// by `changeBenefit`, not given to `closeCase`.
    #[graphql(complexity = "pagination::list_cost(MAX_CLOSURE_REASONS, child_complexity)")]
    async fn case_closure_reasons(&self, ctx: &Context<'_>) -> Result<Vec<CaseClosureReason>> {
        let rows = super::service::closure_reasons(crate::kernel::context::db(ctx)?).await?;
        Ok(pagination::capped(
            rows.into_iter().map(|r| CaseClosureReason {
                code: r.code,
                label: r.label,
            }),
            MAX_CLOSURE_REASONS,
        ))
    }
}
