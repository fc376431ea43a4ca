//! Companies: their job orders and the candidates presented for them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The state of a company's job order (jobordre): DRAFT → SUBMITTED → IN_PROGRESS → FILLED,
/// CLOSED or CANCELLED.
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
pub enum JobOrderStatus {
    /// Written by the company, not yet sent to the job centre (kladde).
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// Sent to the job centre, which has not taken it up yet (indsendt).
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// The job centre is looking for candidates (under behandling).
    #[sea_orm(string_value = "IN_PROGRESS")]
    InProgress,
    /// Started placements fill every position (besat).
    #[sea_orm(string_value = "FILLED")]
    Filled,
    /// Closed by the company or the job centre without every position filled (lukket).
    #[sea_orm(string_value = "CLOSED")]
    Closed,
    /// Withdrawn before the job centre took it up (annulleret).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

impl JobOrderStatus {
    /// The states in which the order may still be changed and is still looked at.
    pub const OPEN: &[Self] = &[Self::Draft, Self::Submitted, Self::InProgress];
}

/// What kind of job a job order offers.
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
pub enum JobOrderKind {
    /// An ordinary job on ordinary terms (ordinært job).
    #[sea_orm(string_value = "ORDINARY")]
    Ordinary,
    /// A company internship (virksomhedspraktik).
    #[sea_orm(string_value = "COMPANY_INTERNSHIP")]
    CompanyInternship,
    /// A job with wage subsidy (løntilskud).
    #[sea_orm(string_value = "WAGE_SUBSIDY")]
    WageSubsidy,
    /// A flex job, for citizens visited to one (fleksjob).
    #[sea_orm(string_value = "FLEX_JOB")]
    FlexJob,
    /// An adult apprenticeship (voksenlærling).
    #[sea_orm(string_value = "ADULT_APPRENTICE")]
    AdultApprentice,
    /// Job rotation: a substitute while staff are in education (jobrotation).
    #[sea_orm(string_value = "JOB_ROTATION")]
    JobRotation,
}

/// A step in a job order's log (`job_order_log.step`).
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
pub enum JobOrderStep {
    /// Written (as a draft or sent at once).
    #[sea_orm(string_value = "POSTED")]
    Posted,
    /// Its terms changed.
    #[sea_orm(string_value = "CHANGED")]
    Changed,
    /// Sent to the job centre.
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// Taken up by the job centre.
    #[sea_orm(string_value = "TAKEN_UP")]
    TakenUp,
    /// Every position filled.
    #[sea_orm(string_value = "FILLED")]
    Filled,
    /// Closed.
    #[sea_orm(string_value = "CLOSED")]
    Closed,
    /// Withdrawn.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// The outcome of presenting a citizen to a company for a job order (kandidat).
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
pub enum CandidateStatus {
    /// Presented to the company; no decision yet (præsenteret).
    #[sea_orm(string_value = "PRESENTED")]
    Presented,
    /// The company hired the candidate (ansat).
    #[sea_orm(string_value = "HIRED")]
    Hired,
    /// The company chose someone else (ikke udvalgt).
    #[sea_orm(string_value = "NOT_SELECTED")]
    NotSelected,
}
