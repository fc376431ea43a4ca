//! Caseworker reads: the signed-in caseworker and their job centre.

use crate::kernel::{
    error::{AppError, AppResult},
    ids::CaseworkerId,
    viewer::Staff,
};
use jobbro_entities::{caseworker, jobcentre};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The signed-in caseworker and their job centre.
pub async fn me(
    db: &impl ConnectionTrait,
    staff: &Staff,
) -> AppResult<(caseworker::Model, jobcentre::Model)> {
    let me = caseworker::Entity::find_by_id(staff.caseworker)
        .filter(caseworker::Column::JobcentreId.eq(staff.jobcentre))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("caseworker"))?;
    let centre = jobcentre::Entity::find_by_id(me.jobcentre_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("job centre"))?;
    Ok((me, centre))
}

/// A caseworker of the staff member's job centre; none when the id names no one there.
pub async fn colleague(
    db: &impl ConnectionTrait,
    staff: &Staff,
    id: CaseworkerId,
) -> AppResult<Option<caseworker::Model>> {
    Ok(caseworker::Entity::find_by_id(id)
        .filter(caseworker::Column::JobcentreId.eq(staff.jobcentre))
        .one(db)
        .await?)
}

/// The caseworkers with these ids (taken from rows already read through a scope). One
/// statement.
pub async fn many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<Vec<caseworker::Model>> {
    Ok(caseworker::Entity::find()
        .filter(caseworker::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// The caseworker's name, for a greeting.
pub async fn name(db: &impl ConnectionTrait, staff: &Staff) -> AppResult<Option<String>> {
    Ok(colleague(db, staff, CaseworkerId(staff.caseworker))
        .await?
        .map(|c| c.name))
}

/// Whether a job centre with this id exists.
pub async fn jobcentre_exists(db: &impl ConnectionTrait, id: Uuid) -> AppResult<bool> {
    Ok(jobcentre::Entity::find_by_id(id).one(db).await?.is_some())
}

/// The names of those of `ids` that are job centres, for the citizen's access log.
pub async fn jobcentre_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(jobcentre::Entity::find()
        .filter(jobcentre::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|j| (j.id, j.name))
        .collect())
}
