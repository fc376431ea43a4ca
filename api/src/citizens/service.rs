//! The citizen's own records besides the person: registration as a jobseeker and the access log.
//! Every reader takes a [`Visible`] citizen.

use std::collections::HashMap;

use async_graphql::{ID, connection::Connection};
use chrono::{DateTime, Utc};
use jobbro_entities::{audit_event, citizen, enums::DeregistrationReason, jobseeker_registration};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use super::{scope::Visible, views::AccessLogEntry};
use crate::kernel::{
    batch::{BatchLoad, LoadContext},
    error::{AppError, AppResult},
    pagination::{self, Direction, IdCursor, PageRequest},
    viewer::Viewer,
};

/// The current (latest) registration of each citizen, in one query.
pub struct Registrations;

impl BatchLoad for Registrations {
    type Key = Uuid;
    type Args = ();
    type Value = Option<jobseeker_registration::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let mut latest: HashMap<Uuid, Self::Value> = HashMap::new();
        for r in jobseeker_registration::Entity::find()
            .filter(jobseeker_registration::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_asc(jobseeker_registration::Column::RegisteredAt)
            .all(cx.db)
            .await?
        {
            latest.insert(r.citizen_id, Some(r));
        }
        Ok(latest)
    }
}

/// Ends the citizen's registration as a jobseeker for `reason`, inside the caller's
/// transaction. Returns whether a running registration was ended.
pub async fn deregister(
    db: &impl ConnectionTrait,
    person: &Visible,
    reason: DeregistrationReason,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let changed = jobseeker_registration::Entity::update_many()
        .col_expr(
            jobseeker_registration::Column::DeregisteredAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            jobseeker_registration::Column::DeregistrationReason,
            Expr::value(Some(reason)),
        )
        .filter(jobseeker_registration::Column::CitizenId.eq(person.uuid()))
        .filter(jobseeker_registration::Column::DeregisteredAt.is_null())
        .exec(db)
        .await?;
    Ok(changed.rows_affected > 0)
}

/// Who read the citizen's personal data, newest first.
pub async fn access_log(
    db: &impl ConnectionTrait,
    person: &Visible,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, AccessLogEntry>> {
    let page = PageRequest::new(first, after)?;
    let select =
        audit_event::Entity::find().filter(audit_event::Column::CitizenId.eq(person.uuid()));
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

/// The signed-in citizen's name, for a greeting; none for other viewers.
pub async fn own_name(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Option<String>> {
    Ok(super::scope::own(db, viewer).await?.map(|c| {
        let c = c.record();
        format!("{} {}", c.given_name, c.family_name)
    }))
}

/// The citizen an outbox event is about, for the domains' reactions to it. Unscoped, since no
/// viewer asks: it feeds letters to the citizen and alerts without personal data, never an
/// answer. A resolver reads citizens through [`super::scope`] instead.
pub async fn recipient(db: &impl ConnectionTrait, citizen_id: Uuid) -> AppResult<citizen::Model> {
    citizen::Entity::find_by_id(citizen_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("citizen {citizen_id} of an event is gone"))
        })
}
