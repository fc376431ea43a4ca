//! Companies: their job orders and the candidates presented for them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The state of a company's job order (jobordre).
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
    /// The job centre is looking for candidates (åben).
    #[sea_orm(string_value = "OPEN")]
    Open,
    /// Every position has been filled (besat).
    #[sea_orm(string_value = "FILLED")]
    Filled,
    /// Closed without (all positions) being filled (lukket).
    #[sea_orm(string_value = "CLOSED")]
    Closed,
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
