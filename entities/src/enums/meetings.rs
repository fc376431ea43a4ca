//! Meetings with the job centre: their kind, form, origin and status, who else takes part,
//! booking deadlines, and where the interval between job conversations comes from.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The kind of meeting a citizen has with the job centre (samtaletype).
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
pub enum MeetingType {
    /// Job conversation (jobsamtale): the citizen and the caseworker talk about the citizen's
    /// job search and the way back to work.
    #[sea_orm(string_value = "JOB_CONVERSATION")]
    JobConversation,
    /// Joint meeting with the unemployment fund (fællessamtale med a-kassen): the citizen, the
    /// caseworker and the citizen's unemployment fund together.
    #[sea_orm(string_value = "JOINT_MEETING_FUND")]
    JointMeetingFund,
    /// Joint meeting with a provider (anden aktør): the citizen, the caseworker and the
    /// provider handling the citizen's service order together.
    #[sea_orm(string_value = "JOINT_MEETING_PROVIDER")]
    JointMeetingProvider,
    /// Any other meeting (anden samtale).
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// How a meeting takes place (samtaleform).
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
pub enum MeetingChannel {
    /// In person (personligt fremmøde), at the address given as the meeting's location.
    #[sea_orm(string_value = "IN_PERSON")]
    InPerson,
    /// By telephone (telefonsamtale).
    #[sea_orm(string_value = "PHONE")]
    Phone,
    /// By video (videosamtale).
    #[sea_orm(string_value = "VIDEO")]
    Video,
}

/// How a meeting came about.
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
pub enum MeetingOrigin {
    /// Booked by the citizen (selvbooking), in a free slot offered by the job centre.
    #[sea_orm(string_value = "SELF_BOOKED")]
    SelfBooked,
    /// Summoned by the job centre (indkaldelse), which chose the time.
    #[sea_orm(string_value = "SUMMONED")]
    Summoned,
}

/// Where a meeting stands: still to take place, or how it ended (samtalestatus).
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
pub enum MeetingStatus {
    /// Booked and still to take place (planlagt).
    #[sea_orm(string_value = "SCHEDULED")]
    Scheduled,
    /// The citizen attended the meeting (fremmøde).
    #[sea_orm(string_value = "ATTENDED")]
    Attended,
    /// The citizen was absent with a reason, e.g. a reported sickness (fravær).
    #[sea_orm(string_value = "ABSENT")]
    Absent,
    /// The citizen stayed away without a reason (udeblivelse).
    #[sea_orm(string_value = "NO_SHOW")]
    NoShow,
    /// The citizen cancelled the meeting in advance (afbud).
    #[sea_orm(string_value = "CANCELLED_BY_CITIZEN")]
    CancelledByCitizen,
    /// The job centre cancelled the meeting (aflyst).
    #[sea_orm(string_value = "CANCELLED_BY_JOBCENTRE")]
    CancelledByJobcentre,
}

/// Who takes part in a meeting besides the citizen and the caseworker (deltager).
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
pub enum ParticipantKind {
    /// A user of a provider (anden aktør), named by the participant's provider user.
    #[sea_orm(string_value = "PROVIDER_USER")]
    ProviderUser,
    /// A representative of the citizen's unemployment fund (a-kasse).
    #[sea_orm(string_value = "UNEMPLOYMENT_FUND")]
    UnemploymentFund,
}

/// The state of a deadline by which a citizen must book a meeting (frist for selvbooking).
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
pub enum BookingDeadlineStatus {
    /// The citizen has not booked yet (åben).
    #[sea_orm(string_value = "OPEN")]
    Open,
    /// The citizen booked a meeting, which the deadline points at (opfyldt).
    #[sea_orm(string_value = "FULFILLED")]
    Fulfilled,
    /// The deadline was withdrawn and no longer applies (annulleret).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// Where the interval between a citizen's job conversations comes from (kontaktforløbets
/// kadence).
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
pub enum CadenceSource {
    /// The law's minimum (lovens minimumskrav).
    #[sea_orm(string_value = "LAW")]
    Law,
    /// A stricter local policy set by the municipality (lokal politik).
    #[sea_orm(string_value = "LOCAL")]
    Local,
}
