//! The audit trail of personal-data reads. Resolvers that show a citizen's personal data to
//! anyone but that citizen call [`AuditLog::record`]; the entries of one request are written in
//! one batch when the operation has run (`schema::execute`, not a per-field extension). If the
//! batch cannot be written the response is replaced by an error: data is not shown without its
//! audit row.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use jobbro_entities::enums::AuditCategory;
use sea_orm::{ActiveEnum, ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};
use uuid::Uuid;

use super::viewer::Viewer;
use crate::kernel::clock::SharedClock;

/// The id of one HTTP request, as sent back in `x-request-id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Entry {
    citizen_id: Uuid,
    jobcentre_id: Uuid,
    category: AuditCategory,
    /// The record read, where the log names one (a health document).
    record_id: Option<Uuid>,
}

/// Collects the personal-data reads of one request. A handle: the request's data holds one for
/// the resolvers, the executor another to write the entries when the operation has run.
#[derive(Debug, Clone)]
pub struct AuditLog(Arc<Collected>);

#[derive(Debug)]
struct Collected {
    viewer: Option<Viewer>,
    request_id: String,
    entries: Mutex<Vec<Entry>>,
    seen: Mutex<HashSet<Entry>>,
}

impl AuditLog {
    pub fn new(viewer: Option<Viewer>, request_id: String) -> Self {
        Self(Arc::new(Collected {
            viewer,
            request_id,
            entries: Mutex::new(Vec::new()),
            seen: Mutex::new(HashSet::new()),
        }))
    }

    /// Notes that the viewer was shown `category` data of a citizen. Reads by the citizen
    /// themself are not logged; repeats within one request are logged once.
    pub fn record(&self, citizen_id: Uuid, jobcentre_id: Uuid, category: AuditCategory) {
        self.note(Entry {
            citizen_id,
            jobcentre_id,
            category,
            record_id: None,
        });
    }

    /// Notes that the viewer read the health record `record_id` of a citizen (a clinician's
    /// document, or the questions and thread of a request): a row of its own in the log
    /// (category `HEALTH`), one per record.
    pub fn record_health(&self, citizen_id: Uuid, jobcentre_id: Uuid, record_id: Uuid) {
        self.note(Entry {
            citizen_id,
            jobcentre_id,
            category: AuditCategory::Health,
            record_id: Some(record_id),
        });
    }

    fn note(&self, entry: Entry) {
        let Some(viewer) = &self.0.viewer else { return };
        if viewer.is_citizen(entry.citizen_id) {
            return;
        }
        let mut seen = self.0.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.insert(entry.clone()) {
            self.0
                .entries
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(entry);
        }
    }

    fn take(&self) -> Vec<Entry> {
        std::mem::take(&mut *self.0.entries.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Writes the collected entries in one statement, however many there are: one row per
    /// category and job centre, holding the citizens read (`audit_events`). The per-request
    /// values are bound once, the per-row ones (row id, job centre, category, citizens) as one
    /// list each, unnested by the database (arrays on PostgreSQL, a JSON array on SQLite, where
    /// a trigger indexes the citizens). Returns the number of citizen reads written.
    pub async fn flush(
        &self,
        db: &DatabaseConnection,
        clock: &SharedClock,
        operation: &str,
    ) -> Result<usize, sea_orm::DbErr> {
        let entries = self.take();
        let Some(viewer) = &self.0.viewer else {
            return Ok(0);
        };
        if entries.is_empty() {
            return Ok(0);
        }
        let rows = rows_of(&entries);
        let backend = db.get_database_backend();
        let per_request: [Value; 6] = [
            clock.now().into(),
            viewer.role().claim().into(),
            viewer.subject().to_string().into(),
            viewer.organisation().map(|o| o.to_string()).into(),
            operation.into(),
            self.0.request_id.as_str().into(),
        ];
        let (sql, per_row): (&str, Vec<Value>) = match backend {
            DbBackend::Postgres => (
                INSERT_POSTGRES,
                vec![
                    array_literal(rows.iter().map(|r| r.id)).into(),
                    array_literal(rows.iter().map(|r| r.jobcentre_id)).into(),
                    array_literal(rows.iter().map(|r| r.category.to_value())).into(),
                    array_literal(rows.iter().map(|r| match r.record_id {
                        Some(id) => id.to_string(),
                        None => "NULL".to_string(),
                    }))
                    .into(),
                    array_literal(
                        rows.iter()
                            .map(|r| format!("\"{}\"", array_literal(r.citizens.iter()))),
                    )
                    .into(),
                ],
            ),
            _ => {
                let rows: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        serde_json::json!([
                            r.id.simple().to_string(),
                            r.jobcentre_id.simple().to_string(),
                            r.category.to_value(),
                            r.record_id.map(|id| id.simple().to_string()),
                            r.citizens
                                .iter()
                                .map(|c| c.simple().to_string())
                                .collect::<Vec<_>>(),
                        ])
                    })
                    .collect();
                (
                    INSERT_SQLITE,
                    vec![serde_json::Value::Array(rows).to_string().into()],
                )
            }
        };
        let values: Vec<Value> = per_request.into_iter().chain(per_row).collect();
        // A write like any other: on SQLite it waits for this process's turn to write.
        let _turn = super::db::write_turn(db).await;
        let inserted = db
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?
            .rows_affected();
        if inserted != rows.len() as u64 {
            return Err(sea_orm::DbErr::Custom(format!(
                "{} audit rows written of {}",
                inserted,
                rows.len()
            )));
        }
        super::metrics::metrics().audit_reads(entries.len());
        Ok(entries.len())
    }
}

/// One row of `audit_events`: the citizens of one category, job centre and record, in the order
/// read.
struct Row {
    id: Uuid,
    jobcentre_id: Uuid,
    category: AuditCategory,
    record_id: Option<Uuid>,
    citizens: Vec<Uuid>,
}

/// The request's entries grouped into rows, in the order each group was first read; the ids
/// are UUID v7, so the rows keep that order too.
fn rows_of(entries: &[Entry]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for entry in entries {
        match rows.iter_mut().find(|r| {
            r.jobcentre_id == entry.jobcentre_id
                && r.category == entry.category
                && r.record_id == entry.record_id
        }) {
            Some(row) => row.citizens.push(entry.citizen_id),
            None => rows.push(Row {
                id: Uuid::now_v7(),
                jobcentre_id: entry.jobcentre_id,
                category: entry.category,
                record_id: entry.record_id,
                citizens: vec![entry.citizen_id],
            }),
        }
    }
    rows
}

/// One statement for all of a request's rows on PostgreSQL: `$1`-`$6` the request's values,
/// `$7`-`$11` array literals of row ids, job centres, categories, records read (`NULL` for
/// none) and, per row, the citizens' array literal.
const INSERT_POSTGRES: &str = "INSERT INTO audit_events (id, occurred_at, actor_role, \
     actor_subject, actor_organisation, jobcentre_id, category, record_id, operation, \
     request_id, citizen_ids) \
     SELECT r.id, $1, $2, $3, $4, r.jobcentre_id, r.category, r.record_id, $5, $6, \
     CAST(r.citizens AS uuid[]) \
     FROM unnest(CAST($7 AS uuid[]), CAST($8 AS uuid[]), CAST($9 AS text[]), \
     CAST($10 AS uuid[]), CAST($11 AS text[])) \
     AS r(id, jobcentre_id, category, record_id, citizens)";

/// The same on SQLite, where ids are 16-byte blobs: the rows come as one JSON array of
/// `[id, job centre, category, record or null, [citizens]]`, ids in hex; `citizen_ids` keeps the
/// citizens' JSON array, which the trigger `audit_events_citizens` copies into
/// `audit_event_citizens`.
const INSERT_SQLITE: &str = "INSERT INTO audit_events (id, occurred_at, actor_role, \
     actor_subject, actor_organisation, jobcentre_id, category, record_id, operation, \
     request_id, citizen_ids) \
     SELECT unhex(r.value ->> 0), ?1, ?2, ?3, ?4, unhex(r.value ->> 1), r.value ->> 2, \
     unhex(r.value ->> 3), ?5, ?6, r.value -> 4 FROM json_each(?7) AS r";

/// A PostgreSQL array literal (`{a,b,c}`) of values that need no quoting (UUIDs, the
/// categories' upper-case names) or come quoted (the citizens' array literals).
fn array_literal<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    let items: Vec<String> = items.map(|item| item.to_string()).collect();
    format!("{{{}}}", items.join(","))
}
