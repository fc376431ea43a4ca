//! What job-centre staff see.

use async_graphql::{
    Context, ErrorExtensions, ID, Object, Result, SimpleObject, connection::Connection,
};
use jobbro_entities::{caseworker, citizen, jobcentre};
use sea_orm::Select;

use super::service;
use crate::{
    alerts::{self, types::Alert},
    auth::guard::viewer,
    citizens::{self, types::CaseworkerCitizen},
    pagination::{self, IdCursor},
};

/// The signed-in caseworker's (or manager's) workspace.
pub struct CaseworkerWorkspace;

/// The signed-in caseworker's (or manager's) workspace.
#[Object]
impl CaseworkerWorkspace {
    /// Your own profile and job centre.
    async fn me(&self, ctx: &Context<'_>) -> Result<CaseworkerProfile> {
        let (me, centre) = service::me(crate::schema::db(ctx)?, viewer(ctx)?)
            .await
            .map_err(|e| e.extend())?;
        Ok(CaseworkerProfile { me, centre })
    }
    /// Your caseload: citizens with an open case assigned to you.
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn caseload(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> Result<Connection<IdCursor, CaseworkerCitizen>> {
        let v = viewer(ctx)?;
        citizen_page(ctx, service::caseload(v), first, after).await
    }
    /// Every citizen of your job centre.
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn citizens(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> Result<Connection<IdCursor, CaseworkerCitizen>> {
        let v = viewer(ctx)?;
        citizen_page(ctx, citizens::service::visible(v), first, after).await
    }
    /// One citizen of your job centre; null if there is none with this id in your job centre.
    async fn citizen(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen's id.")] id: ID,
    ) -> Result<Option<CaseworkerCitizen>> {
        let v = viewer(ctx)?;
        let id = citizens::service::parse_id(&id, "id").map_err(|e| e.extend())?;
        Ok(citizens::service::find(crate::schema::db(ctx)?, v, id)
            .await
            .map_err(|e| e.extend())?
            .map(CaseworkerCitizen))
    }
    /// Slots of your job centre starting between `from` and `to` (at most 62 days), with their
    /// bookings; only one caseworker's when `caseworkerId` is given.
    async fn slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Only this caseworker's slots.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<crate::meetings::types::MeetingSlot>> {
        let v = viewer(ctx)?;
        let caseworker_id = caseworker_id
            .map(|id| citizens::service::parse_id(&id, "caseworkerId"))
            .transpose()
            .map_err(|e| e.extend())?;
        crate::meetings::slots::for_staff(crate::schema::db(ctx)?, v, from, to, caseworker_id)
            .await
            .map_err(|e| e.extend())
    }
    /// Meetings of your job centre starting between `from` and `to` (at most 62 days).
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Only this caseworker's meetings.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<crate::meetings::types::Meeting>> {
        let v = viewer(ctx)?;
        let caseworker_id = caseworker_id
            .map(|id| citizens::service::parse_id(&id, "caseworkerId"))
            .transpose()
            .map_err(|e| e.extend())?;
        crate::meetings::attendance::list(crate::schema::db(ctx)?, v, from, to, caseworker_id, None)
            .await
            .map_err(|e| e.extend())
    }
    /// Meetings that are over and whose attendance was not registered by the next morning;
    /// yours, or one caseworker's when `caseworkerId` is given, or all of the job centre's for a
    /// manager who leaves it out.
    async fn meetings_missing_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this caseworker's meetings.")] caseworker_id: Option<ID>,
    ) -> Result<Vec<crate::meetings::types::Meeting>> {
        let v = viewer(ctx)?;
        let now = crate::schema::clock(ctx)?.now();
        let caseworker_id = match caseworker_id {
            Some(id) => {
                Some(citizens::service::parse_id(&id, "caseworkerId").map_err(|e| e.extend())?)
            }
            None if v.role == crate::auth::Role::Manager => None,
            None => Some(v.subject),
        };
        crate::meetings::attendance::missing_registrations(
            crate::schema::db(ctx)?,
            v,
            now,
            caseworker_id,
        )
        .await
        .map_err(|e| e.extend())
    }
    /// Citizens whose job conversation is past due under their group's cadence, most overdue
    /// first: your caseload, or the whole job centre for a manager.
    async fn overdue_conversations(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::cadence::OverdueConversation>> {
        let now = crate::schema::clock(ctx)?.now();
        crate::cadence::overdue(crate::schema::db(ctx)?, viewer(ctx)?, now)
            .await
            .map_err(|e| e.extend())
    }
    /// Current plan versions still waiting for the citizen's acknowledgement, longest waiting
    /// first: your caseload, or the whole job centre for a manager.
    async fn plans_awaiting_acknowledgement(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::plans::types::PlanAwaitingAcknowledgement>> {
        let now = crate::schema::clock(ctx)?.now();
        let list = crate::plans::service::awaiting_acknowledgement(
            crate::schema::db(ctx)?,
            viewer(ctx)?,
            now,
        )
        .await
        .map_err(|e| e.extend())?;
        let log = ctx.data::<crate::auth::audit::AuditLog>()?;
        for item in &list {
            log.record(
                item.audit.0,
                item.audit.1,
                jobbro_entities::enums::AuditCategory::Case,
            );
        }
        Ok(list)
    }
    /// Your alerts (advis), newest first.
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(desc = "Only alerts not yet marked read.", default = false)] unread_only: bool,
    ) -> Result<Connection<IdCursor, Alert>> {
        let v = viewer(ctx)?;
        alerts::service::for_caseworker(crate::schema::db(ctx)?, v, unread_only, first, after)
            .await
            .map_err(|e| e.extend())
    }
}

/// A page of citizens for staff, with their cases prefetched when selected.
async fn citizen_page(
    ctx: &Context<'_>,
    select: Select<citizen::Entity>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Connection<IdCursor, CaseworkerCitizen>> {
    let page = citizens::service::page(
        crate::schema::db(ctx)?,
        select,
        first,
        after,
        CaseworkerCitizen,
    )
    .await
    .map_err(|e| e.extend())?;
    citizens::loader::prefetch_cases(ctx, page.edges.iter().map(|e| e.node.0.id)).await?;
    Ok(page)
}

/// A caseworker's own profile.
pub struct CaseworkerProfile {
    me: caseworker::Model,
    centre: jobcentre::Model,
}

/// A caseworker's own profile.
#[Object]
impl CaseworkerProfile {
    /// Your id.
    async fn id(&self) -> ID {
        ID(self.me.id.to_string())
    }
    /// Your name.
    async fn name(&self) -> &str {
        &self.me.name
    }
    /// Your work e-mail.
    async fn email(&self) -> &str {
        &self.me.email
    }
    /// Your team, if any.
    async fn team(&self) -> Option<&str> {
        self.me.team.as_deref()
    }
    /// Whether you are a manager (leder).
    async fn is_manager(&self) -> bool {
        self.me.is_manager
    }
    /// Your job centre.
    async fn jobcentre(&self) -> Jobcentre {
        Jobcentre {
            id: ID(self.centre.id.to_string()),
            name: self.centre.name.clone(),
            municipality_code: self.centre.municipality_code.clone(),
        }
    }
}

/// A job centre (jobcenter): the tenant every personal record belongs to.
#[derive(SimpleObject)]
pub struct Jobcentre {
    /// The job centre's id.
    pub id: ID,
    /// Its name, e.g. "Jobcenter Aalborg".
    pub name: String,
    /// The municipality's code (kommunekode), e.g. "0851".
    pub municipality_code: String,
}
