//! Health information (UC2, `000:132-142`): the caseworker asks a clinician for information
//! written for the case, the answer arrives through the integration and is filed on the case
//! (`003:4303-4315`), and only the caseworker assigned to the case reads it.
//!
//! - `health_certificate_types`: what may be asked for (LÆ 265, a status certificate, a
//!   specialist's or a psychologist's statement), with the days the clinician has to answer, as
//!   data.
//! - `health_question_templates`: help questions per certificate type (`003:4195-4222`: standard
//!   questions give standard answers); a request must ask at least one question of its own.
//! - `health_requests`: one request to one clinician, REQUESTED → RECEIVED → FILED (overdue is
//!   read from `due_on`), and its questions in `health_request_questions`.
//! - `health_documents`: what the clinician sent, on the request's case.
//! - `health_messages`: the thread with the clinician per request.
//! - `audit_events.category` gains `HEALTH` and `audit_events.record_id` names the document
//!   read, so the access log holds a row per health document read (`audit_reads` shows it).
//! - The consent purpose `SHARE_HEALTH_INFORMATION_WITH_PROVIDER` goes: health information is
//!   never shared with providers or companies, whatever the citizen consented to. Consents given
//!   for it are removed.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{
    Caseworkers, Citizens, Jobcentres, enum_text, fk, index, set_check_list,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const RECIPIENT_KINDS: &[&str] = &[
    "GENERAL_PRACTITIONER",
    "HOSPITAL",
    "SPECIALIST",
    "PSYCHOLOGIST",
];
const REQUEST_STATUSES: &[&str] = &["REQUESTED", "RECEIVED", "FILED"];
const SENDERS: &[&str] = &["CASEWORKER", "CLINICIAN"];

/// (`code`, `label`, days to answer).
const CERTIFICATE_TYPES: &[(&str, &str, i32)] = &[
    ("LAE_265", "Lægeerklæring (LÆ 265)", 14),
    ("STATUS_CERTIFICATE", "Statusattest", 10),
    ("SPECIALIST_STATEMENT", "Speciallægeerklæring", 28),
    ("PSYCHOLOGIST_STATEMENT", "Psykologattest", 28),
];

/// Help questions per certificate type (`003:4195-4222`).
const TEMPLATES: &[(&str, &str)] = &[
    (
        "LAE_265",
        "Hvilke helbredsmæssige begrænsninger har borgeren i forhold til arbejde?",
    ),
    (
        "LAE_265",
        "Hvad er forventningen til borgerens arbejdsevne de næste tre måneder?",
    ),
    (
        "STATUS_CERTIFICATE",
        "Er der sket ændringer i borgerens helbredstilstand siden sidste attest?",
    ),
    (
        "SPECIALIST_STATEMENT",
        "Hvilken behandling er iværksat, og hvad er prognosen?",
    ),
    (
        "PSYCHOLOGIST_STATEMENT",
        "Hvordan påvirker borgerens psykiske tilstand evnen til at deltage i aktiviteter?",
    ),
];

const OLD_CATEGORIES: &[&str] = &[
    "IDENTITY",
    "CPR",
    "CONTACT",
    "CASE",
    "CONSENT",
    "REGISTRATION",
];
const NEW_CATEGORIES: &[&str] = &[
    "IDENTITY",
    "CPR",
    "CONTACT",
    "CASE",
    "CONSENT",
    "REGISTRATION",
    "HEALTH",
];
const OLD_PURPOSES: &[&str] = &[
    "SHARE_CV_WITH_COMPANIES",
    "SHARE_DATA_AFTER_MOVING",
    "SHARE_HEALTH_INFORMATION_WITH_PROVIDER",
];
const NEW_PURPOSES: &[&str] = &["SHARE_CV_WITH_COMPANIES", "SHARE_DATA_AFTER_MOVING"];

/// `audit_reads` with or without the record read, per database (migration 10 made it).
fn audit_reads(backend: DbBackend, with_record: bool) -> String {
    let record = if with_record { ", e.record_id" } else { "" };
    match backend {
        DbBackend::Postgres => format!(
            "CREATE VIEW audit_reads AS SELECT e.id, e.occurred_at, e.actor_role, \
             e.actor_subject, e.actor_organisation, e.jobcentre_id, c.citizen_id, e.category, \
             e.operation, e.request_id, e.citizen_ids{record} FROM audit_events e \
             CROSS JOIN LATERAL unnest(e.citizen_ids) AS c(citizen_id)"
        ),
        _ => format!(
            "CREATE VIEW audit_reads AS SELECT e.id, e.occurred_at, e.actor_role, \
             e.actor_subject, e.actor_organisation, e.jobcentre_id, x.citizen_id, e.category, \
             e.operation, e.request_id, e.citizen_ids{record} FROM audit_event_citizens x \
             JOIN audit_events e ON e.id = x.event_id"
        ),
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthCertificateTypes {
    Table,
    Code,
    Label,
    AnswerDays,
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthQuestionTemplates {
    Table,
    CertificateTypeCode,
    Position,
    Text,
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthRequests {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    CaseId,
    RequestedBy,
    RecipientKind,
    RecipientName,
    CertificateTypeCode,
    Status,
    RequestedAt,
    DueOn,
    ReceivedAt,
    FiledAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthRequestQuestions {
    Table,
    RequestId,
    Position,
    Text,
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthDocuments {
    Table,
    Id,
    RequestId,
    JobcentreId,
    CitizenId,
    CaseId,
    ExternalId,
    Title,
    Body,
    ReceivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum HealthMessages {
    Table,
    Id,
    RequestId,
    Sender,
    CaseworkerId,
    Body,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cases {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        manager
            .create_table(
                Table::create()
                    .table(HealthCertificateTypes::Table)
                    .col(text(HealthCertificateTypes::Code).primary_key())
                    .col(text(HealthCertificateTypes::Label))
                    .col(
                        integer(HealthCertificateTypes::AnswerDays)
                            .check(Expr::col(HealthCertificateTypes::AnswerDays).gt(0)),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HealthQuestionTemplates::Table)
                    .col(text(HealthQuestionTemplates::CertificateTypeCode))
                    .col(integer(HealthQuestionTemplates::Position))
                    .col(text(HealthQuestionTemplates::Text))
                    .primary_key(
                        Index::create()
                            .col(HealthQuestionTemplates::CertificateTypeCode)
                            .col(HealthQuestionTemplates::Position),
                    )
                    .foreign_key(&mut fk(
                        HealthQuestionTemplates::Table,
                        HealthQuestionTemplates::CertificateTypeCode,
                        HealthCertificateTypes::Table,
                        HealthCertificateTypes::Code,
                    ))
                    .take(),
            )
            .await?;
        let mut types = Query::insert();
        types.into_table(HealthCertificateTypes::Table).columns([
            HealthCertificateTypes::Code,
            HealthCertificateTypes::Label,
            HealthCertificateTypes::AnswerDays,
        ]);
        for (code, label, days) in CERTIFICATE_TYPES {
            types.values_panic([(*code).into(), (*label).into(), (*days).into()]);
        }
        manager.exec_stmt(types).await?;
        let mut templates = Query::insert();
        templates
            .into_table(HealthQuestionTemplates::Table)
            .columns([
                HealthQuestionTemplates::CertificateTypeCode,
                HealthQuestionTemplates::Position,
                HealthQuestionTemplates::Text,
            ]);
        for (position, (code, text)) in TEMPLATES.iter().enumerate() {
            templates.values_panic([(*code).into(), (position as i32 + 1).into(), (*text).into()]);
        }
        manager.exec_stmt(templates).await?;

        manager
            .create_table(
                Table::create()
                    .table(HealthRequests::Table)
                    .col(pk_uuid(HealthRequests::Id))
                    .col(uuid(HealthRequests::JobcentreId))
                    .col(uuid(HealthRequests::CitizenId))
                    .col(uuid(HealthRequests::CaseId))
                    .col(uuid(HealthRequests::RequestedBy))
                    .col(enum_text(HealthRequests::RecipientKind, RECIPIENT_KINDS))
                    .col(text(HealthRequests::RecipientName))
                    .col(text(HealthRequests::CertificateTypeCode))
                    .col(enum_text(HealthRequests::Status, REQUEST_STATUSES))
                    .col(timestamp_with_time_zone(HealthRequests::RequestedAt))
                    .col(date(HealthRequests::DueOn))
                    .col(timestamp_with_time_zone_null(HealthRequests::ReceivedAt))
                    .col(timestamp_with_time_zone_null(HealthRequests::FiledAt))
                    .col(integer(HealthRequests::Version).default(1))
                    .foreign_key(&mut fk(
                        HealthRequests::Table,
                        HealthRequests::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthRequests::Table,
                        HealthRequests::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthRequests::Table,
                        HealthRequests::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthRequests::Table,
                        HealthRequests::RequestedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthRequests::Table,
                        HealthRequests::CertificateTypeCode,
                        HealthCertificateTypes::Table,
                        HealthCertificateTypes::Code,
                    ))
                    .take(),
            )
            .await?;
        for cols in [
            &[HealthRequests::CitizenId][..],
            &[HealthRequests::CaseId][..],
            &[HealthRequests::JobcentreId, HealthRequests::Status][..],
        ] {
            manager
                .create_index(index(HealthRequests::Table, cols, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(HealthRequestQuestions::Table)
                    .col(uuid(HealthRequestQuestions::RequestId))
                    .col(integer(HealthRequestQuestions::Position))
                    .col(text(HealthRequestQuestions::Text))
                    .primary_key(
                        Index::create()
                            .col(HealthRequestQuestions::RequestId)
                            .col(HealthRequestQuestions::Position),
                    )
                    .foreign_key(&mut fk(
                        HealthRequestQuestions::Table,
                        HealthRequestQuestions::RequestId,
                        HealthRequests::Table,
                        HealthRequests::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HealthDocuments::Table)
                    .col(pk_uuid(HealthDocuments::Id))
                    .col(uuid(HealthDocuments::RequestId))
                    .col(uuid(HealthDocuments::JobcentreId))
                    .col(uuid(HealthDocuments::CitizenId))
                    .col(uuid(HealthDocuments::CaseId))
                    .col(text(HealthDocuments::ExternalId))
                    .col(text(HealthDocuments::Title))
                    .col(text(HealthDocuments::Body))
                    .col(timestamp_with_time_zone(HealthDocuments::ReceivedAt))
                    .foreign_key(&mut fk(
                        HealthDocuments::Table,
                        HealthDocuments::RequestId,
                        HealthRequests::Table,
                        HealthRequests::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthDocuments::Table,
                        HealthDocuments::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                HealthDocuments::Table,
                &[HealthDocuments::RequestId, HealthDocuments::ExternalId],
                true,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HealthMessages::Table)
                    .col(pk_uuid(HealthMessages::Id))
                    .col(uuid(HealthMessages::RequestId))
                    .col(enum_text(HealthMessages::Sender, SENDERS))
                    .col(uuid_null(HealthMessages::CaseworkerId))
                    .col(text(HealthMessages::Body))
                    .col(timestamp_with_time_zone(HealthMessages::SentAt))
                    .foreign_key(&mut fk(
                        HealthMessages::Table,
                        HealthMessages::RequestId,
                        HealthRequests::Table,
                        HealthRequests::Id,
                    ))
                    .foreign_key(&mut fk(
                        HealthMessages::Table,
                        HealthMessages::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .check((
                        "ck_health_messages_author",
                        Expr::cust("(sender = 'CASEWORKER') = (caseworker_id IS NOT NULL)"),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                HealthMessages::Table,
                &[HealthMessages::RequestId],
                false,
            ))
            .await?;

        // The access log: HEALTH, and the document read.
        db.execute_unprepared("DROP VIEW audit_reads").await?;
        let record = match backend {
            DbBackend::Postgres => "uuid",
            _ => "blob",
        };
        db.execute_unprepared(&format!(
            "ALTER TABLE audit_events ADD COLUMN record_id {record} NULL"
        ))
        .await?;
        set_check_list(
            manager,
            "audit_events",
            "category",
            NEW_CATEGORIES,
            &["audit_event_citizens"],
        )
        .await?;
        db.execute_unprepared(&audit_reads(backend, true)).await?;

        // No consent shares health information.
        db.execute_unprepared(
            "DELETE FROM consents WHERE purpose = 'SHARE_HEALTH_INFORMATION_WITH_PROVIDER'",
        )
        .await?;
        set_check_list(manager, "consents", "purpose", NEW_PURPOSES, &[]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        set_check_list(manager, "consents", "purpose", OLD_PURPOSES, &[]).await?;
        db.execute_unprepared("DELETE FROM audit_events WHERE category = 'HEALTH'")
            .await?;
        db.execute_unprepared("DROP VIEW audit_reads").await?;
        db.execute_unprepared("ALTER TABLE audit_events DROP COLUMN record_id")
            .await?;
        set_check_list(
            manager,
            "audit_events",
            "category",
            OLD_CATEGORIES,
            &["audit_event_citizens"],
        )
        .await?;
        db.execute_unprepared(&audit_reads(backend, false)).await?;
        for table in [
            HealthMessages::Table.to_string(),
            HealthDocuments::Table.to_string(),
            HealthRequestQuestions::Table.to_string(),
            HealthRequests::Table.to_string(),
            HealthQuestionTemplates::Table.to_string(),
            HealthCertificateTypes::Table.to_string(),
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).take())
                .await?;
        }
        Ok(())
    }
}
