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

text_enum! {
    /// Where a citizen stands as a candidate for a job order (kandidat): a caseworker proposes,
    /// then presents (the CV goes to the company); the company records what came of it.
    pub enum CandidateStatus {
        /// Proposed by a caseworker; the company has not seen the candidate (foreslået).
        Proposed = "PROPOSED",
        /// Presented to the company, which has the CV; no outcome yet (præsenteret).
        Presented = "PRESENTED",
        /// The company has called the candidate to an interview (til samtale).
        Interview = "INTERVIEW",
        /// The company hired the candidate (ansat).
        Hired = "HIRED",
        /// The company chose someone else (ikke udvalgt).
        NotSelected = "NOT_SELECTED",
        /// Taken back by the job centre before the company decided (trukket tilbage).
        Withdrawn = "WITHDRAWN",
    }
}

impl CandidateStatus {
    /// The states in which the company has the candidate's CV.
    pub const PRESENTED: &[Self] = &[
        Self::Presented,
        Self::Interview,
        Self::Hired,
        Self::NotSelected,
    ];
}

text_enum! {
    /// The state of a placement: GRANTED → STARTED → ENDED, or CANCELLED before it starts.
    pub enum PlacementStatus {
        /// Granted by the job centre; not started yet (bevilget).
        Granted = "GRANTED",
        /// The citizen has started (startet).
        Started = "STARTED",
        /// Over (afsluttet).
        Ended = "ENDED",
        /// Called off before it started (annulleret).
        Cancelled = "CANCELLED",
    }
}
