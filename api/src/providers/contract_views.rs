//! What job-centre staff see of contracts, and the inputs and payloads of the contract
//! mutations. Every nested list is loaded for the whole page at once (`kernel::batch`).

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    contract, contract_service, contract_version, enums::PriceKind, price_component,
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    contracts::MAX_SERVICES,
    loader::{
        PricesByContract, ProvidersById, SeatsTaken, ServicesByContract, TargetGroupsByContract,
        VersionsByContract,
    },
    orders::seats_taken_on,
    views::ProviderOrganisation,
};
use crate::kernel::{
    batch,
    clock::danish_date,
    context::{clock, db, staff},
    ids::ContractId,
    pagination,
    user_error::UserError,
};

/// The most contracts the workspace lists.
pub const MAX_CONTRACTS: usize = 100;
/// The most versions a contract lists.
pub const MAX_VERSIONS: usize = 20;
/// The most prices a service has: one of each kind.
pub const MAX_PRICES: usize = 5;

/// The workspace's contracts segment.
#[derive(Default)]
pub struct StaffContracts;

#[Object]
impl StaffContracts {
    /// Your job centre's contracts with providers and its own units, newest first: at most 100.
    /// Ask for one contract's versions, services and prices with `contract(id)`.
    #[graphql(complexity = "pagination::list_cost(MAX_CONTRACTS, child_complexity)")]
    async fn contracts(&self, ctx: &Context<'_>) -> Result<Vec<Contract>> {
        let staff = staff(ctx)?;
        let rows = super::contracts::of_jobcentre(db(ctx)?, staff.jobcentre, MAX_CONTRACTS).await?;
        let contracts: Arc<[Uuid]> = rows.iter().map(|c| c.id).collect();
        let providers: Arc<[Uuid]> = rows.iter().map(|c| c.provider_id).collect();
        Ok(rows
            .into_iter()
            .map(|row| Contract {
                page: OnPage {
                    contract: row.id,
                    contracts: contracts.clone(),
                },
                row,
                providers: providers.clone(),
            })
            .collect())
    }
    /// One contract of your job centre with its versions, services and prices; null if your job
    /// centre has none with this id.
    async fn contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contract's id.")] id: ID,
    ) -> Result<Option<Contract>> {
        one(ctx, ContractId::parse(&id, "id").extend()?).await
    }
}

/// Where a row of a contract sits: its contract, and the contracts of the page, by which every
/// nested list is loaded at once.
#[derive(Clone)]
struct OnPage {
    contract: Uuid,
    contracts: Arc<[Uuid]>,
}

/// One contract of your job centre.
pub async fn one(ctx: &Context<'_>, id: ContractId) -> Result<Option<Contract>> {
    let staff = staff(ctx)?;
    let row = super::contracts::of_jobcentre_by_id(db(ctx)?, staff.jobcentre, id.0).await?;
    Ok(row.map(|row| Contract {
        page: OnPage {
            contract: row.id,
            contracts: Arc::from(vec![row.id]),
        },
        providers: Arc::from(vec![row.provider_id]),
        row,
    }))
}

/// A contract between your job centre and a provider (or one of the municipality's own units).
pub struct Contract {
    row: contract::Model,
    page: OnPage,
    /// The page's providers.
    providers: Arc<[Uuid]>,
}

/// A contract between your job centre and a provider (or one of the municipality's own units).
#[Object]
impl Contract {
    /// The contract's id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// The contract's reference (number), unique in your job centre.
    async fn reference(&self) -> &str {
        &self.row.reference
    }
    /// Short title.
    async fn title(&self) -> &str {
        &self.row.title
    }
    /// The provider delivering under the contract.
    async fn provider(&self, ctx: &Context<'_>) -> Result<Option<ProviderOrganisation>> {
        Ok(
            batch::load::<ProvidersById>(ctx, self.row.provider_id, &self.providers)
                .await?
                .map(ProviderOrganisation),
        )
    }
    /// The versions of the contract, oldest first (at most 20): signed ones never change.
    #[graphql(complexity = "pagination::list_cost(MAX_VERSIONS, child_complexity)")]
    async fn versions(&self, ctx: &Context<'_>) -> Result<Vec<ContractVersion>> {
        let rows = batch::load::<VersionsByContract>(ctx, self.page.contract, &self.page.contracts)
            .await?;
        Ok(pagination::capped(
            rows.into_iter().map(|row| ContractVersion {
                row,
                page: Some(self.page.clone()),
            }),
            MAX_VERSIONS,
        ))
    }
}

/// One version of a contract's terms.
pub struct ContractVersion {
    row: contract_version::Model,
    /// None for a version shown alone (a mutation's payload).
    page: Option<OnPage>,
}

impl From<contract_version::Model> for ContractVersion {
    fn from(row: contract_version::Model) -> Self {
        Self { row, page: None }
    }
}

impl ContractVersion {
    fn page(&self) -> OnPage {
        self.page.clone().unwrap_or_else(|| OnPage {
            contract: self.row.contract_id,
            contracts: Arc::from(vec![self.row.contract_id]),
        })
    }
}

/// One version of a contract's terms: drawn up as a draft, signed by a manager, never changed
/// after signing (a change is a new version with a later validity date).
#[Object]
impl ContractVersion {
    /// The version's id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// The contract the version belongs to (what invoicing bases are generated for).
    async fn contract_id(&self) -> ID {
        ID(self.row.contract_id.to_string())
    }
    /// 1, 2, 3 … within the contract.
    async fn version(&self) -> i32 {
        self.row.version
    }
    /// The first day these terms apply (when signed).
    async fn valid_from(&self) -> NaiveDate {
        self.row.valid_from
    }
    /// When a manager signed it; null while a draft. Orders are placed only under signed
    /// versions.
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.row.signed_at
    }
    /// The services of this version, by code: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_SERVICES, child_complexity)")]
    async fn services(&self, ctx: &Context<'_>) -> Result<Vec<ContractService>> {
        let page = self.page();
        let rows = batch::load::<ServicesByContract>(ctx, page.contract, &page.contracts).await?;
        Ok(pagination::capped(
            rows.into_iter()
                .filter(|s| s.contract_version_id == self.row.id)
                .map(|row| ContractService {
                    row,
                    page: page.clone(),
                }),
            MAX_SERVICES,
        ))
    }
}

/// A service a contract version offers.
pub struct ContractService {
    row: contract_service::Model,
    page: OnPage,
}

/// A service a contract version offers: what is delivered, to whom, how many at a time, and at
/// what price.
#[Object]
impl ContractService {
    /// The service's id: what `createServiceOrder` orders.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// Names the same service in every version of the contract.
    async fn service_code(&self) -> &str {
        &self.row.service_code
    }
    /// The kind of offer delivered, as a reference-data code.
    async fn offer_kind(&self) -> &str {
        &self.row.offer_kind_code
    }
    /// What is delivered.
    async fn description(&self) -> &str {
        &self.row.description
    }
    /// How many citizens the service takes at a time.
    async fn seats(&self) -> i32 {
        self.row.seats
    }
    /// Seats not held by an order (ordered, accepted or started) on `on` (today when left
    /// out), counted across the contract's versions of this service.
    async fn free_seats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The day to count on; today (Danish time) when left out.")] on: Option<
            NaiveDate,
        >,
    ) -> Result<i32> {
        let day = match on {
            Some(day) => day,
            None => danish_date(clock(ctx)?.now()),
        };
        let taken: Vec<(NaiveDate, Option<NaiveDate>)> =
            batch::load::<SeatsTaken>(ctx, self.page.contract, &self.page.contracts)
                .await?
                .into_iter()
                .filter(|(code, _, _)| *code == self.row.service_code)
                .map(|(_, from, to)| (from, to))
                .collect();
        let held = i32::try_from(seats_taken_on(&taken, day)).unwrap_or(i32::MAX);
        Ok((self.row.seats - held).max(0))
    }
    /// The target groups the service takes (reference-data codes); empty when it takes every
    /// group.
    async fn target_groups(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        Ok(
            batch::load::<TargetGroupsByContract>(ctx, self.page.contract, &self.page.contracts)
                .await?
                .into_iter()
                .filter(|g| g.contract_service_id == self.row.id)
                .map(|g| g.target_group_code)
                .collect(),
        )
    }
    /// The budget frame the service is posted to.
    async fn budget_frame_code(&self) -> &str {
        &self.row.budget_frame_code
    }
    /// Delivered time under this share of the ordered time (percent), two ISO weeks running,
    /// alerts the caseworker.
    async fn alert_below_percent(&self) -> i32 {
        self.row.alert_below_percent
    }
    /// The service's prices, one of each kind: at most 5.
    #[graphql(complexity = "pagination::list_cost(MAX_PRICES, child_complexity)")]
    async fn prices(&self, ctx: &Context<'_>) -> Result<Vec<Price>> {
        Ok(pagination::capped(
            batch::load::<PricesByContract>(ctx, self.page.contract, &self.page.contracts)
                .await?
                .into_iter()
                .filter(|p| p.contract_service_id == self.row.id)
                .map(Price::from),
            MAX_PRICES,
        ))
    }
}

/// A price of a contract service.
#[derive(SimpleObject)]
pub struct Price {
    /// What is paid for.
    pub kind: PriceKind,
    /// The amount in øre (1 krone = 100 øre).
    pub amount_ore: i64,
    /// For a result bonus: the weeks after the order's end within which a job or education must
    /// start; null for the other kinds.
    pub within_weeks: Option<i32>,
}

impl From<price_component::Model> for Price {
    fn from(m: price_component::Model) -> Self {
        Self {
            kind: m.kind,
            amount_ore: m.amount_ore,
            within_weeks: m.within_weeks,
        }
    }
}

/// Input of `draftContractVersion`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct DraftContractVersionInput {
    /// The contract to draw up a new version of; leave out for a new contract (then give
    /// `providerId`, `reference` and `title`).
    pub contract_id: Option<ID>,
    /// For a new contract: the provider (or own unit) delivering.
    pub provider_id: Option<ID>,
    /// For a new contract: its reference (number), unique in your job centre.
    pub reference: Option<String>,
    /// For a new contract: a short title.
    pub title: Option<String>,
    /// The first day the version's terms apply; after the validity date of every earlier
    /// version.
    pub valid_from: NaiveDate,
    /// The services of the version: 1 to 50.
    pub services: Vec<ContractServiceInput>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// A service of a contract version.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ContractServiceInput {
    /// Names the service in every version of the contract; unique within the version.
    pub service_code: String,
    /// The kind of offer, as a reference-data code (e.g. `MENTOR`).
    pub offer_kind: String,
    /// What is delivered.
    pub description: String,
    /// How many citizens the service takes at a time (1 or more).
    pub seats: i32,
    /// The target groups it takes (reference-data codes); empty for every group.
    pub target_groups: Vec<String>,
    /// The budget frame the service is posted to.
    pub budget_frame_code: String,
    /// Delivered time under this share of the ordered time, in percent (0 to 100), two ISO
    /// weeks running alerts the caseworker; 75 when not given.
    #[graphql(default = 75)]
    pub alert_below_percent: i32,
    /// Its prices, one of each kind at most.
    pub prices: Vec<PriceInput>,
}

/// A price of a contract service.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PriceInput {
    /// What is paid for.
    pub kind: PriceKind,
    /// The amount in øre (1 krone = 100 øre); not negative.
    pub amount_ore: i32,
    /// For `RESULT_BONUS` only: the weeks after the order's end within which a job or
    /// education must start (1 or more).
    pub within_weeks: Option<i32>,
}

/// Input of `signContractVersion`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SignContractVersionInput {
    /// The draft version to sign.
    pub contract_version_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of `draftContractVersion` and `signContractVersion`.
#[derive(SimpleObject)]
pub struct ContractVersionPayload {
    /// The version, unless there are user errors.
    pub contract_version: Option<ContractVersion>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}
