//! Per-request loaders of a page of citizens' registrations and access logs.

use std::collections::HashMap;

use jobbro_entities::{audit_event, jobseeker_registration};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, WindowStatement},
};
use uuid::Uuid;

use crate::kernel::{
    batch::{BatchLoad, LoadContext},
    error::AppResult,
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
