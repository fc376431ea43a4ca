//! Migration 12 lets a provider report an absence (`absences.reported_by` gains `PROVIDER`)
//! without losing the absences of today or their index, seeds the public holidays, and on the
//! way down turns providers' absences into the job centre's; and migration 13 never lets
//! dagpenge into the no-show procedure.

use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use uuid::Uuid;

use crate::core_tables::insert_citizen_raw;
use crate::support::{TestResult, at, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_lets_providers_report_absence() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_reporters(&db).await
}

#[tokio::test]
async fn postgres_lets_providers_report_absence() -> TestResult {
    on_fresh_postgres("f", |db| async move { check_reporters(&db).await }).await
}

async fn insert_absence(
    db: &DatabaseConnection,
    (jobcentre, citizen): (Uuid, Uuid),
    reporter: &str,
) -> Result<Uuid, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    let mut stmt = Query::insert();
    stmt.into_table("absences")
        .columns([
            "id",
            "jobcentre_id",
            "citizen_id",
            "absence_type_code",
            "starts_on",
            "reported_by",
            "reporter_subject",
            "created_at",
        ])
        .values_panic([
            id.into(),
            jobcentre.into(),
            citizen.into(),
            "SYGEMELDING".into(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 3)
                .unwrap_or_default()
                .into(),
            reporter.into(),
            "tester".into(),
            Expr::val(chrono::Utc::now()),
        ]);
    db.execute(&stmt).await.map(|_| id)
}

async fn reporter_of(db: &DatabaseConnection, id: Uuid) -> TestResult<String> {
    let row = db
        .query_one(
            Query::select()
                .column("reported_by")
                .from("absences")
                .and_where(Expr::col("id").eq(id)),
        )
        .await?
        .ok_or("the absence is gone")?;
    Ok(row.try_get("", "reported_by")?)
}

async fn has_absence_index(db: &DatabaseConnection) -> TestResult<bool> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT indexname FROM pg_indexes WHERE indexname = 'idx_absences_citizen_id_starts_on'"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'index' \
             AND name = 'idx_absences_citizen_id_starts_on'"
        }
    };
    Ok(db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .is_some())
}

async fn check_reporters(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(11)).await?;
    let jc = Uuid::now_v7();
    db.execute(
        Query::insert()
            .into_table("jobcentres")
            .columns(["id", "name", "municipality_code", "created_at"])
            .values_panic([
                jc.into(),
                "Jobcenter Fravær".into(),
                "996".into(),
                at(0)?.into(),
            ]),
    )
    .await?;
    insert_citizen_raw(db, jc, "0101908888", "PORTAL").await?;
    let citizen: Uuid = db
        .query_one(
            Query::select()
                .column("id")
                .from("citizens")
                .and_where(Expr::col("cpr").eq("0101908888")),
        )
        .await?
        .ok_or("no citizen")?
        .try_get("", "id")?;
    let before = insert_absence(db, (jc, citizen), "CITIZEN").await?;
    ensure(
        insert_absence(db, (jc, citizen), "PROVIDER").await.is_err(),
        "before migration 12 a provider cannot be the reporter",
    )?;

    Migrator::up(db, None).await?;
    ensure(
        reporter_of(db, before).await? == "CITIZEN",
        "today's absences stay as they are",
    )?;
    ensure(has_absence_index(db).await?, "the absences index is kept")?;
    let by_provider = insert_absence(db, (jc, citizen), "PROVIDER").await?;
    ensure(
        insert_absence(db, (jc, citizen), "SOMEONE").await.is_err(),
        "the check still holds",
    )?;
    let holidays = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM public_holidays WHERE day = '2027-03-25' OR day = '2027-04-23'",
        ))
        .await?
        .ok_or("no count")?
        .try_get::<i64>("", "n")?;
    ensure(
        holidays == 1,
        format!("Maundy Thursday 2027 is a holiday, store bededag 2027 is not ({holidays} found)"),
    )?;

    // Migration 13: dagpenge can never go through the no-show procedure.
    let listed = db
        .execute_unprepared(
            "INSERT INTO no_show_policies (target_group_code, valid_from) VALUES ('DAGPENGE', '2026-01-01')",
        )
        .await;
    ensure(
        listed.is_err(),
        "dagpenge cannot be listed for the no-show procedure",
    )?;

    let after_eleven = u32::try_from(Migrator::migrations().len() - 11)?;
    Migrator::down(db, Some(after_eleven)).await?;
    ensure(
        reporter_of(db, by_provider).await? == "CASEWORKER",
        "on the way down a provider's absence reads as the job centre's",
    )?;
    ensure(
        has_absence_index(db).await?,
        "the absences index survives the way down",
    )?;
    Migrator::up(db, None).await?;
    Ok(())
}
