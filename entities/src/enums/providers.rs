//! Other actors (anden aktør): the roles of their users and the service orders sent to them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a user of another actor (anden aktør, a provider) may do for the provider.
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
pub enum ProviderUserRole {
    /// Coordinator (koordinator): sees all of the provider's service orders and assigns them
    /// to staff.
    #[sea_orm(string_value = "COORDINATOR")]
    Coordinator,
    /// Staff member (medarbejder): works on the service orders assigned to them.
    #[sea_orm(string_value = "STAFF")]
    Staff,
}

/// The state of a service order sent to a provider (henvisning/bestilling til anden aktør).
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
pub enum ServiceOrderStatus {
    /// The order is in force and the provider is working on it (aktiv).
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    /// The order has run its course (afsluttet).
    #[sea_orm(string_value = "ENDED")]
    Ended,
    /// The order was withdrawn before it ran its course (annulleret).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}
