//! Provider reads, scoped by [`super::scope::visible_to`].

use std::collections::HashMap;

use async_graphql::connection::Connection;
use jobbro_entities::{provider, service_order};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::{
    auth::Viewer,
    citizens::{self, types::ProviderParticipant},
    error::{AppError, AppResult},
    pagination::IdCursor,
};

/// The viewer's own provider organisation.
pub async fn organisation(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<provider::Model> {
    provider::Entity::find_by_id(viewer.organisation_id())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("provider organisation"))
}

/// The referrals the viewer may see of the given citizens, in one query, per citizen.
async fn referrals_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<HashMap<Uuid, Vec<service_order::Model>>> {
    let rows = service_order::Entity::find()
        .filter(scope::visible_to(viewer))
        .filter(service_order::Column::CitizenId.is_in(citizen_ids))
        .order_by_asc(service_order::Column::Id)
        .all(db)
        .await?;
    let mut by_citizen: HashMap<Uuid, Vec<service_order::Model>> = HashMap::new();
    for row in rows {
        by_citizen.entry(row.citizen_id).or_default().push(row);
    }
    Ok(by_citizen)
}

/// A page of the citizens referred to the viewer's organisation, with their referrals (two
/// queries, whatever the page size).
pub async fn participants(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, ProviderParticipant>> {
    let visible = citizens::service::visible(viewer);
    let mut page =
        citizens::service::page(db, visible, first, after, |person| ProviderParticipant {
            person,
            referrals: Vec::new(),
        })
        .await?;
    let ids = page
        .edges
        .iter()
        .map(|e| e.node.person.id)
        .collect::<Vec<_>>();
    let mut referrals = referrals_of(db, viewer, ids).await?;
    for edge in &mut page.edges {
        edge.node.referrals = referrals.remove(&edge.node.person.id).unwrap_or_default();
    }
    Ok(page)
}

/// One participant, if referred to the viewer's organisation.
pub async fn participant(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_id: Uuid,
) -> AppResult<Option<ProviderParticipant>> {
    let Some(person) = citizens::service::find(db, viewer, citizen_id).await? else {
        return Ok(None);
    };
    let mut referrals = referrals_of(db, viewer, [person.id]).await?;
    let referrals = referrals.remove(&person.id).unwrap_or_default();
    Ok(Some(ProviderParticipant { person, referrals }))
}
