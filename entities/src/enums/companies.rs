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

text_enum! {
    /// A step in a placement's log (`placement_log.step`).
    pub enum PlacementStep {
        /// Granted by the job centre.
        Granted = "GRANTED",
        /// The citizen started.
        Started = "STARTED",
        /// Over.
        Ended = "ENDED",
        /// Called off before it started.
        Cancelled = "CANCELLED",
        /// The job centre followed up with the company and the citizen (opfølgning).
        FollowedUp = "FOLLOWED_UP",
        /// The follow-up interval was changed or removed.
        FollowUpChanged = "FOLLOW_UP_CHANGED",
        /// An extension was asked for.
        ExtensionRequested = "EXTENSION_REQUESTED",
        /// The job centre approved an extension; the company has not confirmed it yet.
        ExtensionApproved = "EXTENSION_APPROVED",
        /// The job centre turned an extension down.
        ExtensionRejected = "EXTENSION_REJECTED",
        /// The company confirmed an approved extension: the new end date holds.
        ExtensionConfirmed = "EXTENSION_CONFIRMED",
    }
}

impl From<PlacementStatus> for PlacementStep {
    fn from(status: PlacementStatus) -> Self {
        match status {
            PlacementStatus::Granted => Self::Granted,
            PlacementStatus::Started => Self::Started,
            PlacementStatus::Ended => Self::Ended,
            PlacementStatus::Cancelled => Self::Cancelled,
        }
    }
}

text_enum! {
    /// Where a proposed placement stands: PROPOSED → GRANTED or DECLINED by the job centre.
    pub enum PlacementProposalStatus {
        /// Waiting for the job centre (foreslået).
        Proposed = "PROPOSED",
        /// The job centre granted it; the placement exists (bevilget).
        Granted = "GRANTED",
        /// The job centre did not grant it (ikke bevilget).
        Declined = "DECLINED",
    }
}

text_enum! {
    /// Who proposed a placement.
    pub enum PlacementProposer {
        /// A user of the company, for a candidate presented to it.
        Company = "COMPANY",
        /// A provider (anden aktør), for a citizen referred to it.
        Provider = "PROVIDER",
    }
}

text_enum! {
    /// Where an internship extension stands: REQUESTED → APPROVED → CONFIRMED, or REJECTED.
    pub enum ExtensionStatus {
        /// Asked for; the job centre has not decided.
        Requested = "REQUESTED",
        /// Approved by the job centre; waiting for the company's confirmation. The end date has
        /// not moved yet.
        Approved = "APPROVED",
        /// Turned down by the job centre.
        Rejected = "REJECTED",
        /// Confirmed by the company: the placement's end date moved.
        Confirmed = "CONFIRMED",
    }
}

text_enum! {
    /// What a notification to a company is about.
    pub enum CompanyNotificationKind {
        /// A placement at your unit ended.
        PlacementEnded = "PLACEMENT_ENDED",
        /// The job centre approved an extension; confirm it for the new end date to hold.
        ExtensionApproved = "EXTENSION_APPROVED",
        /// The job centre turned an extension down; the end date stands.
        ExtensionRejected = "EXTENSION_REJECTED",
    }
}

text_enum! {
    /// How the job centre was in contact with a company.
    pub enum ContactChannel {
        /// By telephone.
        Phone = "PHONE",
        /// By email.
        Email = "EMAIL",
        /// By video.
        Video = "VIDEO",
        /// A meeting at the job centre.
        Meeting = "MEETING",
        /// A visit at the company (virksomhedsbesøg).
        Visit = "VISIT",
    }
}
