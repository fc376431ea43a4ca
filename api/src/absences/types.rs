//! Absence types, inputs and payloads.

use async_graphql::{ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::{
    absence, absence_type,
    enums::{AbsenceKind, AbsenceReporter},
};
use serde::Serialize;

use crate::kernel::user_error::UserError;

/// A period of absence or exemption (fravær, fritagelse) and what it switches off.
#[derive(Debug, Clone)]
pub struct Absence {
    pub absence: absence::Model,
    pub kind: absence_type::Model,
}

/// A period of absence or exemption (fravær, fritagelse) and what it switches off.
#[Object]
impl Absence {
    /// The absence's id.
    async fn id(&self) -> ID {
        ID(self.absence.id.to_string())
    }
    /// The reference-data code of its type, e.g. `SYGEMELDING`.
    async fn type_code(&self) -> &str {
        &self.kind.code
    }
    /// The type's name, e.g. "Sygdom – sygemelding".
    async fn type_name(&self) -> &str {
        &self.kind.name
    }
    /// Whether it is an absence with an outside cause or an exemption the job centre granted.
    async fn kind(&self) -> AbsenceKind {
        self.kind.kind
    }
    /// First day.
    async fn starts_on(&self) -> NaiveDate {
        self.absence.starts_on
    }
    /// Last day; null while open-ended.
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.absence.ends_on
    }
    /// Who registered it.
    async fn reported_by(&self) -> AbsenceReporter {
        self.absence.reported_by
    }
    /// Whether the citizen is not summoned to conversations meanwhile.
    async fn suspends_contact_course(&self) -> bool {
        self.kind.suspends_contact_course
    }
    /// Whether personal attendance is waived meanwhile (phone or video allowed).
    async fn suspends_personal_attendance(&self) -> bool {
        self.kind.suspends_personal_attendance
    }
}

/// An absence as a provider sees it: the dates only, never the type (`DOMAIN`: absence,
/// provider column).
#[derive(Debug, Clone, SimpleObject)]
pub struct AbsencePeriod {
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day; null while open-ended.
    pub ends_on: Option<NaiveDate>,
}

/// Input of `reportSick`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ReportSickInput {
    /// The first sick day; today when left out. At most 14 days back, never in the future.
    pub first_day: Option<NaiveDate>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `reportRecovered`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ReportRecoveredInput {
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `registerAbsence`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RegisterAbsenceInput {
    /// The citizen.
    pub citizen_id: ID,
    /// The absence type's reference-data code, e.g. `FERIE` or `FRITAGELSE_FREMMOEDE`.
    pub type_code: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day; leave out for open-ended.
    pub ends_on: Option<NaiveDate>,
    /// A note for the case (not shown to providers).
    pub note: Option<String>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `endAbsence`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct EndAbsenceInput {
    /// The absence to end.
    pub absence_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of the absence mutations.
#[derive(SimpleObject)]
pub struct AbsencePayload {
    /// The absence as it now stands; null when `userErrors` is not empty.
    pub absence: Option<Absence>,
    /// What prevented the change, if anything.
    pub user_errors: Vec<UserError>,
}
