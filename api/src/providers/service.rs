//! Provider reads: the organisation, its users, and referrals (service orders).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use jobbro_entities::{
    enums::ServiceOrderStatus, offer_kind, provider, provider_user, service_order,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    citizens::Visible,
    kernel::{
        error::{AppError, AppResult},
        ids::ProviderUserId,
        viewer::ProviderUser,
    },
};

/// The signed-in user's provider organisation.
pub async fn organisation(
    db: &impl ConnectionTrait,
    user: &ProviderUser,
) -> AppResult<provider::Model> {
    provider::Entity::find_by_id(user.provider)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("provider organisation"))
}

/// The name of a provider, for letters written about its offers.
pub async fn name_of(db: &impl ConnectionTrait, id: Uuid) -> AppResult<String> {
    provider::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|p| p.name)
        .ok_or_else(|| AppError::not_found("provider"))
}

/// Those of `ids` that name a provider (any, not only one the viewer works with: a plan may
/// name any provider to run an activity).
pub async fn existing(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> AppResult<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(provider::Entity::find()
        .select_only()
        .column(provider::Column::Id)
        .filter(provider::Column::Id.is_in(ids))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The signed-in provider user's name, for a greeting.
pub async fn user_name(
    db: &impl ConnectionTrait,
    user: &ProviderUser,
) -> AppResult<Option<String>> {
    Ok(provider_user::Entity::find_by_id(user.user)
        .filter(provider_user::Column::ProviderId.eq(user.provider))
        .one(db)
        .await?
        .map(|u| u.name))
}

/// The active referrals running on `day` of each citizen, with their offer kinds, in one query.
/// Rules read them whoever asks (the citizens themselves are visible).
pub async fn running_offers(
    db: &impl ConnectionTrait,
    citizens: &[&Visible],
    day: NaiveDate,
) -> AppResult<HashMap<Uuid, Vec<(service_order::Model, Option<offer_kind::Model>)>>> {
    let mut by_citizen: HashMap<Uuid, Vec<_>> = HashMap::new();
    for (order, kind) in service_order::Entity::find()
        .filter(service_order::Column::CitizenId.is_in(citizens.iter().map(|c| c.uuid())))
        .filter(service_order::Column::Status.eq(ServiceOrderStatus::Started))
        .filter(service_order::Column::StartsOn.lte(day))
        .filter(
            Condition::any()
                .add(service_order::Column::EndsOn.is_null())
                .add(service_order::Column::EndsOn.gte(day)),
        )
        .find_also_related(offer_kind::Entity)
        .all(db)
        .await?
    {
        by_citizen
            .entry(order.citizen_id)
            .or_default()
            .push((order, kind));
    }
    Ok(by_citizen)
}

/// A user of a provider the citizen has an active referral to: someone who may be invited to
/// the citizen's meetings. None when the user does not exist or the citizen is not referred.
pub async fn invitable_user(
    db: &impl ConnectionTrait,
    citizen: &Visible,
    user_id: ProviderUserId,
) -> AppResult<Option<provider_user::Model>> {
    let Some(user) = provider_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let referred = service_order::Entity::find()
        .filter(service_order::Column::CitizenId.eq(citizen.uuid()))
        .filter(service_order::Column::ProviderId.eq(user.provider_id))
        .filter(service_order::Column::Status.eq(ServiceOrderStatus::Started))
        .one(db)
        .await?
        .is_some();
    Ok(referred.then_some(user))
}

/// The citizens with an offer ordered, accepted or running on `day` (one that holds a seat), as a
/// subquery: a job starting then clashes with it.
pub fn in_an_offer_on(day: NaiveDate) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::Query;
    Query::select()
        .column(service_order::Column::CitizenId)
        .from(service_order::Entity)
        .and_where(
            service_order::Column::Status.is_in(ServiceOrderStatus::HOLDING_A_SEAT.iter().copied()),
        )
        .and_where(service_order::Column::StartsOn.lte(day))
        .cond_where(
            Condition::any()
                .add(service_order::Column::EndsOn.is_null())
                .add(service_order::Column::EndsOn.gte(day)),
        )
        .to_owned()
}

/// The periods of the citizen's offers that hold a seat (ordered, accepted or running).
pub async fn offer_periods_of(
    db: &impl ConnectionTrait,
    citizen: Uuid,
) -> AppResult<Vec<(NaiveDate, Option<NaiveDate>)>> {
    Ok(service_order::Entity::find()
        .select_only()
        .column(service_order::Column::StartsOn)
        .column(service_order::Column::EndsOn)
        .filter(service_order::Column::CitizenId.eq(citizen))
        .filter(
            service_order::Column::Status.is_in(ServiceOrderStatus::HOLDING_A_SEAT.iter().copied()),
        )
        .into_tuple()
        .all(db)
        .await?)
}

/// The names of those of `ids` that are providers, for the citizen's access log.
pub async fn names(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(provider::Entity::find()
        .filter(provider::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}
