//! The invoicing basis (fakturagrundlag, UC5, rule 16), `docs/data-model.md`:
//!
//! - `invoice_policies`: per job centre, held as data: the day of the month after a month's end
//!   on which the server generates the bases of that month, how a week split across two months
//!   is billed, and the team whose caseworkers may approve a basis besides managers.
//! - `employment_outcomes`: a citizen started a job or an education on a day (the outcome a
//!   result bonus pays for).
//! - `invoice_bases`: one version of the basis of one contract and month. A version is a draft
//!   until approved; a newer draft supersedes it. At most one draft and one approved version per
//!   contract and month (partial unique indexes): two people generating at once cannot both win.
//! - `invoice_lines`: a line per order, price component and month served, each pointing at the
//!   records it came from (order, contract version, price component, attendance rows, outcome)
//!   and, for an adjustment, at the approved line it corrects.
//! - `invoice_warnings`: warnings and blocks found when the version was computed.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Caseworkers, Citizens, Jobcentres, Providers, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const WEEK_RULES: &[&str] = &["FIRST_ACTIVE_DAY", "THURSDAY"];
const OUTCOME_KINDS: &[&str] = &["JOB", "EDUCATION"];
const STATUSES: &[&str] = &["DRAFT", "SUPERSEDED", "APPROVED"];
const PRICE_KINDS: &[&str] = &[
    "START_FEE",
    "MONTHLY_FEE",
    "WEEKLY_PRICE",
    "HOURLY_PRICE",
    "RESULT_BONUS",
];
const SEVERITIES: &[&str] = &["WARNING", "BLOCK"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Policies::Table)
                    .col(uuid(Policies::JobcentreId).primary_key())
                    .col(integer(Policies::GenerateDay).default(5))
                    .col(enum_text(Policies::WeekSplitRule, WEEK_RULES).default("FIRST_ACTIVE_DAY"))
                    .col(text_null(Policies::ApproverTeam))
                    .check(Expr::cust("generate_day BETWEEN 1 AND 28"))
                    .foreign_key(&mut fk(
                        Policies::Table,
                        Policies::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outcomes::Table)
                    .col(pk_uuid(Outcomes::Id))
                    .col(uuid(Outcomes::JobcentreId))
                    .col(uuid(Outcomes::CitizenId))
                    .col(enum_text(Outcomes::Kind, OUTCOME_KINDS))
                    .col(date(Outcomes::StartsOn))
                    .col(uuid(Outcomes::RecordedBy))
                    .col(timestamp_with_time_zone(Outcomes::RecordedAt))
                    .foreign_key(&mut fk(
                        Outcomes::Table,
                        Outcomes::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Outcomes::Table,
                        Outcomes::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Outcomes::Table,
                        Outcomes::RecordedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Outcomes::Table,
                &[Outcomes::CitizenId, Outcomes::StartsOn],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bases::Table)
                    .col(pk_uuid(Bases::Id))
                    .col(uuid(Bases::JobcentreId))
                    .col(uuid(Bases::ContractId))
                    .col(uuid(Bases::ProviderId))
                    .col(date(Bases::Month))
                    .col(integer(Bases::Version).check(Expr::cust("version > 0")))
                    .col(enum_text(Bases::Status, STATUSES))
                    .col(text(Bases::ContentHash))
                    .col(big_integer(Bases::TotalOre))
                    .col(integer(Bases::LineCount))
                    .col(boolean(Bases::Blocked))
                    .col(uuid_null(Bases::GeneratedBy))
                    .col(timestamp_with_time_zone(Bases::GeneratedAt))
                    .col(uuid_null(Bases::ApprovedBy))
                    .col(timestamp_with_time_zone_null(Bases::ApprovedAt))
                    .check(Expr::cust(
                        "(status = 'APPROVED') = (approved_at IS NOT NULL) \
                         AND (approved_by IS NULL) = (approved_at IS NULL) \
                         AND NOT (status = 'APPROVED' AND blocked)",
                    ))
                    .foreign_key(&mut fk(
                        Bases::Table,
                        Bases::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Bases::Table,
                        Bases::ContractId,
                        Contracts::Table,
                        Contracts::Id,
                    ))
                    .foreign_key(&mut fk(
                        Bases::Table,
                        Bases::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .foreign_key(&mut fk(
                        Bases::Table,
                        Bases::GeneratedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        Bases::Table,
                        Bases::ApprovedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Bases::Table,
                &[Bases::ContractId, Bases::Month, Bases::Version],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                Bases::Table,
                &[Bases::JobcentreId, Bases::Month],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                Bases::Table,
                &[Bases::ProviderId, Bases::Month],
                false,
            ))
            .await?;
        let db = manager.get_connection();
        for (name, status) in [
            ("ux_invoice_bases_one_draft", "DRAFT"),
            ("ux_invoice_bases_one_approved", "APPROVED"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {name} ON invoice_bases (contract_id, month) \
                 WHERE status = '{status}'"
            ))
            .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Lines::Table)
                    .col(pk_uuid(Lines::Id))
                    .col(uuid(Lines::BasisId))
                    .col(integer(Lines::LineNo).check(Expr::cust("line_no > 0")))
                    .col(uuid(Lines::ServiceOrderId))
                    .col(uuid(Lines::CitizenId))
                    .col(uuid(Lines::ContractVersionId))
                    .col(uuid(Lines::ContractServiceId))
                    .col(uuid_null(Lines::PriceComponentId))
                    .col(enum_text(Lines::Kind, PRICE_KINDS))
                    .col(date(Lines::ServiceMonth))
                    .col(date(Lines::ServiceDate))
                    .col(big_integer(Lines::QuantityNumerator))
                    .col(big_integer(Lines::QuantityDenominator))
                    .col(big_integer(Lines::UnitAmountOre))
                    .col(big_integer(Lines::AmountOre))
                    .col(text_null(Lines::TargetGroupCode))
                    .col(text(Lines::BudgetFrameCode))
                    .col(text(Lines::AttendanceIds))
                    .col(uuid_null(Lines::OutcomeId))
                    .col(uuid_null(Lines::AdjustsLineId))
                    .check(Expr::cust("quantity_denominator > 0"))
                    .foreign_key(
                        fk(Lines::Table, Lines::BasisId, Bases::Table, Bases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::ContractVersionId,
                        ContractVersions::Table,
                        ContractVersions::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::ContractServiceId,
                        ContractServices::Table,
                        ContractServices::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::PriceComponentId,
                        PriceComponents::Table,
                        PriceComponents::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::OutcomeId,
                        Outcomes::Table,
                        Outcomes::Id,
                    ))
                    .foreign_key(&mut fk(
                        Lines::Table,
                        Lines::AdjustsLineId,
                        Lines::Table,
                        Lines::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Lines::Table, &[Lines::BasisId, Lines::LineNo], true))
            .await?;
        manager
            .create_index(index(Lines::Table, &[Lines::ServiceOrderId], false))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Warnings::Table)
                    .col(pk_uuid(Warnings::Id))
                    .col(uuid(Warnings::BasisId))
                    .col(integer(Warnings::Position))
                    .col(enum_text(Warnings::Severity, SEVERITIES))
                    .col(text(Warnings::Code))
                    .col(uuid_null(Warnings::ServiceOrderId))
                    .col(text(Warnings::Message))
                    .foreign_key(
                        fk(Warnings::Table, Warnings::BasisId, Bases::Table, Bases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Warnings::Table,
                &[Warnings::BasisId, Warnings::Position],
                true,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Warnings::Table.into_iden(),
            Lines::Table.into_iden(),
            Bases::Table.into_iden(),
            Outcomes::Table.into_iden(),
            Policies::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceOrders {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractVersions {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractServices {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PriceComponents {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Policies {
    #[sea_orm(iden = "invoice_policies")]
    Table,
    JobcentreId,
    GenerateDay,
    WeekSplitRule,
    ApproverTeam,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outcomes {
    #[sea_orm(iden = "employment_outcomes")]
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Kind,
    StartsOn,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Bases {
    #[sea_orm(iden = "invoice_bases")]
    Table,
    Id,
    JobcentreId,
    ContractId,
    ProviderId,
    Month,
    Version,
    Status,
    ContentHash,
    TotalOre,
    LineCount,
    Blocked,
    GeneratedBy,
    GeneratedAt,
    ApprovedBy,
    ApprovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Lines {
    #[sea_orm(iden = "invoice_lines")]
    Table,
    Id,
    BasisId,
    LineNo,
    ServiceOrderId,
    CitizenId,
    ContractVersionId,
    ContractServiceId,
    PriceComponentId,
    Kind,
    ServiceMonth,
    ServiceDate,
    QuantityNumerator,
    QuantityDenominator,
    UnitAmountOre,
    AmountOre,
    TargetGroupCode,
    BudgetFrameCode,
    AttendanceIds,
    OutcomeId,
    AdjustsLineId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Warnings {
    #[sea_orm(iden = "invoice_warnings")]
    Table,
    Id,
    BasisId,
    Position,
    Severity,
    Code,
    ServiceOrderId,
    Message,
}
