//! Attendance at offers, the benefits service's notices, and the calendar of workdays (UC5,
//! `docs/data-model.md`):
//!
//! - `public_holidays`: the Danish public holidays (helligdage) as data, one row per day, seeded
//!   for 2024-2040 (store bededag is no longer a holiday from 2024). Workday deadlines count
//!   Monday to Friday minus these days; a municipality adds its own closing days as rows.
//! - `offer_attendance`: what the provider recorded for one day of an order: attended (with the
//!   minutes delivered), absent sick, absent with leave, or no-show. An "absent sick" day points
//!   at the citizen's absence it created or extended (`003:85-89`: one registration).
//! - `delivery_shortfalls`: an ISO week of a started order whose delivered time fell under the
//!   service's threshold (`contract_services.alert_below_percent`); two weeks running alert the
//!   caseworker (`000:189-191`). One row per order and week, so a week is found short once.
//! - `benefits_notices`: what the benefits service (ydelsessystemet) is told of an offer:
//!   activation start, end and cancellation (`004:364-372`), absence and no-show at the offer,
//!   hearing requests and a citizen's reappearance. Written by the outbox worker, one per event
//!   and kind, and handed over through the benefits port.
//! - `absences.reported_by` gains `PROVIDER`: a provider's "absent sick" day is the citizen's
//!   absence record, reported by the provider.
//!
//! PostgreSQL changes the absences check in place; SQLite cannot, so there the table is rebuilt
//! from its own definition with the new check (nothing refers to it yet).

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Citizens, Jobcentres, ProviderUsers, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a provider may record for a day of an order.
const ATTENDANCE_KINDS: &[&str] = &["ATTENDED", "ABSENT_SICK", "ABSENT_EXCUSED", "NO_SHOW"];
/// What the benefits service is told of.
const BENEFITS_NOTICE_KINDS: &[&str] = &[
    "ACTIVATION_STARTED",
    "ACTIVATION_ENDED",
    "ACTIVATION_CANCELLED",
    "OFFER_ABSENCE",
    "OFFER_NO_SHOW",
    "HEARING_REQUEST",
    "CITIZEN_REAPPEARED",
];
/// The delivery states of a notice.
const NOTICE_STATUSES: &[&str] = &["PENDING", "SENT"];
/// The first and last year of holidays seeded.
const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2024..=2040;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_reporters(
            manager,
            "'CITIZEN', 'CASEWORKER'",
            "'CITIZEN', 'CASEWORKER', 'PROVIDER'",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicHolidays::Table)
                    .col(date(PublicHolidays::Day).primary_key())
                    .col(text(PublicHolidays::Name))
                    .take(),
            )
            .await?;
        let mut insert = Query::insert();
        insert
            .into_table(PublicHolidays::Table)
            .columns([PublicHolidays::Day, PublicHolidays::Name]);
        for year in HOLIDAY_YEARS {
            for (day, name) in danish_holidays(year) {
                insert.values_panic([day.into(), name.into()]);
            }
        }
        manager.exec_stmt(insert).await?;

        manager
            .alter_table(
                Table::alter()
                    .table(ContractServices::Table)
                    .add_column(
                        integer(ContractServices::AlertBelowPercent)
                            .default(75)
                            .check(Expr::col(ContractServices::AlertBelowPercent).between(0, 100)),
                    )
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OfferAttendance::Table)
                    .col(pk_uuid(OfferAttendance::Id))
                    .col(uuid(OfferAttendance::JobcentreId))
                    .col(uuid(OfferAttendance::ServiceOrderId))
                    .col(uuid(OfferAttendance::CitizenId))
                    .col(date(OfferAttendance::Day))
                    .col(enum_text(OfferAttendance::Kind, ATTENDANCE_KINDS))
                    .col(integer_null(OfferAttendance::Minutes))
                    .col(uuid_null(OfferAttendance::AbsenceId))
                    .col(uuid(OfferAttendance::RecordedBy))
                    .col(timestamp_with_time_zone(OfferAttendance::RecordedAt))
                    // Minutes for an attended day only: more than none, at most a whole day.
                    .check(Expr::cust(
                        "(kind = 'ATTENDED' AND minutes BETWEEN 1 AND 1440) \
                         OR (kind <> 'ATTENDED' AND minutes IS NULL)",
                    ))
                    .foreign_key(&mut fk(
                        OfferAttendance::Table,
                        OfferAttendance::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        OfferAttendance::Table,
                        OfferAttendance::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        OfferAttendance::Table,
                        OfferAttendance::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        OfferAttendance::Table,
                        OfferAttendance::AbsenceId,
                        Absences::Table,
                        Absences::Id,
                    ))
                    .foreign_key(&mut fk(
                        OfferAttendance::Table,
                        OfferAttendance::RecordedBy,
                        ProviderUsers::Table,
                        ProviderUsers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                OfferAttendance::Table,
                &[OfferAttendance::ServiceOrderId, OfferAttendance::Day],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeliveryShortfalls::Table)
                    .col(uuid(DeliveryShortfalls::ServiceOrderId))
                    .col(date(DeliveryShortfalls::WeekStart))
                    .col(integer(DeliveryShortfalls::OrderedMinutes))
                    .col(integer(DeliveryShortfalls::DeliveredMinutes))
                    .col(timestamp_with_time_zone(DeliveryShortfalls::FoundAt))
                    .primary_key(
                        Index::create()
                            .col(DeliveryShortfalls::ServiceOrderId)
                            .col(DeliveryShortfalls::WeekStart),
                    )
                    .foreign_key(&mut fk(
                        DeliveryShortfalls::Table,
                        DeliveryShortfalls::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BenefitsNotices::Table)
                    .col(pk_uuid(BenefitsNotices::Id))
                    .col(uuid(BenefitsNotices::JobcentreId))
                    .col(uuid(BenefitsNotices::CitizenId))
                    .col(uuid(BenefitsNotices::ServiceOrderId))
                    .col(enum_text(BenefitsNotices::Kind, BENEFITS_NOTICE_KINDS))
                    .col(date(BenefitsNotices::Day))
                    .col(uuid(BenefitsNotices::SourceEventId))
                    .col(enum_text(BenefitsNotices::Status, NOTICE_STATUSES))
                    .col(timestamp_with_time_zone(BenefitsNotices::CreatedAt))
                    .col(timestamp_with_time_zone_null(BenefitsNotices::SentAt))
                    .foreign_key(&mut fk(
                        BenefitsNotices::Table,
                        BenefitsNotices::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                BenefitsNotices::Table,
                &[BenefitsNotices::SourceEventId, BenefitsNotices::Kind],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                BenefitsNotices::Table,
                &[BenefitsNotices::ServiceOrderId],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BenefitsNotices::Table.to_string(),
            DeliveryShortfalls::Table.to_string(),
            OfferAttendance::Table.to_string(),
            PublicHolidays::Table.to_string(),
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).take())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(ContractServices::Table)
                    .drop_column(ContractServices::AlertBelowPercent)
                    .take(),
            )
            .await?;
        // The earlier schema has no provider reporter: their absences read as the job centre's.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE absences SET reported_by = 'CASEWORKER' WHERE reported_by = 'PROVIDER'",
            )
            .await?;
        set_reporters(
            manager,
            "'CITIZEN', 'CASEWORKER', 'PROVIDER'",
            "'CITIZEN', 'CASEWORKER'",
        )
        .await
    }
}

/// Replaces the list of allowed `absences.reported_by` values `old` with `new` (both as quoted,
/// comma-separated SQL literals).
async fn set_reporters(manager: &SchemaManager<'_>, old: &str, new: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE absences DROP CONSTRAINT absences_reported_by_check; \
             ALTER TABLE absences ADD CONSTRAINT absences_reported_by_check \
             CHECK (reported_by IN ({new}))"
        ))
        .await?;
        return Ok(());
    }
    // SQLite: rebuild the table from its own definition with the new list, then its indexes.
    let definition = |kind: &str| {
        Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = 'absences' \
             AND sql IS NOT NULL",
            [kind.into()],
        )
    };
    let table: String = db
        .query_one_raw(definition("table"))
        .await?
        .ok_or_else(|| DbErr::Migration("the absences table is missing".into()))?
        .try_get_by_index(0)?;
    let indexes: Vec<String> = db
        .query_all_raw(definition("index"))
        .await?
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    let rebuilt = table
        .replacen(r#""absences""#, r#""absences_rebuilt""#, 1)
        .replacen(&format!("IN ({old})"), &format!("IN ({new})"), 1);
    if !rebuilt.contains(&format!("IN ({new})")) || !rebuilt.contains("absences_rebuilt") {
        return Err(DbErr::Migration(format!(
            "the absences table is not as expected: {table}"
        )));
    }
    db.execute_unprepared(&rebuilt).await?;
    db.execute_unprepared("INSERT INTO absences_rebuilt SELECT * FROM absences")
        .await?;
    db.execute_unprepared("DROP TABLE absences").await?;
    db.execute_unprepared("ALTER TABLE absences_rebuilt RENAME TO absences")
        .await?;
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

/// Easter Sunday of `year` (the anonymous Gregorian algorithm).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The Danish public holidays of `year` (helligdagsloven), with their Danish names.
pub fn danish_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let on = |month, day| NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
    let e = easter(year);
    let mut days = vec![
        (on(1, 1), "Nytårsdag"),
        (e - Duration::days(3), "Skærtorsdag"),
        (e - Duration::days(2), "Langfredag"),
        (e, "Påskedag"),
        (e + Duration::days(1), "2. påskedag"),
        (e + Duration::days(39), "Kristi himmelfartsdag"),
        (e + Duration::days(49), "Pinsedag"),
        (e + Duration::days(50), "2. pinsedag"),
        (on(12, 25), "Juledag"),
        (on(12, 26), "2. juledag"),
    ];
    if e.year() < 2024 {
        days.push((e + Duration::days(26), "Store bededag"));
    }
    days.sort();
    days
}

#[derive(DeriveIden, Clone, Copy)]
enum PublicHolidays {
    Table,
    Day,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractServices {
    Table,
    AlertBelowPercent,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceOrders {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Absences {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum OfferAttendance {
    Table,
    Id,
    JobcentreId,
    ServiceOrderId,
    CitizenId,
    Day,
    Kind,
    Minutes,
    AbsenceId,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeliveryShortfalls {
    Table,
    ServiceOrderId,
    WeekStart,
    OrderedMinutes,
    DeliveredMinutes,
    FoundAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BenefitsNotices {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    ServiceOrderId,
    Kind,
    Day,
    SourceEventId,
    Status,
    CreatedAt,
    SentAt,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_falls_on_the_known_sundays() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        assert_eq!(easter(2038), d(2038, 4, 25));
    }

    #[test]
    fn store_bededag_is_no_longer_a_holiday() {
        let names: Vec<&str> = danish_holidays(2027).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names.len(), 10);
        assert!(!names.contains(&"Store bededag"));
        assert_eq!(danish_holidays(2023).len(), 11);
    }
}
