//! The benefits service hears of person markings (rule 13): setting and removing a marking that
//! protects a citizen from sanctions is told to it like the offer's events are, so that a
//! sanction is not imposed while the marking is in force.
//!
//! - `benefits_notices.person_marking_id`: the marking a `MARKING_SET` or `MARKING_REMOVED`
//!   notice is about.
//! - `benefits_notices.service_order_id` becomes optional: a notice is about an order or about a
//!   marking, exactly one of them (a CHECK constraint).
//!
//! PostgreSQL changes the table in place; SQLite cannot drop NOT NULL or change a CHECK, so
//! there the table is rebuilt with the new definition (nothing refers to it).

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{enum_text, fk, in_list, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the benefits service was told of before this migration.
const OLD_KINDS: &[&str] = &[
    "ACTIVATION_STARTED",
    "ACTIVATION_ENDED",
    "ACTIVATION_CANCELLED",
    "OFFER_ABSENCE",
    "OFFER_NO_SHOW",
    "HEARING_REQUEST",
    "CITIZEN_REAPPEARED",
];
/// What it is told of now.
const NEW_KINDS: &[&str] = &[
    "ACTIVATION_STARTED",
    "ACTIVATION_ENDED",
    "ACTIVATION_CANCELLED",
    "OFFER_ABSENCE",
    "OFFER_NO_SHOW",
    "HEARING_REQUEST",
    "CITIZEN_REAPPEARED",
    "MARKING_SET",
    "MARKING_REMOVED",
];
const NOTICE_STATUSES: &[&str] = &["PENDING", "SENT"];
/// A notice is about an order or about a marking, never both or neither.
const ONE_SUBJECT: &str = "(service_order_id IS NULL) <> (person_marking_id IS NULL)";

#[derive(DeriveIden, Clone, Copy)]
enum BenefitsNotices {
    Table,
    #[sea_orm(iden = "benefits_notices_rebuilt")]
    Rebuilt,
    Id,
    JobcentreId,
    CitizenId,
    ServiceOrderId,
    PersonMarkingId,
    Kind,
    Day,
    SourceEventId,
    Status,
    CreatedAt,
    SentAt,
    PendingChangeRequestId,
}

#[derive(DeriveIden)]
enum ServiceOrders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PersonMarkings {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for statement in [
                "ALTER TABLE benefits_notices ALTER COLUMN service_order_id DROP NOT NULL"
                    .to_string(),
                "ALTER TABLE benefits_notices ADD COLUMN person_marking_id uuid NULL \
                 CONSTRAINT fk_benefits_notices_person_marking_id \
                 REFERENCES person_markings (id)"
                    .to_string(),
                format!(
                    "ALTER TABLE benefits_notices DROP CONSTRAINT benefits_notices_kind_check, \
                     ADD CONSTRAINT benefits_notices_kind_check CHECK ({}), \
                     ADD CONSTRAINT benefits_notices_subject_check CHECK ({ONE_SUBJECT})",
                    in_list("kind", NEW_KINDS)
                ),
            ] {
                db.execute_unprepared(&statement).await?;
            }
        } else {
            rebuild_sqlite(manager, table(true)).await?;
        }
        manager
            .create_index(index(
                BenefitsNotices::Table,
                &[BenefitsNotices::PersonMarkingId],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .drop_index(
                Index::drop()
                    .name("idx_benefits_notices_person_marking_id")
                    .table(BenefitsNotices::Table)
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("DELETE FROM benefits_notices WHERE service_order_id IS NULL")
            .await?;
        if db.get_database_backend() == DbBackend::Postgres {
            for statement in [
                format!(
                    "ALTER TABLE benefits_notices DROP CONSTRAINT benefits_notices_subject_check, \
                     DROP CONSTRAINT benefits_notices_kind_check, \
                     ADD CONSTRAINT benefits_notices_kind_check CHECK ({})",
                    in_list("kind", OLD_KINDS)
                ),
                "ALTER TABLE benefits_notices DROP COLUMN person_marking_id".to_string(),
                "ALTER TABLE benefits_notices ALTER COLUMN service_order_id SET NOT NULL"
                    .to_string(),
            ] {
                db.execute_unprepared(&statement).await?;
            }
            Ok(())
        } else {
            rebuild_sqlite(manager, table(false)).await
        }
    }
}

/// `benefits_notices` with (`marking`) or without the marking column, as
/// `benefits_notices_rebuilt`.
fn table(marking: bool) -> TableCreateStatement {
    let t = BenefitsNotices::Rebuilt;
    let mut table = Table::create();
    table
        .table(t)
        .col(pk_uuid(BenefitsNotices::Id))
        .col(uuid(BenefitsNotices::JobcentreId))
        .col(uuid(BenefitsNotices::CitizenId));
    if marking {
        table
            .col(uuid_null(BenefitsNotices::ServiceOrderId))
            .col(uuid_null(BenefitsNotices::PersonMarkingId))
            .col(enum_text(BenefitsNotices::Kind, NEW_KINDS));
    } else {
        table
            .col(uuid(BenefitsNotices::ServiceOrderId))
            .col(enum_text(BenefitsNotices::Kind, OLD_KINDS));
    }
    table
        .col(date(BenefitsNotices::Day))
        .col(uuid(BenefitsNotices::SourceEventId))
        .col(enum_text(BenefitsNotices::Status, NOTICE_STATUSES))
        .col(timestamp_with_time_zone(BenefitsNotices::CreatedAt))
        .col(timestamp_with_time_zone_null(BenefitsNotices::SentAt))
        .col(uuid_null(BenefitsNotices::PendingChangeRequestId))
        .foreign_key(&mut fk(
            t,
            BenefitsNotices::ServiceOrderId,
            ServiceOrders::Table,
            ServiceOrders::Id,
        ));
    if marking {
        table
            .foreign_key(&mut fk(
                t,
                BenefitsNotices::PersonMarkingId,
                PersonMarkings::Table,
                PersonMarkings::Id,
            ))
            .check(("benefits_notices_subject_check", Expr::cust(ONE_SUBJECT)));
    }
    table.take()
}

/// Replaces `benefits_notices` on SQLite by `table`, copying every row, then its indexes.
async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    manager.create_table(table).await?;
    let columns = "id, jobcentre_id, citizen_id, service_order_id, kind, day, source_event_id, \
                   status, created_at, sent_at, pending_change_request_id";
    for statement in [
        format!(
            "INSERT INTO benefits_notices_rebuilt ({columns}) SELECT {columns} FROM benefits_notices"
        ),
        "DROP TABLE benefits_notices".to_string(),
        "ALTER TABLE benefits_notices_rebuilt RENAME TO benefits_notices".to_string(),
    ] {
        db.execute_unprepared(&statement).await?;
    }
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
