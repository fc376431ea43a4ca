//! Case reads. Rules elsewhere need a citizen's open case (their contact group); staff lists
//! need the cases of a page of citizens, and the caseload is "citizens with an open case
//! assigned to me".

use std::collections::HashMap;

use jobbro_entities::case;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

use super::scope;
use crate::{
    citizens::Visible,
    kernel::{
        error::AppResult,
        viewer::{Staff, Viewer},
    },
};

/// The open case of each citizen (the newest when there are several), in one query. Rules read
/// it whoever asks, so it is not narrowed by the viewer: the citizens themselves are visible.
pub async fn open_cases(
    db: &impl ConnectionTrait,
    citizens: &[&Visible],
) -> AppResult<HashMap<Uuid, case::Model>> {
    let mut open = HashMap::new();
    for row in case::Entity::find()
        .filter(case::Column::CitizenId.is_in(citizens.iter().map(|c| c.uuid())))
        .filter(case::Column::ClosedAt.is_null())
        .order_by_asc(case::Column::OpenedAt)
        .all(db)
        .await?
    {
        open.insert(row.citizen_id, row);
    }
    Ok(open)
}

/// The open cases of each citizen, in one query.
pub async fn all_open_cases(
    db: &impl ConnectionTrait,
    within: Condition,
    citizen_ids: &[Uuid],
) -> AppResult<Vec<case::Model>> {
    Ok(case::Entity::find()
        .filter(within)
        .filter(case::Column::CitizenId.is_in(citizen_ids.iter().copied()))
        .filter(case::Column::ClosedAt.is_null())
        .all(db)
        .await?)
}

/// The open cases the viewer works on (their caseload; a manager's whole job centre).
pub async fn worked_by(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Vec<case::Model>> {
    Ok(case::Entity::find()
        .filter(scope::worked_by(viewer))
        .all(db)
        .await?)
}

/// The caseworker's caseload: the ids of the citizens with an open case assigned to them.
pub fn caseload(staff: &Staff) -> SelectStatement {
    Query::select()
        .column(case::Column::CitizenId)
        .from(case::Entity)
        .and_where(case::Column::AssignedCaseworkerId.eq(staff.caseworker))
        .and_where(case::Column::JobcentreId.eq(staff.jobcentre))
        .and_where(case::Column::ClosedAt.is_null())
        .to_owned()
}

/// The caseworkers assigned to the citizen's open cases (who gets an alert about them).
pub async fn assigned_caseworkers(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = case::Entity::find()
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.assigned_caseworker_id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The target group of the citizen's open case (the newest, should there be more than one).
pub async fn target_group(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Option<String>> {
    Ok(case::Entity::find()
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .order_by_desc(case::Column::OpenedAt)
        .one(db)
        .await?
        .map(|c| c.target_group_code))
}

/// Every case of each of `citizens`, open or closed, oldest first: the history that tells a
/// citizen's target group on a past day. One statement.
pub async fn history_of(
    db: &impl ConnectionTrait,
    citizens: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<case::Model>>> {
    let rows = case::Entity::find()
        .filter(case::Column::CitizenId.is_in(citizens.iter().copied()))
        .order_by_asc(case::Column::OpenedAt)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |c| c.citizen_id))
}

/// The target group on `day` (Danish date) of the case open that day (the newest opened, if
/// several), from a citizen's case history.
pub fn target_group_on(history: &[case::Model], day: chrono::NaiveDate) -> Option<String> {
    use crate::kernel::clock::danish_date;
    history
        .iter()
        .filter(|c| danish_date(c.opened_at) <= day)
        .filter(|c| c.closed_at.is_none_or(|closed| danish_date(closed) >= day))
        .max_by_key(|c| c.opened_at)
        .map(|c| c.target_group_code.clone())
}

/// The reasons a case may be closed for, by code.
pub async fn closure_reasons(
    db: &impl ConnectionTrait,
) -> AppResult<Vec<jobbro_entities::case_closure_reason::Model>> {
    Ok(jobbro_entities::case_closure_reason::Entity::find()
        .order_by_asc(jobbro_entities::case_closure_reason::Column::Code)
        .all(db)
        .await?)
}

/// The case `id` if the viewer may see it (staff of its job centre), open or closed.
pub async fn visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: crate::kernel::ids::CaseId,
) -> AppResult<Option<case::Model>> {
    Ok(case::Entity::find_by_id(id.0)
        .filter(scope::visible_to(viewer))
        .one(db)
        .await?)
}

/// Whether the case `id` is assigned to `staff` (the scope [`scope::assigned_to`], which also
/// decides whose health information they read).
pub async fn is_assigned_to(db: &impl ConnectionTrait, staff: &Staff, id: Uuid) -> AppResult<bool> {
    Ok(case::Entity::find_by_id(id)
        .filter(case::Column::Id.in_subquery(scope::assigned_to(staff)))
        .one(db)
        .await?
        .is_some())
}

/// The case `id` whoever asks: for another system's delivery that names a case it was given.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<case::Model>> {
    Ok(case::Entity::find_by_id(id).one(db).await?)
}
