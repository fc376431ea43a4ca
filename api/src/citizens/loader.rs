//! Per-request loaders of a page of citizens' registrations and access logs.

use std::collections::{HashMap, HashSet};

use jobbro_entities::{audit_read, jobseeker_registration};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, Iterable, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, WindowStatement},
};
use uuid::Uuid;

use crate::kernel::{
    batch::{BatchLoad, LoadContext},
    error::AppResult,
    pagination::{Direction, PageRequest, Settled},
};

/// Citizens' own records, read through the viewer's scope once per request: the signed-in
/// citizen's record serves both `viewer.displayName` and the `citizen` root field.
pub struct Records;

impl BatchLoad for Records {
    type Key = Uuid;
    type Args = ();
    type Value = Option<super::scope::Visible>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(super::scope::many(cx.db, cx.viewer, keys.iter().copied())
            .await?
            .into_iter()
            .map(|person| (person.uuid(), Some(person)))
            .collect())
    }
}

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

/// Who read each citizen's personal data, newest first, a page per citizen: one query for a
/// whole list of citizens (each citizen's rows are numbered within the citizen, so one
/// citizen's long log cannot crowd out another's page).
pub struct AccessLogs;

/// One citizen's page of the access log: rows newest first, and whether rows come before and
/// after the page.
pub type LogPage = Settled<audit_read::Model>;

impl BatchLoad for AccessLogs {
    type Key = Uuid;
    /// The field's paging, the same for every row.
    type Args = PageRequest;
    type Value = LogPage;

    async fn load(
        cx: &LoadContext<'_>,
        page: &PageRequest,
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        // The log runs newest first; reading backward runs oldest first. The cursor's row is
        // read with each page (the bound is inclusive), so that its presence tells that rows lie
        // behind the cursor.
        let backend = cx.db.get_database_backend();
        let ascending = page.reads_ascending(Direction::NewestFirst);
        let read_order = if ascending { Order::Asc } else { Order::Desc };
        let rank = Alias::new("rank_in_citizen");
        let mut ranked = Query::select();
        ranked
            .columns(audit_read::Column::iter())
            .expr_window_as(
                Expr::cust("ROW_NUMBER()"),
                WindowStatement::partition_by(audit_read::Column::CitizenId)
                    .order_by(audit_read::Column::Id, read_order.clone())
                    .to_owned(),
                rank.clone(),
            )
            .from(audit_read::Entity)
            .and_where(audit_read::of_citizens(backend, keys));
        if let Some(cursor) = page.cursor {
            ranked.and_where(if ascending {
                audit_read::Column::Id.gte(cursor)
            } else {
                audit_read::Column::Id.lte(cursor)
            });
        }
        let statement = Query::select()
            .column(Asterisk)
            .from_subquery(ranked, Alias::new("ranked"))
            .and_where(Expr::col(rank).lte(page.size + 2))
            .order_by(audit_read::Column::Id, read_order)
            .to_owned();
        let statement = backend.build(&statement);
        let mut read: HashMap<Uuid, Vec<audit_read::Model>> = HashMap::new();
        for row in audit_read::Model::find_by_statement(statement)
            .all(cx.db)
            .await?
        {
            read.entry(row.citizen_id).or_default().push(row);
        }
        // Citizens whose log does not hold the cursor's row: one statement tells which of them
        // have rows beyond it.
        let mut beyond: HashSet<Uuid> = HashSet::new();
        if let Some(cursor) = page.cursor {
            let unsure: Vec<Uuid> = keys
                .iter()
                .copied()
                .filter(|k| {
                    read.get(k)
                        .and_then(|rows| rows.first())
                        .is_none_or(|r| r.id != cursor)
                })
                .collect();
            if !unsure.is_empty() {
                let past = if ascending {
                    audit_read::Column::Id.lt(cursor)
                } else {
                    audit_read::Column::Id.gt(cursor)
                };
                beyond = audit_read::Entity::find()
                    .select_only()
                    .column(audit_read::Column::CitizenId)
                    .filter(audit_read::of_citizens(backend, &unsure))
                    .filter(past)
                    .group_by(audit_read::Column::CitizenId)
                    .into_tuple::<Uuid>()
                    .all(cx.db)
                    .await?
                    .into_iter()
                    .collect();
            }
        }
        let mut logs = HashMap::new();
        for key in keys {
            let mut rows = read.remove(key).unwrap_or_default();
            let behind = page.take_cursor_row(&mut rows, |r| r.id)
                || (page.cursor.is_some() && beyond.contains(key));
            logs.insert(*key, page.settle(rows, behind));
        }
        Ok(logs)
    }
}

/// How many access-log rows each citizen has, in one query for a whole list of citizens.
pub struct AccessLogCounts;

impl BatchLoad for AccessLogCounts {
    type Key = Uuid;
    type Args = ();
    type Value = u64;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let counts = audit_read::Entity::find()
            .select_only()
            .column(audit_read::Column::CitizenId)
            .column_as(audit_read::Column::Id.count(), "n")
            .filter(audit_read::of_citizens(cx.db.get_database_backend(), keys))
            .group_by(audit_read::Column::CitizenId)
            .into_tuple::<(Uuid, i64)>()
            .all(cx.db)
            .await?;
        Ok(counts
            .into_iter()
            .map(|(citizen, n)| (citizen, u64::try_from(n).unwrap_or(0)))
            .collect())
    }
}

/// The purposes of reads by role and operation (`*`: the role's default), read once per
/// request: the table is small and the same for every entry.
pub struct AccessPurposes;

/// Purposes by (role, operation).
pub type PurposeMap = std::sync::Arc<HashMap<(String, String), String>>;

impl BatchLoad for AccessPurposes {
    type Key = ();
    type Args = ();
    type Value = PurposeMap;

    async fn load(cx: &LoadContext<'_>, _: &(), _: &[()]) -> AppResult<HashMap<(), Self::Value>> {
        let all = jobbro_entities::access_purpose::Entity::find()
            .all(cx.db)
            .await?
            .into_iter()
            .map(|p| ((p.actor_role, p.operation), p.purpose))
            .collect();
        Ok(HashMap::from([((), std::sync::Arc::new(all))]))
    }
}

/// The purpose of a read by `role` in `operation`: the operation's own, else the role's
/// default, else a general one.
pub fn purpose_of(purposes: &PurposeMap, role: &str, operation: &str) -> String {
    purposes
        .get(&(role.to_string(), operation.to_string()))
        .or_else(|| purposes.get(&(role.to_string(), "*".to_string())))
        .cloned()
        .unwrap_or_else(|| "Behandling af oplysninger i beskæftigelsesindsatsen".to_string())
}
