//! One `audit_events` row per request, category and job centre, holding the citizens read,
//! instead of one row per citizen: a caseload page of fifty citizens wrote fifty rows with three
//! index entries each, and that insert was most of the page's database time.
//!
//! - PostgreSQL: `citizen_ids uuid[]` with a GIN index (the citizen's access log finds its rows
//!   by `citizen_ids && ARRAY[...]`); the per-citizen column and its index go.
//! - SQLite, which has no arrays: `citizen_ids` holds a JSON array of the ids in hex, and a
//!   trigger copies them into `audit_event_citizens (citizen_id, event_id)`, the index the access
//!   log reads (deleted with its event).
//! - Both: the view `audit_reads` gives one row per event and citizen, the shape the access log
//!   and the tests read.
//!
//! Existing rows are merged: the rows of one request with the same category, job centre and
//! actor become one, keeping the smallest id (so the rows' order is kept).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns that identify one request's row for a category and job centre.
const GROUP: &str = "occurred_at, request_id, actor_role, actor_subject, actor_organisation, jobcentre_id, \
     category, operation";

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE audit_events ADD COLUMN citizen_ids uuid[]",
    "WITH g AS (SELECT (array_agg(id ORDER BY id))[1] AS keep, occurred_at, \
     array_agg(citizen_id ORDER BY id) AS ids FROM audit_events GROUP BY {GROUP}) \
     UPDATE audit_events e SET citizen_ids = g.ids FROM g \
     WHERE e.id = g.keep AND e.occurred_at = g.occurred_at",
    "DELETE FROM audit_events WHERE citizen_ids IS NULL",
    "ALTER TABLE audit_events ALTER COLUMN citizen_ids SET NOT NULL",
    "DROP INDEX idx_audit_events_citizen_id_occurred_at",
    "ALTER TABLE audit_events DROP COLUMN citizen_id",
    "CREATE INDEX idx_audit_events_citizen_ids ON audit_events USING gin (citizen_ids)",
    "CREATE VIEW audit_reads AS SELECT e.id, e.occurred_at, e.actor_role, e.actor_subject, \
     e.actor_organisation, e.jobcentre_id, c.citizen_id, e.category, e.operation, e.request_id, \
     e.citizen_ids FROM audit_events e CROSS JOIN LATERAL unnest(e.citizen_ids) AS c(citizen_id)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP VIEW audit_reads",
    "ALTER TABLE audit_events ADD COLUMN citizen_id uuid",
    "INSERT INTO audit_events (id, occurred_at, actor_role, actor_subject, actor_organisation, \
     jobcentre_id, citizen_id, category, operation, request_id, citizen_ids) \
     SELECT gen_random_uuid(), e.occurred_at, e.actor_role, e.actor_subject, \
     e.actor_organisation, e.jobcentre_id, c.citizen_id, e.category, e.operation, e.request_id, \
     '{}' FROM audit_events e CROSS JOIN LATERAL unnest(e.citizen_ids[2:]) AS c(citizen_id)",
    "UPDATE audit_events SET citizen_id = citizen_ids[1] WHERE citizen_id IS NULL",
    "ALTER TABLE audit_events ALTER COLUMN citizen_id SET NOT NULL",
    "DROP INDEX idx_audit_events_citizen_ids",
    "ALTER TABLE audit_events DROP COLUMN citizen_ids",
    "CREATE INDEX idx_audit_events_citizen_id_occurred_at \
     ON audit_events (citizen_id, occurred_at)",
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE audit_events ADD COLUMN citizen_ids text",
    "CREATE TABLE audit_event_citizens (citizen_id blob NOT NULL, event_id blob NOT NULL \
     REFERENCES audit_events (id) ON DELETE CASCADE, PRIMARY KEY (citizen_id, event_id)) \
     WITHOUT ROWID",
    "CREATE INDEX idx_audit_event_citizens_event_id ON audit_event_citizens (event_id)",
    "CREATE TEMP TABLE audit_merge AS SELECT id, citizen_id, \
     first_value(id) OVER (PARTITION BY {GROUP} ORDER BY id) AS keep FROM audit_events",
    "INSERT OR IGNORE INTO audit_event_citizens (citizen_id, event_id) \
     SELECT citizen_id, keep FROM audit_merge",
    "UPDATE audit_events SET citizen_ids = (SELECT json_group_array(lower(hex(m.citizen_id))) \
     FROM audit_merge m WHERE m.keep = audit_events.id) \
     WHERE id IN (SELECT keep FROM audit_merge)",
    "DROP TABLE audit_merge",
    "DELETE FROM audit_events WHERE citizen_ids IS NULL",
    "DROP INDEX idx_audit_events_citizen_id_occurred_at",
    "ALTER TABLE audit_events DROP COLUMN citizen_id",
    "CREATE TRIGGER audit_events_citizens AFTER INSERT ON audit_events BEGIN \
     INSERT INTO audit_event_citizens (citizen_id, event_id) \
     SELECT DISTINCT unhex(value), NEW.id FROM json_each(NEW.citizen_ids); END",
    "CREATE VIEW audit_reads AS SELECT e.id, e.occurred_at, e.actor_role, e.actor_subject, \
     e.actor_organisation, e.jobcentre_id, x.citizen_id, e.category, e.operation, e.request_id, \
     e.citizen_ids FROM audit_event_citizens x JOIN audit_events e ON e.id = x.event_id",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP VIEW audit_reads",
    "DROP TRIGGER audit_events_citizens",
    "ALTER TABLE audit_events ADD COLUMN citizen_id blob",
    "INSERT INTO audit_events (id, occurred_at, actor_role, actor_subject, actor_organisation, \
     jobcentre_id, citizen_id, category, operation, request_id) \
     SELECT randomblob(16), e.occurred_at, e.actor_role, e.actor_subject, \
     e.actor_organisation, e.jobcentre_id, x.citizen_id, e.category, e.operation, e.request_id \
     FROM audit_event_citizens x JOIN audit_events e ON e.id = x.event_id",
    "DELETE FROM audit_events WHERE citizen_id IS NULL",
    "DROP TABLE audit_event_citizens",
    "ALTER TABLE audit_events DROP COLUMN citizen_ids",
    "CREATE INDEX idx_audit_events_citizen_id_occurred_at \
     ON audit_events (citizen_id, occurred_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_UP, SQLITE_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_DOWN, SQLITE_DOWN).await
    }
}

async fn run(manager: &SchemaManager<'_>, postgres: &[&str], sqlite: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let statements = match db.get_database_backend() {
        DbBackend::Postgres => postgres,
        _ => sqlite,
    };
    for statement in statements {
        db.execute_unprepared(&statement.replace("{GROUP}", GROUP))
            .await?;
    }
    Ok(())
}
