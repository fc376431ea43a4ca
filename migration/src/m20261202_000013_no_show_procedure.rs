//! The no-show procedure at offers (rule 9, `003:2847-2876`, `003:4704-4706`) and person
//! markings that protect from sanctions (rule 13, `003:2934-2942`), `docs/data-model.md`:
//!
//! - `no_show_policies`: the target groups whose citizens go through the procedure, as data with
//!   a validity date. Seeded with kontanthjælp, uddannelseshjælp, revalidering, sygedagpenge,
//!   ledighedsydelse, fleksjob, ressourceforløb and jobafklaring; dagpenge can never be listed
//!   (a CHECK), and an unlisted group gets no procedure.
//! - `no_show_procedures`: one per order whose citizen did not turn up on the first day (a
//!   rejection of the offer): the re-summons letter with its new date and channels, then the
//!   hearing request (or why it was withheld), the citizen's reappearance, and the decision.
//! - `person_markings`: a marking on a citizen that protects from sanctions, with its reason,
//!   who set it and when, and who removed it, when and why. At most one in force per citizen.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, enum_text, enum_text_null, fk, index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The groups the procedure applies to (`003:4704-4706`).
const GROUPS: &[&str] = &[
    "KONTANTHJAELP",
    "UDDANNELSESHJAELP",
    "REVALIDERING",
    "SYGEDAGPENGE",
    "LEDIGHEDSYDELSE",
    "FLEKSJOB",
    "RESSOURCEFORLOEB",
    "JOBAFKLARING",
];
/// Where a procedure stands.
const STATUSES: &[&str] = &[
    "AWAITING_LETTER",
    "LETTER_SENT",
    "HEARING_REQUESTED",
    "HEARING_WITHHELD",
    "DECIDED",
];
/// How a re-summons letter goes out.
const LETTER_CHANNELS: &[&str] = &["DIGITAL_POST", "PAPER"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NoShowPolicies::Table)
                    .col(text(NoShowPolicies::TargetGroupCode).primary_key())
                    .col(date(NoShowPolicies::ValidFrom))
                    .col(date_null(NoShowPolicies::ValidTo))
                    .check(Expr::col(NoShowPolicies::TargetGroupCode).ne("DAGPENGE"))
                    .foreign_key(&mut fk(
                        NoShowPolicies::Table,
                        NoShowPolicies::TargetGroupCode,
                        TargetGroups::Table,
                        TargetGroups::Code,
                    ))
                    .take(),
            )
            .await?;
        let mut seed = Query::insert();
        seed.into_table(NoShowPolicies::Table)
            .columns([NoShowPolicies::TargetGroupCode, NoShowPolicies::ValidFrom]);
        let from = chrono::NaiveDate::from_ymd_opt(2018, 8, 1).unwrap_or_default();
        for group in GROUPS {
            seed.values_panic([(*group).into(), from.into()]);
        }
        manager.exec_stmt(seed).await?;

        manager
            .create_table(
                Table::create()
                    .table(Procedures::Table)
                    .col(pk_uuid(Procedures::Id))
                    .col(uuid(Procedures::JobcentreId))
                    .col(uuid(Procedures::ServiceOrderId).unique_key())
                    .col(uuid(Procedures::CitizenId))
                    .col(text(Procedures::TargetGroupCode))
                    .col(date(Procedures::FirstNoShowOn))
                    .col(enum_text(Procedures::Status, STATUSES))
                    .col(date_null(Procedures::ResummonsOn))
                    .col(enum_text_null(Procedures::LetterChannel, LETTER_CHANNELS))
                    .col(boolean(Procedures::AlsoByPhone).default(false))
                    .col(boolean(Procedures::AlsoBySms).default(false))
                    .col(boolean(Procedures::SentOnBehalf).default(false))
                    .col(timestamp_with_time_zone_null(Procedures::LetterRecordedAt))
                    .col(timestamp_with_time_zone_null(
                        Procedures::HearingRequestedAt,
                    ))
                    .col(text_null(Procedures::WithheldReason))
                    .col(date_null(Procedures::ReappearedOn))
                    .col(timestamp_with_time_zone_null(Procedures::DecidedAt))
                    .col(text_null(Procedures::Decision))
                    .col(timestamp_with_time_zone(Procedures::CreatedAt))
                    // A letter is recorded with its date and channel, or not at all.
                    .check(Expr::cust(
                        "(resummons_on IS NULL) = (letter_channel IS NULL) \
                         AND (resummons_on IS NULL) = (letter_recorded_at IS NULL)",
                    ))
                    .foreign_key(&mut fk(
                        Procedures::Table,
                        Procedures::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Procedures::Table,
                        Procedures::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Procedures::Table,
                        Procedures::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Procedures::Table, &[Procedures::CitizenId], false))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonMarkings::Table)
                    .col(pk_uuid(PersonMarkings::Id))
                    .col(uuid(PersonMarkings::JobcentreId))
                    .col(uuid(PersonMarkings::CitizenId))
                    .col(text(PersonMarkings::Reason))
                    .col(uuid(PersonMarkings::SetBy))
                    .col(timestamp_with_time_zone(PersonMarkings::SetAt))
                    .col(uuid_null(PersonMarkings::RemovedBy))
                    .col(timestamp_with_time_zone_null(PersonMarkings::RemovedAt))
                    .col(text_null(PersonMarkings::RemovalReason))
                    .check(Expr::cust("trim(reason) <> ''"))
                    // Removed with who, when and why, or not removed.
                    .check(Expr::cust(
                        "(removed_at IS NULL) = (removed_by IS NULL) \
                         AND (removed_at IS NULL) = (removal_reason IS NULL) \
                         AND (removal_reason IS NULL OR trim(removal_reason) <> '')",
                    ))
                    .foreign_key(&mut fk(
                        PersonMarkings::Table,
                        PersonMarkings::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        PersonMarkings::Table,
                        PersonMarkings::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        PersonMarkings::Table,
                        PersonMarkings::SetBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        PersonMarkings::Table,
                        PersonMarkings::RemovedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        // One marking in force per citizen: a second one is refused by the database.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_person_markings_in_force \
                 ON person_markings (citizen_id) WHERE removed_at IS NULL",
            )
            .await?;
        manager
            .create_index(index(
                PersonMarkings::Table,
                &[PersonMarkings::CitizenId],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PersonMarkings::Table.to_string(),
            Procedures::Table.to_string(),
            NoShowPolicies::Table.to_string(),
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).take())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum NoShowPolicies {
    Table,
    TargetGroupCode,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum TargetGroups {
    Table,
    Code,
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
    Id,
    JobcentreId,
    ServiceOrderId,
    CitizenId,
    TargetGroupCode,
    FirstNoShowOn,
    Status,
    ResummonsOn,
    LetterChannel,
    AlsoByPhone,
    AlsoBySms,
    SentOnBehalf,
    LetterRecordedAt,
    HearingRequestedAt,
    WithheldReason,
    ReappearedOn,
    DecidedAt,
    Decision,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PersonMarkings {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Reason,
    SetBy,
    SetAt,
    RemovedBy,
    RemovedAt,
    RemovalReason,
}
