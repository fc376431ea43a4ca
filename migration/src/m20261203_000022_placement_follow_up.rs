//! What happens around a placement, and the job centre's work with companies
//! (`docs/data-model.md`):
//!
//! - `placement_proposals`: a company (for a candidate presented to it) or a provider (for a
//!   citizen referred to it) proposes a placement; only the job centre grants it (rule 17).
//! - `placement_extensions`: an internship extension is requested, decided by the job centre and
//!   confirmed by the company; until it is confirmed the placement's end date stands
//!   (`003:4506-4514`).
//! - `extension_alert_policies`: how many workdays before the end an unconfirmed extension alerts
//!   the caseworker, with validity dates.
//! - `placements.next_follow_up_on`: the day the next follow-up with the company is due, from the
//!   placement's own interval (or none, `003:3543-3563`); the placement log gains follow-ups and
//!   extension steps.
//! - `company_notifications`: what the company is told when a placement ends or an extension is
//!   decided: the fact and the date only.
//! - `company_contacts`: the job centre's log of contacts with companies.
//! - `company_consultants`: the one consultant responsible for a company, per job centre.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Companies, Jobcentres, Providers, enum_text, fk, index,
};

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
const PROPOSAL_STATUSES: &[&str] = &["PROPOSED", "GRANTED", "DECLINED"];
const PROPOSERS: &[&str] = &["COMPANY", "PROVIDER"];
const EXTENSION_STATUSES: &[&str] = &["REQUESTED", "APPROVED", "REJECTED", "CONFIRMED"];
const NOTIFICATION_KINDS: &[&str] = &[
    "PLACEMENT_ENDED",
    "EXTENSION_APPROVED",
    "EXTENSION_REJECTED",
];
const CHANNELS: &[&str] = &["PHONE", "EMAIL", "VIDEO", "MEETING", "VISIT"];
const OLD_STEPS: &[&str] = &["GRANTED", "STARTED", "ENDED", "CANCELLED"];
const STEPS: &[&str] = &[
    "GRANTED",
    "STARTED",
    "ENDED",
    "CANCELLED",
    "FOLLOWED_UP",
    "FOLLOW_UP_CHANGED",
    "EXTENSION_REQUESTED",
    "EXTENSION_APPROVED",
    "EXTENSION_REJECTED",
    "EXTENSION_CONFIRMED",
];

#[derive(DeriveIden, Clone, Copy)]
enum PlacementProposals {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    CompanyId,
    ProductionUnitId,
    JobOrderId,
    CandidateId,
    Kind,
    StartsOn,
    EndsOn,
    Note,
    Proposer,
    ProposedBy,
    ProviderId,
    ProposedAt,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    PlacementId,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlacementExtensions {
    Table,
    Id,
    JobcentreId,
    PlacementId,
    PreviousEndsOn,
    EndsOn,
    Reason,
    Status,
    RequestedRole,
    RequestedBy,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    ConfirmedBy,
    ConfirmedAt,
    AlertedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ExtensionAlertPolicies {
    Table,
    ValidFrom,
    ValidTo,
    WorkdaysBeforeEnd,
}

#[derive(DeriveIden, Clone, Copy)]
enum CompanyNotifications {
    Table,
    Id,
    CompanyId,
    ProductionUnitId,
    PlacementId,
    Kind,
    OnDate,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CompanyContacts {
    Table,
    Id,
    JobcentreId,
    CompanyId,
    ProductionUnitId,
    CaseworkerId,
    Channel,
    Topic,
    ContactedOn,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CompanyConsultants {
    Table,
    JobcentreId,
    CompanyId,
    CaseworkerId,
    AssignedBy,
    AssignedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Placements {
    Table,
    Id,
    NextFollowUpOn,
    JobcentreId,
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
        let p = PlacementProposals::Table;
        manager
            .create_table(
                Table::create()
                    .table(p)
                    .col(pk_uuid(PlacementProposals::Id))
                    .col(uuid(PlacementProposals::JobcentreId))
                    .col(uuid(PlacementProposals::CitizenId))
                    .col(uuid(PlacementProposals::CompanyId))
                    .col(uuid(PlacementProposals::ProductionUnitId))
                    .col(uuid_null(PlacementProposals::JobOrderId))
                    .col(uuid_null(PlacementProposals::CandidateId))
                    .col(enum_text(PlacementProposals::Kind, KINDS))
                    .col(date(PlacementProposals::StartsOn))
                    .col(date_null(PlacementProposals::EndsOn))
                    .col(text(PlacementProposals::Note))
                    .col(enum_text(PlacementProposals::Proposer, PROPOSERS))
                    .col(uuid(PlacementProposals::ProposedBy))
                    .col(uuid_null(PlacementProposals::ProviderId))
                    .col(timestamp_with_time_zone(PlacementProposals::ProposedAt))
                    .col(enum_text(PlacementProposals::Status, PROPOSAL_STATUSES))
                    .col(uuid_null(PlacementProposals::DecidedBy))
                    .col(timestamp_with_time_zone_null(PlacementProposals::DecidedAt))
                    .col(text_null(PlacementProposals::DecisionNote))
                    .col(uuid_null(PlacementProposals::PlacementId))
                    .col(
                        integer(PlacementProposals::Version)
                            .default(1)
                            .check(Expr::cust("version > 0")),
                    )
                    // A provider's proposal names the provider; a decided one says who and when.
                    .check(Expr::cust(
                        "(proposer = 'COMPANY' OR provider_id IS NOT NULL) \
                         AND (ends_on IS NULL OR ends_on >= starts_on) \
                         AND ((status = 'PROPOSED') = (decided_at IS NULL)) \
                         AND ((status = 'GRANTED') = (placement_id IS NOT NULL))",
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::ProductionUnitId,
                        ProductionUnits::Table,
                        ProductionUnits::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::JobOrderId,
                        JobOrders::Table,
                        JobOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::DecidedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        p,
                        PlacementProposals::PlacementId,
                        Placements::Table,
                        Placements::Id,
                    ))
                    .take(),
            )
            .await?;
        for cols in [
            vec![PlacementProposals::JobcentreId, PlacementProposals::Status],
            vec![PlacementProposals::CompanyId],
            vec![PlacementProposals::ProviderId],
            vec![PlacementProposals::CitizenId],
        ] {
            manager.create_index(index(p, &cols, false)).await?;
        }

        let e = PlacementExtensions::Table;
        manager
            .create_table(
                Table::create()
                    .table(e)
                    .col(pk_uuid(PlacementExtensions::Id))
                    .col(uuid(PlacementExtensions::JobcentreId))
                    .col(uuid(PlacementExtensions::PlacementId))
                    .col(date(PlacementExtensions::PreviousEndsOn))
                    .col(date(PlacementExtensions::EndsOn))
                    .col(text(PlacementExtensions::Reason))
                    .col(enum_text(PlacementExtensions::Status, EXTENSION_STATUSES))
                    .col(text(PlacementExtensions::RequestedRole))
                    .col(uuid(PlacementExtensions::RequestedBy))
                    .col(timestamp_with_time_zone(PlacementExtensions::RequestedAt))
                    .col(uuid_null(PlacementExtensions::DecidedBy))
                    .col(timestamp_with_time_zone_null(
                        PlacementExtensions::DecidedAt,
                    ))
                    .col(text_null(PlacementExtensions::DecisionNote))
                    .col(uuid_null(PlacementExtensions::ConfirmedBy))
                    .col(timestamp_with_time_zone_null(
                        PlacementExtensions::ConfirmedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        PlacementExtensions::AlertedAt,
                    ))
                    .col(
                        integer(PlacementExtensions::Version)
                            .default(1)
                            .check(Expr::cust("version > 0")),
                    )
                    .check(Expr::cust(
                        "ends_on > previous_ends_on \
                         AND ((status = 'REQUESTED') = (decided_at IS NULL)) \
                         AND ((status = 'CONFIRMED') = (confirmed_at IS NOT NULL))",
                    ))
                    .foreign_key(&mut fk(
                        e,
                        PlacementExtensions::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        e,
                        PlacementExtensions::PlacementId,
                        Placements::Table,
                        Placements::Id,
                    ))
                    .foreign_key(&mut fk(
                        e,
                        PlacementExtensions::DecidedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(e, &[PlacementExtensions::PlacementId], false))
            .await?;
        // One extension at a time: at most one requested or approved per placement.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_placement_extensions_open ON placement_extensions \
                 (placement_id) WHERE status IN ('REQUESTED', 'APPROVED')",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ExtensionAlertPolicies::Table)
                    .col(date(ExtensionAlertPolicies::ValidFrom).primary_key())
                    .col(date_null(ExtensionAlertPolicies::ValidTo))
                    .col(
                        integer(ExtensionAlertPolicies::WorkdaysBeforeEnd)
                            .check(Expr::cust("workdays_before_end BETWEEN 1 AND 60")),
                    )
                    .take(),
            )
            .await?;
        let from = chrono::NaiveDate::from_ymd_opt(2017, 1, 1)
            .ok_or_else(|| DbErr::Custom("invalid seed date".into()))?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ExtensionAlertPolicies::Table)
                    .columns([
                        ExtensionAlertPolicies::ValidFrom,
                        ExtensionAlertPolicies::WorkdaysBeforeEnd,
                    ])
                    .values_panic([from.into(), 5.into()])
                    .to_owned(),
            )
            .await?;

        let n = CompanyNotifications::Table;
        manager
            .create_table(
                Table::create()
                    .table(n)
                    .col(pk_uuid(CompanyNotifications::Id))
                    .col(uuid(CompanyNotifications::CompanyId))
                    .col(uuid(CompanyNotifications::ProductionUnitId))
                    .col(uuid(CompanyNotifications::PlacementId))
                    .col(enum_text(CompanyNotifications::Kind, NOTIFICATION_KINDS))
                    .col(date(CompanyNotifications::OnDate))
                    .col(timestamp_with_time_zone(CompanyNotifications::CreatedAt))
                    .foreign_key(&mut fk(
                        n,
                        CompanyNotifications::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        n,
                        CompanyNotifications::ProductionUnitId,
                        ProductionUnits::Table,
                        ProductionUnits::Id,
                    ))
                    .foreign_key(&mut fk(
                        n,
                        CompanyNotifications::PlacementId,
                        Placements::Table,
                        Placements::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                n,
                &[CompanyNotifications::CompanyId, CompanyNotifications::Id],
                false,
            ))
            .await?;

        let c = CompanyContacts::Table;
        manager
            .create_table(
                Table::create()
                    .table(c)
                    .col(pk_uuid(CompanyContacts::Id))
                    .col(uuid(CompanyContacts::JobcentreId))
                    .col(uuid(CompanyContacts::CompanyId))
                    .col(uuid_null(CompanyContacts::ProductionUnitId))
                    .col(uuid(CompanyContacts::CaseworkerId))
                    .col(enum_text(CompanyContacts::Channel, CHANNELS))
                    .col(text(CompanyContacts::Topic))
                    .col(date(CompanyContacts::ContactedOn))
                    .col(timestamp_with_time_zone(CompanyContacts::RecordedAt))
                    .foreign_key(&mut fk(
                        c,
                        CompanyContacts::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        c,
                        CompanyContacts::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        c,
                        CompanyContacts::ProductionUnitId,
                        ProductionUnits::Table,
                        ProductionUnits::Id,
                    ))
                    .foreign_key(&mut fk(
                        c,
                        CompanyContacts::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                c,
                &[
                    CompanyContacts::JobcentreId,
                    CompanyContacts::CompanyId,
                    CompanyContacts::Id,
                ],
                false,
            ))
            .await?;

        let k = CompanyConsultants::Table;
        manager
            .create_table(
                Table::create()
                    .table(k)
                    .col(uuid(CompanyConsultants::JobcentreId))
                    .col(uuid(CompanyConsultants::CompanyId))
                    .col(uuid(CompanyConsultants::CaseworkerId))
                    .col(uuid(CompanyConsultants::AssignedBy))
                    .col(timestamp_with_time_zone(CompanyConsultants::AssignedAt))
                    .primary_key(
                        Index::create()
                            .col(CompanyConsultants::JobcentreId)
                            .col(CompanyConsultants::CompanyId),
                    )
                    .foreign_key(&mut fk(
                        k,
                        CompanyConsultants::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        k,
                        CompanyConsultants::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        k,
                        CompanyConsultants::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Placements::Table)
                    .add_column(date_null(Placements::NextFollowUpOn))
                    .take(),
            )
            .await?;
        let db = manager.get_connection();
        let backfill = match db.get_database_backend() {
            DbBackend::Postgres => {
                "UPDATE placements SET next_follow_up_on = started_on + follow_up_weeks * 7 \
                 WHERE status = 'STARTED' AND follow_up_weeks IS NOT NULL"
            }
            _ => {
                "UPDATE placements SET next_follow_up_on = \
                 date(started_on, '+' || (follow_up_weeks * 7) || ' days') \
                 WHERE status = 'STARTED' AND follow_up_weeks IS NOT NULL"
            }
        };
        db.execute_unprepared(backfill).await?;
        manager
            .create_index(index(
                Placements::Table,
                &[Placements::JobcentreId, Placements::NextFollowUpOn],
                false,
            ))
            .await?;
        set_log_steps(manager, STEPS, "").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_log_steps(
            manager,
            OLD_STEPS,
            "WHERE step IN ('GRANTED', 'STARTED', 'ENDED', 'CANCELLED')",
        )
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_placements_jobcentre_id_next_follow_up_on")
                    .table(Placements::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Placements::Table)
                    .drop_column(Placements::NextFollowUpOn)
                    .take(),
            )
            .await?;
        for table in [
            CompanyConsultants::Table.into_iden(),
            CompanyContacts::Table.into_iden(),
            CompanyNotifications::Table.into_iden(),
            ExtensionAlertPolicies::Table.into_iden(),
            PlacementExtensions::Table.into_iden(),
            PlacementProposals::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

/// Lets `placement_log.step` hold `steps`, keeping the rows `keep` selects (SQLite builds the
/// table anew, as it cannot change a CHECK in place).
async fn set_log_steps(
    manager: &SchemaManager<'_>,
    steps: &'static [&'static str],
    keep: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let quoted: Vec<String> = steps.iter().map(|v| format!("'{v}'")).collect();
    let check = format!("step IN ({})", quoted.join(", "));
    if db.get_database_backend() == DbBackend::Postgres {
        if !keep.is_empty() {
            db.execute_unprepared(&format!(
                "DELETE FROM placement_log WHERE NOT ({})",
                keep.trim_start_matches("WHERE ")
            ))
            .await?;
        }
        db.execute_unprepared("ALTER TABLE placement_log DROP CONSTRAINT placement_log_step_check")
            .await?;
        db.execute_unprepared(&format!(
            "ALTER TABLE placement_log ADD CONSTRAINT placement_log_step_check CHECK ({check})"
        ))
        .await?;
        return Ok(());
    }
    let l = PlacementLog::Table;
    manager
        .create_table(
            Table::create()
                .table(Alias::new("placement_log_rebuilt"))
                .col(pk_uuid(PlacementLog::Id))
                .col(uuid(PlacementLog::JobcentreId))
                .col(uuid(PlacementLog::PlacementId))
                .col(enum_text(PlacementLog::Step, steps))
                .col(text(PlacementLog::ActorRole))
                .col(uuid_null(PlacementLog::ActorSubject))
                .col(timestamp_with_time_zone(PlacementLog::At))
                .col(text_null(PlacementLog::Note))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_placement_log_jobcentre_id")
                        .from(
                            Alias::new("placement_log_rebuilt"),
                            PlacementLog::JobcentreId,
                        )
                        .to(Jobcentres::Table, Jobcentres::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_placement_log_placement_id")
                        .from(
                            Alias::new("placement_log_rebuilt"),
                            PlacementLog::PlacementId,
                        )
                        .to(Placements::Table, Placements::Id),
                )
                .take(),
        )
        .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO placement_log_rebuilt SELECT id, jobcentre_id, placement_id, step, \
         actor_role, actor_subject, at, note FROM placement_log {keep}"
    ))
    .await?;
    db.execute_unprepared("DROP TABLE placement_log").await?;
    db.execute_unprepared("ALTER TABLE placement_log_rebuilt RENAME TO placement_log")
        .await?;
    manager
        .create_index(index(
            l,
            &[PlacementLog::PlacementId, PlacementLog::At],
            false,
        ))
        .await?;
    Ok(())
}
