//! Plan activities as rows (`plan_activities`): each published version writes its activities
//! next to its hashed JSON snapshot, so who runs or hosts an activity is a column to join on.
//! Providers and companies reach the activities of a citizen's version in force through
//! [`super::scope::activities_visible_to`].

use jobbro_entities::{plan_activity, plan_version};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use super::{
    content::{PlanActivity, PlanContent},
    scope,
    types::CompanyPlanActivity,
};
use crate::kernel::{
    error::AppResult,
    pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
    viewer::Viewer,
};

/// Writes the activities of a newly published version; call in the publishing transaction.
pub async fn write(
    db: &impl ConnectionTrait,
    version: &plan_version::Model,
    content: &PlanContent,
) -> AppResult<()> {
    if content.activities.is_empty() {
        return Ok(());
    }
    let rows =
        content
            .activities
            .iter()
            .enumerate()
            .map(|(position, a)| plan_activity::ActiveModel {
                id: Set(Uuid::now_v7()),
                plan_version_id: Set(version.id),
                plan_id: Set(version.plan_id),
                citizen_id: Set(version.citizen_id),
                jobcentre_id: Set(version.jobcentre_id),
                activity_key: Set(a.id.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                description: Set(a.description.clone()),
                goal_key: Set(a.goal_id.clone()),
                starts_on: Set(a.starts_on),
                ends_on: Set(a.ends_on),
                provider_id: Set(a.provider_id),
                company_id: Set(a.company_id),
            });
    plan_activity::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The ids of the versions in force: for each citizen the newest delivered version (a newer one
/// on its way by Digital Post is not valid yet, rule 5).
fn versions_in_force() -> SelectStatement {
    let newer = Alias::new("newer");
    Query::select()
        .column(plan_version::Column::Id)
        .from(plan_version::Entity)
        .and_where(plan_version::Column::DeliveredAt.is_not_null())
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from_as(plan_version::Entity, newer.clone())
                    .and_where(
                        Expr::col((newer.clone(), plan_version::Column::CitizenId))
                            .equals((plan_version::Entity, plan_version::Column::CitizenId)),
                    )
                    .and_where(
                        Expr::col((newer.clone(), plan_version::Column::DeliveredAt)).is_not_null(),
                    )
                    .and_where(
                        Expr::col((newer, plan_version::Column::Number)).gt(Expr::col((
                            plan_version::Entity,
                            plan_version::Column::Number,
                        ))),
                    )
                    .to_owned(),
            )
            .not(),
        )
        .to_owned()
}

/// The activities of the citizen's version in force that the viewer may see (a provider those
/// it runs, a company those it hosts), in the plan's order.
pub async fn in_force_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_id: Uuid,
) -> AppResult<Vec<plan_activity::Model>> {
    Ok(plan_activity::Entity::find()
        .filter(scope::activities_visible_to(viewer))
        .filter(plan_activity::Column::CitizenId.eq(citizen_id))
        .filter(plan_activity::Column::PlanVersionId.in_subquery(versions_in_force()))
        .order_by_asc(plan_activity::Column::Position)
        .all(db)
        .await?)
}

/// The activities of versions in force that the viewer's company hosts, a page at a time,
/// oldest first.
pub async fn hosted(
    db: &DatabaseConnection,
    viewer: &Viewer,
    args: PageArgs,
) -> AppResult<IdConnection<CompanyPlanActivity>> {
    let page = PageRequest::new(args)?;
    let select = plan_activity::Entity::find()
        .filter(scope::activities_visible_to(viewer))
        .filter(plan_activity::Column::PlanVersionId.in_subquery(versions_in_force()));
    let page = pagination::fetch_page(
        db,
        select,
        plan_activity::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    Ok(pagination::connection(
        page,
        |a| a.id,
        |a| CompanyPlanActivity {
            citizen_id: a.citizen_id,
            jobcentre_id: a.jobcentre_id,
            activity: PlanActivity {
                id: a.activity_key,
                description: a.description,
                goal_id: a.goal_key,
                starts_on: a.starts_on,
                ends_on: a.ends_on,
                provider_id: a.provider_id,
                company_id: a.company_id,
            },
        },
    ))
}
