//! Reads of citizens, always through [`super::scope::visible_to`].

use async_graphql::{ID, connection::Connection};
use jobbro_entities::{audit_event, citizen, jobseeker_registration};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select};
use uuid::Uuid;

use super::{scope, types::AccessLogEntry};
use crate::{
    auth::Viewer,
    error::{AppError, AppResult},
    pagination::{self, Direction, IdCursor, PageRequest},
};

/// Citizens the viewer may see, as a query to refine.
pub fn visible(viewer: &Viewer) -> Select<citizen::Entity> {
    citizen::Entity::find().filter(scope::visible_to(viewer))
}

/// One citizen, if the viewer may see them.
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<citizen::Model>> {
    Ok(visible(viewer)
        .filter(citizen::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// One page of the citizens in `select`, which must start from [`visible`].
pub async fn page<N: async_graphql::OutputType>(
    db: &impl ConnectionTrait,
    select: Select<citizen::Entity>,
    first: Option<i32>,
    after: Option<String>,
    to_node: impl Fn(citizen::Model) -> N,
) -> AppResult<Connection<IdCursor, N>> {
    let page = PageRequest::new(first, after)?;
    let (rows, more) = pagination::fetch_page(
        db,
        select,
        citizen::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    Ok(pagination::connection(rows, more, page, |c| c.id, to_node))
}

/// The citizen's current (latest) registration as a jobseeker.
pub async fn current_registration(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Option<jobseeker_registration::Model>> {
    Ok(jobseeker_registration::Entity::find()
        .filter(jobseeker_registration::Column::CitizenId.eq(citizen_id))
        .order_by_desc(jobseeker_registration::Column::RegisteredAt)
        .one(db)
        .await?)
}

/// Who read the citizen's personal data, newest first. The caller has already been admitted to
/// the citizen (self, or a manager of the job centre).
pub async fn access_log(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, AccessLogEntry>> {
    let page = PageRequest::new(first, after)?;
    let select = audit_event::Entity::find().filter(audit_event::Column::CitizenId.eq(citizen_id));
    let (rows, more) = pagination::fetch_page(
        db,
        select,
        audit_event::Column::Id,
        page,
        Direction::NewestFirst,
    )
    .await?;
    Ok(pagination::connection(
        rows,
        more,
        page,
        |r| r.id,
        |r| AccessLogEntry {
            occurred_at: r.occurred_at,
            actor_role: r.actor_role,
            actor_organisation: r.actor_organisation.map(ID),
            category: r.category,
            operation: r.operation,
        },
    ))
}

/// Parses a GraphQL id argument.
pub fn parse_id(id: &ID, what: &str) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| AppError::BadUserInput(format!("`{what}` is not a valid id")))
}
