//! Alert reads: a caseworker sees their own alerts.

use jobbro_entities::alert;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{scope, types::Alert};
use crate::{
    kernel::error::AppResult,
    kernel::pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
    kernel::viewer::Viewer,
};

/// The viewer's alerts, newest first.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    unread_only: bool,
    args: PageArgs,
) -> AppResult<IdConnection<Alert>> {
    let page = PageRequest::new(args)?;
    let mut select = alert::Entity::find().filter(scope::visible_to(viewer));
    if unread_only {
        select = select.filter(alert::Column::ReadAt.is_null());
    }
    let page =
        pagination::fetch_page(db, select, alert::Column::Id, page, Direction::NewestFirst).await?;
    Ok(pagination::connection(page, |a| a.id, Alert))
}
