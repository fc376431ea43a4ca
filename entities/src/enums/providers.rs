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
    /// The job centre has ordered the service; the provider has not accepted it yet (bestilt).
    #[sea_orm(string_value = "ORDERED")]
    Ordered,
    /// The provider's coordinator accepted the order and assigned a staff member (accepteret).
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    /// The citizen started; the offer is running (startet).
    #[sea_orm(string_value = "STARTED")]
    Started,
    /// The offer has run its course (afsluttet).
    #[sea_orm(string_value = "ENDED")]
    Ended,
    /// The order was withdrawn before it ran its course (annulleret).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

impl ServiceOrderStatus {
    /// The states in which the order holds a seat of its service: ordered, accepted, started.
    pub const HOLDING_A_SEAT: &'static [ServiceOrderStatus] = &[
        ServiceOrderStatus::Ordered,
        ServiceOrderStatus::Accepted,
        ServiceOrderStatus::Started,
    ];
}

/// A price component of a contract service (`price_components.kind`); amounts in øre.
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
pub enum PriceKind {
    /// Once per participant who starts (startgebyr).
    #[sea_orm(string_value = "START_FEE")]
    StartFee,
    /// Per active participant per month, pro rata by the days active in the month.
    #[sea_orm(string_value = "MONTHLY_FEE")]
    MonthlyFee,
    /// Per started week of delivery.
    #[sea_orm(string_value = "WEEKLY_PRICE")]
    WeeklyPrice,
    /// Per delivered (attended) hour.
    #[sea_orm(string_value = "HOURLY_PRICE")]
    HourlyPrice,
    /// When the citizen starts a job or education within a number of weeks of the order's end
    /// (resultatbonus).
    #[sea_orm(string_value = "RESULT_BONUS")]
    ResultBonus,
}

/// What a provider records for a day of an order (`offer_attendance.kind`).
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
pub enum AttendanceKind {
    /// The citizen attended (fremmødt), for the hours recorded.
    #[sea_orm(string_value = "ATTENDED")]
    Attended,
    /// The citizen was absent sick (fravær, sygdom): recorded as the citizen's absence.
    #[sea_orm(string_value = "ABSENT_SICK")]
    AbsentSick,
    /// The citizen was absent with leave (lovligt fravær).
    #[sea_orm(string_value = "ABSENT_EXCUSED")]
    AbsentExcused,
    /// The citizen did not turn up and gave no reason (udeblivelse).
    #[sea_orm(string_value = "NO_SHOW")]
    NoShow,
}

/// What the benefits service (ydelsessystemet) is told of an offer (`benefits_notices.kind`).
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
pub enum BenefitsNoticeKind {
    /// The citizen started the offer: in activation from that day (`004:364-372`).
    #[sea_orm(string_value = "ACTIVATION_STARTED")]
    ActivationStarted,
    /// The offer ended: the activation ends that day.
    #[sea_orm(string_value = "ACTIVATION_ENDED")]
    ActivationEnded,
    /// The order was cancelled (the activation ends, if it had started).
    #[sea_orm(string_value = "ACTIVATION_CANCELLED")]
    ActivationCancelled,
    /// The citizen was absent from the offer (sick or with leave) that day.
    #[sea_orm(string_value = "OFFER_ABSENCE")]
    OfferAbsence,
    /// The citizen did not turn up at the offer that day.
    #[sea_orm(string_value = "OFFER_NO_SHOW")]
    OfferNoShow,
    /// The job centre asks for a hearing on a sanction (partshøring).
    #[sea_orm(string_value = "HEARING_REQUEST")]
    HearingRequest,
    /// The citizen turned up again after a no-show.
    #[sea_orm(string_value = "CITIZEN_REAPPEARED")]
    CitizenReappeared,
    /// A person marking protects the citizen from sanctions from that day (rule 13).
    #[sea_orm(string_value = "MARKING_SET")]
    MarkingSet,
    /// The person marking was removed: sanctions apply again from that day.
    #[sea_orm(string_value = "MARKING_REMOVED")]
    MarkingRemoved,
}

/// Where an order's no-show procedure stands (`no_show_procedures.status`).
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
pub enum NoShowStatus {
    /// The citizen did not turn up on the first day; the provider must send a letter with a new
    /// date.
    #[sea_orm(string_value = "AWAITING_LETTER")]
    AwaitingLetter,
    /// The re-summons letter went out with a new date.
    #[sea_orm(string_value = "LETTER_SENT")]
    LetterSent,
    /// The citizen did not turn up on the new date either: the benefits service was asked to
    /// hear the citizen (partshøring).
    #[sea_orm(string_value = "HEARING_REQUESTED")]
    HearingRequested,
    /// The citizen did not turn up on the new date, but no hearing was requested: a person
    /// marking protects the citizen from sanctions.
    #[sea_orm(string_value = "HEARING_WITHHELD")]
    HearingWithheld,
    /// The job centre recorded the decision; the offer may now end.
    #[sea_orm(string_value = "DECIDED")]
    Decided,
}

/// Which supplier report it is (`supplier_reports.kind`).
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
pub enum SupplierReportKind {
    /// Due soon after the offer started (opstartsrapport).
    #[sea_orm(string_value = "START")]
    Start,
    /// Due at intervals during a long offer (statusrapport).
    #[sea_orm(string_value = "PERIODIC")]
    Periodic,
    /// Due after the offer ended; every order has one (afsluttende rapport).
    #[sea_orm(string_value = "FINAL")]
    Final,
    /// Asked for by the job centre.
    #[sea_orm(string_value = "ON_REQUEST")]
    OnRequest,
    /// Written by the provider when something is wrong (afvigelse), unscheduled.
    #[sea_orm(string_value = "EXCEPTION")]
    Exception,
}

/// A fixed section of a supplier report (`supplier_report_sections.section`).
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
pub enum ReportSection {
    /// Attendance in the period, filled from the recorded days (fremmøde).
    #[sea_orm(string_value = "ATTENDANCE")]
    Attendance,
    /// The citizen's development (progression).
    #[sea_orm(string_value = "PROGRESSION")]
    Progression,
    /// What stands in the way (barrierer).
    #[sea_orm(string_value = "BARRIERS")]
    Barriers,
    /// The recommended next step (anbefaling).
    #[sea_orm(string_value = "NEXT_STEP")]
    NextStep,
    /// What the offer achieved (effekt).
    #[sea_orm(string_value = "EFFECT")]
    Effect,
}

/// How a target group's supplier reports fall due (`supplier_report_policies.mode`).
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
pub enum ReportPolicyMode {
    /// Start, periodic and final reports, and reports on request.
    #[sea_orm(string_value = "PERIODIC")]
    Periodic,
    /// Only the final report and reports on request; the provider reports exceptions when something is wrong.
    #[sea_orm(string_value = "EXCEPTION_ONLY")]
    ExceptionOnly,
}

/// The next step a supplier report recommends (`supplier_reports.next_step`).
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
pub enum NextStep {
    /// Continue the offer as ordered.
    #[sea_orm(string_value = "CONTINUE")]
    Continue,
    /// Change the offer (hours, length): a change request must be linked for anything to change.
    #[sea_orm(string_value = "CHANGE")]
    Change,
    /// End the offer.
    #[sea_orm(string_value = "END")]
    End,
    /// The citizen is ready for a job.
    #[sea_orm(string_value = "JOB")]
    Job,
    /// The citizen is ready for education.
    #[sea_orm(string_value = "EDUCATION")]
    Education,
}

/// What a change request asks of an offer (`offer_change_requests.kind`).
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
pub enum ChangeKind {
    /// Extend the offer to a later last day.
    #[sea_orm(string_value = "EXTEND")]
    Extend,
    /// End the offer early (ophør).
    #[sea_orm(string_value = "END")]
    End,
    /// Reduce the hours per week.
    #[sea_orm(string_value = "REDUCE_HOURS")]
    ReduceHours,
    /// Change the hours per week.
    #[sea_orm(string_value = "CHANGE_HOURS")]
    ChangeHours,
    /// The citizen never started: cancel the order.
    #[sea_orm(string_value = "NOT_STARTED")]
    NotStarted,
}

/// Where a change request stands (`offer_change_requests.status`).
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
pub enum ChangeRequestStatus {
    /// Awaiting the job centre's decision; the offer runs on as ordered.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Approved: the change took effect.
    #[sea_orm(string_value = "APPROVED")]
    Approved,
    /// Rejected: the offer runs on as ordered.
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
}

/// Who sent a message on an order (`order_messages.sender`).
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
pub enum MessageSender {
    /// The provider (a user of the organisation).
    #[sea_orm(string_value = "PROVIDER")]
    Provider,
    /// The job centre's team mailbox (a caseworker answering for it).
    #[sea_orm(string_value = "JOBCENTRE")]
    Jobcentre,
}
