//! Contracts with providers, and orders under them (`docs/data-model.md`, UC5):
//!
//! - `providers.internal`: the municipality's own units, ordered from like any provider and never
//!   invoiced.
//! - `contracts` between a job centre and a provider; `contract_versions`, each with a validity
//!   date, signed once (a signed version is never changed: a change is a new version);
//!   `contract_services` per version (offer kind, description, seats, budget-frame code, and a
//!   `service_code` that names the same service across versions), the target groups each serves
//!   (`contract_service_target_groups`), and the price components held as data per service
//!   (`price_components`, amounts in integer øre).
//! - `service_orders`: the contract service ordered, the ordered quantity (minutes per week,
//!   weeks), the lifecycle ORDERED → ACCEPTED → STARTED → ENDED or CANCELLED with its dates, and
//!   a required, non-empty remark (`003:2721-2739`). Orders of today run on: ACTIVE becomes
//!   STARTED (started on their first day); a missing remark is filled with a note saying so.
//!
//! PostgreSQL changes `service_orders` in place; SQLite cannot change a CHECK constraint or make
//! a column NOT NULL, so there the table is rebuilt (nothing refers to it) with its indexes.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, ProviderUsers, Providers, enum_text, fk, index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The order states after this migration.
const STATUSES: &[&str] = &["ORDERED", "ACCEPTED", "STARTED", "ENDED", "CANCELLED"];
/// The order states before it.
const OLD_STATUSES: &[&str] = &["ACTIVE", "ENDED", "CANCELLED"];
/// The price components a contract service may hold.
const PRICE_KINDS: &[&str] = &[
    "START_FEE",
    "MONTHLY_FEE",
    "WEEKLY_PRICE",
    "HOURLY_PRICE",
    "RESULT_BONUS",
];
/// The remark given to orders made before a remark was required.
const LEGACY_REMARK: &str = "Ingen bemærkning (bestilt før bemærkning blev påkrævet).";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Providers::Table)
                    .add_column(boolean(Internal::Internal).default(false))
                    .take(),
            )
            .await?;
        create_contract_tables(manager).await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for statement in [
                    "ALTER TABLE service_orders DROP CONSTRAINT service_orders_status_check",
                    "UPDATE service_orders SET status = 'STARTED' WHERE status = 'ACTIVE'",
                    &format!(
                        "UPDATE service_orders SET remark = '{LEGACY_REMARK}' \
                         WHERE remark IS NULL OR trim(remark) = ''"
                    ),
                    "ALTER TABLE service_orders ALTER COLUMN remark SET NOT NULL",
                    &format!(
                        "ALTER TABLE service_orders ADD CONSTRAINT service_orders_status_check \
                         CHECK (status IN ({}))",
                        quoted(STATUSES)
                    ),
                    "ALTER TABLE service_orders ADD CONSTRAINT service_orders_remark_check \
                     CHECK (trim(remark) <> '')",
                    "ALTER TABLE service_orders \
                     ADD COLUMN contract_service_id uuid REFERENCES contract_services (id), \
                     ADD COLUMN minutes_per_week integer CHECK (minutes_per_week > 0), \
                     ADD COLUMN weeks integer CHECK (weeks > 0), \
                     ADD COLUMN accepted_at timestamptz, \
                     ADD COLUMN started_on date, \
                     ADD COLUMN finished_on date, \
                     ADD COLUMN cancel_reason text",
                    "UPDATE service_orders SET started_on = starts_on WHERE status <> 'CANCELLED'",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                rebuild_sqlite_orders(
                    manager,
                    new_orders_table(),
                    &format!(
                        "INSERT INTO service_orders_rebuilt (id, jobcentre_id, citizen_id, \
                         provider_id, assigned_user_id, offer_kind_code, justification, goal, \
                         remark, starts_on, ends_on, status, created_at, started_on) \
                         SELECT id, jobcentre_id, citizen_id, provider_id, assigned_user_id, \
                         offer_kind_code, justification, goal, \
                         CASE WHEN remark IS NULL OR trim(remark) = '' THEN '{LEGACY_REMARK}' \
                         ELSE remark END, starts_on, ends_on, \
                         CASE status WHEN 'ACTIVE' THEN 'STARTED' ELSE status END, created_at, \
                         CASE WHEN status <> 'CANCELLED' THEN starts_on END \
                         FROM service_orders"
                    ),
                )
                .await?;
            }
        }
        manager
            .create_index(index(Orders::Table, &[Orders::ContractServiceId], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .drop_index(
                Index::drop()
                    .name("idx_service_orders_contract_service_id")
                    .table(Orders::Table)
                    .to_owned(),
            )
            .await?;
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for statement in [
                    "ALTER TABLE service_orders DROP CONSTRAINT service_orders_status_check",
                    "ALTER TABLE service_orders DROP CONSTRAINT service_orders_remark_check",
                    "UPDATE service_orders SET status = 'ACTIVE' \
                     WHERE status IN ('ORDERED', 'ACCEPTED', 'STARTED')",
                    &format!(
                        "ALTER TABLE service_orders ADD CONSTRAINT service_orders_status_check \
                         CHECK (status IN ({}))",
                        quoted(OLD_STATUSES)
                    ),
                    "ALTER TABLE service_orders ALTER COLUMN remark DROP NOT NULL",
                    "ALTER TABLE service_orders DROP COLUMN contract_service_id, \
                     DROP COLUMN minutes_per_week, DROP COLUMN weeks, DROP COLUMN accepted_at, \
                     DROP COLUMN started_on, DROP COLUMN finished_on, DROP COLUMN cancel_reason",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                rebuild_sqlite_orders(
                    manager,
                    old_orders_table(),
                    "INSERT INTO service_orders_rebuilt (id, jobcentre_id, citizen_id, \
                     provider_id, assigned_user_id, offer_kind_code, justification, goal, \
                     remark, starts_on, ends_on, status, created_at) \
                     SELECT id, jobcentre_id, citizen_id, provider_id, assigned_user_id, \
                     offer_kind_code, justification, goal, remark, starts_on, ends_on, \
                     CASE WHEN status IN ('ORDERED', 'ACCEPTED', 'STARTED') THEN 'ACTIVE' \
                     ELSE status END, created_at FROM service_orders",
                )
                .await?;
            }
        }
        for table in [
            PriceComponents::Table.into_iden(),
            ServiceTargetGroups::Table.into_iden(),
            ContractServices::Table.into_iden(),
            ContractVersions::Table.into_iden(),
            Contracts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Providers::Table)
                    .drop_column(Internal::Internal)
                    .take(),
            )
            .await
    }
}

/// `'A', 'B'` for an `IN (...)` list.
fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn create_contract_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Contracts::Table)
                .col(pk_uuid(Contracts::Id))
                .col(uuid(Contracts::JobcentreId))
                .col(uuid(Contracts::ProviderId))
                .col(text(Contracts::Reference))
                .col(text(Contracts::Title))
                .col(timestamp_with_time_zone(Contracts::CreatedAt))
                .foreign_key(&mut fk(
                    Contracts::Table,
                    Contracts::JobcentreId,
                    Jobcentres::Table,
                    Jobcentres::Id,
                ))
                .foreign_key(&mut fk(
                    Contracts::Table,
                    Contracts::ProviderId,
                    Providers::Table,
                    Providers::Id,
                ))
                .check(Expr::cust("trim(reference) <> '' AND trim(title) <> ''"))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            Contracts::Table,
            &[Contracts::JobcentreId, Contracts::Reference],
            true,
        ))
        .await?;
    manager
        .create_index(index(Contracts::Table, &[Contracts::ProviderId], false))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(ContractVersions::Table)
                .col(pk_uuid(ContractVersions::Id))
                .col(uuid(ContractVersions::ContractId))
                .col(integer(ContractVersions::Version).check(Expr::cust("version > 0")))
                .col(date(ContractVersions::ValidFrom))
                .col(uuid(ContractVersions::CreatedBy))
                .col(timestamp_with_time_zone(ContractVersions::CreatedAt))
                .col(uuid_null(ContractVersions::SignedBy))
                .col(timestamp_with_time_zone_null(ContractVersions::SignedAt))
                .foreign_key(&mut fk(
                    ContractVersions::Table,
                    ContractVersions::ContractId,
                    Contracts::Table,
                    Contracts::Id,
                ))
                .foreign_key(&mut fk(
                    ContractVersions::Table,
                    ContractVersions::CreatedBy,
                    Caseworkers::Table,
                    Caseworkers::Id,
                ))
                .foreign_key(&mut fk(
                    ContractVersions::Table,
                    ContractVersions::SignedBy,
                    Caseworkers::Table,
                    Caseworkers::Id,
                ))
                .check(Expr::cust("(signed_by IS NULL) = (signed_at IS NULL)"))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            ContractVersions::Table,
            &[ContractVersions::ContractId, ContractVersions::Version],
            true,
        ))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(ContractServices::Table)
                .col(pk_uuid(ContractServices::Id))
                .col(uuid(ContractServices::ContractVersionId))
                .col(text(ContractServices::ServiceCode))
                .col(text(ContractServices::OfferKindCode))
                .col(text(ContractServices::Description))
                .col(integer(ContractServices::Seats).check(Expr::cust("seats > 0")))
                .col(text(ContractServices::BudgetFrameCode))
                .foreign_key(&mut fk(
                    ContractServices::Table,
                    ContractServices::ContractVersionId,
                    ContractVersions::Table,
                    ContractVersions::Id,
                ))
                .foreign_key(&mut fk(
                    ContractServices::Table,
                    ContractServices::OfferKindCode,
                    OfferKinds::Table,
                    OfferKinds::Code,
                ))
                .check(Expr::cust(
                    "trim(service_code) <> '' AND trim(description) <> '' \
                     AND trim(budget_frame_code) <> ''",
                ))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            ContractServices::Table,
            &[
                ContractServices::ContractVersionId,
                ContractServices::ServiceCode,
            ],
            true,
        ))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(ServiceTargetGroups::Table)
                .col(uuid(ServiceTargetGroups::ContractServiceId))
                .col(text(ServiceTargetGroups::TargetGroupCode))
                .primary_key(
                    Index::create()
                        .col(ServiceTargetGroups::ContractServiceId)
                        .col(ServiceTargetGroups::TargetGroupCode),
                )
                .foreign_key(&mut fk(
                    ServiceTargetGroups::Table,
                    ServiceTargetGroups::ContractServiceId,
                    ContractServices::Table,
                    ContractServices::Id,
                ))
                .foreign_key(&mut fk(
                    ServiceTargetGroups::Table,
                    ServiceTargetGroups::TargetGroupCode,
                    TargetGroups::Table,
                    TargetGroups::Code,
                ))
                .take(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(PriceComponents::Table)
                .col(pk_uuid(PriceComponents::Id))
                .col(uuid(PriceComponents::ContractServiceId))
                .col(enum_text(PriceComponents::Kind, PRICE_KINDS))
                .col(big_integer(PriceComponents::AmountOre).check(Expr::cust("amount_ore >= 0")))
                .col(integer_null(PriceComponents::WithinWeeks))
                .foreign_key(&mut fk(
                    PriceComponents::Table,
                    PriceComponents::ContractServiceId,
                    ContractServices::Table,
                    ContractServices::Id,
                ))
                .check(Expr::cust(
                    "(kind = 'RESULT_BONUS') = (within_weeks IS NOT NULL) \
                     AND (within_weeks IS NULL OR within_weeks > 0)",
                ))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            PriceComponents::Table,
            &[PriceComponents::ContractServiceId, PriceComponents::Kind],
            true,
        ))
        .await?;
    Ok(())
}

/// `service_orders` as this migration leaves it, built as `service_orders_rebuilt` (SQLite).
fn new_orders_table() -> TableCreateStatement {
    let mut table = orders_table(STATUSES);
    table
        .col(uuid_null(Orders::ContractServiceId))
        .col(integer_null(Orders::MinutesPerWeek).check(Expr::cust("minutes_per_week > 0")))
        .col(integer_null(Orders::Weeks).check(Expr::cust("weeks > 0")))
        .col(timestamp_with_time_zone_null(Orders::AcceptedAt))
        .col(date_null(Orders::StartedOn))
        .col(date_null(Orders::FinishedOn))
        .col(text_null(Orders::CancelReason))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::ContractServiceId,
            ContractServices::Table,
            ContractServices::Id,
        ))
        .check(Expr::cust("trim(remark) <> ''"));
    table.take()
}

/// `service_orders` as the core migration made it, built as `service_orders_rebuilt` (SQLite).
fn old_orders_table() -> TableCreateStatement {
    orders_table(OLD_STATUSES).take()
}

/// The columns both shapes share; the remark is NOT NULL only in the new one.
fn orders_table(statuses: &[&'static str]) -> TableCreateStatement {
    let remark = if statuses == STATUSES {
        text(Orders::Remark)
    } else {
        text_null(Orders::Remark)
    };
    Table::create()
        .table(Orders::Rebuilt)
        .col(pk_uuid(Orders::Id))
        .col(uuid(Orders::JobcentreId))
        .col(uuid(Orders::CitizenId))
        .col(uuid(Orders::ProviderId))
        .col(uuid_null(Orders::AssignedUserId))
        .col(text(Orders::OfferKindCode))
        .col(text(Orders::Justification))
        .col(text(Orders::Goal))
        .col(remark)
        .col(date(Orders::StartsOn))
        .col(date_null(Orders::EndsOn))
        .col(enum_text(Orders::Status, statuses))
        .col(timestamp_with_time_zone(Orders::CreatedAt))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::JobcentreId,
            Jobcentres::Table,
            Jobcentres::Id,
        ))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::CitizenId,
            Citizens::Table,
            Citizens::Id,
        ))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::ProviderId,
            Providers::Table,
            Providers::Id,
        ))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::AssignedUserId,
            ProviderUsers::Table,
            ProviderUsers::Id,
        ))
        .foreign_key(&mut fk(
            Orders::Rebuilt,
            Orders::OfferKindCode,
            OfferKinds::Table,
            OfferKinds::Code,
        ))
        .to_owned()
}

/// Rebuilds `service_orders` on SQLite as `table` (named `service_orders_rebuilt`), filled by
/// `copy`, then renamed, with the indexes of the earlier migrations made again.
async fn rebuild_sqlite_orders(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    copy: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    manager.create_table(table).await?;
    db.execute_unprepared(copy).await?;
    db.execute_unprepared("DROP TABLE service_orders").await?;
    db.execute_unprepared("ALTER TABLE service_orders_rebuilt RENAME TO service_orders")
        .await?;
    for col in [
        Orders::JobcentreId,
        Orders::CitizenId,
        Orders::ProviderId,
        Orders::AssignedUserId,
    ] {
        manager
            .create_index(index(Orders::Table, &[col], false))
            .await?;
    }
    db.execute_unprepared(
        "CREATE INDEX idx_service_orders_participants ON service_orders (provider_id, citizen_id) \
         WHERE status <> 'CANCELLED'",
    )
    .await?;
    Ok(())
}

#[derive(DeriveIden, Clone, Copy)]
enum Internal {
    Internal,
}

#[derive(DeriveIden, Clone, Copy)]
enum OfferKinds {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum TargetGroups {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    Id,
    JobcentreId,
    ProviderId,
    Reference,
    Title,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractVersions {
    Table,
    Id,
    ContractId,
    Version,
    ValidFrom,
    CreatedBy,
    CreatedAt,
    SignedBy,
    SignedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractServices {
    Table,
    Id,
    ContractVersionId,
    ServiceCode,
    OfferKindCode,
    Description,
    Seats,
    BudgetFrameCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceTargetGroups {
    #[sea_orm(iden = "contract_service_target_groups")]
    Table,
    ContractServiceId,
    TargetGroupCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum PriceComponents {
    Table,
    Id,
    ContractServiceId,
    Kind,
    AmountOre,
    WithinWeeks,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    #[sea_orm(iden = "service_orders")]
    Table,
    #[sea_orm(iden = "service_orders_rebuilt")]
    Rebuilt,
    Id,
    JobcentreId,
    CitizenId,
    ProviderId,
    AssignedUserId,
    OfferKindCode,
    Justification,
    Goal,
    Remark,
    StartsOn,
    EndsOn,
    Status,
    CreatedAt,
    ContractServiceId,
    MinutesPerWeek,
    Weeks,
    AcceptedAt,
    StartedOn,
    FinishedOn,
    CancelReason,
}
