//! Caseworker reads.

use jobbro_entities::{case, caseworker, citizen, jobcentre};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, sea_query::Query};

use crate::{
    auth::Viewer,
    citizens,
    error::{AppError, AppResult},
};

/// The signed-in caseworker and their job centre.
pub async fn me(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<(caseworker::Model, jobcentre::Model)> {
    let me = caseworker::Entity::find_by_id(viewer.subject)
        .filter(caseworker::Column::JobcentreId.eq(viewer.jobcentre_id()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("caseworker"))?;
    let centre = jobcentre::Entity::find_by_id(me.jobcentre_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("job centre"))?;
    Ok((me, centre))
}

/// Citizens with an open case assigned to the viewer.
pub fn caseload(viewer: &Viewer) -> Select<citizen::Entity> {
    citizens::service::visible(viewer).filter(
        citizen::Column::Id.in_subquery(
            Query::select()
                .column(case::Column::CitizenId)
                .from(case::Entity)
                .and_where(case::Column::AssignedCaseworkerId.eq(viewer.subject))
                .and_where(case::Column::ClosedAt.is_null())
                .to_owned(),
        ),
    )
}
