//! Absence and exemption, and the sick and recovery reports the unemployment fund is told of.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether an absence type is caused by outside circumstances or granted by the job centre.
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
pub enum AbsenceKind {
    /// Absence with an outside cause, such as sickness or holiday (fravær).
    #[sea_orm(string_value = "ABSENCE")]
    Absence,
    /// An exemption the job centre grants under the rules for the citizen's group
    /// (fritagelse).
    #[sea_orm(string_value = "EXEMPTION")]
    Exemption,
}

/// Who reported an absence (anmelder af fravær).
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
pub enum AbsenceReporter {
    /// The citizen, e.g. a sick report in the portal (borgeren).
    #[sea_orm(string_value = "CITIZEN")]
    Citizen,
    /// A caseworker at the job centre (sagsbehandler).
    #[sea_orm(string_value = "CASEWORKER")]
    Caseworker,
    /// A provider, recording the citizen absent sick from an offer (anden aktør).
    #[sea_orm(string_value = "PROVIDER")]
    Provider,
}

/// What the unemployment fund (a-kasse) is told of.
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
pub enum FundNotificationKind {
    /// The member reported sick (sygemelding).
    #[sea_orm(string_value = "SICK_REPORT")]
    SickReport,
    /// The member reported well again (raskmelding).
    #[sea_orm(string_value = "RECOVERY_REPORT")]
    RecoveryReport,
}

/// Whether a fund notification has been handed over.
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
pub enum NoticeStatus {
    /// Waiting to be handed over.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Handed to the fund.
    #[sea_orm(string_value = "SENT")]
    Sent,
}
