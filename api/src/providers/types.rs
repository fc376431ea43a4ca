//! What a provider user sees.

use async_graphql::{
    Context, ErrorExtensions, ID, Object, Result, SimpleObject, connection::Connection,
};
use chrono::NaiveDate;
use jobbro_entities::{enums::ServiceOrderStatus, provider, service_order};

use super::service;
use crate::{
    auth::guard::viewer,
    citizens::{self, types::ProviderParticipant},
    pagination::{self, IdCursor},
};

/// The signed-in provider user's workspace: the organisation and its participants.
pub struct ProviderWorkspace;

/// The signed-in provider user's workspace: the organisation and its participants.
#[Object]
impl ProviderWorkspace {
    /// The provider organisation you act for.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<ProviderOrganisation> {
        let v = viewer(ctx)?;
        service::organisation(crate::schema::db(ctx)?, v)
            .await
            .map(ProviderOrganisation)
            .map_err(|e| e.extend())
    }
    /// Citizens referred to your organisation (staff: assigned to you), oldest referral first.
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn participants(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> Result<Connection<IdCursor, ProviderParticipant>> {
        // Relay clients select `edges.node`, simpler ones `nodes`: look at both.
        let look = ctx.look_ahead();
        let (edges, nodes) = (look.field("edges").field("node"), look.field("nodes"));
        let wanted = service::Wanted {
            plan: edges.field("plan").exists() || nodes.field("plan").exists(),
            absences: edges.field("absences").exists() || nodes.field("absences").exists(),
        };
        service::participants(crate::schema::db(ctx)?, viewer(ctx)?, first, after, wanted)
            .await
            .map_err(|e| e.extend())
    }
    /// Meetings you take part in (coordinators: any user of your organisation), starting
    /// between `from` and `to` (at most 62 days).
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::meetings::types::Meeting>> {
        crate::meetings::attendance::list(
            crate::schema::db(ctx)?,
            viewer(ctx)?,
            from,
            to,
            None,
            None,
        )
        .await
        .map_err(|e| e.extend())
    }
    /// One participant by id; null if not referred to you.
    async fn participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen's id.")] id: ID,
    ) -> Result<Option<ProviderParticipant>> {
        let id = citizens::service::parse_id(&id, "id").map_err(|e| e.extend())?;
        let look = ctx.look_ahead();
        let wanted = service::Wanted {
            plan: look.field("plan").exists(),
            absences: look.field("absences").exists(),
        };
        service::participant(crate::schema::db(ctx)?, viewer(ctx)?, id, wanted)
            .await
            .map_err(|e| e.extend())
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
}

/// A referral (henvisning, service order) of a citizen to a provider.
#[derive(SimpleObject)]
pub struct Referral {
    /// The referral's id.
    pub id: ID,
    /// The kind of offer ordered, as a reference-data code (e.g. `MENTOR`).
    pub offer_kind: String,
    /// The job centre's justification for the order.
    pub justification: String,
    /// The goal for the citizen.
    pub goal: String,
    /// First day of the offer.
    pub starts_on: NaiveDate,
    /// Last day of the offer, if set.
    pub ends_on: Option<NaiveDate>,
    /// Whether the referral is running, ended or cancelled.
    pub status: ServiceOrderStatus,
}

impl From<service_order::Model> for Referral {
    fn from(m: service_order::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            offer_kind: m.offer_kind_code,
            justification: m.justification,
            goal: m.goal,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            status: m.status,
        }
    }
}
