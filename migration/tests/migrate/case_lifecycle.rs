//! Migration 23 keeps today's cases: each gets its `OPENED` step; a closed one gets a closure
//! for no recorded reason (`OTHER`); a citizen with two open cases keeps the newest as the main
//! case and the older one as secondary; and from then on a second open main case is refused by
//! the database.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::support::{TestResult, at, citizen_model, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_keeps_todays_cases() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_cases_migration(&db).await
}

#[tokio::test]
async fn postgres_keeps_todays_cases() -> TestResult {
    on_fresh_postgres("c", |db| async move { check_cases_migration(&db).await }).await
}

/// A case row as migration 22 left the table.
async fn old_case(
    db: &DatabaseConnection,
    jobcentre: Uuid,
    citizen: Uuid,
    opened: i64,
    closed: Option<i64>,
) -> TestResult<Uuid> {
    let id = Uuid::now_v7();
    db.execute(
        &Query::insert()
            .into_table("cases")
            .columns([
                "id",
                "jobcentre_id",
                "citizen_id",
                "contact_group_code",
                "target_group_code",
                "opened_at",
                "closed_at",
                "version",
            ])
            .values_panic([
                id.into(),
                jobcentre.into(),
                citizen.into(),
                "DAGPENGE".into(),
                "DAGPENGE".into(),
                at(opened)?.into(),
                match closed {
                    Some(s) => Some(at(s)?).into(),
                    None => Option::<chrono::DateTime<chrono::Utc>>::None.into(),
                },
                1.into(),
            ])
            .to_owned(),
    )
    .await?;
    Ok(id)
}

async fn check_cases_migration(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(22)).await?;
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Sag".into(),
        municipality_code: "996".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let one = citizen_model(jc.id, "010190-0001")?
        .into_active_model()
        .insert(db)
        .await?;
    let two = citizen_model(jc.id, "010190-0002")?
        .into_active_model()
        .insert(db)
        .await?;
    let closed = old_case(db, jc.id, one.id, 100, Some(200)).await?;
    let current = old_case(db, jc.id, one.id, 300, None).await?;
    let older = old_case(db, jc.id, two.id, 100, None).await?;
    let newer = old_case(db, jc.id, two.id, 200, None).await?;

    Migrator::up(db, Some(1)).await?;
    let steps = case_event::Entity::find().all(db).await?;
    ensure(steps.len() == 4, format!("{steps:?}"))?;
    ensure(
        steps.iter().all(|s| s.kind == enums::CaseEventKind::Opened),
        "not all OPENED",
    )?;
    let closures = case_closure::Entity::find().all(db).await?;
    ensure(
        closures.len() == 1 && closures[0].case_id == closed && closures[0].reason_code == "OTHER",
        format!("{closures:?}"),
    )?;
    let secondary = |id: Uuid| async move {
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
            case::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or("case gone")?
                .secondary_since
                .is_some(),
        )
    };
    ensure(
        !secondary(current).await?,
        "the only open case became secondary",
    )?;
    ensure(
        !secondary(newer).await?,
        "the newest open case is not the main one",
    )?;
    ensure(
        secondary(older).await?,
        "the older open case is still a main case",
    )?;

    // A second open main case for citizen one is refused by the partial unique index.
    let again = old_case(db, jc.id, one.id, 400, None).await;
    ensure(again.is_err(), "a second open main case was stored")?;
    // Closing the main case lets a new one open.
    case::Entity::update_many()
        .col_expr(case::Column::ClosedAt, Expr::value(Some(at(350)?)))
        .filter(case::Column::Id.eq(current))
        .exec(db)
        .await?;
    old_case(db, jc.id, one.id, 400, None).await?;

    // Down and up again.
    Migrator::down(db, Some(1)).await?;
    ensure(
        !jobbro_migration::SchemaManager::new(db)
            .has_column("cases", "secondary_since")
            .await?,
        "secondary_since survived the down migration",
    )?;
    Migrator::up(db, Some(1)).await?;
    Ok(())
}
