//! The audit trail of personal-data reads. Resolvers that show a citizen's personal data to
//! anyone but that citizen call [`AuditLog::record`]; the entries of one request are written in
//! one batch when the operation has run (`schema::execute`, not a per-field extension). If the
//! batch cannot be written the response is replaced by an error: data is not shown without its
//! audit row.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use jobbro_entities::{audit_event, enums::AuditCategory};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::viewer::Viewer;
use crate::kernel::clock::SharedClock;

/// Audit rows per INSERT: ten columns a row keeps a statement at 5,000 bind parameters, well
/// under SQLite's 32,766 and PostgreSQL's 65,535.
pub const ROWS_PER_INSERT: usize = 500;

/// The id of one HTTP request, as sent back in `x-request-id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Entry {
    citizen_id: Uuid,
    jobcentre_id: Uuid,
    category: AuditCategory,
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
        let Some(viewer) = &self.0.viewer else { return };
        if viewer.is_citizen(citizen_id) {
            return;
        }
        let entry = Entry {
            citizen_id,
            jobcentre_id,
            category,
        };
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

    /// Writes the collected entries, in as few statements as the databases' bind-parameter limits
    /// allow ([`ROWS_PER_INSERT`] rows each).
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
        let now = clock.now();
        let count = entries.len();
        let rows: Vec<audit_event::ActiveModel> = entries
            .into_iter()
            .map(|e| audit_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                occurred_at: Set(now),
                actor_role: Set(viewer.role().claim().to_string()),
                actor_subject: Set(viewer.subject().to_string()),
                actor_organisation: Set(viewer.organisation().map(|o| o.to_string())),
                jobcentre_id: Set(Some(e.jobcentre_id)),
                citizen_id: Set(e.citizen_id),
                category: Set(e.category),
                operation: Set(operation.to_string()),
                request_id: Set(self.0.request_id.clone()),
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            audit_event::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(db)
                .await?;
        }
        Ok(count)
    }
}
