//! Placements (rule 17, `003:343-370`, `003:4487-4494`, `003:4719-4722`), `docs/data-model.md`:
//!
//! - `public_employers`: the companies that are public employers (a municipality, a region, the
//!   state); a wage-subsidy placement there needs the local union representative's approval
//!   before it is granted (`003:667-680`).
//! - `placements`: a citizen placed with a company's production unit, granted by the job centre
//!   only: GRANTED → STARTED (the actual first day) → ENDED, or CANCELLED before it starts. From a
//!   candidate of a job order, or with a company the citizen found without one. Every count of
//!   placements and starts is read from these rows (`003:4719-4722`).
//! - `placement_log`: every step of a placement, by whom and when.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Caseworkers, Citizens, Companies, Jobcentres, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS: &[&str] = &[
    "ORDINARY",
    "COMPANY_INTERNSHIP",
    "WAGE_SUBSIDY",
    "FLEX_JOB",
    "ADULT_APPRENTICE",
    "JOB_ROTATION",
];
const STATUSES: &[&str] = &["GRANTED", "STARTED", "ENDED", "CANCELLED"];
const STEPS: &[&str] = &["GRANTED", "STARTED", "ENDED", "CANCELLED"];

#[derive(DeriveIden, Clone, Copy)]
enum PublicEmployers {
    Table,
    CompanyId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Placements {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    CompanyId,
    ProductionUnitId,
    JobOrderId,
    CandidateId,
    Kind,
    Status,
    StartsOn,
    EndsOn,
    StartedOn,
    EndedOn,
    FollowUpWeeks,
    UnionRepresentative,
    UnionApprovedOn,
    PlanDraftVersion,
    GrantedBy,
    GrantedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlacementLog {
    Table,
    Id,
    JobcentreId,
    PlacementId,
    Step,
    ActorRole,
    ActorSubject,
    At,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductionUnits {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobOrders {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicEmployers::Table)
                    .col(uuid(PublicEmployers::CompanyId).primary_key())
                    .foreign_key(&mut fk(
                        PublicEmployers::Table,
                        PublicEmployers::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Placements::Table)
                    .col(pk_uuid(Placements::Id))
                    .col(uuid(Placements::JobcentreId))
                    .col(uuid(Placements::CitizenId))
                    .col(uuid(Placements::CompanyId))
                    .col(uuid(Placements::ProductionUnitId))
                    .col(uuid_null(Placements::JobOrderId))
                    .col(uuid_null(Placements::CandidateId))
                    .col(enum_text(Placements::Kind, KINDS))
                    .col(enum_text(Placements::Status, STATUSES))
                    .col(date(Placements::StartsOn))
                    .col(date_null(Placements::EndsOn))
                    .col(date_null(Placements::StartedOn))
                    .col(date_null(Placements::EndedOn))
                    .col(
                        integer_null(Placements::FollowUpWeeks)
                            .check(Expr::cust("follow_up_weeks > 0")),
                    )
                    .col(text_null(Placements::UnionRepresentative))
                    .col(date_null(Placements::UnionApprovedOn))
                    .col(integer_null(Placements::PlanDraftVersion))
                    .col(uuid(Placements::GrantedBy))
                    .col(timestamp_with_time_zone(Placements::GrantedAt))
                    .col(timestamp_with_time_zone(Placements::UpdatedAt))
                    .col(
                        integer(Placements::Version)
                            .default(1)
                            .check(Expr::cust("version > 0")),
                    )
                    // A start needs its date; an end or a planned end is not before the start.
                    .check(Expr::cust(
                        "(status IN ('GRANTED', 'CANCELLED') OR started_on IS NOT NULL) \
                         AND (ends_on IS NULL OR ends_on >= starts_on) \
                         AND (ended_on IS NULL OR (started_on IS NOT NULL AND ended_on >= started_on))",
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::ProductionUnitId,
                        ProductionUnits::Table,
                        ProductionUnits::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::JobOrderId,
                        JobOrders::Table,
                        JobOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        Placements::Table,
                        Placements::GrantedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        // A candidate is placed once.
        manager
            .create_index(index(Placements::Table, &[Placements::CandidateId], true))
            .await?;
        for cols in [
            vec![Placements::JobOrderId, Placements::Status],
            vec![Placements::JobcentreId, Placements::Status],
            vec![Placements::CitizenId],
            vec![Placements::CompanyId],
        ] {
            manager
                .create_index(index(Placements::Table, &cols, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(PlacementLog::Table)
                    .col(pk_uuid(PlacementLog::Id))
                    .col(uuid(PlacementLog::JobcentreId))
                    .col(uuid(PlacementLog::PlacementId))
                    .col(enum_text(PlacementLog::Step, STEPS))
                    .col(text(PlacementLog::ActorRole))
                    .col(uuid_null(PlacementLog::ActorSubject))
                    .col(timestamp_with_time_zone(PlacementLog::At))
                    .col(text_null(PlacementLog::Note))
                    .foreign_key(&mut fk(
                        PlacementLog::Table,
                        PlacementLog::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlacementLog::Table,
                        PlacementLog::PlacementId,
                        Placements::Table,
                        Placements::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlacementLog::Table,
                &[PlacementLog::PlacementId, PlacementLog::At],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlacementLog::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(Placements::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(PublicEmployers::Table).take())
            .await?;
        Ok(())
    }
}
