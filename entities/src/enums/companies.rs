//! Companies: their job orders and the candidates presented for them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

text_enum! {
    /// The state of a company's job order (jobordre): DRAFT → SUBMITTED → IN_PROGRESS → FILLED,
    /// CLOSED or CANCELLED.
    pub enum JobOrderStatus {
        /// Written by the company, not yet sent to the job centre (kladde).
        Draft = "DRAFT",
        /// Sent to the job centre, which has not taken it up yet (indsendt).
        Submitted = "SUBMITTED",
        /// The job centre is looking for candidates (under behandling).
        InProgress = "IN_PROGRESS",
        /// Started placements fill every position (besat).
        Filled = "FILLED",
        /// Closed by the company or the job centre without every position filled (lukket).
        Closed = "CLOSED",
        /// Withdrawn before the job centre took it up (annulleret).
        Cancelled = "CANCELLED",
    }
}

impl JobOrderStatus {
    /// The states in which the order may still be changed and is still looked at.
    pub const OPEN: &[Self] = &[Self::Draft, Self::Submitted, Self::InProgress];
}

text_enum! {
    /// What kind of job a job order offers.
    pub enum JobOrderKind {
        /// An ordinary job on ordinary terms (ordinært job).
        Ordinary = "ORDINARY",
        /// A company internship (virksomhedspraktik).
        CompanyInternship = "COMPANY_INTERNSHIP",
        /// A job with wage subsidy (løntilskud).
        WageSubsidy = "WAGE_SUBSIDY",
        /// A flex job, for citizens visited to one (fleksjob).
        FlexJob = "FLEX_JOB",
        /// An adult apprenticeship (voksenlærling).
        AdultApprentice = "ADULT_APPRENTICE",
        /// Job rotation: a substitute while staff are in education (jobrotation).
        JobRotation = "JOB_ROTATION",
    }
}

text_enum! {
    /// A step in a job order's log (`job_order_log.step`).
    pub enum JobOrderStep {
        /// Written (as a draft or sent at once).
        Posted = "POSTED",
        /// Its terms changed.
        Changed = "CHANGED",
        /// Sent to the job centre.
        Submitted = "SUBMITTED",
        /// Taken up by the job centre.
        TakenUp = "TAKEN_UP",
        /// Every position filled.
        Filled = "FILLED",
        /// Closed.
        Closed = "CLOSED",
        /// Withdrawn.
        Cancelled = "CANCELLED",
    }
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
