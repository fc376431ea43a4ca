//! Indexes that match the staff citizen lists' filter and order, so a page is read by index
//! instead of by sorting every citizen of the job centre (`docs/performance.md`):
//!
//! - `citizens (jobcentre_id, id)`: the job centre's citizens in id order (the order of every
//!   citizen list), replacing the index on `jobcentre_id` alone, which it covers as a prefix.
//! - `cases (assigned_caseworker_id, jobcentre_id, citizen_id) WHERE closed_at IS NULL`: a
//!   caseworker's caseload (the open cases assigned to them) straight from the index, in
//!   citizen order.
//! - `service_orders (provider_id, citizen_id) WHERE status <> 'CANCELLED'`: a provider's
//!   participants (citizens with a live or finished referral to it), in citizen order, from the
//!   index alone.
//!
//! Plain SQL, the same on SQLite and PostgreSQL: sea-query's index builder has no partial
//! indexes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX idx_citizens_jobcentre_id_id ON citizens (jobcentre_id, id)",
        )
        .await?;
        db.execute_unprepared("DROP INDEX idx_citizens_jobcentre_id")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_cases_caseload ON cases (assigned_caseworker_id, jobcentre_id, citizen_id) \
             WHERE closed_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_service_orders_participants ON service_orders (provider_id, citizen_id) \
             WHERE status <> 'CANCELLED'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_service_orders_participants")
            .await?;
        db.execute_unprepared("DROP INDEX idx_cases_caseload")
            .await?;
        db.execute_unprepared("CREATE INDEX idx_citizens_jobcentre_id ON citizens (jobcentre_id)")
            .await?;
        db.execute_unprepared("DROP INDEX idx_citizens_jobcentre_id_id")
            .await?;
        Ok(())
    }
}
