//! The invoicing basis (fakturagrundlag) and the outcomes a result bonus pays for.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

text_enum! {
    /// How the weekly price bills an ISO week that spans two months
    /// (`invoice_policies.week_split_rule`).
    pub enum WeekSplitRule {
        /// In the month of the first day of the week on which the participant's offer ran: a
        /// week is billed in the month it started for the participant.
        FirstActiveDay = "FIRST_ACTIVE_DAY",
        /// In the month holding the week's Thursday (the month holding most of its days, as
        /// ISO 8601 assigns weeks to years).
        Thursday = "THURSDAY",
    }
}

text_enum! {
    /// What a citizen started (`employment_outcomes.kind`).
    pub enum OutcomeKind {
        /// A job, ordinary or subsidised.
        Job = "JOB",
        /// An education.
        Education = "EDUCATION",
    }
}

text_enum! {
    /// The state of one version of an invoicing basis (`invoice_bases.status`).
    pub enum InvoiceBasisStatus {
        /// Generated, open to review; a newer generation on changed data supersedes it.
        Draft = "DRAFT",
        /// Replaced by a newer version; kept for the record.
        Superseded = "SUPERSEDED",
        /// Approved and locked: later corrections become adjustment lines in a later month.
        Approved = "APPROVED",
    }
}

text_enum! {
    /// How serious a finding on a basis is (`invoice_warnings.severity`).
    pub enum InvoiceFindingSeverity {
        /// Worth checking before approval; does not stop it.
        Warning = "WARNING",
        /// The basis cannot be approved until it is resolved.
        Block = "BLOCK",
    }
}
