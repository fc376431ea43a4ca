//! Migration 25 adds health information: the access log keeps every row it had (on SQLite the
//! audit table is rebuilt, and its citizens index must come back whole), learns the `HEALTH`
//! category and the record read, and consents to share health information with providers are
//! removed with the purpose itself. Going back removes the HEALTH rows and allows the purpose
//! again.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, DbBackend, IntoActiveModel,
    Statement,
};
use uuid::Uuid;

use crate::support::{TestResult, at, ensure, insert_old_citizen, on_fresh_postgres};

#[tokio::test]
async fn sqlite_adds_health_information() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_health_migration(&db).await
}

#[tokio::test]
async fn postgres_adds_health_information() -> TestResult {
    on_fresh_postgres("h", |db| async move { check_health_migration(&db).await }).await
}

/// Writes an audit row of `citizens` as the server does (an array on PostgreSQL, a JSON array on
/// SQLite), with `category` and, when given (the column exists from migration 25), `record`.
async fn audit_row(
    db: &DatabaseConnection,
    jobcentre: Uuid,
    category: &str,
    citizens: &[Uuid],
    record: Option<Uuid>,
) -> Result<Uuid, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    let backend = db.get_database_backend();
    let postgres = backend == DbBackend::Postgres;
    let list = if postgres {
        let ids: Vec<String> = citizens.iter().map(Uuid::to_string).collect();
        format!("{{{}}}", ids.join(","))
    } else {
        let ids: Vec<String> = citizens
            .iter()
            .map(|c| format!("\"{}\"", c.simple()))
            .collect();
        format!("[{}]", ids.join(","))
    };
    let p = |n: usize| {
        if postgres {
            format!("${n}")
        } else {
            "?".to_string()
        }
    };
    let citizens_value = if postgres {
        "CAST($4 AS uuid[])".to_string()
    } else {
        "?".to_string()
    };
    let (record_column, record_value) = match record {
        Some(_) => (", record_id", format!(", {}", p(5))),
        None => ("", String::new()),
    };
    let sql = format!(
        "INSERT INTO audit_events (id, occurred_at, actor_role, actor_subject, \
         actor_organisation, jobcentre_id, category, operation, request_id, \
         citizen_ids{record_column}) VALUES ({}, CURRENT_TIMESTAMP, 'caseworker', 'cw-1', 'jc', \
         {}, {}, 'Citizen', 'req', {citizens_value}{record_value})",
        p(1),
        p(2),
        p(3),
    );
    let mut binds: Vec<sea_orm::Value> =
        vec![id.into(), jobcentre.into(), category.into(), list.into()];
    if let Some(record) = record {
        binds.push(record.into());
    }
    db.execute_raw(Statement::from_sql_and_values(backend, sql, binds))
        .await?;
    Ok(id)
}

/// The citizens the access log shows for event `id`, in order.
async fn citizens_of(db: &DatabaseConnection, id: Uuid) -> TestResult<Vec<Uuid>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT citizen_id FROM audit_reads WHERE id = $1 ORDER BY citizen_id"
        }
        _ => "SELECT citizen_id FROM audit_reads WHERE id = ? ORDER BY citizen_id",
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<Uuid>("", "citizen_id"))
        .collect::<Result<_, _>>()?)
}

async fn consent_purposes(db: &DatabaseConnection) -> TestResult<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT purpose FROM consents ORDER BY purpose",
        ))
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String>("", "purpose"))
        .collect::<Result<_, _>>()?)
}

async fn insert_consent(
    db: &DatabaseConnection,
    jobcentre: Uuid,
    citizen: Uuid,
    purpose: &str,
) -> Result<(), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO consents (id, jobcentre_id, citizen_id, purpose, granted_at) \
             VALUES ($1, $2, $3, $4, $5)"
        }
        _ => {
            "INSERT INTO consents (id, jobcentre_id, citizen_id, purpose, granted_at) \
             VALUES (?, ?, ?, ?, ?)"
        }
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [
            Uuid::now_v7().into(),
            jobcentre.into(),
            citizen.into(),
            purpose.into(),
            at(5).unwrap_or_default().into(),
        ],
    ))
    .await?;
    Ok(())
}

async fn check_health_migration(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(24)).await?;
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Helbred".into(),
        municipality_code: "994".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let one = insert_old_citizen(db, jc.id, "0101904444").await?.id;
    let two = insert_old_citizen(db, jc.id, "0101904445").await?.id;
    let mut both = [one, two];
    both.sort();
    let old = audit_row(db, jc.id, "CPR", &both, None).await?;
    insert_consent(db, jc.id, one, "SHARE_HEALTH_INFORMATION_WITH_PROVIDER").await?;
    insert_consent(db, jc.id, one, "SHARE_CV_WITH_COMPANIES").await?;
    ensure(
        audit_row(db, jc.id, "HEALTH", &[one], None).await.is_err(),
        "before migration 25 there is no HEALTH category",
    )?;

    // Pinned to migration 25, whatever comes after it.
    Migrator::up(db, Some(1)).await?;
    ensure(
        citizens_of(db, old).await? == both,
        "the access log keeps both citizens of an old row",
    )?;
    ensure(
        consent_purposes(db).await? == vec!["SHARE_CV_WITH_COMPANIES".to_string()],
        "consents to share health information are removed; others stay",
    )?;
    ensure(
        insert_consent(db, jc.id, two, "SHARE_HEALTH_INFORMATION_WITH_PROVIDER")
            .await
            .is_err(),
        "the purpose is gone",
    )?;
    let document = Uuid::now_v7();
    let health = audit_row(db, jc.id, "HEALTH", &[one], Some(document)).await?;
    ensure(
        citizens_of(db, health).await? == vec![one],
        "a new row is indexed by citizen (the trigger came back)",
    )?;
    let backend = db.get_database_backend();
    let record: Option<Uuid> = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT record_id FROM audit_reads WHERE id = $1",
                _ => "SELECT record_id FROM audit_reads WHERE id = ?",
            },
            [health.into()],
        ))
        .await?
        .ok_or("no row")?
        .try_get("", "record_id")?;
    ensure(record == Some(document), "the row names the document read")?;

    Migrator::down(db, Some(1)).await?;
    ensure(
        citizens_of(db, health).await?.is_empty() && citizens_of(db, old).await? == both,
        "going back removes the HEALTH rows and keeps the others whole",
    )?;
    insert_consent(db, jc.id, two, "SHARE_HEALTH_INFORMATION_WITH_PROVIDER").await?;
    Migrator::up(db, Some(1)).await?;
    ensure(
        citizens_of(db, old).await? == both,
        "migrating again keeps the old row",
    )?;
    Ok(())
}
