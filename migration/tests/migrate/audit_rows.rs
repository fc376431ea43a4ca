//! Migration 10 merges the audit trail's rows of one citizen each into one row per request,
//! category and job centre holding the citizens, and its down migration splits them again.

use jobbro_entities::{audit_event, audit_read, enums::AuditCategory};
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::support::{TestResult, at, ensure, on_fresh_postgres};

#[tokio::test]
async fn sqlite_merges_audit_rows_per_request() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_audit_merge(&db).await
}

#[tokio::test]
async fn postgres_merges_audit_rows_per_request() -> TestResult {
    on_fresh_postgres("d", |db| async move { check_audit_merge(&db).await }).await
}

/// One row of the trail as it was before migration 10: one citizen's read.
async fn insert_per_citizen(
    db: &DatabaseConnection,
    id: Uuid,
    request: &str,
    seconds: i64,
    citizen: Uuid,
    category: &str,
) -> TestResult {
    let mut insert = Query::insert();
    insert
        .into_table("audit_events")
        .columns([
            "id",
            "occurred_at",
            "actor_role",
            "actor_subject",
            "actor_organisation",
            "jobcentre_id",
            "citizen_id",
            "category",
            "operation",
            "request_id",
        ])
        .values_panic([
            id.into(),
            at(seconds)?.into(),
            "caseworker".into(),
            "cw-1".into(),
            Option::<String>::None.into(),
            Option::<Uuid>::None.into(),
            citizen.into(),
            category.into(),
            "Caseload".into(),
            request.into(),
        ]);
    db.execute(&insert).await?;
    Ok(())
}

/// The reads of the trail as (row id, citizen, category), in the order of the rows' ids.
async fn reads(db: &DatabaseConnection) -> TestResult<Vec<(Uuid, Uuid, AuditCategory)>> {
    Ok(audit_read::Entity::find()
        .order_by_asc(audit_read::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.citizen_id, r.category))
        .collect())
}

pub async fn check_audit_merge(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(9)).await?;
    let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
    let citizens: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
    // Request r1 read three citizens' CPR numbers and one name; r2 one CPR number.
    insert_per_citizen(db, ids[0], "r1", 1, citizens[0], "CPR").await?;
    insert_per_citizen(db, ids[1], "r1", 1, citizens[1], "CPR").await?;
    insert_per_citizen(db, ids[2], "r1", 1, citizens[0], "IDENTITY").await?;
    insert_per_citizen(db, ids[3], "r1", 1, citizens[2], "CPR").await?;
    insert_per_citizen(db, ids[4], "r2", 2, citizens[1], "CPR").await?;

    Migrator::up(db, None).await?;
    let rows = audit_event::Entity::find().count(db).await?;
    ensure(
        rows == 3,
        format!("{rows} rows after the merge, expected 3"),
    )?;
    let merged = reads(db).await?;
    let expected = vec![
        (ids[0], citizens[0], AuditCategory::Cpr),
        (ids[0], citizens[1], AuditCategory::Cpr),
        (ids[0], citizens[2], AuditCategory::Cpr),
        (ids[2], citizens[0], AuditCategory::Identity),
        (ids[4], citizens[1], AuditCategory::Cpr),
    ];
    let mut sorted = merged.clone();
    sorted.sort_by_key(|(id, c, k)| (*id, *c, format!("{k:?}")));
    let mut want = expected.clone();
    want.sort_by_key(|(id, c, k)| (*id, *c, format!("{k:?}")));
    ensure(
        sorted == want,
        format!("reads after the merge: {merged:?}, expected {expected:?}"),
    )?;
    let of_second = audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            db.get_database_backend(),
            &citizens[1..2],
        ))
        .filter(audit_read::Column::RequestId.eq("r2"))
        .count(db)
        .await?;
    ensure(
        of_second == 1,
        "the second citizen's read of r2 is found by its index",
    )?;

    // Back to one row per citizen, with the same reads.
    // Back to migration 9, whatever came after 10.
    let after_nine = u32::try_from(Migrator::migrations().len() - 9)?;
    Migrator::down(db, Some(after_nine)).await?;
    let rows = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Id)
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .len();
    ensure(
        rows == 5,
        format!("{rows} rows after the split, expected 5"),
    )?;
    Migrator::up(db, None).await?;
    let again = reads(db).await?;
    let mut again_sorted: Vec<_> = again
        .iter()
        .map(|(_, c, k)| (*c, format!("{k:?}")))
        .collect();
    again_sorted.sort();
    let mut want: Vec<_> = expected
        .iter()
        .map(|(_, c, k)| (*c, format!("{k:?}")))
        .collect();
    want.sort();
    ensure(
        again_sorted == want,
        format!("reads after down and up: {again:?}"),
    )
}
