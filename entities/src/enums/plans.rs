//! Plans (Min Plan): how a version is delivered and acknowledged, requests for it in another
//! language, and who wrote a follow-up.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a published plan version reaches the citizen (levering af planen).
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
pub enum PlanDelivery {
    /// Shown in the self-service portal (Min Plan).
    #[sea_orm(string_value = "PORTAL")]
    Portal,
    /// Sent as a Digital Post letter (Digital Post).
    #[sea_orm(string_value = "DIGITAL_POST")]
    DigitalPost,
}

/// Where the citizen acknowledged a plan version (kvittering for planen).
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
pub enum AcknowledgementChannel {
    /// In the self-service portal (Min Plan).
    #[sea_orm(string_value = "PORTAL")]
    Portal,
}

/// Where a citizen's request for a plan version in another language stands.
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
pub enum LanguageRequestStatus {
    /// Asked for; the translated version is not yet available.
    #[sea_orm(string_value = "REQUESTED")]
    Requested,
    /// The version has been provided in the requested language.
    #[sea_orm(string_value = "PROVIDED")]
    Provided,
}

/// Who wrote a follow-up (opfølgning) on a goal or activity of a plan.
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
pub enum FollowUpAuthor {
    /// The citizen (borgeren).
    #[sea_orm(string_value = "CITIZEN")]
    Citizen,
    /// A user of a provider running an offer for the citizen (anden aktør).
    #[sea_orm(string_value = "PROVIDER")]
    Provider,
    /// A user of a company where the citizen has an offer or a job (virksomhed).
    #[sea_orm(string_value = "COMPANY")]
    Company,
}
