//! Enumerated text columns.
//!
//! Every enumeration is stored as upper-case text guarded by a CHECK constraint (see
//! `docs/data-model.md`); the stored value, the GraphQL value and the serde form are all the
//! same SCREAMING_SNAKE_CASE name, e.g. `JOB_READY`.

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

/// The caseworker's assessment of how close a citizen is to work or education
/// (visitationskategori, for insured unemployed: matchkategori).
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
pub enum VisitationCategory {
    /// Job-ready (jobparat): assessed able to take ordinary work.
    #[sea_orm(string_value = "JOB_READY")]
    JobReady,
    /// Activity-ready (aktivitetsparat): needs a coordinated effort before work or education
    /// is realistic.
    #[sea_orm(string_value = "ACTIVITY_READY")]
    ActivityReady,
    /// Education-ready (uddannelsesparat): a young person expected to be able to start and
    /// complete an ordinary education with some support.
    #[sea_orm(string_value = "EDUCATION_READY")]
    EducationReady,
    /// Obviously education-ready (åbenlyst uddannelsesparat): a young person able to start
    /// an ordinary education right away without special support.
    #[sea_orm(string_value = "OBVIOUSLY_EDUCATION_READY")]
    ObviouslyEducationReady,
}

/// Why a jobseeker registration ended (afmeldingsårsag).
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
pub enum DeregistrationReason {
    /// The citizen asked to be deregistered, e.g. after finding work (afmelding efter ønske).
    #[sea_orm(string_value = "CITIZEN_REQUEST")]
    CitizenRequest,
    /// Deregistered at once because the citizen reported sick (straksafmelding ved
    /// sygemelding).
    #[sea_orm(string_value = "SICK_REPORT")]
    SickReport,
    /// The caseworker assessed the citizen activity-ready (matchet aktivitetsparat).
    #[sea_orm(string_value = "MATCHED_ACTIVITY_READY")]
    MatchedActivityReady,
    /// The unemployment fund reported that the benefit has ended (dagpengeophør).
    #[sea_orm(string_value = "BENEFIT_ENDED")]
    BenefitEnded,
    /// The citizen has died (død).
    #[sea_orm(string_value = "DECEASED")]
    Deceased,
    /// The citizen no longer has a postal address in the CPR register (ingen
    /// CPR-postadresse).
    #[sea_orm(string_value = "NO_POSTAL_ADDRESS")]
    NoPostalAddress,
    /// The citizen did not confirm their job search in time (manglende bekræftelse af
    /// jobsøgning).
    #[sea_orm(string_value = "JOB_SEARCH_NOT_CONFIRMED")]
    JobSearchNotConfirmed,
}

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
    /// Share health information with the provider (anden aktør) handling a service order
    /// (deling af helbredsoplysninger med anden aktør).
    #[sea_orm(string_value = "SHARE_HEALTH_INFORMATION_WITH_PROVIDER")]
    ShareHealthInformationWithProvider,
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
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, EnumType, Object, Schema};

    /// The stored value, the GraphQL name and the serde form of every variant are the same.
    fn same_names<E>() -> Result<(), String>
    where
        E: ActiveEnum<Value = String> + EnumType + Serialize + std::fmt::Debug,
    {
        let items = E::items();
        if items.len() != E::iter().count() {
            return Err(format!(
                "{}: variant count differs",
                std::any::type_name::<E>()
            ));
        }
        for item in items {
            let stored = item.value.to_value();
            let json = serde_json::to_string(&item.value).map_err(|e| e.to_string())?;
            if stored != item.name || json != format!("\"{stored}\"") {
                return Err(format!(
                    "{:?}: stored {stored}, GraphQL {}, serde {json}",
                    item.value, item.name
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn stored_graphql_and_serde_names_agree() -> Result<(), String> {
        same_names::<Channel>()?;
        same_names::<VisitationCategory>()?;
        same_names::<DeregistrationReason>()?;
        same_names::<ProviderUserRole>()?;
        same_names::<ServiceOrderStatus>()?;
        same_names::<JobOrderStatus>()?;
        same_names::<CandidateStatus>()?;
        same_names::<ConsentPurpose>()?;
        same_names::<AuditCategory>()?;
        same_names::<AbsenceKind>()?;
        same_names::<LetterStatus>()?;
        same_names::<MeetingType>()?;
        same_names::<MeetingChannel>()?;
        same_names::<MeetingOrigin>()?;
        same_names::<MeetingStatus>()?;
        same_names::<ParticipantKind>()?;
        same_names::<BookingDeadlineStatus>()?;
        same_names::<AbsenceReporter>()?;
        same_names::<CadenceSource>()?;
        same_names::<PlanDelivery>()?;
        same_names::<AcknowledgementChannel>()?;
        same_names::<LanguageRequestStatus>()?;
        same_names::<FundNotificationKind>()?;
        same_names::<FundNotificationStatus>()?;
        same_names::<FollowUpAuthor>()
    }

    struct Query;

    #[Object]
    impl Query {
        async fn channel(&self) -> Channel {
            Channel::Portal
        }
        async fn visitation_category(&self) -> VisitationCategory {
            VisitationCategory::JobReady
        }
        async fn meeting_status(&self) -> MeetingStatus {
            MeetingStatus::NoShow
        }
        async fn plan_delivery(&self) -> PlanDelivery {
            PlanDelivery::Portal
        }
    }

    #[test]
    fn doc_comments_become_schema_descriptions() {
        let sdl = Schema::new(Query, EmptyMutation, EmptySubscription).sdl();
        assert!(sdl.contains("enum VisitationCategory"), "{sdl}");
        assert!(sdl.contains("Job-ready (jobparat)"), "{sdl}");
        assert!(sdl.contains("JOB_READY"), "{sdl}");
        assert!(sdl.contains("kommunikationskanal"), "{sdl}");
        assert!(sdl.contains("enum MeetingStatus"), "{sdl}");
        assert!(sdl.contains("samtalestatus"), "{sdl}");
        assert!(sdl.contains("without a reason (udeblivelse)"), "{sdl}");
        assert!(sdl.contains("NO_SHOW"), "{sdl}");
        assert!(sdl.contains("enum PlanDelivery"), "{sdl}");
        assert!(sdl.contains("self-service portal (Min Plan)"), "{sdl}");
        assert!(sdl.contains("DIGITAL_POST"), "{sdl}");
    }
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
pub enum FundNotificationStatus {
    /// Waiting to be handed over.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Handed to the fund.
    #[sea_orm(string_value = "SENT")]
    Sent,
}
