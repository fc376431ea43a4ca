//! The national reference data: contact groups, target groups, offer kinds and absence types,
//! all valid from 2020-01-01 with no end date. Inserted with sea-query so the same statements
//! run on SQLite and PostgreSQL.

use chrono::NaiveDate;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Kontaktgrupper.
const CONTACT_GROUPS: &[(&str, &str)] = &[
    ("DAGPENGE", "Dagpengemodtager"),
    ("KONTANTHJAELP_JOBPARAT", "Jobparat kontanthjælpsmodtager"),
    (
        "KONTANTHJAELP_AKTIVITETSPARAT",
        "Aktivitetsparat kontanthjælpsmodtager",
    ),
    ("UDDANNELSESHJAELP", "Uddannelseshjælpsmodtager"),
    ("SYGEDAGPENGE", "Sygedagpengemodtager"),
    ("LEDIGHEDSYDELSE", "Ledighedsydelsesmodtager"),
    ("RESSOURCEFORLOEB", "Ressourceforløb"),
    ("JOBAFKLARING", "Jobafklaringsforløb"),
    (
        "INTEGRATION",
        "Selvforsørgende/integrationsydelse (integrationsloven)",
    ),
    ("UDEN_YDELSE", "Uden ydelse"),
];

/// Målgrupper efter lov om en aktiv beskæftigelsesindsats (LAB) § 2.
const TARGET_GROUPS: &[(&str, &str)] = &[
    ("DAGPENGE", "Dagpengemodtagere (LAB § 2, nr. 1)"),
    ("KONTANTHJAELP", "Kontanthjælpsmodtagere (LAB § 2, nr. 2)"),
    (
        "UDDANNELSESHJAELP",
        "Uddannelseshjælpsmodtagere (LAB § 2, nr. 3)",
    ),
    ("SYGEDAGPENGE", "Sygedagpengemodtagere (LAB § 2, nr. 5)"),
    ("REVALIDERING", "Revalidender (LAB § 2, nr. 6)"),
    (
        "FLEKSJOB",
        "Personer visiteret til fleksjob (LAB § 2, nr. 7)",
    ),
    (
        "LEDIGHEDSYDELSE",
        "Ledighedsydelsesmodtagere (LAB § 2, nr. 8)",
    ),
    (
        "RESSOURCEFORLOEB",
        "Personer i ressourceforløb (LAB § 2, nr. 12)",
    ),
    (
        "JOBAFKLARING",
        "Personer i jobafklaringsforløb (LAB § 2, nr. 13)",
    ),
    ("UDEN_YDELSE", "Personer uden ydelse"),
];

/// Tilbud og aktiviteter (`code`, `name`, `supported_employment`); the subsidised kinds a
/// company may ask for are the supported-employment ones.
const OFFER_KINDS: &[(&str, &str, bool)] = &[
    (
        "SEKS_UGERS_JOBRETTET_UDDANNELSE",
        "6 ugers jobrettet uddannelse",
        false,
    ),
    (
        "VEJLEDNING_OPKVALIFICERING",
        "Vejledning og opkvalificering",
        false,
    ),
    ("VIRKSOMHEDSPRAKTIK", "Virksomhedspraktik/nyttejob", true),
    ("LOENTILSKUD", "Løntilskudsansættelse", true),
    ("FLEKSJOB", "Fleksjob", true),
    ("VOKSENLAERLING", "Voksenlærling", true),
    ("JOBROTATION", "Jobrotation", true),
    ("SENIORJOB", "Seniorjob", false),
    (
        "PERSONLIG_ASSISTANCE",
        "Personlig assistance og hjælpemidler",
        false,
    ),
    ("SUNDHEDSINDSATS", "Sundhedsindsats", false),
    ("SOCIAL_INDSATS", "Social indsats", false),
    ("MENTOR", "Mentor", false),
    ("OEVRIGE_AKTIVITETER", "Øvrige aktiviteter", false),
];

/// One row of `absence_types`.
struct AbsenceType {
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    suspends_availability: bool,
    suspends_activation: bool,
    suspends_contact_course: bool,
    suspends_personal_attendance: bool,
    deregisters: bool,
    notifies_fund: bool,
    self_booking_right: bool,
    self_booking_duty: bool,
}

/// Fravær og fritagelser.
const ABSENCE_TYPES: &[AbsenceType] = &[
    // A sick report deregisters at once and the unemployment fund is told of it and of the
    // recovery; the citizen is not called in while sick.
    AbsenceType {
        code: "SYGEMELDING",
        name: "Sygdom – sygemelding",
        kind: "ABSENCE",
        suspends_availability: true,
        suspends_activation: true,
        suspends_contact_course: true,
        suspends_personal_attendance: true,
        deregisters: true,
        notifies_fund: true,
        self_booking_right: false,
        self_booking_duty: false,
    },
    AbsenceType {
        code: "SYGDOM_AKTIVERING",
        name: "Sygdom – helbred forværres ved aktivering",
        kind: "ABSENCE",
        suspends_availability: false,
        suspends_activation: true,
        suspends_contact_course: false,
        suspends_personal_attendance: false,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: true,
    },
    // Suspends availability for referred work only.
    AbsenceType {
        code: "SYGDOM_ARBEJDE",
        name: "Sygdom – helbred forværres ved arbejde",
        kind: "ABSENCE",
        suspends_availability: true,
        suspends_activation: false,
        suspends_contact_course: false,
        suspends_personal_attendance: false,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: true,
    },
    AbsenceType {
        code: "FERIE",
        name: "Ferie",
        kind: "ABSENCE",
        suspends_availability: true,
        suspends_activation: true,
        suspends_contact_course: true,
        suspends_personal_attendance: true,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: false,
    },
    AbsenceType {
        code: "SELVVALGT_UDDANNELSE_FULDTID",
        name: "Selvvalgt uddannelse (fuld tid)",
        kind: "EXEMPTION",
        suspends_availability: false,
        suspends_activation: true,
        suspends_contact_course: false,
        suspends_personal_attendance: true,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: false,
    },
    AbsenceType {
        code: "SELVVALGT_UDDANNELSE_DELTID",
        name: "Selvvalgt uddannelse (deltid)",
        kind: "EXEMPTION",
        suspends_availability: false,
        suspends_activation: true,
        suspends_contact_course: false,
        suspends_personal_attendance: false,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: true,
    },
    AbsenceType {
        code: "BARSEL",
        name: "Barsel",
        kind: "ABSENCE",
        suspends_availability: true,
        suspends_activation: true,
        suspends_contact_course: true,
        suspends_personal_attendance: true,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: false,
        self_booking_duty: false,
    },
    AbsenceType {
        code: "FRITAGELSE_FREMMOEDE",
        name: "Fritagelse for personligt fremmøde",
        kind: "EXEMPTION",
        suspends_availability: false,
        suspends_activation: false,
        suspends_contact_course: false,
        suspends_personal_attendance: true,
        deregisters: false,
        notifies_fund: false,
        self_booking_right: true,
        self_booking_duty: true,
    },
];

/// The first day every seeded code is valid.
fn valid_from() -> Result<NaiveDate, DbErr> {
    NaiveDate::from_ymd_opt(2020, 1, 1).ok_or_else(|| DbErr::Custom("invalid seed date".into()))
}

fn add_row(stmt: &mut InsertStatement, values: Vec<Expr>) -> Result<(), DbErr> {
    stmt.values(values)
        .map(|_| ())
        .map_err(|e| DbErr::Custom(format!("reference data row: {e}")))
}

/// Inserts `(code, name, valid_from, valid_to)` rows into a code/name table.
async fn seed_code_names<T: Iden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    rows: &[(&'static str, &'static str)],
) -> Result<(), DbErr> {
    let from = valid_from()?;
    let mut stmt = Query::insert();
    stmt.into_table(table).columns([
        RefData::Code,
        RefData::Name,
        RefData::ValidFrom,
        RefData::ValidTo,
    ]);
    for (code, name) in rows {
        add_row(
            &mut stmt,
            vec![
                (*code).into(),
                (*name).into(),
                from.into(),
                Option::<NaiveDate>::None.into(),
            ],
        )?;
    }
    manager.exec_stmt(stmt).await
}

/// Deletes the seeded `codes` from `table`.
async fn delete_codes<T: Iden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    codes: impl IntoIterator<Item = &'static str>,
) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::delete()
                .from_table(table)
                .and_where(Expr::col(RefData::Code).is_in(codes))
                .take(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let from = valid_from()?;

        seed_code_names(manager, RefData::ContactGroups, CONTACT_GROUPS).await?;
        seed_code_names(manager, RefData::TargetGroups, TARGET_GROUPS).await?;

        let mut offer_kinds = Query::insert();
        offer_kinds.into_table(RefData::OfferKinds).columns([
            RefData::Code,
            RefData::Name,
            RefData::SupportedEmployment,
            RefData::ValidFrom,
            RefData::ValidTo,
        ]);
        for (code, name, supported) in OFFER_KINDS {
            add_row(
                &mut offer_kinds,
                vec![
                    (*code).into(),
                    (*name).into(),
                    (*supported).into(),
                    from.into(),
                    Option::<NaiveDate>::None.into(),
                ],
            )?;
        }
        manager.exec_stmt(offer_kinds).await?;

        let mut absence_types = Query::insert();
        absence_types.into_table(RefData::AbsenceTypes).columns([
            RefData::Code,
            RefData::Name,
            RefData::Kind,
            RefData::SuspendsAvailability,
            RefData::SuspendsActivation,
            RefData::SuspendsContactCourse,
            RefData::SuspendsPersonalAttendance,
            RefData::Deregisters,
            RefData::NotifiesFund,
            RefData::SelfBookingRight,
            RefData::SelfBookingDuty,
            RefData::ValidFrom,
            RefData::ValidTo,
        ]);
        for t in ABSENCE_TYPES {
            add_row(
                &mut absence_types,
                vec![
                    t.code.into(),
                    t.name.into(),
                    t.kind.into(),
                    t.suspends_availability.into(),
                    t.suspends_activation.into(),
                    t.suspends_contact_course.into(),
                    t.suspends_personal_attendance.into(),
                    t.deregisters.into(),
                    t.notifies_fund.into(),
                    t.self_booking_right.into(),
                    t.self_booking_duty.into(),
                    from.into(),
                    Option::<NaiveDate>::None.into(),
                ],
            )?;
        }
        manager.exec_stmt(absence_types).await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        delete_codes(
            manager,
            RefData::AbsenceTypes,
            ABSENCE_TYPES.iter().map(|t| t.code),
        )
        .await?;
        delete_codes(
            manager,
            RefData::OfferKinds,
            OFFER_KINDS.iter().map(|(code, _, _)| *code),
        )
        .await?;
        delete_codes(
            manager,
            RefData::TargetGroups,
            TARGET_GROUPS.iter().map(|(code, _)| *code),
        )
        .await?;
        delete_codes(
            manager,
            RefData::ContactGroups,
            CONTACT_GROUPS.iter().map(|(code, _)| *code),
        )
        .await
    }
}

/// Table and column names of the four reference tables.
#[derive(DeriveIden, Clone, Copy)]
enum RefData {
    ContactGroups,
    TargetGroups,
    OfferKinds,
    AbsenceTypes,
    Code,
    Name,
    SupportedEmployment,
    Kind,
    SuspendsAvailability,
    SuspendsActivation,
    SuspendsContactCourse,
    SuspendsPersonalAttendance,
    Deregisters,
    NotifiesFund,
    SelfBookingRight,
    SelfBookingDuty,
    ValidFrom,
    ValidTo,
}
