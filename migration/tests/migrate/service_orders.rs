//! Migration 11 keeps today's orders running: ACTIVE becomes STARTED (started on its first
//! day), a missing remark gets a note saying so; its down migration turns them back.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, IntoActiveModel};
use uuid::Uuid;

use crate::core_tables::insert_citizen_raw;
use crate::support::{TestResult, at, day, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_keeps_todays_orders() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_orders_migration(&db).await
}

#[tokio::test]
async fn postgres_keeps_todays_orders() -> TestResult {
    on_fresh_postgres("e", |db| async move { check_orders_migration(&db).await }).await
}

/// (status, remark, started_on) of the order, read by raw SQL (the entity has the new shape).
async fn order_row(
    db: &DatabaseConnection,
    id: Uuid,
) -> TestResult<(String, Option<String>, Option<chrono::NaiveDate>)> {
    let mut select = Query::select();
    select
        .columns(["status", "remark"])
        .from("service_orders")
        .and_where(sea_orm::sea_query::Expr::col("id").eq(id));
    let with_start = Migrator::get_pending_migrations(db).await?.is_empty();
    if with_start {
        select.column("started_on");
    }
    let row = db.query_one(&select).await?.ok_or("the order is gone")?;
    Ok((
        row.try_get("", "status")?,
        row.try_get("", "remark")?,
        if with_start {
            row.try_get("", "started_on")?
        } else {
            None
        },
    ))
}

pub async fn check_orders_migration(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(10)).await?;
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Ordre".into(),
        municipality_code: "997".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    insert_citizen_raw(db, jc.id, "0101907777", "PORTAL").await?;
    let citizen: Uuid = db
        .query_one(
            Query::select()
                .column("id")
                .from("citizens")
                .and_where(sea_orm::sea_query::Expr::col("cpr").eq("0101907777")),
        )
        .await?
        .ok_or("no citizen")?
        .try_get("", "id")?;
    let provider = Uuid::now_v7();
    db.execute(
        Query::insert()
            .into_table("providers")
            .columns(["id", "name", "cvr", "created_at"])
            .values_panic([
                provider.into(),
                "Mentorhuset".into(),
                "77000001".into(),
                at(1)?.into(),
            ]),
    )
    .await?;
    let (running, ended) = (Uuid::now_v7(), Uuid::now_v7());
    for (id, status, remark) in [
        (running, "ACTIVE", None::<String>),
        (ended, "ENDED", Some("Slut".to_string())),
    ] {
        db.execute(
            Query::insert()
                .into_table("service_orders")
                .columns([
                    "id",
                    "jobcentre_id",
                    "citizen_id",
                    "provider_id",
                    "offer_kind_code",
                    "justification",
                    "goal",
                    "remark",
                    "starts_on",
                    "status",
                    "created_at",
                ])
                .values_panic([
                    id.into(),
                    jc.id.into(),
                    citizen.into(),
                    provider.into(),
                    "MENTOR".into(),
                    "Behov".into(),
                    "Job".into(),
                    remark.into(),
                    day(2026, 10, 5)?.into(),
                    status.into(),
                    at(2)?.into(),
                ]),
        )
        .await?;
    }

    Migrator::up(db, None).await?;
    let (status, remark, started) = order_row(db, running).await?;
    ensure(status == "STARTED", format!("ACTIVE became {status}"))?;
    ensure(
        remark.is_some_and(|r| r.contains("Ingen bemærkning")),
        "a missing remark gets the note",
    )?;
    ensure(
        started == Some(day(2026, 10, 5)?),
        format!("started on its first day, not {started:?}"),
    )?;
    let (status, remark, _) = order_row(db, ended).await?;
    ensure(
        status == "ENDED" && remark.as_deref() == Some("Slut"),
        "an ended order keeps its state and remark",
    )?;

    // Back to migration 10, whatever came after 11.
    let after_ten = u32::try_from(Migrator::migrations().len() - 10)?;
    Migrator::down(db, Some(after_ten)).await?;
    let (status, _, _) = order_row(db, running).await?;
    ensure(status == "ACTIVE", format!("STARTED went back to {status}"))?;
    Migrator::up(db, None).await?;
    Ok(())
}
