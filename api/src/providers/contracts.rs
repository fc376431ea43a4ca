//! Contracts with providers (UC5, `000:183-199`): a contract between a job centre and a provider
//! (or one of the municipality's own units), in versions. A version is drawn up as a draft by
//! job-centre staff and signed by a manager; a signed version never changes: a change is a new
//! version with a later validity date. Each version lists its services (offer kind, seats,
//! target groups, budget frame) and their price components, held as data in øre.

use std::collections::HashSet;

use chrono::NaiveDate;
use jobbro_entities::{
    contract, contract_service, contract_service_target_group, contract_version, enums::PriceKind,
    offer_kind, price_component, provider, target_group,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::contract_views::{
    ContractServiceInput, ContractVersionPayload, DraftContractVersionInput,
    SignContractVersionInput,
};
use crate::kernel::{
    clock::SharedClock,
    error::AppResult,
    ids::{ContractId, ContractVersionId, ProviderId},
    runner::{self, IdempotencyKey},
    user_error::{Outcome, UserError, UserErrorCode},
    viewer::{Staff, Viewer},
};

/// Most services one contract version may list.
pub const MAX_SERVICES: usize = 50;

/// Draws up a new draft version of a contract, or a new contract with its first version.
pub async fn draft_version(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: DraftContractVersionInput,
) -> AppResult<ContractVersionPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let contract_id = input
        .contract_id
        .as_ref()
        .map(|id| ContractId::parse(id, "contractId"))
        .transpose()?;
    let provider_id = input
        .provider_id
        .as_ref()
        .map(|id| ProviderId::parse(id, "providerId"))
        .transpose()?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "draftContractVersion",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if let Some(e) = check_services(txn, &input.services).await? {
            return Ok(Outcome::err(e));
        }
        let contract = match contract_id {
            Some(id) => {
                let Some(found) = contract::Entity::find_by_id(id.0)
                    .filter(contract::Column::JobcentreId.eq(staff.jobcentre))
                    .one(txn)
                    .await?
                else {
                    return Ok(Outcome::err(UserError::new(
                        &["input", "contractId"],
                        UserErrorCode::NotFound,
                        "no contract of your job centre has this id",
                    )));
                };
                found
            }
            None => match new_contract(txn, staff, provider_id, &input, now).await? {
                Ok(created) => created,
                Err(e) => return Ok(Outcome::err(e)),
            },
        };
        let latest = contract_version::Entity::find()
            .filter(contract_version::Column::ContractId.eq(contract.id))
            .order_by_desc(contract_version::Column::Version)
            .one(txn)
            .await?;
        if let Some(latest) = &latest
            && input.valid_from <= latest.valid_from
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "validFrom"],
                UserErrorCode::InvalidPeriod,
                format!(
                    "a new version must apply from a day after version {} ({}); give a later \
                     validFrom",
                    latest.version, latest.valid_from
                ),
            )));
        }
        let version = contract_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            contract_id: Set(contract.id),
            version: Set(latest.map_or(1, |l| l.version + 1)),
            valid_from: Set(input.valid_from),
            created_by: Set(staff.caseworker),
            created_at: Set(now),
            signed_by: Set(None),
            signed_at: Set(None),
        }
        .insert(txn)
        .await?;
        insert_services(txn, version.id, &input.services).await?;
        Ok(Outcome::ok(version.id))
    })
    .await?;
    load_version(db, outcome).await
}

/// Signs a draft version (managers only): from then on it never changes, and orders may be
/// placed under it from its validity date.
pub async fn sign_version(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: SignContractVersionInput,
) -> AppResult<ContractVersionPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let version_id = ContractVersionId::parse(&input.contract_version_id, "contractVersionId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "signContractVersion",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(version) = version_of_jobcentre(txn, version_id.0, staff.jobcentre).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "contractVersionId"],
                UserErrorCode::NotFound,
                "no contract version of your job centre has this id",
            )));
        };
        // Only a draft is signed; the condition in the statement settles two managers signing
        // at once.
        let signed = contract_version::Entity::update_many()
            .col_expr(
                contract_version::Column::SignedBy,
                sea_orm::sea_query::Expr::value(staff.caseworker),
            )
            .col_expr(
                contract_version::Column::SignedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(contract_version::Column::Id.eq(version.id))
            .filter(contract_version::Column::SignedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        if signed == 0 {
            return Ok(Outcome::err(UserError::new(
                &["input", "contractVersionId"],
                UserErrorCode::AlreadyDone,
                "this version is already signed; a change needs a new version",
            )));
        }
        Ok(Outcome::ok(version.id))
    })
    .await?;
    load_version(db, outcome).await
}

/// A version, if it belongs to a contract of `jobcentre`.
pub async fn version_of_jobcentre(
    db: &impl ConnectionTrait,
    version_id: Uuid,
    jobcentre: Uuid,
) -> AppResult<Option<contract_version::Model>> {
    Ok(contract_version::Entity::find_by_id(version_id)
        .filter(
            contract_version::Column::ContractId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(contract::Column::Id)
                    .from(contract::Entity)
                    .and_where(contract::Column::JobcentreId.eq(jobcentre))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?)
}

async fn load_version(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<ContractVersionPayload> {
    let version = match outcome.id {
        Some(id) => contract_version::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(ContractVersionPayload {
        contract_version: version.map(Into::into),
        user_errors: outcome.user_errors,
    })
}

/// Makes the contract a first version belongs to, from the input's provider, reference and
/// title.
async fn new_contract(
    txn: &DatabaseTransaction,
    staff: &Staff,
    provider_id: Option<ProviderId>,
    input: &DraftContractVersionInput,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Result<contract::Model, UserError>> {
    let Some(provider_id) = provider_id else {
        return Ok(Err(UserError::new(
            &["input", "providerId"],
            UserErrorCode::Invalid,
            "give providerId (with reference and title) for a new contract, or contractId for \
             a new version of an existing one",
        )));
    };
    let (Some(reference), Some(title)) = (non_empty(&input.reference), non_empty(&input.title))
    else {
        return Ok(Err(UserError::new(
            &["input", "reference"],
            UserErrorCode::Invalid,
            "a new contract needs a reference and a title, neither empty",
        )));
    };
    if provider::Entity::find_by_id(provider_id.0)
        .one(txn)
        .await?
        .is_none()
    {
        return Ok(Err(UserError::new(
            &["input", "providerId"],
            UserErrorCode::NotFound,
            "no provider has this id",
        )));
    }
    let taken = contract::Entity::find()
        .filter(contract::Column::JobcentreId.eq(staff.jobcentre))
        .filter(contract::Column::Reference.eq(reference))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Ok(Err(UserError::new(
            &["input", "reference"],
            UserErrorCode::AlreadyDone,
            "your job centre already has a contract with this reference; draw up a new \
             version of it with contractId",
        )));
    }
    Ok(Ok(contract::ActiveModel {
        id: Set(Uuid::now_v7()),
        jobcentre_id: Set(staff.jobcentre),
        provider_id: Set(provider_id.0),
        reference: Set(reference.to_string()),
        title: Set(title.to_string()),
        created_at: Set(now),
    }
    .insert(txn)
    .await?))
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The first problem with the services of a version, if any: at least one and at most
/// [`MAX_SERVICES`], unique codes, texts not empty, seats above zero, known offer kinds and
/// target groups, one price of each kind, amounts not negative, and the weeks of a result bonus.
async fn check_services(
    db: &impl ConnectionTrait,
    services: &[ContractServiceInput],
) -> AppResult<Option<UserError>> {
    if services.is_empty() || services.len() > MAX_SERVICES {
        return Ok(Some(UserError::new(
            &["input", "services"],
            UserErrorCode::Invalid,
            format!("a contract version lists 1 to {MAX_SERVICES} services"),
        )));
    }
    let kinds: HashSet<String> = offer_kind::Entity::find()
        .select_only()
        .column(offer_kind::Column::Code)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let groups: HashSet<String> = target_group::Entity::find()
        .select_only()
        .column(target_group::Column::Code)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut codes = HashSet::new();
    for (i, s) in services.iter().enumerate() {
        let at = |field: &str| -> Vec<String> {
            vec![
                "input".into(),
                "services".into(),
                i.to_string(),
                field.into(),
            ]
        };
        let error = |field: &str, message: String| {
            let path = at(field);
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            Some(UserError::new(&path, UserErrorCode::Invalid, message))
        };
        if s.service_code.trim().is_empty() || !codes.insert(s.service_code.trim()) {
            return Ok(error(
                "serviceCode",
                "each service needs its own, non-empty code".into(),
            ));
        }
        if s.description.trim().is_empty() {
            return Ok(error("description", "describe the service".into()));
        }
        if s.budget_frame_code.trim().is_empty() {
            return Ok(error(
                "budgetFrameCode",
                "name the budget frame the service is posted to".into(),
            ));
        }
        if s.seats < 1 {
            return Ok(error("seats", "a service has at least one seat".into()));
        }
        if !(0..=100).contains(&s.alert_below_percent) {
            return Ok(error(
                "alertBelowPercent",
                "the alert threshold is a percentage, 0 to 100".into(),
            ));
        }
        if !kinds.contains(&s.offer_kind) {
            return Ok(error(
                "offerKind",
                format!(
                    "{} is not an offer kind of the reference data",
                    s.offer_kind
                ),
            ));
        }
        if let Some(unknown) = s.target_groups.iter().find(|g| !groups.contains(*g)) {
            return Ok(error(
                "targetGroups",
                format!("{unknown} is not a target group of the reference data"),
            ));
        }
        let mut priced = HashSet::new();
        for p in &s.prices {
            if !priced.insert(p.kind) {
                return Ok(error(
                    "prices",
                    format!("{:?} is priced twice; give one price of each kind", p.kind),
                ));
            }
            if p.amount_ore < 0 {
                return Ok(error("prices", "amounts are never negative".into()));
            }
            if (p.kind == PriceKind::ResultBonus) != p.within_weeks.is_some()
                || p.within_weeks.is_some_and(|w| w < 1)
            {
                return Ok(error(
                    "prices",
                    "a result bonus, and only a result bonus, names withinWeeks (1 or more)".into(),
                ));
            }
        }
    }
    Ok(None)
}

async fn insert_services(
    txn: &DatabaseTransaction,
    version_id: Uuid,
    services: &[ContractServiceInput],
) -> AppResult<()> {
    for s in services {
        let service = contract_service::ActiveModel {
            id: Set(Uuid::now_v7()),
            contract_version_id: Set(version_id),
            service_code: Set(s.service_code.trim().to_string()),
            offer_kind_code: Set(s.offer_kind.clone()),
            description: Set(s.description.trim().to_string()),
            seats: Set(s.seats),
            budget_frame_code: Set(s.budget_frame_code.trim().to_string()),
            alert_below_percent: Set(s.alert_below_percent),
        }
        .insert(txn)
        .await?;
        let groups: HashSet<&String> = s.target_groups.iter().collect();
        if !groups.is_empty() {
            contract_service_target_group::Entity::insert_many(groups.into_iter().map(|g| {
                contract_service_target_group::ActiveModel {
                    contract_service_id: Set(service.id),
                    target_group_code: Set(g.clone()),
                }
            }))
            .exec_without_returning(txn)
            .await?;
        }
        if !s.prices.is_empty() {
            price_component::Entity::insert_many(s.prices.iter().map(|p| {
                price_component::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    contract_service_id: Set(service.id),
                    kind: Set(p.kind),
                    amount_ore: Set(i64::from(p.amount_ore)),
                    within_weeks: Set(p.within_weeks),
                }
            }))
            .exec_without_returning(txn)
            .await?;
        }
    }
    Ok(())
}

/// `jobcentre`'s contracts, newest first, at most `limit`.
pub async fn of_jobcentre(
    db: &impl ConnectionTrait,
    jobcentre: Uuid,
    limit: usize,
) -> AppResult<Vec<contract::Model>> {
    Ok(contract::Entity::find()
        .filter(contract::Column::JobcentreId.eq(jobcentre))
        .order_by_desc(contract::Column::Id)
        .limit(limit as u64)
        .all(db)
        .await?)
}

/// One of `jobcentre`'s contracts.
pub async fn of_jobcentre_by_id(
    db: &impl ConnectionTrait,
    jobcentre: Uuid,
    id: Uuid,
) -> AppResult<Option<contract::Model>> {
    Ok(contract::Entity::find_by_id(id)
        .filter(contract::Column::JobcentreId.eq(jobcentre))
        .one(db)
        .await?)
}

/// The version of a contract in force on `day`: the signed version with the latest validity
/// date on or before it.
pub async fn version_in_force(
    db: &impl ConnectionTrait,
    contract_id: Uuid,
    day: NaiveDate,
) -> AppResult<Option<contract_version::Model>> {
    Ok(contract_version::Entity::find()
        .filter(contract_version::Column::ContractId.eq(contract_id))
        .filter(contract_version::Column::SignedAt.is_not_null())
        .filter(contract_version::Column::ValidFrom.lte(day))
        .order_by_desc(contract_version::Column::ValidFrom)
        .one(db)
        .await?)
}

/// A contract service with its version and prices: what an invoicing basis prices orders by.
#[derive(Debug, Clone)]
pub struct PricedService {
    pub service: contract_service::Model,
    pub version: contract_version::Model,
    pub prices: Vec<price_component::Model>,
}

/// The services of every version of a contract, with their prices (three statements).
pub async fn priced_services(
    db: &impl ConnectionTrait,
    contract_id: Uuid,
) -> AppResult<Vec<PricedService>> {
    let versions = contract_version::Entity::find()
        .filter(contract_version::Column::ContractId.eq(contract_id))
        .all(db)
        .await?;
    let services = contract_service::Entity::find()
        .filter(contract_service::Column::ContractVersionId.is_in(versions.iter().map(|v| v.id)))
        .all(db)
        .await?;
    let mut prices = crate::kernel::batch::grouped(
        price_component::Entity::find()
            .filter(price_component::Column::ContractServiceId.is_in(services.iter().map(|s| s.id)))
            .all(db)
            .await?,
        |p| p.contract_service_id,
    );
    let versions: std::collections::HashMap<Uuid, contract_version::Model> =
        versions.into_iter().map(|v| (v.id, v)).collect();
    Ok(services
        .into_iter()
        .filter_map(|service| {
            let version = versions.get(&service.contract_version_id)?.clone();
            let prices = prices.remove(&service.id).unwrap_or_default();
            Some(PricedService {
                service,
                version,
                prices,
            })
        })
        .collect())
}

/// Contracts of job centres with a signed version in force on `day`, with whether their
/// provider is one of the municipality's own units: what the server invoices each month.
pub async fn signed_by(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> AppResult<Vec<(contract::Model, bool)>> {
    let signed: HashSet<Uuid> = contract_version::Entity::find()
        .select_only()
        .column(contract_version::Column::ContractId)
        .filter(contract_version::Column::SignedAt.is_not_null())
        .filter(contract_version::Column::ValidFrom.lte(day))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let internal: HashSet<Uuid> = provider::Entity::find()
        .select_only()
        .column(provider::Column::Id)
        .filter(provider::Column::Internal.eq(true))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(contract::Entity::find()
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| signed.contains(&c.id))
        .map(|c| {
            let internal = internal.contains(&c.provider_id);
            (c, internal)
        })
        .collect())
}

/// Whether a provider is one of the municipality's own units (never invoiced).
pub async fn is_internal(db: &impl ConnectionTrait, provider_id: Uuid) -> AppResult<bool> {
    Ok(provider::Entity::find_by_id(provider_id)
        .one(db)
        .await?
        .is_some_and(|p| p.internal))
}

/// One of `provider`'s contracts.
pub async fn of_provider_by_id(
    db: &impl ConnectionTrait,
    provider: Uuid,
    id: Uuid,
) -> AppResult<Option<contract::Model>> {
    Ok(contract::Entity::find_by_id(id)
        .filter(contract::Column::ProviderId.eq(provider))
        .one(db)
        .await?)
}
