//! The events jobbro's domains publish. The payload is stored as JSON; the variant name is the
//! `event_type` column.

use jobbro_entities::enums::ConsentPurpose;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Something that happened and that others (the caseworker, the citizen's mailbox, other
/// systems) must hear about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum DomainEvent {
    /// A citizen granted a consent.
    ConsentGranted {
        consent_id: Uuid,
        citizen_id: Uuid,
        purpose: ConsentPurpose,
    },
    /// A citizen revoked a consent.
    ConsentRevoked {
        consent_id: Uuid,
        citizen_id: Uuid,
        purpose: ConsentPurpose,
    },
}

impl DomainEvent {
    /// The `event_type` column.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::ConsentGranted { .. } => "ConsentGranted",
            DomainEvent::ConsentRevoked { .. } => "ConsentRevoked",
        }
    }

    /// The record the event is about.
    pub fn aggregate_id(&self) -> Uuid {
        match self {
            DomainEvent::ConsentGranted { consent_id, .. }
            | DomainEvent::ConsentRevoked { consent_id, .. } => *consent_id,
        }
    }
}
