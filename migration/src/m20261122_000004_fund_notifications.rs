//! Notifications to the unemployment fund (a-kasse) of sick and recovery reports
//! (`002:145-153`): the outbox worker records one per event and hands it to the fund gateway.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Citizens, Jobcentres, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS: &[&str] = &["SICK_REPORT", "RECOVERY_REPORT"];
const STATUSES: &[&str] = &["PENDING", "SENT"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FundNotifications::Table)
                    .col(pk_uuid(FundNotifications::Id))
                    .col(uuid(FundNotifications::JobcentreId))
                    .col(uuid(FundNotifications::CitizenId))
                    .col(enum_text(FundNotifications::Kind, KINDS))
                    .col(uuid(FundNotifications::AbsenceId))
                    .col(uuid(FundNotifications::SourceEventId))
                    .col(enum_text(FundNotifications::Status, STATUSES))
                    .col(timestamp_with_time_zone(FundNotifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(FundNotifications::SentAt))
                    .foreign_key(&mut fk(
                        FundNotifications::Table,
                        FundNotifications::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        FundNotifications::Table,
                        FundNotifications::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        // A retried event never notifies twice.
        manager
            .create_index(index(
                FundNotifications::Table,
                &[FundNotifications::SourceEventId, FundNotifications::Kind],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                FundNotifications::Table,
                &[FundNotifications::CitizenId],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FundNotifications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum FundNotifications {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Kind,
    AbsenceId,
    SourceEventId,
    Status,
    CreatedAt,
    SentAt,
}
