//! Plan activities as rows (`docs/data-model.md`): every agreed activity of a published plan
//! version, copied out of the version's JSON `content` into `plan_activities`, so the activities
//! a provider runs or a company hosts can be found by an indexed column instead of a text search
//! through the JSON. The JSON stays the version's content; the rows mirror its `activities`.
//!
//! The table is created as in the earlier migrations (foreign keys inside `CREATE TABLE`, the
//! unique constraint a named unique index), then filled from every existing version: the
//! versions are read a page at a time, their content parsed here with serde_json and the rows
//! inserted with ordinary insert statements, so the backfill runs the same on SQLite and
//! PostgreSQL. Content that is not JSON, or that gives two activities the same id, stops the
//! migration, naming the version; content without `activities` gives no rows. A provider or company id in the JSON that names no
//! existing provider or company is stored as NULL (the foreign key could not hold it, and no
//! provider or company user could be shown it anyway); the JSON keeps the id.

use std::collections::HashSet;

use chrono::NaiveDate;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};
use serde::Deserialize;
use uuid::Uuid;

use crate::schema_helpers::{Citizens, Companies, Jobcentres, Providers, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Plan versions read per query during the backfill.
const VERSIONS_PER_PAGE: u64 = 500;
/// Rows per insert statement (13 values each), well under SQLite's limit on bound values.
const ROWS_PER_INSERT: usize = 200;
/// Ids per `IN (…)` list when checking which providers and companies exist.
const IDS_PER_LOOKUP: usize = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In a transaction on SQLite too (PostgreSQL always uses one), so a backfill that stops
    /// leaves neither the table nor part of its rows behind and the migration can simply run
    /// again.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per activity of a version; `activity_key` is the activity's stable id in the
        // JSON and `position` its place in the version's list (from 0).
        manager
            .create_table(
                Table::create()
                    .table(PlanActivities::Table)
                    .col(pk_uuid(PlanActivities::Id))
                    .col(uuid(PlanActivities::PlanVersionId))
                    .col(uuid(PlanActivities::PlanId))
                    .col(uuid(PlanActivities::CitizenId))
                    .col(uuid(PlanActivities::JobcentreId))
                    .col(text(PlanActivities::ActivityKey))
                    .col(integer(PlanActivities::Position))
                    .col(text(PlanActivities::Description))
                    .col(text_null(PlanActivities::GoalKey))
                    .col(date_null(PlanActivities::StartsOn))
                    .col(date_null(PlanActivities::EndsOn))
                    .col(uuid_null(PlanActivities::ProviderId))
                    .col(uuid_null(PlanActivities::CompanyId))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::PlanVersionId,
                        PlanVersions::Table,
                        PlanVersions::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::PlanId,
                        Plans::Table,
                        Plans::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanActivities::Table,
                        PlanActivities::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlanActivities::Table,
                &[PlanActivities::PlanVersionId, PlanActivities::ActivityKey],
                true,
            ))
            .await?;
        for col in [
            PlanActivities::CompanyId,
            PlanActivities::ProviderId,
            PlanActivities::CitizenId,
        ] {
            manager
                .create_index(index(PlanActivities::Table, &[col], false))
                .await?;
        }

        backfill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The indexes and the copied rows go with the table; the JSON content is untouched.
        manager
            .drop_table(Table::drop().table(PlanActivities::Table).take())
            .await
    }
}

/// The part of a version's JSON content read here: its agreed activities, in the shape the
/// application writes them (`PlanContent.activities` in `jobbro-api`).
#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    activities: Vec<Activity>,
}

/// One agreed activity in a version's JSON content.
#[derive(Deserialize)]
struct Activity {
    id: String,
    description: String,
    goal_id: Option<String>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    provider_id: Option<Uuid>,
    company_id: Option<Uuid>,
}

/// A plan version with its activities parsed.
struct Version {
    id: Uuid,
    plan_id: Uuid,
    citizen_id: Uuid,
    jobcentre_id: Uuid,
    activities: Vec<Activity>,
}

/// Copies the activities of every existing plan version into `plan_activities`, a page of
/// versions at a time in id order.
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = Query::select();
        select
            .columns([
                PlanVersions::Id,
                PlanVersions::PlanId,
                PlanVersions::CitizenId,
                PlanVersions::JobcentreId,
                PlanVersions::Content,
            ])
            .from(PlanVersions::Table)
            .order_by(PlanVersions::Id, Order::Asc)
            .limit(VERSIONS_PER_PAGE);
        if let Some(after) = after {
            select.and_where(Expr::col(PlanVersions::Id).gt(after));
        }
        let rows = db.query_all(&select).await?;
        let mut versions = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let content: String = row.try_get("", "content")?;
            let Content { activities } = serde_json::from_str(&content).map_err(|e| {
                DbErr::Migration(format!("plan version {id}: content is not readable: {e}"))
            })?;
            let mut keys = HashSet::new();
            if let Some(dup) = activities.iter().find(|a| !keys.insert(a.id.as_str())) {
                return Err(DbErr::Migration(format!(
                    "plan version {id}: two activities share the id {:?}",
                    dup.id
                )));
            }
            versions.push(Version {
                id,
                plan_id: row.try_get("", "plan_id")?,
                citizen_id: row.try_get("", "citizen_id")?,
                jobcentre_id: row.try_get("", "jobcentre_id")?,
                activities,
            });
        }
        insert_page(db, &versions).await?;
        match versions.last() {
            Some(last) if rows.len() as u64 == VERSIONS_PER_PAGE => after = Some(last.id),
            _ => return Ok(()),
        }
    }
}

/// Inserts the rows of one page of versions.
async fn insert_page<C: ConnectionTrait>(db: &C, versions: &[Version]) -> Result<(), DbErr> {
    let activities = || versions.iter().flat_map(|v| &v.activities);
    let providers = existing(
        db,
        Providers::Table,
        Providers::Id,
        activities().filter_map(|a| a.provider_id).collect(),
    )
    .await?;
    let companies = existing(
        db,
        Companies::Table,
        Companies::Id,
        activities().filter_map(|a| a.company_id).collect(),
    )
    .await?;

    let mut rows: Vec<Vec<Expr>> = Vec::new();
    for version in versions {
        for (position, activity) in version.activities.iter().enumerate() {
            let position = <i32 as TryFrom<usize>>::try_from(position).map_err(|_| {
                DbErr::Migration(format!("plan version {}: too many activities", version.id))
            })?;
            let known = |id: Option<Uuid>, set: &HashSet<Uuid>| id.filter(|id| set.contains(id));
            rows.push(vec![
                Uuid::now_v7().into(),
                version.id.into(),
                version.plan_id.into(),
                version.citizen_id.into(),
                version.jobcentre_id.into(),
                activity.id.clone().into(),
                position.into(),
                activity.description.clone().into(),
                activity.goal_id.clone().into(),
                activity.starts_on.into(),
                activity.ends_on.into(),
                known(activity.provider_id, &providers).into(),
                known(activity.company_id, &companies).into(),
            ]);
        }
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert = Query::insert();
        insert.into_table(PlanActivities::Table).columns([
            PlanActivities::Id,
            PlanActivities::PlanVersionId,
            PlanActivities::PlanId,
            PlanActivities::CitizenId,
            PlanActivities::JobcentreId,
            PlanActivities::ActivityKey,
            PlanActivities::Position,
            PlanActivities::Description,
            PlanActivities::GoalKey,
            PlanActivities::StartsOn,
            PlanActivities::EndsOn,
            PlanActivities::ProviderId,
            PlanActivities::CompanyId,
        ]);
        for row in chunk {
            insert
                .values(row.iter().cloned())
                .map_err(|e| DbErr::Migration(format!("plan activity row: {e}")))?;
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// Which of `ids` are the `id` of a row in `table`.
async fn existing<C, T, I>(
    db: &C,
    table: T,
    id: I,
    ids: HashSet<Uuid>,
) -> Result<HashSet<Uuid>, DbErr>
where
    C: ConnectionTrait,
    T: Iden + Copy + 'static,
    I: Iden + Copy + 'static,
{
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let mut found = HashSet::new();
    for chunk in ids.chunks(IDS_PER_LOOKUP) {
        let mut select = Query::select();
        select
            .column(id)
            .from(table)
            .and_where(Expr::col(id).is_in(chunk.iter().copied()));
        for row in db.query_all(&select).await? {
            found.insert(row.try_get_by_index::<Uuid>(0)?);
        }
    }
    Ok(found)
}

// Tables of `m20261122_000006_plans` referenced here.

#[derive(DeriveIden, Clone, Copy)]
enum Plans {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanVersions {
    Table,
    Id,
    PlanId,
    CitizenId,
    JobcentreId,
    Content,
}

// The table created here.

#[derive(DeriveIden, Clone, Copy)]
enum PlanActivities {
    Table,
    Id,
    PlanVersionId,
    PlanId,
    CitizenId,
    JobcentreId,
    ActivityKey,
    Position,
    Description,
    GoalKey,
    StartsOn,
    EndsOn,
    ProviderId,
    CompanyId,
}
