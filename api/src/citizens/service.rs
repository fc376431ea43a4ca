//! The citizen's own records besides the person: registration as a jobseeker and the access log.
//! Every reader takes a [`Visible`] citizen.

use std::collections::HashMap;

use async_graphql::{Context, ID, ResultExt, connection::Connection};
use chrono::{DateTime, Utc};
use jobbro_entities::{audit_event, citizen, enums::DeregistrationReason, jobseeker_registration};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, WindowStatement},
};
use uuid::Uuid;

use super::{scope::Visible, views::AccessLogEntry};
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::{AppError, AppResult},
    pagination::{self, IdCursor, PageRequest},
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

/// Who read each citizen's personal data, newest first, a page per citizen: one query for a
/// whole list of citizens (each citizen's rows are numbered within the citizen, so one
/// citizen's long log cannot crowd out another's page).
pub struct AccessLogs;

impl BatchLoad for AccessLogs {
    type Key = Uuid;
    /// `first` and `after` of the field, read once for every row.
    type Args = (u64, Option<Uuid>);
    /// The page's rows, and whether more follow.
    type Value = (Vec<audit_event::Model>, bool);

    async fn load(
        cx: &LoadContext<'_>,
        (first, after): &Self::Args,
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rank = Alias::new("rank_in_citizen");
        let mut ranked = Query::select();
        ranked
            .column((audit_event::Entity, Asterisk))
            .expr_window_as(
                Expr::cust("ROW_NUMBER()"),
                WindowStatement::partition_by(audit_event::Column::CitizenId)
                    .order_by(audit_event::Column::Id, Order::Desc)
                    .to_owned(),
                rank.clone(),
            )
            .from(audit_event::Entity)
            .and_where(audit_event::Column::CitizenId.is_in(keys.iter().copied()));
        if let Some(after) = after {
            ranked.and_where(audit_event::Column::Id.lt(*after));
        }
        let page = Query::select()
            .column(Asterisk)
            .from_subquery(ranked, Alias::new("ranked"))
            .and_where(Expr::col(rank).lte(first + 1))
            .order_by(audit_event::Column::Id, Order::Desc)
            .to_owned();
        let statement = cx.db.get_database_backend().build(&page);
        let mut logs: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in audit_event::Model::find_by_statement(statement)
            .all(cx.db)
            .await?
        {
            let (rows, more) = logs.entry(row.citizen_id).or_default();
            if rows.len() as u64 == *first {
                *more = true;
            } else {
                rows.push(row);
            }
        }
        Ok(logs)
    }
}

/// Who read the citizen's personal data, newest first: the citizen's page of [`AccessLogs`].
pub async fn access_log(
    ctx: &Context<'_>,
    person: &Visible,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<IdCursor, AccessLogEntry>> {
    let page = PageRequest::new(first, after).extend()?;
    let (rows, more) = batch::load_with::<AccessLogs>(
        ctx,
        (page.first, page.after),
        person.uuid(),
        person.peers(),
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
