//! The citizen's own records besides the person: registration as a jobseeker and the access log.
//! Every reader takes a [`Visible`] citizen.

use async_graphql::{Context, ID, ResultExt};
use chrono::{DateTime, Utc};
use jobbro_entities::{citizen, enums::DeregistrationReason, jobseeker_registration};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{scope::Visible, views::AccessLogEntry};
use crate::kernel::{
    batch,
    error::{AppError, AppResult},
    pagination::{self, Count, IdConnection, PageArgs, PageRequest, Total},
};

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

/// Who read the citizen's personal data, newest first: the citizen's page of [`AccessLogs`](super::loader::AccessLogs).
pub async fn access_log(
    ctx: &Context<'_>,
    person: &Visible,
    args: PageArgs,
) -> async_graphql::Result<IdConnection<AccessLogEntry>> {
    let page = PageRequest::new(args).extend()?;
    let log =
        batch::load_with::<super::loader::AccessLogs>(ctx, page, person.uuid(), person.peers())
            .await?;
    let purposes = batch::load::<super::loader::AccessPurposes>(ctx, (), &[]).await?;
    let mut organisations: Vec<(String, String)> = log
        .rows
        .iter()
        .filter_map(|r| Some((r.actor_role.clone(), r.actor_organisation.clone()?)))
        .collect();
    organisations.sort();
    organisations.dedup();
    let organisations = std::sync::Arc::new(organisations);
    Ok(pagination::connection(
        log.with_total(Total::counted(AccessLogCount(person.clone()))),
        |r| r.id,
        |r| AccessLogEntry {
            purpose: super::loader::purpose_of(&purposes, &r.actor_role, &r.operation),
            occurred_at: r.occurred_at,
            actor_role: r.actor_role,
            actor_organisation: r.actor_organisation.map(ID),
            category: r.category,
            operation: r.operation,
            record_id: r.record_id.map(|id| ID(id.to_string())),
            organisation_peers: organisations.clone(),
        },
    ))
}

/// Counts a citizen's access log, for `totalCount`: one query for the whole list of citizens.
struct AccessLogCount(Visible);

#[async_trait::async_trait]
impl Count for AccessLogCount {
    async fn count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        batch::load_with::<super::loader::AccessLogCounts>(ctx, (), self.0.uuid(), self.0.peers())
            .await
    }
}

/// The signed-in citizen's name, for a greeting; none for other viewers. Read with the
/// request's own record of the citizen, so a page that greets the citizen and shows their record
/// reads it once.
pub async fn own_name(ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
    Ok(super::scope::own_in_request(ctx).await?.map(|c| {
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
