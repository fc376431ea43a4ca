//! The national reference data the migrations seed.

use jobbro_entities::enums::*;
use jobbro_entities::*;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::support::{TestResult, day, ensure};

pub async fn check_reference_data(db: &DatabaseConnection) -> TestResult {
    ensure(
        prelude::ContactGroup::find().count(db).await? == 10,
        "10 contact groups",
    )?;
    ensure(
        prelude::TargetGroup::find().count(db).await? == 10,
        "10 target groups",
    )?;
    let offer_kinds = prelude::OfferKind::find().all(db).await?;
    ensure(offer_kinds.len() == 13, "13 offer kinds")?;
    let mut supported: Vec<_> = offer_kinds
        .iter()
        .filter(|k| k.supported_employment)
        .map(|k| k.code.as_str())
        .collect();
    supported.sort_unstable();
    ensure(
        supported
            == [
                "FLEKSJOB",
                "JOBROTATION",
                "LOENTILSKUD",
                "VIRKSOMHEDSPRAKTIK",
                "VOKSENLAERLING",
            ],
        format!("supported-employment offer kinds: {supported:?}"),
    )?;

    let absence_types = prelude::AbsenceType::find().all(db).await?;
    ensure(absence_types.len() == 8, "8 absence types")?;
    let sick = prelude::AbsenceType::find_by_id("SYGEMELDING")
        .one(db)
        .await?
        .ok_or("SYGEMELDING missing")?;
    ensure(
        sick == absence_type::Model {
            code: "SYGEMELDING".into(),
            name: "Sygdom – sygemelding".into(),
            kind: AbsenceKind::Absence,
            suspends_availability: true,
            suspends_activation: true,
            suspends_contact_course: true,
            suspends_personal_attendance: true,
            deregisters: true,
            notifies_fund: true,
            self_booking_right: false,
            self_booking_duty: false,
            valid_from: day(2020, 1, 1)?,
            valid_to: None,
        },
        format!("SYGEMELDING row: {sick:?}"),
    )?;
    let exemptions = absence_types
        .iter()
        .filter(|t| t.kind == AbsenceKind::Exemption)
        .count();
    ensure(exemptions == 3, "3 exemption absence types")?;

    let cadences = prelude::CadencePolicy::find().all(db).await?;
    ensure(cadences.len() == 6, "6 cadence policies")?;
    for policy in &cadences {
        let days = if policy.contact_group_code == "SYGEDAGPENGE" {
            56
        } else {
            91
        };
        ensure(
            policy.source == CadenceSource::Law
                && policy.interval_days == days
                && policy.valid_from == day(2020, 1, 1)?
                && policy.valid_to.is_none(),
            format!("cadence policy: {policy:?}"),
        )?;
    }
    let self_booking = prelude::SelfBookingPolicy::find().all(db).await?;
    ensure(self_booking.len() == 10, "10 self-booking policies")?;
    let mut with_duty: Vec<_> = self_booking
        .iter()
        .filter(|p| p.self_booking_duty)
        .map(|p| p.contact_group_code.as_str())
        .collect();
    with_duty.sort_unstable();
    ensure(
        with_duty == ["DAGPENGE", "KONTANTHJAELP_JOBPARAT", "UDDANNELSESHJAELP"],
        format!("self-booking duty: {with_duty:?}"),
    )?;
    ensure(
        self_booking.iter().filter(|p| p.self_booking_right).count() == 5,
        "5 contact groups with a self-booking right",
    )?;
    let ledighedsydelse = prelude::SelfBookingPolicy::find_by_id("LEDIGHEDSYDELSE")
        .one(db)
        .await?
        .ok_or("LEDIGHEDSYDELSE self-booking policy missing")?;
    ensure(
        ledighedsydelse
            == self_booking_policy::Model {
                contact_group_code: "LEDIGHEDSYDELSE".into(),
                self_booking_right: true,
                self_booking_duty: false,
                valid_from: day(2020, 1, 1)?,
                valid_to: None,
            },
        format!("LEDIGHEDSYDELSE row: {ledighedsydelse:?}"),
    )?;
    Ok(())
}
