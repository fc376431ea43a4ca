//! Migration 22 keeps today's placements and their logs: a started placement with a follow-up
//! interval gets its next follow-up due the interval after its start, and the log takes the new
//! steps; the down migration drops the new steps and the column.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use uuid::Uuid;

use crate::support::{TestResult, at, day, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_keeps_todays_placements() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_placements_migration(&db).await
}

#[tokio::test]
async fn postgres_keeps_todays_placements() -> TestResult {
    on_fresh_postgres(
        "p",
        |db| async move { check_placements_migration(&db).await },
    )
    .await
}

async fn log_steps(db: &DatabaseConnection) -> TestResult<i64> {
    Ok(db
        .query_one(
            Query::select()
                .expr(Func::count(Expr::col("id")))
                .from("placement_log"),
        )
        .await?
        .ok_or("no count")?
        .try_get_by_index::<i64>(0)?)
}

async fn check_placements_migration(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(21)).await?;
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Praktik".into(),
        municipality_code: "995".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let cw = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id: jc.id,
        name: "Kim Konsulent".into(),
        email: "kim@jobcenter.example".into(),
        team: None,
        is_manager: false,
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let company = company::Model {
        id: Uuid::now_v7(),
        cvr: "87650002".into(),
        name: "Praktik ApS".into(),
        created_at: at(1)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let unit = production_unit::Model {
        id: Uuid::now_v7(),
        company_id: company.id,
        p_number: "1012340002".into(),
        name: "Praktik ApS, Vejle".into(),
        street: "Havnen 2".into(),
        postal_code: "7100".into(),
        city: "Vejle".into(),
    }
    .into_active_model()
    .insert(db)
    .await?;
    crate::core_tables::insert_citizen_raw(db, jc.id, "0101907777", "PORTAL").await?;
    let citizen: Uuid = db
        .query_one(
            Query::select()
                .column("id")
                .from("citizens")
                .and_where(Expr::col("cpr").eq("0101907777")),
        )
        .await?
        .ok_or("no citizen")?
        .try_get("", "id")?;
    let placement = Uuid::now_v7();
    db.execute(
        Query::insert()
            .into_table("placements")
            .columns([
                "id",
                "jobcentre_id",
                "citizen_id",
                "company_id",
                "production_unit_id",
                "kind",
                "status",
                "starts_on",
                "ends_on",
                "started_on",
                "follow_up_weeks",
                "granted_by",
                "granted_at",
                "updated_at",
            ])
            .values_panic([
                placement.into(),
                jc.id.into(),
                citizen.into(),
                company.id.into(),
                unit.id.into(),
                "COMPANY_INTERNSHIP".into(),
                "STARTED".into(),
                day(2026, 11, 2)?.into(),
                day(2026, 11, 27)?.into(),
                day(2026, 11, 2)?.into(),
                2.into(),
                cw.id.into(),
                at(2)?.into(),
                at(2)?.into(),
            ]),
    )
    .await?;
    for step in ["GRANTED", "STARTED"] {
        db.execute(
            Query::insert()
                .into_table("placement_log")
                .columns([
                    "id",
                    "jobcentre_id",
                    "placement_id",
                    "step",
                    "actor_role",
                    "at",
                ])
                .values_panic([
                    Uuid::now_v7().into(),
                    jc.id.into(),
                    placement.into(),
                    step.into(),
                    "caseworker".into(),
                    at(3)?.into(),
                ]),
        )
        .await?;
    }

    Migrator::up(db, Some(1)).await?;
    let row = placement::Entity::find_by_id(placement)
        .one(db)
        .await?
        .ok_or("the placement is gone")?;
    ensure(
        row.next_follow_up_on == Some(day(2026, 11, 16)?),
        format!("the next follow-up is due two weeks after the start: {row:?}"),
    )?;
    ensure(log_steps(db).await? == 2, "the log is kept")?;
    placement_log::ActiveModel::from(placement_log::Model {
        id: Uuid::now_v7(),
        jobcentre_id: jc.id,
        placement_id: placement,
        step: enums::PlacementStep::FollowedUp,
        actor_role: "caseworker".into(),
        actor_subject: Some(cw.id),
        at: at(4)?,
        note: Some("2026-11-09: fint".into()),
    })
    .insert(db)
    .await?;

    Migrator::down(db, Some(1)).await?;
    ensure(
        log_steps(db).await? == 2,
        "a follow-up step is not kept on the way down, the rest is",
    )?;
    Migrator::up(db, None).await?;
    ensure(log_steps(db).await? == 2, "the log is kept on the way up")?;
    Ok(())
}
