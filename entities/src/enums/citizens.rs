//! A citizen's case and jobseeker registration: the caseworker's visitation and why a
//! registration ended.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

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

text_enum! {
    /// A step of a case.
    pub enum CaseEventKind {
        /// The case was opened.
        Opened = "OPENED",
        /// The case was visited for the first time (a visitation category given).
        Visited = "VISITED",
        /// The case was visited again: another category or target group.
        Revisited = "REVISITED",
        /// Another case of the citizen became the main one; this one stays open beside it.
        MadeSecondary = "MADE_SECONDARY",
        /// The case is the citizen's main case again.
        MadeMain = "MADE_MAIN",
        /// The case was closed.
        Closed = "CLOSED",
    }
}
