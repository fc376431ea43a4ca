//! The alert type.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use jobbro_entities::alert;

/// A notice to a caseworker. The message carries no sensitive data; open the citizen to see more.
pub struct Alert(pub alert::Model);

/// A notice to a caseworker. The message carries no sensitive data; open the citizen to see more.
#[Object]
impl Alert {
    /// The alert's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What happened, as a stable code, e.g. `CONSENT_REVOKED`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// A short text for the inbox.
    async fn message(&self) -> &str {
        &self.0.message
    }
    /// The citizen it concerns, if any.
    async fn citizen_id(&self) -> Option<ID> {
        self.0.citizen_id.map(|id| ID(id.to_string()))
    }
    /// When it was raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it was marked read; null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}
