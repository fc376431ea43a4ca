//! Per-request loaders: a page of citizens' referrals, scoped to the viewer; and the nested
//! lists of a page of contracts (versions, services, their target groups, prices and taken
//! seats), each in one query keyed by the page's contracts.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbro_entities::{
    contract_service, contract_service_target_group, contract_version, enums::ServiceOrderStatus,
    price_component, provider, service_order,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::AppResult,
};

/// The referrals of each citizen that the viewer may see, in one query.
pub struct ReferralsByCitizen;

impl BatchLoad for ReferralsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<service_order::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            service_order::Entity::find()
                .filter(scope::referrals_visible_to(cx.viewer))
                .filter(service_order::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_asc(service_order::Column::Id)
                .all(cx.db)
                .await?,
            |row| row.citizen_id,
        ))
    }
}

/// Providers by id, in one query.
pub struct ProvidersById;

impl BatchLoad for ProvidersById {
    type Key = Uuid;
    type Args = ();
    type Value = Option<provider::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(provider::Entity::find()
            .filter(provider::Column::Id.is_in(keys.iter().copied()))
            .all(cx.db)
            .await?
            .into_iter()
            .map(|p| (p.id, Some(p)))
            .collect())
    }
}

/// The versions of each contract, oldest first, in one query.
pub struct VersionsByContract;

impl BatchLoad for VersionsByContract {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<contract_version::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            contract_version::Entity::find()
                .filter(contract_version::Column::ContractId.is_in(keys.iter().copied()))
                .order_by_asc(contract_version::Column::Version)
                .all(cx.db)
                .await?,
            |row| row.contract_id,
        ))
    }
}

/// Every service of every version of each contract, in version and code order, in one query.
pub struct ServicesByContract;

impl BatchLoad for ServicesByContract {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<contract_service::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows: Vec<(contract_service::Model, Option<contract_version::Model>)> =
            contract_service::Entity::find()
                .find_also_related(contract_version::Entity)
                .filter(contract_version::Column::ContractId.is_in(keys.iter().copied()))
                .order_by_asc(contract_service::Column::ContractVersionId)
                .order_by_asc(contract_service::Column::ServiceCode)
                .all(cx.db)
                .await?;
        Ok(batch::grouped(
            rows.into_iter()
                .filter_map(|(s, v)| v.map(|v| (v.contract_id, s))),
            |(contract, _)| *contract,
        )
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(|(_, s)| s).collect()))
        .collect())
    }
}

/// The target groups of every service of each contract, in one query.
pub struct TargetGroupsByContract;

impl BatchLoad for TargetGroupsByContract {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<contract_service_target_group::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let services = service_contracts(cx, keys).await?;
        Ok(by_contract(
            contract_service_target_group::Entity::find()
                .filter(
                    contract_service_target_group::Column::ContractServiceId
                        .is_in(services.keys().copied()),
                )
                .order_by_asc(contract_service_target_group::Column::TargetGroupCode)
                .all(cx.db)
                .await?,
            &services,
            |row| row.contract_service_id,
        ))
    }
}

/// The price components of every service of each contract, in one query.
pub struct PricesByContract;

impl BatchLoad for PricesByContract {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<price_component::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let services = service_contracts(cx, keys).await?;
        Ok(by_contract(
            price_component::Entity::find()
                .filter(price_component::Column::ContractServiceId.is_in(services.keys().copied()))
                .order_by_asc(price_component::Column::Kind)
                .all(cx.db)
                .await?,
            &services,
            |row| row.contract_service_id,
        ))
    }
}

/// The periods of the orders holding a seat under each contract, with their service's code.
pub struct SeatsTaken;

impl BatchLoad for SeatsTaken {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<(String, NaiveDate, Option<NaiveDate>)>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let services = service_contracts(cx, keys).await?;
        let rows: Vec<(Option<Uuid>, NaiveDate, Option<NaiveDate>)> = service_order::Entity::find()
            .select_only()
            .column(service_order::Column::ContractServiceId)
            .column(service_order::Column::StartsOn)
            .column(service_order::Column::EndsOn)
            .filter(service_order::Column::ContractServiceId.is_in(services.keys().copied()))
            .filter(
                service_order::Column::Status
                    .is_in(ServiceOrderStatus::HOLDING_A_SEAT.iter().copied()),
            )
            .into_tuple()
            .all(cx.db)
            .await?;
        let mut taken: HashMap<Uuid, Self::Value> = HashMap::new();
        for (service, from, to) in rows {
            let Some(service) = service else { continue };
            if let Some((contract, code)) = services.get(&service) {
                taken
                    .entry(*contract)
                    .or_default()
                    .push((code.clone(), from, to));
            }
        }
        Ok(taken)
    }
}

/// The contract and code of each service of `contracts`, in one query.
async fn service_contracts(
    cx: &LoadContext<'_>,
    contracts: &[Uuid],
) -> AppResult<HashMap<Uuid, (Uuid, String)>> {
    Ok(contract_service::Entity::find()
        .find_also_related(contract_version::Entity)
        .filter(contract_version::Column::ContractId.is_in(contracts.iter().copied()))
        .all(cx.db)
        .await?
        .into_iter()
        .filter_map(|(s, v)| v.map(|v| (s.id, (v.contract_id, s.service_code))))
        .collect())
}

/// `rows` grouped by the contract of the service each names.
fn by_contract<T>(
    rows: Vec<T>,
    services: &HashMap<Uuid, (Uuid, String)>,
    service_of: impl Fn(&T) -> Uuid,
) -> HashMap<Uuid, Vec<T>> {
    let mut grouped: HashMap<Uuid, Vec<T>> = HashMap::new();
    for row in rows {
        if let Some((contract, _)) = services.get(&service_of(&row)) {
            grouped.entry(*contract).or_default().push(row);
        }
    }
    grouped
}
