//! The provider portal: the `provider` root field, the workspace, and a participant as the
//! provider sees them.

use async_graphql::{Context, ID, MergedObject, Object, Result, ResultExt};

use crate::{
    absences::views::ParticipantAbsences,
    attendance::views::ProviderDelivery,
    auth::{Role, RoleGuard},
    changes::views::ChangeRequests,
    citizens::{self, Visible, views::ParticipantPerson},
    companies::placement_views::ProviderPlacements,
    invoicing::views::InvoiceBases,
    kernel::{
        context::{db, viewer},
        ids::CitizenId,
        pagination::{self, IdConnection, PageArgs},
    },
    meetings::views::ProviderCalendar,
    messages::views::OrderMessages,
    plans::views::ParticipantPlan,
    providers::{
        no_show_views::ProviderNoShows,
        views::{ParticipantReferrals, ProviderOrders, ProviderOrganisationSegment},
    },
    reports::views::ProviderReports,
};

#[derive(Default)]
pub struct ProviderQuery;

#[Object]
impl ProviderQuery {
    /// The provider portal: your organisation and the citizens referred to it.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn provider(&self) -> ProviderWorkspace {
        ProviderWorkspace::default()
    }
}

/// The signed-in provider user's workspace: the organisation and its participants.
#[derive(MergedObject, Default)]
pub struct ProviderWorkspace(
    ProviderOrganisationSegment,
    Participants,
    ProviderOrders,
    ProviderDelivery,
    ProviderNoShows,
    ProviderReports,
    ChangeRequests,
    OrderMessages,
    ProviderCalendar,
    InvoiceBases,
    ProviderPlacements,
);

/// A citizen referred to the signed-in provider. No CPR number; the address is withheld when
/// it is protected.
#[derive(MergedObject)]
pub struct ProviderParticipant(
    ParticipantPerson,
    ParticipantPlan,
    ParticipantAbsences,
    ParticipantReferrals,
);

impl ProviderParticipant {
    fn of(person: Visible) -> Self {
        Self(
            ParticipantPerson(person.clone()),
            ParticipantPlan(person.clone()),
            ParticipantAbsences(person.clone()),
            ParticipantReferrals(person),
        )
    }
}

/// The workspace's participant lists.
#[derive(Default)]
pub struct Participants;

#[Object]
impl Participants {
    /// Citizens referred to your organisation (staff: assigned to you), oldest referral first.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn participants(
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
    ) -> Result<IdConnection<ProviderParticipant>> {
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
            ProviderParticipant::of,
        )
        .await
        .extend()
    }
    /// One participant by id; null if not referred to you.
    async fn participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen's id.")] id: ID,
    ) -> Result<Option<ProviderParticipant>> {
        let id = CitizenId::parse(&id, "id").extend()?;
        Ok(citizens::scope::find(db(ctx)?, viewer(ctx)?, id)
            .await
            .extend()?
            .map(ProviderParticipant::of))
    }
}
