//! Job orders by self-service (UC6, `000:201-218`), `docs/data-model.md`:
//!
//! - `occupations`: the occupation codes a job order and a citizen's job wishes name (DISCO-08,
//!   four digits), with validity dates, as reference data.
//! - `job_orders`: the kind of job (ordinary, company internship, wage subsidy, flex job, adult
//!   apprentice, job rotation; it replaces the offer-kind column), the occupation, description,
//!   hours, start, application deadline, contact person, required skills and licences, and the
//!   lifecycle DRAFT → SUBMITTED → IN_PROGRESS → FILLED / CLOSED / CANCELLED. Orders that were
//!   OPEN are IN_PROGRESS (the job centre was looking for candidates). A version number guards
//!   concurrent edits. SQLite cannot change a CHECK in place, so there the table is rebuilt.
//! - `job_order_log`: every step of an order (posted, changed, submitted, closed …), by whom and
//!   when: the placement log.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Companies, Jobcentres, enum_text, fk, in_list, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATUSES: &[&str] = &[
    "DRAFT",
    "SUBMITTED",
    "IN_PROGRESS",
    "FILLED",
    "CLOSED",
    "CANCELLED",
];
const KINDS: &[&str] = &[
    "ORDINARY",
    "COMPANY_INTERNSHIP",
    "WAGE_SUBSIDY",
    "FLEX_JOB",
    "ADULT_APPRENTICE",
    "JOB_ROTATION",
];
const STEPS: &[&str] = &[
    "POSTED",
    "CHANGED",
    "SUBMITTED",
    "TAKEN_UP",
    "FILLED",
    "CLOSED",
    "CANCELLED",
];

/// DISCO-08 occupation groups (four digits) with their Danish titles: enough for the demo and
/// the tests; a municipality loads the full list as rows.
const OCCUPATIONS: &[(&str, &str)] = &[
    ("1120", "Administrerende direktører"),
    ("2166", "Grafiske designere og multimediedesignere"),
    ("2221", "Sygeplejersker"),
    ("2341", "Folkeskolelærere"),
    ("2512", "Softwareudviklere"),
    ("3313", "Bogholdere"),
    ("4110", "Kontorassistenter"),
    ("4321", "Lagerarbejdere og lagerekspedienter"),
    ("5120", "Kokke"),
    ("5131", "Tjenere"),
    ("5223", "Butiksassistenter"),
    ("5321", "Social- og sundhedshjælpere"),
    ("5322", "Hjemmehjælpere"),
    ("7112", "Murere"),
    ("7115", "Tømrere og snedkere"),
    ("7126", "VVS-montører"),
    ("7411", "Elektrikere"),
    ("8322", "Chauffører af personbiler, taxier og varevogne"),
    ("8332", "Lastbilchauffører"),
    ("9112", "Rengøringsassistenter"),
    ("9329", "Produktionsmedhjælpere"),
    ("9412", "Køkkenmedhjælpere"),
];

#[derive(DeriveIden, Clone, Copy)]
enum Occupations {
    Table,
    Code,
    Label,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum OfferKinds {
    Table,
    Code,
    OfferKindCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductionUnits {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobOrders {
    Table,
    #[sea_orm(iden = "job_orders_rebuilt")]
    Rebuilt,
    Id,
    JobcentreId,
    CompanyId,
    ProductionUnitId,
    Title,
    Positions,
    Status,
    CreatedAt,
    Kind,
    OccupationCode,
    Description,
    MinutesPerWeek,
    StartsOn,
    ApplyBy,
    ContactName,
    ContactPhone,
    ContactEmail,
    RequiredSkills,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobOrderLog {
    Table,
    Id,
    JobcentreId,
    JobOrderId,
    Step,
    Status,
    ActorRole,
    ActorSubject,
    At,
    Note,
}

/// The kind an order had from its offer-kind column.
const KIND_OF_OFFER: &str = "CASE offer_kind_code \
     WHEN 'LOENTILSKUD' THEN 'WAGE_SUBSIDY' \
     WHEN 'VIRKSOMHEDSPRAKTIK' THEN 'COMPANY_INTERNSHIP' \
     WHEN 'FLEKSJOB' THEN 'FLEX_JOB' \
     WHEN 'VOKSENLAERLING' THEN 'ADULT_APPRENTICE' \
     WHEN 'JOBROTATION' THEN 'JOB_ROTATION' \
     ELSE 'ORDINARY' END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Occupations::Table)
                    .col(text(Occupations::Code).primary_key())
                    .col(text(Occupations::Label))
                    .col(date(Occupations::ValidFrom))
                    .col(date_null(Occupations::ValidTo))
                    .take(),
            )
            .await?;
        let mut seed = Query::insert()
            .into_table(Occupations::Table)
            .columns([
                Occupations::Code,
                Occupations::Label,
                Occupations::ValidFrom,
            ])
            .to_owned();
        let from = chrono::NaiveDate::from_ymd_opt(2010, 1, 1)
            .ok_or_else(|| DbErr::Custom("invalid seed date".into()))?;
        for (code, label) in OCCUPATIONS {
            seed.values_panic([(*code).into(), (*label).into(), from.into()]);
        }
        manager.exec_stmt(seed).await?;

        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE job_orders DROP CONSTRAINT job_orders_status_check",
                )
                .await?;
                db.execute_unprepared(
                    "UPDATE job_orders SET status = 'IN_PROGRESS' WHERE status = 'OPEN'",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "ALTER TABLE job_orders ADD CONSTRAINT job_orders_status_check CHECK ({})",
                    in_list("status", STATUSES)
                ))
                .await?;
                for column in new_columns() {
                    manager
                        .alter_table(
                            Table::alter()
                                .table(JobOrders::Table)
                                .add_column(column)
                                .take(),
                        )
                        .await?;
                }
                db.execute_unprepared(&format!(
                    "UPDATE job_orders SET kind = {KIND_OF_OFFER}, updated_at = created_at"
                ))
                .await?;
                db.execute_unprepared("ALTER TABLE job_orders DROP COLUMN offer_kind_code")
                    .await?;
                manager
                    .create_foreign_key(fk(
                        JobOrders::Table,
                        JobOrders::OccupationCode,
                        Occupations::Table,
                        Occupations::Code,
                    ))
                    .await?;
            }
            _ => {
                rebuild_sqlite(
                    manager,
                    rebuilt_table(),
                    &format!(
                        "INSERT INTO job_orders_rebuilt (id, jobcentre_id, company_id, \
                         production_unit_id, title, positions, status, created_at, kind, \
                         description, required_skills, updated_at, version) \
                         SELECT id, jobcentre_id, company_id, production_unit_id, title, \
                         positions, CASE status WHEN 'OPEN' THEN 'IN_PROGRESS' ELSE status END, \
                         created_at, {KIND_OF_OFFER}, '', '[]', created_at, 1 FROM job_orders"
                    ),
                )
                .await?;
            }
        }
        manager
            .create_index(index(
                JobOrders::Table,
                &[
                    JobOrders::JobcentreId,
                    JobOrders::Status,
                    JobOrders::ApplyBy,
                ],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobOrderLog::Table)
                    .col(pk_uuid(JobOrderLog::Id))
                    .col(uuid(JobOrderLog::JobcentreId))
                    .col(uuid(JobOrderLog::JobOrderId))
                    .col(enum_text(JobOrderLog::Step, STEPS))
                    .col(enum_text(JobOrderLog::Status, STATUSES))
                    .col(text(JobOrderLog::ActorRole))
                    .col(uuid_null(JobOrderLog::ActorSubject))
                    .col(timestamp_with_time_zone(JobOrderLog::At))
                    .col(text_null(JobOrderLog::Note))
                    .foreign_key(&mut fk(
                        JobOrderLog::Table,
                        JobOrderLog::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        JobOrderLog::Table,
                        JobOrderLog::JobOrderId,
                        JobOrders::Table,
                        JobOrders::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                JobOrderLog::Table,
                &[JobOrderLog::JobOrderId, JobOrderLog::At],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobOrderLog::Table).take())
            .await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for statement in [
                    "ALTER TABLE job_orders ADD COLUMN offer_kind_code text NULL \
                     REFERENCES offer_kinds (code)"
                        .to_string(),
                    format!("UPDATE job_orders SET offer_kind_code = {OFFER_OF_KIND}"),
                    "ALTER TABLE job_orders DROP CONSTRAINT job_orders_status_check".to_string(),
                    format!("UPDATE job_orders SET status = {OLD_STATUS}"),
                    format!(
                        "ALTER TABLE job_orders ADD CONSTRAINT job_orders_status_check CHECK ({})",
                        in_list("status", OLD_STATUSES)
                    ),
                    "ALTER TABLE job_orders DROP COLUMN kind, DROP COLUMN occupation_code, \
                     DROP COLUMN description, DROP COLUMN minutes_per_week, \
                     DROP COLUMN starts_on, DROP COLUMN apply_by, DROP COLUMN contact_name, \
                     DROP COLUMN contact_phone, DROP COLUMN contact_email, \
                     DROP COLUMN required_skills, DROP COLUMN updated_at, DROP COLUMN version"
                        .to_string(),
                ] {
                    db.execute_unprepared(&statement).await?;
                }
            }
            _ => {
                rebuild_sqlite(
                    manager,
                    old_table(),
                    &format!(
                        "INSERT INTO job_orders_rebuilt (id, jobcentre_id, company_id, \
                         production_unit_id, title, offer_kind_code, positions, status, \
                         created_at) \
                         SELECT id, jobcentre_id, company_id, production_unit_id, title, \
                         {OFFER_OF_KIND}, positions, {OLD_STATUS}, created_at FROM job_orders"
                    ),
                )
                .await?;
            }
        }
        manager
            .drop_table(Table::drop().table(Occupations::Table).take())
            .await?;
        Ok(())
    }
}

/// The states before this migration.
const OLD_STATUSES: &[&str] = &["OPEN", "FILLED", "CLOSED"];
/// A state as it was before this migration (anything not ended was open).
const OLD_STATUS: &str = "CASE status WHEN 'FILLED' THEN 'FILLED' \
     WHEN 'CLOSED' THEN 'CLOSED' WHEN 'CANCELLED' THEN 'CLOSED' ELSE 'OPEN' END";
/// The offer-kind column from the kind (null for an ordinary job): the inverse of
/// [`KIND_OF_OFFER`].
const OFFER_OF_KIND: &str = "CASE kind \
     WHEN 'WAGE_SUBSIDY' THEN 'LOENTILSKUD' \
     WHEN 'COMPANY_INTERNSHIP' THEN 'VIRKSOMHEDSPRAKTIK' \
     WHEN 'FLEX_JOB' THEN 'FLEKSJOB' \
     WHEN 'ADULT_APPRENTICE' THEN 'VOKSENLAERLING' \
     WHEN 'JOB_ROTATION' THEN 'JOBROTATION' \
     ELSE NULL END";

/// Replaces `job_orders` on SQLite by `table` (named `job_orders_rebuilt`) filled by `copy`,
/// keeping the candidates, which refer to it: they wait aside while the table is replaced and
/// come back checked against the new one.
async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    copy: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    manager.create_table(table).await?;
    db.execute_unprepared(copy).await?;
    for statement in [
        "CREATE TEMP TABLE candidates_aside AS SELECT * FROM candidates",
        "DELETE FROM candidates",
        "DROP TABLE job_orders",
        "ALTER TABLE job_orders_rebuilt RENAME TO job_orders",
        "INSERT INTO candidates SELECT * FROM candidates_aside",
        "DROP TABLE candidates_aside",
    ] {
        db.execute_unprepared(statement).await?;
    }
    for col in [
        JobOrders::JobcentreId,
        JobOrders::CompanyId,
        JobOrders::ProductionUnitId,
    ] {
        manager
            .create_index(index(JobOrders::Table, &[col], false))
            .await?;
    }
    Ok(())
}

/// `job_orders` as the core migration made it, built as `job_orders_rebuilt` (SQLite).
fn old_table() -> TableCreateStatement {
    Table::create()
        .table(JobOrders::Rebuilt)
        .col(pk_uuid(JobOrders::Id))
        .col(uuid(JobOrders::JobcentreId))
        .col(uuid(JobOrders::CompanyId))
        .col(uuid(JobOrders::ProductionUnitId))
        .col(text(JobOrders::Title))
        .col(text_null(OfferKinds::OfferKindCode))
        .col(integer(JobOrders::Positions))
        .col(enum_text(JobOrders::Status, OLD_STATUSES))
        .col(timestamp_with_time_zone(JobOrders::CreatedAt))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::JobcentreId,
            Jobcentres::Table,
            Jobcentres::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::CompanyId,
            Companies::Table,
            Companies::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::ProductionUnitId,
            ProductionUnits::Table,
            ProductionUnits::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            OfferKinds::OfferKindCode,
            OfferKinds::Table,
            OfferKinds::Code,
        ))
        .take()
}

/// The columns this migration adds, as PostgreSQL adds them to the existing table.
fn new_columns() -> Vec<ColumnDef> {
    vec![
        enum_text(JobOrders::Kind, KINDS).default("ORDINARY").take(),
        text_null(JobOrders::OccupationCode).take(),
        text(JobOrders::Description).default("").take(),
        integer_null(JobOrders::MinutesPerWeek)
            .check(Expr::cust("minutes_per_week > 0"))
            .take(),
        date_null(JobOrders::StartsOn).take(),
        date_null(JobOrders::ApplyBy).take(),
        text_null(JobOrders::ContactName).take(),
        text_null(JobOrders::ContactPhone).take(),
        text_null(JobOrders::ContactEmail).take(),
        text(JobOrders::RequiredSkills).default("[]").take(),
        timestamp_with_time_zone(JobOrders::UpdatedAt)
            .default(Expr::current_timestamp())
            .take(),
        integer(JobOrders::Version)
            .default(1)
            .check(Expr::cust("version > 0"))
            .take(),
    ]
}

/// `job_orders` as this migration leaves it, built as `job_orders_rebuilt` (SQLite).
fn rebuilt_table() -> TableCreateStatement {
    let mut table = Table::create();
    table
        .table(JobOrders::Rebuilt)
        .col(pk_uuid(JobOrders::Id))
        .col(uuid(JobOrders::JobcentreId))
        .col(uuid(JobOrders::CompanyId))
        .col(uuid(JobOrders::ProductionUnitId))
        .col(text(JobOrders::Title))
        .col(integer(JobOrders::Positions))
        .col(enum_text(JobOrders::Status, STATUSES))
        .col(timestamp_with_time_zone(JobOrders::CreatedAt));
    for column in new_columns() {
        table.col(column);
    }
    table
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::JobcentreId,
            Jobcentres::Table,
            Jobcentres::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::CompanyId,
            Companies::Table,
            Companies::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::ProductionUnitId,
            ProductionUnits::Table,
            ProductionUnits::Id,
        ))
        .foreign_key(&mut fk(
            JobOrders::Rebuilt,
            JobOrders::OccupationCode,
            Occupations::Table,
            Occupations::Code,
        ))
        .take()
}
