//! Meetings, absence and cadence (`docs/data-model.md`): meeting slots and meetings, their
//! participants and status history, booking deadlines, absences, and the cadence and
//! self-booking policies per contact group, with the national rows of the latter two seeded
//! (valid from 2020-01-01).
//!
//! As in `m20261122_000001_core`, foreign keys are declared inside `CREATE TABLE` (SQLite cannot
//! add them later), enumerated text columns carry a CHECK constraint and the allowed values are
//! spelled out here rather than taken from `jobbro-entities`. Checks spanning several columns
//! are named `ck_<table>_<what>`, so the same name reaches the application on both engines.

use chrono::NaiveDate;
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, ProviderUsers, enum_text, enum_text_null, fk, index,
};
use uuid::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MEETING_TYPES: &[&str] = &[
    "JOB_CONVERSATION",
    "JOINT_MEETING_FUND",
    "JOINT_MEETING_PROVIDER",
    "OTHER",
];
const MEETING_CHANNELS: &[&str] = &["IN_PERSON", "PHONE", "VIDEO"];
const MEETING_ORIGINS: &[&str] = &["SELF_BOOKED", "SUMMONED"];
const MEETING_STATUSES: &[&str] = &[
    "SCHEDULED",
    "ATTENDED",
    "ABSENT",
    "NO_SHOW",
    "CANCELLED_BY_CITIZEN",
    "CANCELLED_BY_JOBCENTRE",
];
const PARTICIPANT_KINDS: &[&str] = &["PROVIDER_USER", "UNEMPLOYMENT_FUND"];
const BOOKING_DEADLINE_STATUSES: &[&str] = &["OPEN", "FULFILLED", "CANCELLED"];
const ABSENCE_REPORTERS: &[&str] = &["CITIZEN", "CASEWORKER"];
const CADENCE_SOURCES: &[&str] = &["LAW", "LOCAL"];

/// One live booking of a slot per citizen. sea-query has no partial indexes; this statement is
/// valid on both SQLite and PostgreSQL.
const MEETINGS_SCHEDULED_UNIQUE: &str = "CREATE UNIQUE INDEX ux_meetings_scheduled_slot_citizen \
     ON meetings (slot_id, citizen_id) WHERE status = 'SCHEDULED'";

/// At most one open booking deadline per (citizen, meeting type); valid on both engines.
const BOOKING_DEADLINES_OPEN_UNIQUE: &str = "CREATE UNIQUE INDEX ux_booking_deadlines_open_citizen_meeting_type \
     ON booking_deadlines (citizen_id, meeting_type) WHERE status = 'OPEN'";

/// The law's minimum cadence (`contact_group_code`, `interval_days`): four job conversations a
/// year for most groups, one every eight weeks for sickness benefit.
const LAW_CADENCES: &[(&str, i32)] = &[
    ("DAGPENGE", 91),
    ("KONTANTHJAELP_JOBPARAT", 91),
    ("KONTANTHJAELP_AKTIVITETSPARAT", 91),
    ("UDDANNELSESHJAELP", 91),
    ("LEDIGHEDSYDELSE", 91),
    ("SYGEDAGPENGE", 56),
];

/// Ret og pligt til selvbooking per contact group (`contact_group_code`, right, duty).
const SELF_BOOKING: &[(&str, bool, bool)] = &[
    ("DAGPENGE", true, true),
    ("KONTANTHJAELP_JOBPARAT", true, true),
    ("UDDANNELSESHJAELP", true, true),
    ("LEDIGHEDSYDELSE", true, false),
    ("KONTANTHJAELP_AKTIVITETSPARAT", true, false),
    ("SYGEDAGPENGE", false, false),
    ("RESSOURCEFORLOEB", false, false),
    ("JOBAFKLARING", false, false),
    ("INTEGRATION", false, false),
    ("UDEN_YDELSE", false, false),
];

/// The first day every seeded policy is valid.
fn valid_from() -> Result<NaiveDate, DbErr> {
    NaiveDate::from_ymd_opt(2020, 1, 1).ok_or_else(|| DbErr::Custom("invalid seed date".into()))
}

fn add_row(stmt: &mut InsertStatement, values: Vec<Expr>) -> Result<(), DbErr> {
    stmt.values(values)
        .map(|_| ())
        .map_err(|e| DbErr::Custom(format!("reference data row: {e}")))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Slots a caseworker offers; `booked` is the seat counter a conditional update
        // (`WHERE booked < capacity`) increments, so the database settles races for the last
        // seat.
        manager
            .create_table(
                Table::create()
                    .table(MeetingSlots::Table)
                    .col(pk_uuid(MeetingSlots::Id))
                    .col(uuid(MeetingSlots::JobcentreId))
                    .col(uuid(MeetingSlots::CaseworkerId))
                    .col(uuid_null(MeetingSlots::SeriesId))
                    .col(enum_text(MeetingSlots::MeetingType, MEETING_TYPES))
                    .col(enum_text(MeetingSlots::Channel, MEETING_CHANNELS))
                    .col(text(MeetingSlots::Location))
                    .col(timestamp_with_time_zone(MeetingSlots::StartsAt))
                    .col(timestamp_with_time_zone(MeetingSlots::EndsAt))
                    .col(
                        integer(MeetingSlots::Capacity)
                            .check(Expr::col(MeetingSlots::Capacity).gte(1)),
                    )
                    .col(integer(MeetingSlots::Booked).default(0))
                    .col(timestamp_with_time_zone_null(MeetingSlots::CancelledAt))
                    .col(timestamp_with_time_zone(MeetingSlots::CreatedAt))
                    .check((
                        "ck_meeting_slots_booked",
                        Expr::col(MeetingSlots::Booked)
                            .between(0, Expr::col(MeetingSlots::Capacity)),
                    ))
                    .check((
                        "ck_meeting_slots_ends_after_start",
                        Expr::col(MeetingSlots::EndsAt).gt(Expr::col(MeetingSlots::StartsAt)),
                    ))
                    .foreign_key(&mut fk(
                        MeetingSlots::Table,
                        MeetingSlots::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        MeetingSlots::Table,
                        MeetingSlots::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        for col in [MeetingSlots::JobcentreId, MeetingSlots::CaseworkerId] {
            manager
                .create_index(index(
                    MeetingSlots::Table,
                    &[col, MeetingSlots::StartsAt],
                    false,
                ))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(pk_uuid(Meetings::Id))
                    .col(uuid(Meetings::JobcentreId))
                    .col(uuid(Meetings::CitizenId))
                    .col(uuid(Meetings::CaseworkerId))
                    .col(uuid_null(Meetings::SlotId))
                    .col(enum_text(Meetings::MeetingType, MEETING_TYPES))
                    .col(enum_text(Meetings::Channel, MEETING_CHANNELS))
                    .col(text(Meetings::Location))
                    .col(timestamp_with_time_zone(Meetings::StartsAt))
                    .col(timestamp_with_time_zone(Meetings::EndsAt))
                    .col(enum_text(Meetings::Origin, MEETING_ORIGINS))
                    .col(boolean(Meetings::Statutory))
                    .col(enum_text(Meetings::Status, MEETING_STATUSES))
                    .col(text_null(Meetings::StatusReason))
                    .col(timestamp_with_time_zone_null(
                        Meetings::AttendanceRegisteredAt,
                    ))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .col(integer(Meetings::Version))
                    .foreign_key(&mut fk(
                        Meetings::Table,
                        Meetings::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Meetings::Table,
                        Meetings::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Meetings::Table,
                        Meetings::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        Meetings::Table,
                        Meetings::SlotId,
                        MeetingSlots::Table,
                        MeetingSlots::Id,
                    ))
                    .take(),
            )
            .await?;
        for col in [Meetings::CitizenId, Meetings::CaseworkerId] {
            manager
                .create_index(index(Meetings::Table, &[col, Meetings::StartsAt], false))
                .await?;
        }
        manager
            .create_index(index(Meetings::Table, &[Meetings::SlotId], false))
            .await?;
        manager
            .get_connection()
            .execute_unprepared(MEETINGS_SCHEDULED_UNIQUE)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeetingParticipants::Table)
                    .col(pk_uuid(MeetingParticipants::Id))
                    .col(uuid(MeetingParticipants::MeetingId))
                    .col(enum_text(MeetingParticipants::Kind, PARTICIPANT_KINDS))
                    .col(uuid_null(MeetingParticipants::ProviderUserId))
                    .col(text(MeetingParticipants::Name))
                    .foreign_key(&mut fk(
                        MeetingParticipants::Table,
                        MeetingParticipants::MeetingId,
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .foreign_key(&mut fk(
                        MeetingParticipants::Table,
                        MeetingParticipants::ProviderUserId,
                        ProviderUsers::Table,
                        ProviderUsers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                MeetingParticipants::Table,
                &[
                    MeetingParticipants::MeetingId,
                    MeetingParticipants::ProviderUserId,
                ],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeetingStatusChanges::Table)
                    .col(pk_uuid(MeetingStatusChanges::Id))
                    .col(uuid(MeetingStatusChanges::MeetingId))
                    .col(enum_text_null(
                        MeetingStatusChanges::FromStatus,
                        MEETING_STATUSES,
                    ))
                    .col(enum_text(MeetingStatusChanges::ToStatus, MEETING_STATUSES))
                    .col(text_null(MeetingStatusChanges::Reason))
                    .col(text(MeetingStatusChanges::ActorRole))
                    .col(text(MeetingStatusChanges::ActorSubject))
                    .col(timestamp_with_time_zone(MeetingStatusChanges::OccurredAt))
                    .foreign_key(&mut fk(
                        MeetingStatusChanges::Table,
                        MeetingStatusChanges::MeetingId,
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                MeetingStatusChanges::Table,
                &[MeetingStatusChanges::MeetingId],
                false,
            ))
            .await?;

        // An open deadline never points at a booking; a fulfilled one always does.
        manager
            .create_table(
                Table::create()
                    .table(BookingDeadlines::Table)
                    .col(pk_uuid(BookingDeadlines::Id))
                    .col(uuid(BookingDeadlines::JobcentreId))
                    .col(uuid(BookingDeadlines::CitizenId))
                    .col(enum_text(BookingDeadlines::MeetingType, MEETING_TYPES))
                    .col(timestamp_with_time_zone(BookingDeadlines::DueAt))
                    .col(enum_text(
                        BookingDeadlines::Status,
                        BOOKING_DEADLINE_STATUSES,
                    ))
                    .col(uuid_null(BookingDeadlines::MeetingId))
                    .col(uuid_null(BookingDeadlines::CreatedBy))
                    .col(timestamp_with_time_zone(BookingDeadlines::CreatedAt))
                    .check((
                        "ck_booking_deadlines_status_meeting",
                        Expr::col(BookingDeadlines::Status)
                            .eq("OPEN")
                            .and(Expr::col(BookingDeadlines::MeetingId).is_null())
                            .or(Expr::col(BookingDeadlines::Status)
                                .eq("FULFILLED")
                                .and(Expr::col(BookingDeadlines::MeetingId).is_not_null()))
                            .or(Expr::col(BookingDeadlines::Status).eq("CANCELLED")),
                    ))
                    .foreign_key(&mut fk(
                        BookingDeadlines::Table,
                        BookingDeadlines::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        BookingDeadlines::Table,
                        BookingDeadlines::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        BookingDeadlines::Table,
                        BookingDeadlines::MeetingId,
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .foreign_key(&mut fk(
                        BookingDeadlines::Table,
                        BookingDeadlines::CreatedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BOOKING_DEADLINES_OPEN_UNIQUE)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Absences::Table)
                    .col(pk_uuid(Absences::Id))
                    .col(uuid(Absences::JobcentreId))
                    .col(uuid(Absences::CitizenId))
                    .col(text(Absences::AbsenceTypeCode))
                    .col(date(Absences::StartsOn))
                    .col(date_null(Absences::EndsOn))
                    .col(enum_text(Absences::ReportedBy, ABSENCE_REPORTERS))
                    .col(text(Absences::ReporterSubject))
                    .col(text_null(Absences::Note))
                    .col(timestamp_with_time_zone(Absences::CreatedAt))
                    .col(timestamp_with_time_zone_null(Absences::EndedAt))
                    .foreign_key(&mut fk(
                        Absences::Table,
                        Absences::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Absences::Table,
                        Absences::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Absences::Table,
                        Absences::AbsenceTypeCode,
                        AbsenceTypes::Table,
                        AbsenceTypes::Code,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Absences::Table,
                &[Absences::CitizenId, Absences::StartsOn],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CadencePolicies::Table)
                    .col(pk_uuid(CadencePolicies::Id))
                    .col(text(CadencePolicies::ContactGroupCode))
                    .col(enum_text(CadencePolicies::Source, CADENCE_SOURCES))
                    .col(
                        integer(CadencePolicies::IntervalDays)
                            .check(Expr::col(CadencePolicies::IntervalDays).gt(0)),
                    )
                    .col(date(CadencePolicies::ValidFrom))
                    .col(date_null(CadencePolicies::ValidTo))
                    .foreign_key(&mut fk(
                        CadencePolicies::Table,
                        CadencePolicies::ContactGroupCode,
                        ContactGroups::Table,
                        ContactGroups::Code,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CadencePolicies::Table,
                &[
                    CadencePolicies::ContactGroupCode,
                    CadencePolicies::Source,
                    CadencePolicies::ValidFrom,
                ],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SelfBookingPolicies::Table)
                    .col(text(SelfBookingPolicies::ContactGroupCode).primary_key())
                    .col(boolean(SelfBookingPolicies::SelfBookingRight))
                    .col(boolean(SelfBookingPolicies::SelfBookingDuty))
                    .col(date(SelfBookingPolicies::ValidFrom))
                    .col(date_null(SelfBookingPolicies::ValidTo))
                    .foreign_key(&mut fk(
                        SelfBookingPolicies::Table,
                        SelfBookingPolicies::ContactGroupCode,
                        ContactGroups::Table,
                        ContactGroups::Code,
                    ))
                    .take(),
            )
            .await?;

        // The national rows: the law's minimum cadence (no local rows; a municipality adds its
        // own) and the right and duty to self-book.
        let from = valid_from()?;
        let mut cadences = Query::insert();
        cadences.into_table(CadencePolicies::Table).columns([
            CadencePolicies::Id,
            CadencePolicies::ContactGroupCode,
            CadencePolicies::Source,
            CadencePolicies::IntervalDays,
            CadencePolicies::ValidFrom,
            CadencePolicies::ValidTo,
        ]);
        for (code, days) in LAW_CADENCES {
            add_row(
                &mut cadences,
                vec![
                    Uuid::now_v7().into(),
                    (*code).into(),
                    "LAW".into(),
                    (*days).into(),
                    from.into(),
                    Option::<NaiveDate>::None.into(),
                ],
            )?;
        }
        manager.exec_stmt(cadences).await?;

        let mut self_booking = Query::insert();
        self_booking
            .into_table(SelfBookingPolicies::Table)
            .columns([
                SelfBookingPolicies::ContactGroupCode,
                SelfBookingPolicies::SelfBookingRight,
                SelfBookingPolicies::SelfBookingDuty,
                SelfBookingPolicies::ValidFrom,
                SelfBookingPolicies::ValidTo,
            ]);
        for (code, right, duty) in SELF_BOOKING {
            add_row(
                &mut self_booking,
                vec![
                    (*code).into(),
                    (*right).into(),
                    (*duty).into(),
                    from.into(),
                    Option::<NaiveDate>::None.into(),
                ],
            )?;
        }
        manager.exec_stmt(self_booking).await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents; indexes and seeded rows go with their tables.
        let tables: [DynIden; 8] = [
            SelfBookingPolicies::Table.into_iden(),
            CadencePolicies::Table.into_iden(),
            Absences::Table.into_iden(),
            BookingDeadlines::Table.into_iden(),
            MeetingStatusChanges::Table.into_iden(),
            MeetingParticipants::Table.into_iden(),
            Meetings::Table.into_iden(),
            MeetingSlots::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ContactGroups {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum AbsenceTypes {
    Table,
    Code,
}

// Tables created here.

#[derive(DeriveIden, Clone, Copy)]
enum MeetingSlots {
    Table,
    Id,
    JobcentreId,
    CaseworkerId,
    SeriesId,
    MeetingType,
    Channel,
    Location,
    StartsAt,
    EndsAt,
    Capacity,
    Booked,
    CancelledAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Meetings {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    CaseworkerId,
    SlotId,
    MeetingType,
    Channel,
    Location,
    StartsAt,
    EndsAt,
    Origin,
    Statutory,
    Status,
    StatusReason,
    AttendanceRegisteredAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingParticipants {
    Table,
    Id,
    MeetingId,
    Kind,
    ProviderUserId,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingStatusChanges {
    Table,
    Id,
    MeetingId,
    FromStatus,
    ToStatus,
    Reason,
    ActorRole,
    ActorSubject,
    OccurredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BookingDeadlines {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    MeetingType,
    DueAt,
    Status,
    MeetingId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Absences {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    AbsenceTypeCode,
    StartsOn,
    EndsOn,
    ReportedBy,
    ReporterSubject,
    Note,
    CreatedAt,
    EndedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CadencePolicies {
    Table,
    Id,
    ContactGroupCode,
    Source,
    IntervalDays,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum SelfBookingPolicies {
    Table,
    ContactGroupCode,
    SelfBookingRight,
    SelfBookingDuty,
    ValidFrom,
    ValidTo,
}
