//! Alert reads: a caseworker sees their own alerts.

use async_graphql::connection::Connection;
use jobbro_entities::alert;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{scope, types::Alert};
use crate::{
    kernel::error::AppResult,
    kernel::pagination::{self, Direction, IdCursor, PageRequest},
    kernel::viewer::Viewer,
};

/// The viewer's alerts, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    unread_only: bool,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, Alert>> {
    let page = PageRequest::new(first, after)?;
    let mut select = alert::Entity::find().filter(scope::visible_to(viewer));
    if unread_only {
        select = select.filter(alert::Column::ReadAt.is_null());
    }
    let (rows, more) =
        pagination::fetch_page(db, select, alert::Column::Id, page, Direction::NewestFirst).await?;
    Ok(pagination::connection(rows, more, page, |a| a.id, Alert))
}
