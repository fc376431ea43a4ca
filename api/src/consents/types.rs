//! Consent types, inputs and payloads.

use async_graphql::{ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use jobbro_entities::{consent, enums::ConsentPurpose};
use serde::Serialize;

use crate::kernel::user_error::UserError;

/// A consent given by a citizen for one purpose. Revoking ends it; a new grant is a new consent.
pub struct Consent(pub consent::Model);

/// A consent given by a citizen for one purpose. Revoking ends it; a new grant is a new consent.
#[Object]
impl Consent {
    /// The consent's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the consent allows.
    async fn purpose(&self) -> ConsentPurpose {
        self.0.purpose
    }
    /// When it was given.
    async fn granted_at(&self) -> DateTime<Utc> {
        self.0.granted_at
    }
    /// When it was revoked; null while in force.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    /// Whether the consent is in force.
    async fn active(&self) -> bool {
        self.0.revoked_at.is_none()
    }
}

/// Input of `grantConsent`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct GrantConsentInput {
    /// What the consent allows.
    pub purpose: ConsentPurpose,
    /// Any unique string (a UUID is fine); sending the same request again with the same key
    /// returns the first result instead of granting twice.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `grantConsent`.
#[derive(SimpleObject)]
pub struct GrantConsentPayload {
    /// The new consent; null when `userErrors` is not empty.
    pub consent: Option<Consent>,
    /// What prevented the grant, if anything.
    pub user_errors: Vec<UserError>,
}

/// Input of `revokeConsent`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RevokeConsentInput {
    /// The consent to revoke.
    pub consent_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `revokeConsent`.
#[derive(SimpleObject)]
pub struct RevokeConsentPayload {
    /// The revoked consent; null when `userErrors` is not empty.
    pub consent: Option<Consent>,
    /// What prevented the revocation, if anything.
    pub user_errors: Vec<UserError>,
}
