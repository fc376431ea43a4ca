//! Change requests on offers (rule 8, `003:1380-1463`), `docs/data-model.md`:
//!
//! - `offer_change_requests`: the provider asks the job centre to extend, end, reduce or change
//!   the hours of an offer, or says the citizen never started; the job centre decides within a
//!   number of Danish workdays, the clock paused while it records that it cannot reach the
//!   citizen. At most one undecided request per order (a partial unique index).
//! - `no_show_procedures.held_for`: a hearing request held back while an end or reduction is
//!   undecided (`003:1439-1451`).
//! - `benefits_notices.pending_change_request_id`: absence and no-show notices sent while a
//!   request is undecided carry it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, ProviderUsers, enum_text, fk, index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS: &[&str] = &[
    "EXTEND",
    "END",
    "REDUCE_HOURS",
    "CHANGE_HOURS",
    "NOT_STARTED",
];
const STATUSES: &[&str] = &["PENDING", "APPROVED", "REJECTED"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Requests::Table)
                    .col(pk_uuid(Requests::Id))
                    .col(uuid(Requests::JobcentreId))
                    .col(uuid(Requests::ServiceOrderId))
                    .col(uuid(Requests::CitizenId))
                    .col(uuid(Requests::ProviderId))
                    .col(enum_text(Requests::Kind, KINDS))
                    .col(text(Requests::Reason))
                    .col(date_null(Requests::NewEndsOn))
                    .col(integer_null(Requests::NewMinutesPerWeek))
                    .col(uuid_null(Requests::SupplierReportId))
                    .col(uuid(Requests::RequestedBy))
                    .col(timestamp_with_time_zone(Requests::RequestedAt))
                    .col(date(Requests::DueOn))
                    .col(date_null(Requests::UnreachableSince))
                    .col(enum_text(Requests::Status, STATUSES))
                    .col(uuid_null(Requests::DecidedBy))
                    .col(timestamp_with_time_zone_null(Requests::DecidedAt))
                    .col(text_null(Requests::DecisionNote))
                    .col(timestamp_with_time_zone_null(Requests::OverdueAlertedAt))
                    .check(Expr::cust("trim(reason) <> ''"))
                    // What each kind changes is given with it, and nothing else.
                    .check(Expr::cust(
                        "(new_ends_on IS NOT NULL) = (kind IN ('EXTEND', 'END')) \
                         AND (new_minutes_per_week IS NOT NULL) = \
                         (kind IN ('REDUCE_HOURS', 'CHANGE_HOURS')) \
                         AND (new_minutes_per_week IS NULL OR new_minutes_per_week > 0)",
                    ))
                    .check(Expr::cust(
                        "(status = 'PENDING') = (decided_at IS NULL) \
                         AND (decided_at IS NULL) = (decided_by IS NULL)",
                    ))
                    .foreign_key(&mut fk(
                        Requests::Table,
                        Requests::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Requests::Table,
                        Requests::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Requests::Table,
                        Requests::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Requests::Table,
                        Requests::RequestedBy,
                        ProviderUsers::Table,
                        ProviderUsers::Id,
                    ))
                    .foreign_key(&mut fk(
                        Requests::Table,
                        Requests::DecidedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_offer_change_requests_pending \
             ON offer_change_requests (service_order_id) WHERE status = 'PENDING'",
        )
        .await?;
        manager
            .create_index(index(
                Requests::Table,
                &[Requests::JobcentreId, Requests::DueOn],
                false,
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Procedures::Table)
                    .add_column(uuid_null(Procedures::HeldFor))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .add_column(uuid_null(Notices::PendingChangeRequestId))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .drop_column(Notices::PendingChangeRequestId)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Procedures::Table)
                    .drop_column(Procedures::HeldFor)
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Requests::Table).take())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceOrders {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Procedures {
    #[sea_orm(iden = "no_show_procedures")]
    Table,
    HeldFor,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notices {
    #[sea_orm(iden = "benefits_notices")]
    Table,
    PendingChangeRequestId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Requests {
    #[sea_orm(iden = "offer_change_requests")]
    Table,
    Id,
    JobcentreId,
    ServiceOrderId,
    CitizenId,
    ProviderId,
    Kind,
    Reason,
    NewEndsOn,
    NewMinutesPerWeek,
    SupplierReportId,
    RequestedBy,
    RequestedAt,
    DueOn,
    UnreachableSince,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    OverdueAlertedAt,
}
