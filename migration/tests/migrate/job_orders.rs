//! Migration 19 keeps today's job orders and their candidates: an OPEN order is IN_PROGRESS, its
//! offer kind becomes its kind; the down migration turns them back.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use uuid::Uuid;

use crate::support::{TestResult, at, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_keeps_todays_job_orders() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_job_orders_migration(&db).await
}

#[tokio::test]
async fn postgres_keeps_todays_job_orders() -> TestResult {
    on_fresh_postgres(
        "j",
        |db| async move { check_job_orders_migration(&db).await },
    )
    .await
}

/// The order's status and the named column, read by raw SQL (the entity has the new shape).
async fn order_row(
    db: &DatabaseConnection,
    id: Uuid,
    column: &'static str,
) -> TestResult<(String, Option<String>)> {
    let row = db
        .query_one(
            Query::select()
                .columns(["status", column])
                .from("job_orders")
                .and_where(sea_orm::sea_query::Expr::col("id").eq(id)),
        )
        .await?
        .ok_or("the order is gone")?;
    Ok((row.try_get("", "status")?, row.try_get("", column)?))
}

async fn check_job_orders_migration(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(18)).await?;
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Jobordre".into(),
        municipality_code: "996".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let company = company::Model {
        id: Uuid::now_v7(),
        cvr: "87650001".into(),
        name: "Lager A/S".into(),
        created_at: at(1)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let unit = production_unit::Model {
        id: Uuid::now_v7(),
        company_id: company.id,
        p_number: "1012340001".into(),
        name: "Lager A/S, Vejle".into(),
        street: "Havnen 1".into(),
        postal_code: "7100".into(),
        city: "Vejle".into(),
    }
    .into_active_model()
    .insert(db)
    .await?;
    crate::core_tables::insert_citizen_raw(db, jc.id, "0101908888", "PORTAL").await?;
    let citizen: Uuid = db
        .query_one(
            Query::select()
                .column("id")
                .from("citizens")
                .and_where(sea_orm::sea_query::Expr::col("cpr").eq("0101908888")),
        )
        .await?
        .ok_or("no citizen")?
        .try_get("", "id")?;
    let (open, closed) = (Uuid::now_v7(), Uuid::now_v7());
    for (id, status, kind) in [
        (open, "OPEN", Some("LOENTILSKUD")),
        (closed, "CLOSED", None),
    ] {
        db.execute(
            Query::insert()
                .into_table("job_orders")
                .columns([
                    "id",
                    "jobcentre_id",
                    "company_id",
                    "production_unit_id",
                    "title",
                    "offer_kind_code",
                    "positions",
                    "status",
                    "created_at",
                ])
                .values_panic([
                    id.into(),
                    jc.id.into(),
                    company.id.into(),
                    unit.id.into(),
                    "Lagermedarbejder".into(),
                    kind.map(str::to_string).into(),
                    1.into(),
                    status.into(),
                    at(2)?.into(),
                ]),
        )
        .await?;
    }
    db.execute(
        Query::insert()
            .into_table("candidates")
            .columns([
                "id",
                "jobcentre_id",
                "job_order_id",
                "citizen_id",
                "presented_at",
                "status",
            ])
            .values_panic([
                Uuid::now_v7().into(),
                jc.id.into(),
                open.into(),
                citizen.into(),
                at(3)?.into(),
                "PRESENTED".into(),
            ]),
    )
    .await?;

    Migrator::up(db, None).await?;
    let (status, kind) = order_row(db, open, "kind").await?;
    ensure(
        status == "IN_PROGRESS" && kind.as_deref() == Some("WAGE_SUBSIDY"),
        format!("OPEN LOENTILSKUD became {status} {kind:?}"),
    )?;
    let (status, kind) = order_row(db, closed, "kind").await?;
    ensure(
        status == "CLOSED" && kind.as_deref() == Some("ORDINARY"),
        format!("a closed ordinary order became {status} {kind:?}"),
    )?;
    // Migration 20: a presented candidate was proposed when presented.
    let kept = candidate::Entity::find().all(db).await?;
    ensure(
        kept.len() == 1
            && kept[0].status == enums::CandidateStatus::Presented
            && kept[0].presented_at == Some(kept[0].proposed_at),
        format!("the candidate is kept as presented: {kept:?}"),
    )?;

    // Back to migration 18, whatever came after 19.
    let after = u32::try_from(Migrator::migrations().len() - 18)?;
    Migrator::down(db, Some(after)).await?;
    let (status, offer) = order_row(db, open, "offer_kind_code").await?;
    ensure(
        status == "OPEN" && offer.as_deref() == Some("LOENTILSKUD"),
        format!("IN_PROGRESS went back to {status} {offer:?}"),
    )?;
    let left = db
        .query_one(
            Query::select()
                .expr(sea_orm::sea_query::Func::count(
                    sea_orm::sea_query::Expr::col("id"),
                ))
                .from("candidates"),
        )
        .await?
        .ok_or("no count")?
        .try_get_by_index::<i64>(0)?;
    ensure(left == 1, "the candidate is kept on the way down")?;
    Migrator::up(db, None).await?;
    Ok(())
}
