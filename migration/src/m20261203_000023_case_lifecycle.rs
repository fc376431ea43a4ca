//! A case from opening to closure (UC1, rules 2 and 19, `docs/data-model.md`):
//!
//! - `case_closure_reasons`: why a case closes (benefit changed, job, education, …), as data.
//! - `visitation_category_rules`: per visitation category, whether visiting needs a written
//!   justification (`004:187-192`) and whether it deregisters the citizen as a jobseeker
//!   (matched activity-ready, `002:61`), with validity dates.
//! - `sickness_case_rules`: the target groups whose case stays open as a secondary case when
//!   the citizen reports sick, while a sickness-benefit case is the main case until recovery
//!   (`003:4385-4395`).
//! - `cases.secondary_since`: set while another case of the citizen is the main one (at most
//!   one open main case per citizen, a partial unique index).
//! - `case_closures`: why and by whom a closed case was closed (one row per closed case).
//! - `case_events`: every step of every case of a citizen (opened, visited, revisited, made
//!   secondary, made main again, closed), so the citizen's history reads as one line across a
//!   benefit change.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Caseworkers, Citizens, Jobcentres, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CATEGORIES: &[&str] = &[
    "JOB_READY",
    "ACTIVITY_READY",
    "EDUCATION_READY",
    "OBVIOUSLY_EDUCATION_READY",
];
const EVENT_KINDS: &[&str] = &[
    "OPENED",
    "VISITED",
    "REVISITED",
    "MADE_SECONDARY",
    "MADE_MAIN",
    "CLOSED",
];

/// Why a case closes (`code`, `label`).
const CLOSURE_REASONS: &[(&str, &str)] = &[
    (
        "BENEFIT_CHANGED",
        "Ydelsesskift: sagen fortsætter i en ny sag",
    ),
    ("EMPLOYED", "I ordinær beskæftigelse"),
    ("EDUCATION", "Påbegyndt ordinær uddannelse"),
    ("RECOVERED", "Raskmeldt"),
    ("MOVED", "Fraflyttet kommunen"),
    ("DECEASED", "Død"),
    ("BENEFIT_ENDED", "Ydelsen er ophørt"),
    ("OTHER", "Anden årsag"),
];

/// (`category`, `requires_justification`, `deregisters`).
const CATEGORY_RULES: &[(&str, bool, bool)] = &[
    ("JOB_READY", false, false),
    ("ACTIVITY_READY", true, true),
    ("EDUCATION_READY", false, false),
    ("OBVIOUSLY_EDUCATION_READY", false, false),
];

#[derive(DeriveIden, Clone, Copy)]
enum CaseClosureReasons {
    Table,
    Code,
    Label,
}

#[derive(DeriveIden, Clone, Copy)]
enum VisitationCategoryRules {
    Table,
    Category,
    ValidFrom,
    ValidTo,
    RequiresJustification,
    Deregisters,
}

#[derive(DeriveIden, Clone, Copy)]
enum SicknessCaseRules {
    Table,
    TargetGroupCode,
    ValidFrom,
    ValidTo,
    SicknessContactGroupCode,
    SicknessTargetGroupCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum TargetGroups {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContactGroups {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cases {
    Table,
    Id,
    SecondarySince,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseClosures {
    Table,
    CaseId,
    ReasonCode,
    Note,
    ClosedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseEvents {
    Table,
    Id,
    CaseId,
    CitizenId,
    JobcentreId,
    Kind,
    Detail,
    ActorCaseworkerId,
    OccurredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(CaseClosureReasons::Table)
                    .col(text(CaseClosureReasons::Code).primary_key())
                    .col(text(CaseClosureReasons::Label))
                    .take(),
            )
            .await?;
        let mut reasons = Query::insert();
        reasons
            .into_table(CaseClosureReasons::Table)
            .columns([CaseClosureReasons::Code, CaseClosureReasons::Label]);
        for (code, label) in CLOSURE_REASONS {
            reasons.values_panic([(*code).into(), (*label).into()]);
        }
        manager.exec_stmt(reasons).await?;

        manager
            .create_table(
                Table::create()
                    .table(VisitationCategoryRules::Table)
                    .col(enum_text(VisitationCategoryRules::Category, CATEGORIES))
                    .col(date(VisitationCategoryRules::ValidFrom))
                    .col(date_null(VisitationCategoryRules::ValidTo))
                    .col(boolean(VisitationCategoryRules::RequiresJustification))
                    .col(boolean(VisitationCategoryRules::Deregisters))
                    .primary_key(
                        Index::create()
                            .col(VisitationCategoryRules::Category)
                            .col(VisitationCategoryRules::ValidFrom),
                    )
                    .take(),
            )
            .await?;
        let since = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        let mut rules = Query::insert();
        rules.into_table(VisitationCategoryRules::Table).columns([
            VisitationCategoryRules::Category,
            VisitationCategoryRules::ValidFrom,
            VisitationCategoryRules::RequiresJustification,
            VisitationCategoryRules::Deregisters,
        ]);
        for (category, justification, deregisters) in CATEGORY_RULES {
            rules.values_panic([
                (*category).into(),
                since.into(),
                (*justification).into(),
                (*deregisters).into(),
            ]);
        }
        manager.exec_stmt(rules).await?;

        manager
            .create_table(
                Table::create()
                    .table(SicknessCaseRules::Table)
                    .col(text(SicknessCaseRules::TargetGroupCode))
                    .col(date(SicknessCaseRules::ValidFrom))
                    .col(date_null(SicknessCaseRules::ValidTo))
                    .col(text(SicknessCaseRules::SicknessContactGroupCode))
                    .col(text(SicknessCaseRules::SicknessTargetGroupCode))
                    .primary_key(
                        Index::create()
                            .col(SicknessCaseRules::TargetGroupCode)
                            .col(SicknessCaseRules::ValidFrom),
                    )
                    .foreign_key(&mut fk(
                        SicknessCaseRules::Table,
                        SicknessCaseRules::TargetGroupCode,
                        TargetGroups::Table,
                        TargetGroups::Code,
                    ))
                    .foreign_key(&mut fk(
                        SicknessCaseRules::Table,
                        SicknessCaseRules::SicknessContactGroupCode,
                        ContactGroups::Table,
                        ContactGroups::Code,
                    ))
                    .foreign_key(&mut fk(
                        SicknessCaseRules::Table,
                        SicknessCaseRules::SicknessTargetGroupCode,
                        TargetGroups::Table,
                        TargetGroups::Code,
                    ))
                    .take(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(SicknessCaseRules::Table)
                    .columns([
                        SicknessCaseRules::TargetGroupCode,
                        SicknessCaseRules::ValidFrom,
                        SicknessCaseRules::SicknessContactGroupCode,
                        SicknessCaseRules::SicknessTargetGroupCode,
                    ])
                    .values_panic([
                        "FLEKSJOB".into(),
                        since.into(),
                        "SYGEDAGPENGE".into(),
                        "SYGEDAGPENGE".into(),
                    ])
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(timestamp_with_time_zone_null(Cases::SecondarySince))
                    .take(),
            )
            .await?;
        // A citizen with several open cases keeps the newest as the main one.
        db.execute_unprepared(
            "UPDATE cases SET secondary_since = opened_at WHERE closed_at IS NULL AND EXISTS ( \
             SELECT 1 FROM cases newer WHERE newer.citizen_id = cases.citizen_id \
             AND newer.closed_at IS NULL AND (newer.opened_at > cases.opened_at \
             OR (newer.opened_at = cases.opened_at AND newer.id > cases.id)))",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_cases_open_main ON cases (citizen_id) \
             WHERE closed_at IS NULL AND secondary_since IS NULL",
        )
        .await?;

        let c = CaseClosures::Table;
        manager
            .create_table(
                Table::create()
                    .table(c)
                    .col(uuid(CaseClosures::CaseId).primary_key())
                    .col(text(CaseClosures::ReasonCode))
                    .col(text_null(CaseClosures::Note))
                    .col(uuid_null(CaseClosures::ClosedBy))
                    .foreign_key(&mut fk(c, CaseClosures::CaseId, Cases::Table, Cases::Id))
                    .foreign_key(&mut fk(
                        c,
                        CaseClosures::ReasonCode,
                        CaseClosureReasons::Table,
                        CaseClosureReasons::Code,
                    ))
                    .foreign_key(&mut fk(
                        c,
                        CaseClosures::ClosedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        // The cases closed so far, for no recorded reason.
        db.execute_unprepared(
            "INSERT INTO case_closures (case_id, reason_code) \
             SELECT id, 'OTHER' FROM cases WHERE closed_at IS NOT NULL",
        )
        .await?;

        let e = CaseEvents::Table;
        manager
            .create_table(
                Table::create()
                    .table(e)
                    .col(pk_uuid(CaseEvents::Id))
                    .col(uuid(CaseEvents::CaseId))
                    .col(uuid(CaseEvents::CitizenId))
                    .col(uuid(CaseEvents::JobcentreId))
                    .col(enum_text(CaseEvents::Kind, EVENT_KINDS))
                    .col(text(CaseEvents::Detail))
                    .col(uuid_null(CaseEvents::ActorCaseworkerId))
                    .col(timestamp_with_time_zone(CaseEvents::OccurredAt))
                    .foreign_key(&mut fk(e, CaseEvents::CaseId, Cases::Table, Cases::Id))
                    .foreign_key(&mut fk(
                        e,
                        CaseEvents::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        e,
                        CaseEvents::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        e,
                        CaseEvents::ActorCaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                e,
                &[CaseEvents::CitizenId, CaseEvents::OccurredAt],
                false,
            ))
            .await?;
        manager
            .create_index(index(e, &[CaseEvents::CaseId], false))
            .await?;
        // Every case so far was opened.
        db.execute_unprepared(
            "INSERT INTO case_events (id, case_id, citizen_id, jobcentre_id, kind, detail, occurred_at) \
             SELECT id, id, citizen_id, jobcentre_id, 'OPENED', target_group_code, opened_at \
             FROM cases",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .drop_table(Table::drop().table(CaseEvents::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(CaseClosures::Table).take())
            .await?;
        db.execute_unprepared("DROP INDEX ux_cases_open_main")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::SecondarySince)
                    .take(),
            )
            .await?;
        for table in [
            SicknessCaseRules::Table.into_iden(),
            VisitationCategoryRules::Table.into_iden(),
            CaseClosureReasons::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
