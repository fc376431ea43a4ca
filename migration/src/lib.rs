//! Portable schema migrations for jobbro.
//!
//! The same migrations run on SQLite and PostgreSQL: tables, foreign keys, CHECK constraints
//! and indexes are built with sea-query's schema builder (see `docs/data-model.md`), and the
//! national reference data is seeded with ordinary insert statements. Call [`run`] at start-up.

pub use sea_orm_migration::prelude::*;

use sea_orm_migration::sea_orm::{DatabaseConnection, DbBackend, TransactionTrait};

pub mod audit_partitions;
mod m20261122_000001_core;
mod m20261122_000002_reference_data;
mod m20261122_000003_meetings;
mod m20261122_000004_fund_notifications;
mod m20261122_000005_remote_conversations;
mod m20261122_000006_plans;
mod m20261201_000007_plan_activities;
mod m20261202_000008_list_indexes;
mod m20261202_000009_audit_partitions;
mod m20261202_000010_audit_rows_per_request;
mod m20261202_000011_contracts;
mod m20261202_000012_offer_attendance;
mod m20261202_000013_no_show_procedure;
mod m20261202_000014_supplier_reports;
mod m20261202_000015_offer_change_requests;
mod m20261202_000016_order_messages;
mod m20261202_000017_temporary_addresses;
mod m20261202_000018_invoicing;
mod m20261203_000019_job_orders;
mod m20261203_000020_cvs;
mod m20261203_000021_placements;
mod m20261203_000022_placement_follow_up;
mod m20261203_000023_case_lifecycle;
mod m20261203_000024_marking_notices;
mod m20261203_000025_health_information;
mod m20261203_000026_access_purposes;
mod schema_helpers;

/// First key of the PostgreSQL advisory lock serialising migrations across replicas (the bytes
/// of `"jobb"` as a big-endian `i32`); the second is a hash of the schema being migrated, so
/// replicas of one installation queue while installations in other schemas of the same database
/// (the tests' schemas, a second municipality) migrate side by side.
pub const MIGRATION_LOCK_CLASS: i32 = 0x6a6f_6262;

/// All of jobbro's migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_core::Migration),
            Box::new(m20261122_000002_reference_data::Migration),
            Box::new(m20261122_000003_meetings::Migration),
            Box::new(m20261122_000004_fund_notifications::Migration),
            Box::new(m20261122_000005_remote_conversations::Migration),
            Box::new(m20261122_000006_plans::Migration),
            Box::new(m20261201_000007_plan_activities::Migration),
            Box::new(m20261202_000008_list_indexes::Migration),
            Box::new(m20261202_000009_audit_partitions::Migration),
            Box::new(m20261202_000010_audit_rows_per_request::Migration),
            Box::new(m20261202_000011_contracts::Migration),
            Box::new(m20261202_000012_offer_attendance::Migration),
            Box::new(m20261202_000013_no_show_procedure::Migration),
            Box::new(m20261202_000014_supplier_reports::Migration),
            Box::new(m20261202_000015_offer_change_requests::Migration),
            Box::new(m20261202_000016_order_messages::Migration),
            Box::new(m20261202_000017_temporary_addresses::Migration),
            Box::new(m20261202_000018_invoicing::Migration),
            Box::new(m20261203_000019_job_orders::Migration),
            Box::new(m20261203_000020_cvs::Migration),
            Box::new(m20261203_000021_placements::Migration),
            Box::new(m20261203_000022_placement_follow_up::Migration),
            Box::new(m20261203_000023_case_lifecycle::Migration),
            Box::new(m20261203_000024_marking_notices::Migration),
            Box::new(m20261203_000025_health_information::Migration),
            Box::new(m20261203_000026_access_purposes::Migration),
        ]
    }
}

/// Applies every pending migration.
///
/// On PostgreSQL several replicas may start together, so the migrations run inside one
/// transaction holding the advisory lock ([`MIGRATION_LOCK_CLASS`], the schema's hash)
/// (`pg_advisory_xact_lock`): the first replica migrates while the others wait, then find
/// nothing pending. The lock is transaction-scoped, so it is taken and released on the same
/// pooled connection and is released even when a migration fails; PostgreSQL DDL is
/// transactional, so a failure leaves the schema unchanged. SQLite (a single process) takes no
/// lock.
pub async fn run(db: &DatabaseConnection) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let txn = db.begin().await?;
            // The pool's statement timeout is for requests: a migration that rewrites a large
            // table, or a replica waiting here for another one's migration, may take longer.
            txn.execute_unprepared("SET LOCAL statement_timeout = 0")
                .await?;
            txn.execute_unprepared(&format!(
                "SELECT pg_advisory_xact_lock({MIGRATION_LOCK_CLASS}, hashtext(current_schema()))"
            ))
            .await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await
        }
        _ => Migrator::up(db, None).await,
    }
}
