//! The citizen's CV, matching and candidates (UC6, `004:77-99`, `004:137-139`, `003:3480-3536`),
//! `docs/data-model.md`:
//!
//! - `occupations`: one more code, 7512 (bakers), for bakers' apprentices.
//! - `postal_areas`: the centre of each postal area in UTM zone 32 metres (ETRS89), so the
//!   distance from a citizen's home to a place of work can be estimated without an address
//!   service. Reference data: a municipality loads the national list.
//! - `cvs` with `cv_job_wishes` (occupation codes from `occupations`), `cv_skills` (normalised to
//!   lower case, so they match the skills a job order asks for), `cv_educations`: the citizen's
//!   own CV. `hidden` is the citizen's wish not to be matched, honoured only while they are not
//!   registered as a jobseeker (`004:85-87`).
//! - `job_kind_target_groups`: a kind of job that only citizens of some target groups may take
//!   (a flex job needs the flex-job visitation); kinds not listed are open to every citizen.
//! - `cv_sent_notice_policies`: how many days the letter sent when a CV goes to an employer gives
//!   the employer to answer (rule 18, `003:3480-3536`), from a date.
//! - `candidates`: a caseworker first proposes a citizen for an order (PROPOSED), then presents
//!   them to the company (PRESENTED); the company records an interview, a hire or that someone
//!   else was chosen. Presenting is what sends the CV. Today's rows were presented, so they keep
//!   their time as the time they were proposed.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Jobcentres, enum_text, fk, in_list, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CANDIDATE_STATUSES: &[&str] = &[
    "PROPOSED",
    "PRESENTED",
    "INTERVIEW",
    "HIRED",
    "NOT_SELECTED",
    "WITHDRAWN",
];
const OLD_CANDIDATE_STATUSES: &[&str] = &["PRESENTED", "HIRED", "NOT_SELECTED"];
const KINDS: &[&str] = &[
    "ORDINARY",
    "COMPANY_INTERNSHIP",
    "WAGE_SUBSIDY",
    "FLEX_JOB",
    "ADULT_APPRENTICE",
    "JOB_ROTATION",
];

#[derive(DeriveIden, Clone, Copy)]
enum PostalAreas {
    Table,
    PostalCode,
    Name,
    EastingM,
    NorthingM,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cvs {
    Table,
    CitizenId,
    JobcentreId,
    MaxTravelKm,
    DrivingLicences,
    InformalCompetences,
    Hidden,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum CvJobWishes {
    Table,
    CitizenId,
    OccupationCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum CvSkills {
    Table,
    CitizenId,
    Skill,
    Label,
}

#[derive(DeriveIden, Clone, Copy)]
enum CvEducations {
    Table,
    Id,
    CitizenId,
    Title,
    Institution,
    CompletedYear,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobKindTargetGroups {
    Table,
    Kind,
    TargetGroupCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum CvSentNoticePolicies {
    Table,
    ValidFrom,
    ValidTo,
    ReplyDays,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    #[sea_orm(iden = "candidates_rebuilt")]
    Rebuilt,
    Id,
    JobcentreId,
    JobOrderId,
    CitizenId,
    PresentedAt,
    Status,
    ProposedAt,
    ProposedBy,
    OutcomeAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Citizens {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Occupations {
    Table,
    Code,
    Label,
    ValidFrom,
}

#[derive(DeriveIden, Clone, Copy)]
enum TargetGroups {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobOrders {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An occupation the first list lacked (bakers' apprentices).
        let from = chrono::NaiveDate::from_ymd_opt(2010, 1, 1)
            .ok_or_else(|| DbErr::Custom("invalid seed date".into()))?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Occupations::Table)
                    .columns([
                        Occupations::Code,
                        Occupations::Label,
                        Occupations::ValidFrom,
                    ])
                    .values_panic([
                        "7512".into(),
                        "Bagere, konditorer og chokolademagere".into(),
                        from.into(),
                    ])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostalAreas::Table)
                    .col(text(PostalAreas::PostalCode).primary_key())
                    .col(text(PostalAreas::Name))
                    .col(integer(PostalAreas::EastingM))
                    .col(integer(PostalAreas::NorthingM))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Cvs::Table)
                    .col(uuid(Cvs::CitizenId).primary_key())
                    .col(uuid(Cvs::JobcentreId))
                    .col(integer_null(Cvs::MaxTravelKm).check(Expr::cust("max_travel_km >= 0")))
                    .col(text(Cvs::DrivingLicences).default("[]"))
                    .col(text(Cvs::InformalCompetences).default(""))
                    .col(boolean(Cvs::Hidden).default(false))
                    .col(timestamp_with_time_zone(Cvs::UpdatedAt))
                    .col(
                        integer(Cvs::Version)
                            .default(1)
                            .check(Expr::cust("version > 0")),
                    )
                    .foreign_key(&mut fk(
                        Cvs::Table,
                        Cvs::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Cvs::Table,
                        Cvs::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Cvs::Table, &[Cvs::JobcentreId], false))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CvJobWishes::Table)
                    .col(uuid(CvJobWishes::CitizenId))
                    .col(text(CvJobWishes::OccupationCode))
                    .primary_key(
                        Index::create()
                            .col(CvJobWishes::CitizenId)
                            .col(CvJobWishes::OccupationCode),
                    )
                    .foreign_key(&mut fk(
                        CvJobWishes::Table,
                        CvJobWishes::CitizenId,
                        Cvs::Table,
                        Cvs::CitizenId,
                    ))
                    .foreign_key(&mut fk(
                        CvJobWishes::Table,
                        CvJobWishes::OccupationCode,
                        Occupations::Table,
                        Occupations::Code,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CvJobWishes::Table,
                &[CvJobWishes::OccupationCode, CvJobWishes::CitizenId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CvSkills::Table)
                    .col(uuid(CvSkills::CitizenId))
                    .col(text(CvSkills::Skill))
                    .col(text(CvSkills::Label))
                    .primary_key(
                        Index::create()
                            .col(CvSkills::CitizenId)
                            .col(CvSkills::Skill),
                    )
                    .foreign_key(&mut fk(
                        CvSkills::Table,
                        CvSkills::CitizenId,
                        Cvs::Table,
                        Cvs::CitizenId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CvSkills::Table,
                &[CvSkills::Skill, CvSkills::CitizenId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CvEducations::Table)
                    .col(pk_uuid(CvEducations::Id))
                    .col(uuid(CvEducations::CitizenId))
                    .col(text(CvEducations::Title))
                    .col(text_null(CvEducations::Institution))
                    .col(integer_null(CvEducations::CompletedYear))
                    .foreign_key(&mut fk(
                        CvEducations::Table,
                        CvEducations::CitizenId,
                        Cvs::Table,
                        Cvs::CitizenId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CvEducations::Table,
                &[CvEducations::CitizenId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobKindTargetGroups::Table)
                    .col(enum_text(JobKindTargetGroups::Kind, KINDS))
                    .col(text(JobKindTargetGroups::TargetGroupCode))
                    .primary_key(
                        Index::create()
                            .col(JobKindTargetGroups::Kind)
                            .col(JobKindTargetGroups::TargetGroupCode),
                    )
                    .foreign_key(&mut fk(
                        JobKindTargetGroups::Table,
                        JobKindTargetGroups::TargetGroupCode,
                        TargetGroups::Table,
                        TargetGroups::Code,
                    ))
                    .take(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(JobKindTargetGroups::Table)
                    .columns([
                        JobKindTargetGroups::Kind,
                        JobKindTargetGroups::TargetGroupCode,
                    ])
                    .values_panic(["FLEX_JOB".into(), "FLEKSJOB".into()])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CvSentNoticePolicies::Table)
                    .col(date(CvSentNoticePolicies::ValidFrom).primary_key())
                    .col(date_null(CvSentNoticePolicies::ValidTo))
                    .col(
                        integer(CvSentNoticePolicies::ReplyDays)
                            .check(Expr::cust("reply_days > 0")),
                    )
                    .take(),
            )
            .await?;
        // Fourteen days, from the time the auto-reply was asked for (`003:3480-3536`, 2017).
        let from = chrono::NaiveDate::from_ymd_opt(2017, 1, 1)
            .ok_or_else(|| DbErr::Custom("invalid seed date".into()))?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(CvSentNoticePolicies::Table)
                    .columns([
                        CvSentNoticePolicies::ValidFrom,
                        CvSentNoticePolicies::ReplyDays,
                    ])
                    .values_panic([from.into(), 14.into()])
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for statement in [
                    "ALTER TABLE candidates DROP CONSTRAINT candidates_status_check".to_string(),
                    format!(
                        "ALTER TABLE candidates ADD CONSTRAINT candidates_status_check CHECK ({})",
                        in_list("status", CANDIDATE_STATUSES)
                    ),
                    "ALTER TABLE candidates ALTER COLUMN presented_at DROP NOT NULL".to_string(),
                    "ALTER TABLE candidates ADD COLUMN proposed_at timestamptz NULL, \
                     ADD COLUMN proposed_by uuid NULL, ADD COLUMN outcome_at timestamptz NULL, \
                     ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0)"
                        .to_string(),
                    "UPDATE candidates SET proposed_at = presented_at, \
                     outcome_at = CASE WHEN status = 'PRESENTED' THEN NULL ELSE presented_at END"
                        .to_string(),
                    "ALTER TABLE candidates ALTER COLUMN proposed_at SET NOT NULL".to_string(),
                ] {
                    db.execute_unprepared(&statement).await?;
                }
            }
            _ => {
                rebuild_candidates(
                    manager,
                    candidates_table(CANDIDATE_STATUSES, true),
                    "INSERT INTO candidates_rebuilt (id, jobcentre_id, job_order_id, citizen_id, \
                     presented_at, status, proposed_at, outcome_at, version) \
                     SELECT id, jobcentre_id, job_order_id, citizen_id, presented_at, status, \
                     presented_at, CASE WHEN status = 'PRESENTED' THEN NULL ELSE presented_at END, \
                     1 FROM candidates",
                )
                .await?;
            }
        }
        manager
            .create_index(index(
                Candidates::Table,
                &[Candidates::JobOrderId, Candidates::Status],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Only what the old shape can hold goes back: a proposal that was never presented did
        // not exist, an interview is still a presentation.
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for statement in [
                    "DROP INDEX idx_candidates_job_order_id_status".to_string(),
                    "DELETE FROM candidates WHERE presented_at IS NULL".to_string(),
                    "UPDATE candidates SET status = 'PRESENTED' \
                     WHERE status IN ('INTERVIEW', 'WITHDRAWN')"
                        .to_string(),
                    "ALTER TABLE candidates DROP CONSTRAINT candidates_status_check".to_string(),
                    format!(
                        "ALTER TABLE candidates ADD CONSTRAINT candidates_status_check CHECK ({})",
                        in_list("status", OLD_CANDIDATE_STATUSES)
                    ),
                    "ALTER TABLE candidates ALTER COLUMN presented_at SET NOT NULL".to_string(),
                    "ALTER TABLE candidates DROP COLUMN proposed_at, DROP COLUMN proposed_by, \
                     DROP COLUMN outcome_at, DROP COLUMN version"
                        .to_string(),
                ] {
                    db.execute_unprepared(&statement).await?;
                }
            }
            _ => {
                rebuild_candidates(
                    manager,
                    candidates_table(OLD_CANDIDATE_STATUSES, false),
                    "INSERT INTO candidates_rebuilt (id, jobcentre_id, job_order_id, citizen_id, \
                     presented_at, status) \
                     SELECT id, jobcentre_id, job_order_id, citizen_id, presented_at, \
                     CASE WHEN status IN ('INTERVIEW', 'WITHDRAWN') THEN 'PRESENTED' \
                     ELSE status END FROM candidates WHERE presented_at IS NOT NULL",
                )
                .await?;
            }
        }
        for table in [
            CvSentNoticePolicies::Table.into_iden(),
            JobKindTargetGroups::Table.into_iden(),
            CvEducations::Table.into_iden(),
            CvSkills::Table.into_iden(),
            CvJobWishes::Table.into_iden(),
            Cvs::Table.into_iden(),
            PostalAreas::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Occupations::Table)
                    .and_where(Expr::col(Occupations::Code).eq("7512"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

/// SQLite cannot change a CHECK or a NOT NULL in place: the table is built anew as
/// `candidates_rebuilt`, filled by `copy`, and takes the old one's place and indexes.
async fn rebuild_candidates(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    copy: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    manager.create_table(table).await?;
    db.execute_unprepared(copy).await?;
    db.execute_unprepared("DROP TABLE candidates").await?;
    db.execute_unprepared("ALTER TABLE candidates_rebuilt RENAME TO candidates")
        .await?;
    manager
        .create_index(index(
            Candidates::Table,
            &[Candidates::JobOrderId, Candidates::CitizenId],
            true,
        ))
        .await?;
    for col in [Candidates::JobcentreId, Candidates::CitizenId] {
        manager
            .create_index(index(Candidates::Table, &[col], false))
            .await?;
    }
    Ok(())
}

/// `candidates` with `statuses`, with this migration's columns when `new`.
fn candidates_table(statuses: &'static [&'static str], new: bool) -> TableCreateStatement {
    let mut table = Table::create();
    table
        .table(Candidates::Rebuilt)
        .col(pk_uuid(Candidates::Id))
        .col(uuid(Candidates::JobcentreId))
        .col(uuid(Candidates::JobOrderId))
        .col(uuid(Candidates::CitizenId));
    if new {
        table
            .col(timestamp_with_time_zone_null(Candidates::PresentedAt))
            .col(enum_text(Candidates::Status, statuses))
            .col(timestamp_with_time_zone(Candidates::ProposedAt))
            .col(uuid_null(Candidates::ProposedBy))
            .col(timestamp_with_time_zone_null(Candidates::OutcomeAt))
            .col(
                integer(Candidates::Version)
                    .default(1)
                    .check(Expr::cust("version > 0")),
            );
    } else {
        table
            .col(timestamp_with_time_zone(Candidates::PresentedAt))
            .col(enum_text(Candidates::Status, statuses));
    }
    table
        .foreign_key(&mut fk(
            Candidates::Rebuilt,
            Candidates::JobcentreId,
            Jobcentres::Table,
            Jobcentres::Id,
        ))
        .foreign_key(&mut fk(
            Candidates::Rebuilt,
            Candidates::JobOrderId,
            JobOrders::Table,
            JobOrders::Id,
        ))
        .foreign_key(&mut fk(
            Candidates::Rebuilt,
            Candidates::CitizenId,
            Citizens::Table,
            Citizens::Id,
        ))
        .take()
}
