//! The audit trail's retention and its promise: `jobbro audit prune` removes whole months past
//! the retention (on PostgreSQL by dropping their partitions) and nothing newer; and a read whose
//! audit rows cannot be written is not answered.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;

use jobbro_api::{
    kernel::{
        audit::AuditLog,
        clock::{FixedClock, SharedClock},
        viewer::{Role, Viewer},
    },
    testing::{TestApp, world},
};
use jobbro_entities::{audit_event, audit_read, enums::AuditCategory};
use jobbro_migration::audit_partitions::{self, Pruned};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A caseworker's read of two citizens' CPR numbers at `at`, written as the server writes it.
async fn read_at(app: &TestApp, at: chrono::DateTime<Utc>, operation: &str) -> anyhow::Result<()> {
    let jobcentre = Uuid::now_v7();
    let caseworker = Viewer::new(Role::Caseworker, Uuid::now_v7(), Some(jobcentre))?;
    let log = AuditLog::new(Some(caseworker), "r".into());
    for _ in 0..2 {
        log.record(Uuid::now_v7(), jobcentre, AuditCategory::Cpr);
    }
    let clock: SharedClock = Arc::new(FixedClock::at(at));
    log.flush(&app.db, &clock, operation).await?;
    Ok(())
}

#[tokio::test]
async fn pruning_removes_the_months_past_the_retention_and_keeps_the_rest() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let partitioned = app.db.get_database_backend() == DbBackend::Postgres;
    assert_eq!(
        audit_partitions::is_partitioned(&app.db).await?,
        partitioned,
        "audit_events is partitioned on PostgreSQL and only there"
    );
    let created = audit_partitions::ensure(&app.db, day(2026, 1, 1), day(2026, 12, 1)).await?;
    if partitioned {
        assert!(
            created.contains(&"audit_events_2026_03".to_string()),
            "{created:?}"
        );
        // A second call finds them all.
        assert!(
            audit_partitions::ensure(&app.db, day(2026, 1, 1), day(2026, 12, 1))
                .await?
                .is_empty()
        );
    }
    let utc = |y, m, d, h, min| {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or_default()
    };
    // Older than any partition: the default partition holds it.
    read_at(&app, utc(2020, 5, 1, 12, 0), "ancient").await?;
    read_at(&app, utc(2026, 3, 15, 9, 0), "march").await?;
    read_at(&app, utc(2026, 5, 31, 23, 59), "may").await?;
    read_at(&app, utc(2026, 5, 31, 23, 59), "may").await?;
    read_at(&app, utc(2026, 6, 1, 0, 0), "june").await?;
    read_at(&app, utc(2026, 11, 2, 9, 0), "november").await?;

    // Six months kept before December 2026: June to November.
    let before = audit_partitions::months_before(day(2026, 12, 2), 6);
    assert_eq!(before, day(2026, 6, 1));
    let pruned = audit_partitions::prune(&app.db, before).await?;

    let left: Vec<String> = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::OccurredAt)
        .all(&app.db)
        .await?
        .into_iter()
        .map(|r| r.operation)
        .collect();
    assert_eq!(left, vec!["june", "november"]);
    // The citizens of the rows pruned go with them (on SQLite they are rows of their own).
    assert_eq!(audit_read::Entity::find().count(&app.db).await?, 4);
    if partitioned {
        let dropped: Vec<(&str, i64)> = pruned
            .dropped
            .iter()
            .map(|(name, rows)| (name.as_str(), *rows))
            .collect();
        assert!(dropped.contains(&("audit_events_2026_03", 1)), "{pruned:?}");
        assert!(dropped.contains(&("audit_events_2026_05", 2)), "{pruned:?}");
        assert!(
            dropped
                .iter()
                .all(|(name, _)| name < &"audit_events_2026_06"),
            "{pruned:?}"
        );
        assert_eq!(pruned.deleted, 1, "the old row in the default partition");
        // The months kept still take new rows.
        read_at(&app, utc(2026, 6, 2, 0, 0), "june again").await?;
    } else {
        assert_eq!(
            pruned,
            Pruned {
                dropped: vec![],
                deleted: 4
            }
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_read_whose_audit_cannot_be_written_is_not_answered() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.db
        .execute_unprepared("ALTER TABLE audit_events RENAME TO audit_events_gone")
        .await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "query LookUp($id: ID!) { caseworker { citizen(id: $id) { cpr givenName } } }",
            json!({ "id": w.citizen_1.subject.to_string() }),
        )
        .await;
    assert!(
        answer["data"].is_null(),
        "data shown without its audit: {answer}"
    );
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "INTERNAL",
        "{answer}"
    );
    // A read by the citizen of their own data needs no audit row and is answered.
    let own = app
        .gql(Some(&w.citizen_1), "{ citizen { givenName } }", json!({}))
        .await;
    assert!(own["errors"].is_null(), "{own}");
    Ok(())
}
