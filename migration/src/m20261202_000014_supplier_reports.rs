//! Supplier reports (leverandørrapporter, rule 7, `003:94-148`) and caseworkers' tasks
//! (`docs/data-model.md`):
//!
//! - `supplier_report_policies`: per target group and validity date, when reports fall due: a
//!   start report, periodic reports for offers of at least a threshold length, the final report
//!   a number of workdays after the end (every order has one, `003:138`), reports on request a
//!   number of workdays after the request; or EXCEPTION_ONLY, where the provider reports only
//!   when something is wrong, besides the final report (`003:141-142`).
//! - `supplier_report_templates` and `supplier_report_template_sections`: the fixed sections
//!   each kind of report holds (attendance, progression, barriers, recommended next step,
//!   effect; `003:118-137`), with the question each answers.
//! - `supplier_reports` and `supplier_report_sections`: the reports due, requested and written,
//!   one row per section so that sections can be searched.
//! - `tasks`: work for a caseworker with a due time (a report that needs action).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, ProviderUsers, Providers, enum_text, enum_text_null, fk,
    index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS: &[&str] = &["START", "PERIODIC", "FINAL", "ON_REQUEST", "EXCEPTION"];
const SECTIONS: &[&str] = &[
    "ATTENDANCE",
    "PROGRESSION",
    "BARRIERS",
    "NEXT_STEP",
    "EFFECT",
];
const MODES: &[&str] = &["PERIODIC", "EXCEPTION_ONLY"];
const NEXT_STEPS: &[&str] = &["CONTINUE", "CHANGE", "END", "JOB", "EDUCATION"];

/// A kind of report, its title, and its sections with the question each answers.
type Template = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The sections of each kind of report, with the question each answers.
const TEMPLATE: &[Template] = &[
    (
        "START",
        "Opstartsrapport",
        &[
            ("ATTENDANCE", "Fremmøde siden start (udfyldes af jobbro)."),
            ("BARRIERS", "Hvilke barrierer ser I ved opstarten?"),
            ("NEXT_STEP", "Hvad er planen for forløbet?"),
        ],
    ),
    (
        "PERIODIC",
        "Statusrapport",
        &[
            ("ATTENDANCE", "Fremmøde i perioden (udfyldes af jobbro)."),
            (
                "PROGRESSION",
                "Hvilken udvikling har borgeren haft i perioden?",
            ),
            ("BARRIERS", "Hvilke barrierer står stadig i vejen?"),
            ("NEXT_STEP", "Hvad anbefaler I som næste skridt?"),
        ],
    ),
    (
        "FINAL",
        "Afsluttende rapport",
        &[
            (
                "ATTENDANCE",
                "Fremmøde i hele forløbet (udfyldes af jobbro).",
            ),
            (
                "PROGRESSION",
                "Hvilken udvikling har borgeren haft i forløbet?",
            ),
            ("BARRIERS", "Hvilke barrierer står stadig i vejen?"),
            ("NEXT_STEP", "Hvad anbefaler I som næste skridt?"),
            (
                "EFFECT",
                "Hvilken effekt har forløbet haft (job, uddannelse, afklaring)?",
            ),
        ],
    ),
    (
        "ON_REQUEST",
        "Rapport efter anmodning",
        &[
            ("ATTENDANCE", "Fremmøde i perioden (udfyldes af jobbro)."),
            ("PROGRESSION", "Hvilken udvikling har borgeren haft?"),
            ("BARRIERS", "Hvilke barrierer står i vejen?"),
            ("NEXT_STEP", "Hvad anbefaler I som næste skridt?"),
        ],
    ),
    (
        "EXCEPTION",
        "Afvigelsesrapport",
        &[
            ("ATTENDANCE", "Fremmøde i perioden (udfyldes af jobbro)."),
            ("BARRIERS", "Hvad er udfordringen?"),
            ("NEXT_STEP", "Hvad anbefaler I?"),
        ],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        policies(manager).await?;
        templates(manager).await?;
        reports(manager).await?;
        tasks(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "tasks",
            "supplier_report_sections",
            "supplier_reports",
            "supplier_report_template_sections",
            "supplier_report_templates",
            "supplier_report_policies",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).take())
                .await?;
        }
        Ok(())
    }
}

async fn policies(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Policies::Table)
                .col(text(Policies::TargetGroupCode))
                .col(date(Policies::ValidFrom))
                .col(enum_text(Policies::Mode, MODES))
                .col(boolean(Policies::StartReport))
                .col(
                    integer(Policies::StartWorkdays)
                        .check(Expr::col(Policies::StartWorkdays).gt(0)),
                )
                .col(integer(Policies::PeriodWeeks).check(Expr::col(Policies::PeriodWeeks).gt(0)))
                .col(
                    integer(Policies::PeriodicFromWeeks)
                        .check(Expr::col(Policies::PeriodicFromWeeks).gt(0)),
                )
                .col(
                    integer(Policies::FinalWorkdays)
                        .check(Expr::col(Policies::FinalWorkdays).gt(0)),
                )
                .col(
                    integer(Policies::RequestWorkdays)
                        .check(Expr::col(Policies::RequestWorkdays).gt(0)),
                )
                .primary_key(
                    Index::create()
                        .col(Policies::TargetGroupCode)
                        .col(Policies::ValidFrom),
                )
                .foreign_key(&mut fk(
                    Policies::Table,
                    Policies::TargetGroupCode,
                    TargetGroups::Table,
                    TargetGroups::Code,
                ))
                .take(),
        )
        .await?;
    let mut seed = Query::insert();
    seed.into_table(Policies::Table).columns([
        Policies::TargetGroupCode,
        Policies::ValidFrom,
        Policies::Mode,
        Policies::StartReport,
        Policies::StartWorkdays,
        Policies::PeriodWeeks,
        Policies::PeriodicFromWeeks,
        Policies::FinalWorkdays,
        Policies::RequestWorkdays,
    ]);
    let from = chrono::NaiveDate::from_ymd_opt(2017, 8, 15).unwrap_or_default();
    for (group, mode) in [
        ("DAGPENGE", "EXCEPTION_ONLY"),
        ("KONTANTHJAELP", "PERIODIC"),
        ("UDDANNELSESHJAELP", "PERIODIC"),
        ("SYGEDAGPENGE", "PERIODIC"),
        ("REVALIDERING", "PERIODIC"),
        ("FLEKSJOB", "PERIODIC"),
        ("LEDIGHEDSYDELSE", "PERIODIC"),
        ("RESSOURCEFORLOEB", "PERIODIC"),
        ("JOBAFKLARING", "PERIODIC"),
        ("UDEN_YDELSE", "EXCEPTION_ONLY"),
    ] {
        seed.values_panic([
            group.into(),
            from.into(),
            mode.into(),
            true.into(),
            10.into(),
            8.into(),
            12.into(),
            10.into(),
            5.into(),
        ]);
    }
    manager.exec_stmt(seed).await
}

async fn templates(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Templates::Table)
                .col(
                    ColumnDef::new(Templates::Kind)
                        .text()
                        .not_null()
                        .primary_key()
                        .check(Expr::col(Templates::Kind).is_in(KINDS.iter().copied())),
                )
                .col(text(Templates::Title))
                .take(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(TemplateSections::Table)
                .col(text(TemplateSections::Kind))
                .col(enum_text(TemplateSections::Section, SECTIONS))
                .col(text(TemplateSections::Prompt))
                .col(integer(TemplateSections::Position))
                .primary_key(
                    Index::create()
                        .col(TemplateSections::Kind)
                        .col(TemplateSections::Section),
                )
                .foreign_key(&mut fk(
                    TemplateSections::Table,
                    TemplateSections::Kind,
                    Templates::Table,
                    Templates::Kind,
                ))
                .take(),
        )
        .await?;
    let mut kinds = Query::insert();
    kinds
        .into_table(Templates::Table)
        .columns([Templates::Kind, Templates::Title]);
    let mut sections = Query::insert();
    sections.into_table(TemplateSections::Table).columns([
        TemplateSections::Kind,
        TemplateSections::Section,
        TemplateSections::Prompt,
        TemplateSections::Position,
    ]);
    for (kind, title, parts) in TEMPLATE {
        kinds.values_panic([(*kind).into(), (*title).into()]);
        for (i, (section, prompt)) in parts.iter().enumerate() {
            sections.values_panic([
                (*kind).into(),
                (*section).into(),
                (*prompt).into(),
                (i as i32).into(),
            ]);
        }
    }
    manager.exec_stmt(kinds).await?;
    manager.exec_stmt(sections).await
}

async fn reports(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Reports::Table)
                .col(pk_uuid(Reports::Id))
                .col(uuid(Reports::JobcentreId))
                .col(uuid(Reports::ServiceOrderId))
                .col(uuid(Reports::CitizenId))
                .col(uuid(Reports::ProviderId))
                .col(enum_text(Reports::Kind, KINDS))
                .col(date(Reports::PeriodFrom))
                .col(date_null(Reports::DueOn))
                .col(uuid_null(Reports::RequestedBy))
                .col(text_null(Reports::RequestNote))
                .col(timestamp_with_time_zone_null(Reports::SubmittedAt))
                .col(uuid_null(Reports::SubmittedBy))
                .col(boolean_null(Reports::ActionNeeded))
                .col(enum_text_null(Reports::NextStep, NEXT_STEPS))
                .col(timestamp_with_time_zone_null(Reports::ReadAt))
                .col(uuid_null(Reports::ReadBy))
                .col(timestamp_with_time_zone(Reports::CreatedAt))
                // Only an exception report has no due date; a submitted report names who, and
                // whether action is needed; a report is read only once submitted.
                .check(Expr::cust("(due_on IS NULL) = (kind = 'EXCEPTION')"))
                .check(Expr::cust(
                    "(submitted_at IS NULL) = (submitted_by IS NULL) \
                     AND (submitted_at IS NULL) = (action_needed IS NULL) \
                     AND (read_at IS NULL OR submitted_at IS NOT NULL) \
                     AND (read_at IS NULL) = (read_by IS NULL)",
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::JobcentreId,
                    Jobcentres::Table,
                    Jobcentres::Id,
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::ServiceOrderId,
                    ServiceOrders::Table,
                    ServiceOrders::Id,
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::CitizenId,
                    Citizens::Table,
                    Citizens::Id,
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::ProviderId,
                    Providers::Table,
                    Providers::Id,
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::SubmittedBy,
                    ProviderUsers::Table,
                    ProviderUsers::Id,
                ))
                .foreign_key(&mut fk(
                    Reports::Table,
                    Reports::ReadBy,
                    Caseworkers::Table,
                    Caseworkers::Id,
                ))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            Reports::Table,
            &[Reports::ServiceOrderId, Reports::Kind, Reports::DueOn],
            true,
        ))
        .await?;
    manager
        .create_index(index(
            Reports::Table,
            &[Reports::ProviderId, Reports::DueOn],
            false,
        ))
        .await?;
    manager
        .create_index(index(Reports::Table, &[Reports::CitizenId], false))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(Sections::Table)
                .col(uuid(Sections::ReportId))
                .col(enum_text(Sections::Section, SECTIONS))
                .col(text(Sections::Body))
                .primary_key(
                    Index::create()
                        .col(Sections::ReportId)
                        .col(Sections::Section),
                )
                .foreign_key(
                    fk(
                        Sections::Table,
                        Sections::ReportId,
                        Reports::Table,
                        Reports::Id,
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
    Ok(())
}

async fn tasks(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Tasks::Table)
                .col(pk_uuid(Tasks::Id))
                .col(uuid(Tasks::JobcentreId))
                .col(uuid(Tasks::CaseworkerId))
                .col(uuid_null(Tasks::CitizenId))
                .col(text(Tasks::Kind))
                .col(text(Tasks::Title))
                .col(timestamp_with_time_zone(Tasks::DueAt))
                .col(uuid_null(Tasks::SourceEventId))
                .col(timestamp_with_time_zone(Tasks::CreatedAt))
                .col(timestamp_with_time_zone_null(Tasks::DoneAt))
                .foreign_key(&mut fk(
                    Tasks::Table,
                    Tasks::JobcentreId,
                    Jobcentres::Table,
                    Jobcentres::Id,
                ))
                .foreign_key(&mut fk(
                    Tasks::Table,
                    Tasks::CaseworkerId,
                    Caseworkers::Table,
                    Caseworkers::Id,
                ))
                .foreign_key(&mut fk(
                    Tasks::Table,
                    Tasks::CitizenId,
                    Citizens::Table,
                    Citizens::Id,
                ))
                .take(),
        )
        .await?;
    manager
        .create_index(index(
            Tasks::Table,
            &[Tasks::SourceEventId, Tasks::CaseworkerId],
            true,
        ))
        .await?;
    manager
        .create_index(index(
            Tasks::Table,
            &[Tasks::CaseworkerId, Tasks::DueAt],
            false,
        ))
        .await
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
enum Policies {
    #[sea_orm(iden = "supplier_report_policies")]
    Table,
    TargetGroupCode,
    ValidFrom,
    Mode,
    StartReport,
    StartWorkdays,
    PeriodWeeks,
    PeriodicFromWeeks,
    FinalWorkdays,
    RequestWorkdays,
}

#[derive(DeriveIden, Clone, Copy)]
enum Templates {
    #[sea_orm(iden = "supplier_report_templates")]
    Table,
    Kind,
    Title,
}

#[derive(DeriveIden, Clone, Copy)]
enum TemplateSections {
    #[sea_orm(iden = "supplier_report_template_sections")]
    Table,
    Kind,
    Section,
    Prompt,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    #[sea_orm(iden = "supplier_reports")]
    Table,
    Id,
    JobcentreId,
    ServiceOrderId,
    CitizenId,
    ProviderId,
    Kind,
    PeriodFrom,
    DueOn,
    RequestedBy,
    RequestNote,
    SubmittedAt,
    SubmittedBy,
    ActionNeeded,
    NextStep,
    ReadAt,
    ReadBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sections {
    #[sea_orm(iden = "supplier_report_sections")]
    Table,
    ReportId,
    Section,
    Body,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    JobcentreId,
    CaseworkerId,
    CitizenId,
    Kind,
    Title,
    DueAt,
    SourceEventId,
    CreatedAt,
    DoneAt,
}
