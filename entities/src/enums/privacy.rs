//! Personal data: what a citizen's consent allows and what an audited access touched.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a citizen's consent (samtykke) allows the job centre to do.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    async_graphql::Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConsentPurpose {
    /// Show the citizen's CV to companies looking for candidates (deling af CV med
    /// virksomheder).
    #[sea_orm(string_value = "SHARE_CV_WITH_COMPANIES")]
    ShareCvWithCompanies,
    /// Hand the citizen's data over to the new job centre when the citizen moves to another
    /// municipality (deling af oplysninger ved flytning).
    #[sea_orm(string_value = "SHARE_DATA_AFTER_MOVING")]
    ShareDataAfterMoving,
}

/// What kind of personal data an audited access touched (logningskategori).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    async_graphql::Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuditCategory {
    /// Identity data: name and address (identitetsoplysninger).
    #[sea_orm(string_value = "IDENTITY")]
    Identity,
    /// The citizen's CPR number (CPR-nummer).
    #[sea_orm(string_value = "CPR")]
    Cpr,
    /// Contact data: phone, e-mail and preferred channel (kontaktoplysninger).
    #[sea_orm(string_value = "CONTACT")]
    Contact,
    /// The citizen's case: groups, visitation, caseworker (sagsoplysninger).
    #[sea_orm(string_value = "CASE")]
    Case,
    /// The citizen's consents (samtykker).
    #[sea_orm(string_value = "CONSENT")]
    Consent,
    /// Registration and deregistration as a jobseeker (til- og afmelding).
    #[sea_orm(string_value = "REGISTRATION")]
    Registration,
    /// Health information: a document from a clinician (helbredsoplysninger); one log row per
    /// document read.
    #[sea_orm(string_value = "HEALTH")]
    Health,
}
