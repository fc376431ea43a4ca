//! `absence_types`: A national absence or exemption type (fravær/fritagelse) and what it suspends.

use sea_orm::entity::prelude::*;

use crate::enums::AbsenceKind;

/// A national absence or exemption type (fravær/fritagelse) and what it suspends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_types")]
pub struct Model {
    /// Stable national code, e.g. `DAGPENGE`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Danish display name.
    pub name: String,
    /// Outside cause (fravær) or granted exemption (fritagelse).
    pub kind: AbsenceKind,
    /// Suspends availability for work (rådighed).
    pub suspends_availability: bool,
    /// Suspends activation (aktivering).
    pub suspends_activation: bool,
    /// Suspends the contact course (kontaktforløb).
    pub suspends_contact_course: bool,
    /// Suspends personal attendance at interviews (personligt fremmøde).
    pub suspends_personal_attendance: bool,
    /// Registering it deregisters the jobseeker at once.
    pub deregisters: bool,
    /// The unemployment fund (a-kasse) is told of the report and of recovery.
    pub notifies_fund: bool,
    /// The citizen keeps the right to self-book interviews (ret til selvbook).
    pub self_booking_right: bool,
    /// The citizen keeps the duty to self-book interviews (pligt til selvbook).
    pub self_booking_duty: bool,
    /// First day the code may be used.
    pub valid_from: Date,
    /// Last day the code may be used; null while still valid.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
