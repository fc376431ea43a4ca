//! The placement lists each audience reads: the job centre its placements, proposals, due
//! follow-ups, extensions and a placement's log; a company its placements, proposals,
//! extensions and notifications; a provider its proposals.

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{
        ExtensionStatus, JobOrderKind, PlacementProposalStatus, PlacementStatus, PlacementStep,
    },
    placement, placement_log,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

use super::{
    follow_up::{self, PlacementExtension},
    notifications::{self, CompanyNotification},
    placements::{self, Placement},
    proposals::{self, PlacementProposal},
};
use crate::kernel::{
    clock::danish_date,
    context::{clock, company_user, db, staff, viewer},
    error::AppResult,
    ids::{CandidateId, JobOrderId, PlacementId, ProductionUnitId},
    pagination,
    viewer::Viewer,
};

/// The most placements a list shows.
pub const MAX_PLACEMENTS: usize = 100;

/// The most steps a placement's log shows.
pub const MAX_LOG: usize = 200;

/// A step in a placement's log.
#[derive(SimpleObject, Clone)]
pub struct PlacementLogEntry {
    /// What happened.
    pub step: PlacementStep,
    /// The role of who did it, as tokens name it (`caseworker`, `company` …).
    pub actor_role: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The note given with it (a follow-up's day and what came of it, an extension's new end).
    pub note: Option<String>,
}

/// The job centre's placements: the placements, proposals waiting for a decision, due
/// follow-ups and extensions.
#[derive(Default)]
pub struct StaffPlacements;

#[Object]
impl StaffPlacements {
    /// Your job centre's placements, newest first, in `status` when given: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_PLACEMENTS, child_complexity)")]
    async fn placements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only placements in this state.")] status: Option<PlacementStatus>,
    ) -> Result<Vec<Placement>> {
        let rows = placements::visible(db(ctx)?, viewer(ctx)?, status, MAX_PLACEMENTS as u64)
            .await
            .extend()?;
        Ok(rows.into_iter().map(Placement::from).collect())
    }

    /// Every step of one of your job centre's placements (granted, started, follow-ups,
    /// extensions, ended …), oldest first: at most 200. Empty when no placement of your job
    /// centre has the id.
    #[graphql(complexity = "pagination::list_cost(MAX_LOG, child_complexity)")]
    async fn placement_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The placement.")] placement_id: ID,
    ) -> Result<Vec<PlacementLogEntry>> {
        let id = PlacementId::parse(&placement_id, "placementId").extend()?;
        log_of(db(ctx)?, viewer(ctx)?, id).await.extend()
    }

    /// Placements companies and providers proposed to your job centre, newest first, in
    /// `status` when given (PROPOSED for those waiting for you): at most 100. Answer with
    /// `grantPlacementProposal` or `declinePlacementProposal`.
    #[graphql(complexity = "pagination::list_cost(proposals::MAX_PROPOSALS, child_complexity)")]
    async fn placement_proposals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only proposals in this state.")] status: Option<PlacementProposalStatus>,
    ) -> Result<Vec<PlacementProposal>> {
        proposals::list(
            db(ctx)?,
            viewer(ctx)?,
            status,
            proposals::MAX_PROPOSALS as u64,
        )
        .await
        .extend()
    }

    /// Running placements whose follow-up is due today or earlier (by each placement's own
    /// interval), the longest overdue first: at most 100. Record one with
    /// `recordPlacementFollowUp`.
    #[graphql(complexity = "pagination::list_cost(follow_up::MAX_ROWS, child_complexity)")]
    async fn placement_follow_ups_due(&self, ctx: &Context<'_>) -> Result<Vec<Placement>> {
        let today = danish_date(clock(ctx)?.now());
        follow_up::due(db(ctx)?, staff(ctx)?, today, follow_up::MAX_ROWS as u64)
            .await
            .extend()
    }

    /// Extensions of your job centre's internships, newest first, in `status` when given
    /// (REQUESTED for those waiting for your decision, APPROVED for those waiting for the
    /// company): at most 100.
    #[graphql(complexity = "pagination::list_cost(follow_up::MAX_ROWS, child_complexity)")]
    async fn placement_extensions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only extensions in this state.")] status: Option<ExtensionStatus>,
    ) -> Result<Vec<PlacementExtension>> {
        follow_up::extensions(db(ctx)?, viewer(ctx)?, status, follow_up::MAX_ROWS as u64)
            .await
            .extend()
    }
}

async fn log_of(
    db: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    id: PlacementId,
) -> AppResult<Vec<PlacementLogEntry>> {
    let visible = placement::Entity::find_by_id(id.0)
        .filter(super::scope::placements_visible_to(viewer))
        .select_only()
        .column(placement::Column::Id)
        .into_query();
    Ok(placement_log::Entity::find()
        .filter(placement_log::Column::PlacementId.in_subquery(visible))
        .order_by_asc(placement_log::Column::At)
        .order_by_asc(placement_log::Column::Id)
        .limit(MAX_LOG as u64)
        .all(db)
        .await?
        .into_iter()
        .map(|l| PlacementLogEntry {
            step: l.step,
            actor_role: l.actor_role,
            at: l.at,
            note: l.note,
        })
        .collect())
}

/// A placement at one of your units, as the company sees it: no plan, no case.
#[derive(SimpleObject, Clone)]
pub struct CompanyPlacement {
    /// The placement's id.
    pub id: ID,
    /// The production unit where the work is.
    pub production_unit_id: ID,
    /// The job order it fills, if any.
    pub job_order_id: Option<ID>,
    /// The candidate it came from, if any.
    pub candidate_id: Option<ID>,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// Where it stands.
    pub status: PlacementStatus,
    /// The planned first day.
    pub starts_on: NaiveDate,
    /// The last day; an extension moves it once you confirm it.
    pub ends_on: Option<NaiveDate>,
    /// The actual first day, once started.
    pub started_on: Option<NaiveDate>,
    /// The actual last day, once ended.
    pub ended_on: Option<NaiveDate>,
}

impl From<placement::Model> for CompanyPlacement {
    fn from(m: placement::Model) -> Self {
        Self {
            id: PlacementId(m.id).to_id(),
            production_unit_id: ProductionUnitId(m.production_unit_id).to_id(),
            job_order_id: m.job_order_id.map(|o| JobOrderId(o).to_id()),
            candidate_id: m.candidate_id.map(|c| CandidateId(c).to_id()),
            kind: m.kind,
            status: m.status,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            started_on: m.started_on,
            ended_on: m.ended_on,
        }
    }
}

/// The company's placements, proposals, extensions and notifications.
#[derive(Default)]
pub struct CompanyPlacements;

#[Object]
impl CompanyPlacements {
    /// Placements at the units you may act for, newest first: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_PLACEMENTS, child_complexity)")]
    async fn placements(&self, ctx: &Context<'_>) -> Result<Vec<CompanyPlacement>> {
        let rows = placements::visible(db(ctx)?, viewer(ctx)?, None, MAX_PLACEMENTS as u64)
            .await
            .extend()?;
        Ok(rows.into_iter().map(CompanyPlacement::from).collect())
    }

    /// The placements your company proposed, newest first: at most 100.
    #[graphql(complexity = "pagination::list_cost(proposals::MAX_PROPOSALS, child_complexity)")]
    async fn placement_proposals(&self, ctx: &Context<'_>) -> Result<Vec<PlacementProposal>> {
        proposals::list(
            db(ctx)?,
            viewer(ctx)?,
            None,
            proposals::MAX_PROPOSALS as u64,
        )
        .await
        .extend()
    }

    /// Extensions of internships at the units you may act for, newest first, in `status` when
    /// given (APPROVED for those waiting for your confirmation): at most 100.
    #[graphql(complexity = "pagination::list_cost(follow_up::MAX_ROWS, child_complexity)")]
    async fn placement_extensions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only extensions in this state.")] status: Option<ExtensionStatus>,
    ) -> Result<Vec<PlacementExtension>> {
        follow_up::extensions(db(ctx)?, viewer(ctx)?, status, follow_up::MAX_ROWS as u64)
            .await
            .extend()
    }

    /// What the job centre told you about placements at the units you may act for (ended,
    /// extension approved or turned down), newest first: at most 100.
    #[graphql(
        complexity = "pagination::list_cost(notifications::MAX_NOTIFICATIONS, child_complexity)"
    )]
    async fn notifications(&self, ctx: &Context<'_>) -> Result<Vec<CompanyNotification>> {
        notifications::of_company(
            db(ctx)?,
            company_user(ctx)?,
            notifications::MAX_NOTIFICATIONS as u64,
        )
        .await
        .extend()
    }
}

/// The placements a provider proposed.
#[derive(Default)]
pub struct ProviderPlacements;

#[Object]
impl ProviderPlacements {
    /// The placements your organisation proposed for citizens referred to it, newest first:
    /// at most 100.
    #[graphql(complexity = "pagination::list_cost(proposals::MAX_PROPOSALS, child_complexity)")]
    async fn placement_proposals(&self, ctx: &Context<'_>) -> Result<Vec<PlacementProposal>> {
        proposals::list(
            db(ctx)?,
            viewer(ctx)?,
            None,
            proposals::MAX_PROPOSALS as u64,
        )
        .await
        .extend()
    }
}
