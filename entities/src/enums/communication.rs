//! How the job centre reaches a citizen: the channels it uses and the state of the letters it
//! sends.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A channel through which the job centre reaches a citizen (kommunikationskanal). Used both
/// for a citizen's preferred channel and for the channel a letter was sent through.
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
pub enum Channel {
    /// The citizen's inbox in the job portal (portalen, as on Jobnet).
    #[sea_orm(string_value = "PORTAL")]
    Portal,
    /// Digital Post, the public sector's secure digital mailbox (Digital Post).
    #[sea_orm(string_value = "DIGITAL_POST")]
    DigitalPost,
    /// A text message to the citizen's mobile phone (sms).
    #[sea_orm(string_value = "SMS")]
    Sms,
    /// An e-mail to the citizen's e-mail address (e-mail).
    #[sea_orm(string_value = "EMAIL")]
    Email,
    /// A paper letter sent by post to the citizen's address (fysisk brev).
    #[sea_orm(string_value = "PAPER")]
    Paper,
}

/// The delivery state of a letter to a citizen (brev).
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
pub enum LetterStatus {
    /// Waiting to be sent (afventer).
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Handed to the channel (sendt).
    #[sea_orm(string_value = "SENT")]
    Sent,
    /// Sending failed (fejlet).
    #[sea_orm(string_value = "FAILED")]
    Failed,
}
