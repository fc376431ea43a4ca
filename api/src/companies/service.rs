//! Company reads, scoped by [`super::scope`].

use std::collections::HashMap;

use jobbro_entities::{
    candidate, company, company_user, enums::JobOrderStatus, job_order, production_unit,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::{
    scope,
    views::{CompanyCandidate, JobOrder},
};
use crate::{
    citizens,
    kernel::error::{AppError, AppResult},
    kernel::pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
    kernel::viewer::CompanyUser,
    kernel::viewer::Viewer,
};

/// The user's company and the production units they may act for (every unit of the company
/// when they act for all).
pub async fn organisation(
    db: &impl ConnectionTrait,
    user: &CompanyUser,
) -> AppResult<(company::Model, Vec<production_unit::Model>)> {
    let company = company::Entity::find_by_id(user.company)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("company"))?;
    let me = company_user::Entity::find_by_id(user.user)
        .filter(company_user::Column::CompanyId.eq(company.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("company user"))?;
    let mut units = production_unit::Entity::find()
        .filter(production_unit::Column::CompanyId.eq(company.id))
        .order_by_asc(production_unit::Column::PNumber);
    if !me.all_units {
        units = units.filter(production_unit::Column::Id.in_subquery(scope::permitted_units(user)));
    }
    Ok((company, units.all(db).await?))
}

/// The company user's name, for a greeting.
pub async fn user_name(db: &impl ConnectionTrait, user: &CompanyUser) -> AppResult<Option<String>> {
    Ok(company_user::Entity::find_by_id(user.user)
        .filter(company_user::Column::CompanyId.eq(user.company))
        .one(db)
        .await?
        .map(|u| u.name))
}

/// Which job orders a list shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderFilter {
    /// Only orders in this state.
    pub status: Option<JobOrderStatus>,
    /// Only orders without a candidate (true) or with one (false).
    pub without_candidates: Option<bool>,
}

/// A page of job orders the viewer may see, as `filter` narrows them.
pub async fn job_orders(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: OrderFilter,
    args: PageArgs,
) -> AppResult<IdConnection<JobOrder>> {
    let page = PageRequest::new(args)?;
    let mut select = job_order::Entity::find().filter(scope::job_orders_visible_to(viewer));
    if let Some(status) = filter.status {
        select = select.filter(job_order::Column::Status.eq(status));
    }
    if let Some(without) = filter.without_candidates {
        let with_candidate = sea_orm::sea_query::Query::select()
            .column(candidate::Column::JobOrderId)
            .from(candidate::Entity)
            .cond_where(scope::candidates_visible_to(viewer))
            .to_owned();
        select = select.filter(if without {
            job_order::Column::Id.not_in_subquery(with_candidate)
        } else {
            job_order::Column::Id.in_subquery(with_candidate)
        });
    }
    let mut page = pagination::fetch_page(
        db,
        select,
        job_order::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let rows = std::mem::take(&mut page.rows);
    Ok(pagination::connection(
        page.with_rows(JobOrder::list(rows)),
        JobOrder::key,
        |o| o,
    ))
}

/// A page of candidates the viewer may see, with their citizens and job orders loaded in two
/// further queries (not one per row).
pub async fn candidates(
    db: &DatabaseConnection,
    viewer: &Viewer,
    args: PageArgs,
) -> AppResult<IdConnection<CompanyCandidate>> {
    let page = PageRequest::new(args)?;
    let select = candidate::Entity::find().filter(scope::candidates_visible_to(viewer));
    let mut page = pagination::fetch_page(
        db,
        select,
        candidate::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let rows = std::mem::take(&mut page.rows);
    let people: HashMap<_, _> =
        citizens::scope::many(db, viewer, rows.iter().map(|r| r.citizen_id))
            .await?
            .into_iter()
            .map(|c| (c.uuid(), c))
            .collect();
    let orders: HashMap<_, _> = job_order::Entity::find()
        .filter(job_order::Column::Id.is_in(rows.iter().map(|r| r.job_order_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let job_orders: std::sync::Arc<[Uuid]> = orders.keys().copied().collect();
    let mut nodes = Vec::with_capacity(rows.len());
    for row in rows {
        if let (Some(person), Some(order)) =
            (people.get(&row.citizen_id), orders.get(&row.job_order_id))
        {
            nodes.push(CompanyCandidate {
                person: person.clone(),
                job_order: order.clone(),
                job_orders: job_orders.clone(),
                candidate: row,
            });
        }
    }
    Ok(pagination::connection(
        page.with_rows(nodes),
        |c| c.candidate.id,
        |c| c,
    ))
}

/// The names of those of `ids` that are companies, for the citizen's access log.
pub async fn names(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(company::Entity::find()
        .filter(company::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}
