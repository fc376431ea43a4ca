//! Alert reads: a caseworker sees their own alerts.

use async_graphql::connection::Connection;
use jobbro_entities::alert;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::types::Alert;
use crate::{
    auth::Viewer,
    error::AppResult,
    pagination::{self, Direction, IdCursor, PageRequest},
};

/// The viewer's alerts, newest first.
pub async fn for_caseworker(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    unread_only: bool,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, Alert>> {
    let page = PageRequest::new(first, after)?;
    let mut select = alert::Entity::find()
        .filter(alert::Column::CaseworkerId.eq(viewer.subject))
        .filter(alert::Column::JobcentreId.eq(viewer.jobcentre_id()));
    if unread_only {
        select = select.filter(alert::Column::ReadAt.is_null());
    }
    let (rows, more) =
        pagination::fetch_page(db, select, alert::Column::Id, page, Direction::NewestFirst).await?;
    Ok(pagination::connection(rows, more, page, |a| a.id, Alert))
}
