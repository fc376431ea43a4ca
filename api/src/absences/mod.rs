//! Absence and exemptions (fravær, fritagelser, `002:83-160`): the citizen reports sickness and
//! recovery; caseworkers register other absences from the national reference data. What an
//! absence switches off (summons, self-booking right and duty, personal attendance) is read from
//! its type, never hard-coded.

pub mod events;
pub mod loader;
pub mod mutation;
pub mod scope;
pub mod service;
pub mod situation;
pub mod types;
pub mod views;

/// The reference-data code of the sick report ("Sygdom – sygemelding").
pub const SICK_REPORT: &str = "SYGEMELDING";
/// The reference-data code of a wage-subsidy offer (løntilskud).
pub const WAGE_SUBSIDY: &str = "LOENTILSKUD";
