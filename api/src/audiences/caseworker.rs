//! The caseworker portal: the `caseworker` root field, the workspace, and a citizen as
//! job-centre staff see them.

use async_graphql::{
    Context, ID, MergedObject, Object, Result, ResultExt,
    connection::{Connection, Edge},
};

use crate::{
    absences::views::CitizenAbsences,
    alerts::{tasks::StaffTasks, views::StaffAlerts},
    attendance::views::StaffDelivery,
    auth::{Role, RoleGuard},
    cadence::{self, NextConversation, views::StaffCadence},
    cases::{
        self,
        outcomes::StaffOutcomes,
        views::{StaffCaseReference, StaffCases},
    },
    caseworkers::views::StaffMe,
    changes::views::ChangeRequests,
    citizens::{
        self, Visible,
        views::{PersonDetails, StaffAccessLog},
    },
    companies::{
        matching::StaffMatching, placement_views::StaffPlacements, relations::StaffCompanies,
        views::StaffJobOrders,
    },
    consents::views::CitizenConsents,
    cvs::views::CitizenCv,
    health::views::{StaffHealth, StaffHealthReference},
    invoicing::views::InvoiceBases,
    kernel::{
        batch,
        context::{db, staff, viewer},
        ids::CitizenId,
        pagination::{self, IdConnection, PageArgs, PositionCursor, Total},
    },
    markings::views::StaffMarkings,
    meetings::views::{CitizenMeetings, StaffCalendar},
    messages::views::OrderMessages,
    plans::views::{StaffPlan, StaffPlanOverview},
    providers::{
        contract_views::StaffContracts, no_show_views::StaffNoShows, views::StaffServiceOrders,
    },
    reports::views::{CitizenReports, StaffReports},
    timeline::CaseTimeline,
};

#[derive(Default)]
pub struct CaseworkerQuery;

#[Object]
impl CaseworkerQuery {
    /// The caseworker's workspace: caseload, the job centre's citizens, alerts. For caseworkers
    /// and managers.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn caseworker(&self) -> CaseworkerWorkspace {
        CaseworkerWorkspace::default()
    }
}

/// The signed-in caseworker's (or manager's) workspace.
#[derive(MergedObject, Default)]
pub struct CaseworkerWorkspace(
    StaffMe,
    StaffCitizens,
    StaffCalendar,
    StaffFollowUp,
    StaffPlanOverview,
    StaffAlerts,
    StaffTasks,
    StaffContracts,
    StaffServiceOrders,
    StaffDelivery,
    StaffNoShows,
    StaffReports,
    ChangeRequests,
    OrderMessages,
    InvoiceBases,
    StaffJobOrders,
    StaffMatching,
    StaffPlacements,
    StaffCompanies,
    StaffCaseReference,
    StaffHealthReference,
);

/// A citizen as job-centre staff see them. Every personal field read is audited.
#[derive(MergedObject)]
pub struct CaseworkerCitizen(
    PersonDetails,
    StaffCases,
    CitizenConsents,
    CitizenCv,
    CitizenMeetings,
    CitizenAbsences,
    StaffCadence,
    StaffPlan,
    StaffMarkings,
    StaffHealth,
    StaffOutcomes,
    CitizenReports,
    CaseTimeline,
    StaffAccessLog,
);

impl CaseworkerCitizen {
    fn of(person: Visible) -> Self {
        Self(
            PersonDetails(person.clone()),
            StaffCases(person.clone()),
            CitizenConsents(person.clone()),
            CitizenCv(person.clone()),
            CitizenMeetings(person.clone()),
            CitizenAbsences(person.clone()),
            StaffCadence(person.clone()),
            StaffPlan(person.clone()),
            StaffMarkings(person.clone()),
            StaffHealth(person.clone()),
            StaffOutcomes(person.clone()),
            CitizenReports(person.clone()),
            CaseTimeline(person.clone()),
            StaffAccessLog(person),
        )
    }
}

/// The workspace's citizen lists.
#[derive(Default)]
pub struct StaffCitizens;

#[Object]
impl StaffCitizens {
    /// Your caseload: citizens with an open case assigned to you.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn caseload(
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
    ) -> Result<IdConnection<CaseworkerCitizen>> {
        let caseload = cases::service::caseload(staff(ctx)?);
        citizens::scope::page(
            db(ctx)?,
            viewer(ctx)?,
            Some(caseload),
            PageArgs {
                first,
                after,
                last,
                before,
            },
            CaseworkerCitizen::of,
        )
        .await
        .extend()
    }
    /// Every citizen of your job centre.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn citizens(
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
    ) -> Result<IdConnection<CaseworkerCitizen>> {
        citizens::scope::page(
            db(ctx)?,
            viewer(ctx)?,
            None,
            PageArgs {
                first,
                after,
                last,
                before,
            },
            CaseworkerCitizen::of,
        )
        .await
        .extend()
    }
    /// One citizen of your job centre; null if there is none with this id in your job centre.
    async fn citizen(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen's id.")] id: ID,
    ) -> Result<Option<CaseworkerCitizen>> {
        let id = CitizenId::parse(&id, "id").extend()?;
        Ok(citizens::scope::find(db(ctx)?, viewer(ctx)?, id)
            .await
            .extend()?
            .map(CaseworkerCitizen::of))
    }
}

/// The workspace's follow-up lists.
#[derive(Default)]
pub struct StaffFollowUp;

#[Object]
impl StaffFollowUp {
    /// Citizens whose job conversation is past due under their group's cadence, most overdue
    /// first: your caseload, or the whole job centre for a manager.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn overdue_conversations(
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
    ) -> Result<Connection<PositionCursor, OverdueConversation, Total>> {
        let (db, viewer) = (db(ctx)?, viewer(ctx)?);
        let all = batch::load::<cadence::loader::OverdueOfViewer>(ctx, (), &[]).await?;
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
        let people = citizens::scope::many(db, viewer, page.rows.iter().map(|(_, o)| o.citizen_id))
            .await
            .extend()?;
        let people: std::collections::HashMap<_, _> =
            people.into_iter().map(|p| (p.uuid(), p)).collect();
        let mut conn = Connection::with_additional_fields(
            page.has_previous,
            page.has_next,
            Total::known(page.total),
        );
        for (cursor, o) in page.rows {
            if let Some(person) = people.get(&o.citizen_id).cloned() {
                conn.edges.push(Edge::new(
                    cursor,
                    OverdueConversation {
                        citizen: CaseworkerCitizen::of(person),
                        next: o.next,
                        days_overdue: o.days_overdue,
                    },
                ));
            }
        }
        Ok(conn)
    }
}

/// A citizen whose job conversation is past due.
#[derive(async_graphql::SimpleObject)]
pub struct OverdueConversation {
    /// The citizen.
    pub citizen: CaseworkerCitizen,
    /// When the conversation was due, and what is known about it.
    pub next: NextConversation,
    /// Days past the due date.
    pub days_overdue: i64,
}
