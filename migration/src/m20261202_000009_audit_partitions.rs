//! `audit_events` partitioned by month on PostgreSQL (`audit_partitions`): the six-month
//! retention becomes a partition drop (`jobbro audit prune`) instead of a delete, and each
//! month's indexes stay the size of a month.
//!
//! The table is rebuilt: the old one renamed, the partitioned one created with the same
//! columns and constraints, partitions made for every month from the oldest row to a year
//! ahead, the rows copied over, the old table dropped. The primary key becomes
//! (`id`, `occurred_at`): a partitioned table's unique keys must hold its partition key. SQLite
//! has no partitions: nothing changes there.

use chrono::Utc;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::audit_partitions::{self, DEFAULT_PARTITION};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared("ALTER TABLE audit_events RENAME TO audit_events_unpartitioned")
            .await?;
        db.execute_unprepared(
            "CREATE TABLE audit_events (LIKE audit_events_unpartitioned \
             INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (occurred_at)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE {DEFAULT_PARTITION} PARTITION OF audit_events DEFAULT"
        ))
        .await?;
        let today = Utc::now().date_naive();
        let oldest = db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT (min(occurred_at) AT TIME ZONE 'UTC')::date AS day \
                 FROM audit_events_unpartitioned",
            ))
            .await?
            .and_then(|row| row.try_get::<Option<chrono::NaiveDate>>("", "day").ok())
            .flatten()
            .unwrap_or(today);
        audit_partitions::ensure(db, Ord::min(oldest, today), today).await?;
        audit_partitions::ensure_ahead(db, today).await?;
        db.execute_unprepared("INSERT INTO audit_events SELECT * FROM audit_events_unpartitioned")
            .await?;
        db.execute_unprepared("DROP TABLE audit_events_unpartitioned")
            .await?;
        db.execute_unprepared("ALTER TABLE audit_events ADD PRIMARY KEY (id, occurred_at)")
            .await?;
        create_indexes(db).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "CREATE TABLE audit_events_unpartitioned (LIKE audit_events \
             INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO audit_events_unpartitioned SELECT * FROM audit_events")
            .await?;
        db.execute_unprepared("DROP TABLE audit_events").await?;
        db.execute_unprepared("ALTER TABLE audit_events_unpartitioned RENAME TO audit_events")
            .await?;
        db.execute_unprepared("ALTER TABLE audit_events ADD PRIMARY KEY (id)")
            .await?;
        create_indexes(db).await
    }
}

/// The table's two indexes, as the first migration made them (on a partitioned table they are
/// made on every partition).
async fn create_indexes(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for columns in ["citizen_id", "jobcentre_id"] {
        db.execute_unprepared(&format!(
            "CREATE INDEX idx_audit_events_{columns}_occurred_at \
             ON audit_events ({columns}, occurred_at)"
        ))
        .await?;
    }
    Ok(())
}
