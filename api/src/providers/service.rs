//! Provider reads, scoped by [`super::scope::visible_to`].

use jobbro_entities::{provider, service_order};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{scope, types::Referral};
use crate::{
    auth::Viewer,
    error::{AppError, AppResult},
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

/// The referrals of one citizen that the viewer may see.
pub async fn referrals_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_id: Uuid,
) -> AppResult<Vec<Referral>> {
    Ok(service_order::Entity::find()
        .filter(scope::visible_to(viewer))
        .filter(service_order::Column::CitizenId.eq(citizen_id))
        .order_by_asc(service_order::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Referral::from)
        .collect())
}
