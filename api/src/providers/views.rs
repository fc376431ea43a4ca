//! What a provider user sees of their organisation and of a participant's referrals.

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::{
    enums::{AuditCategory, ServiceOrderStatus},
    provider, service_order,
};

use super::{loader::ReferralsByCitizen, service};
use crate::{
    citizens::Visible,
    kernel::{
        batch,
        context::{db, provider_user},
        pagination,
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
