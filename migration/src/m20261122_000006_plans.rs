//! Plans, Min Plan (`docs/data-model.md`): one plan per citizen across cases, whose draft staff
//! edit and publish as immutable, numbered versions; the citizen's acknowledgements of a
//! version, requests for it in another language, follow-ups on its goals and activities with
//! their attachments, and the database-backed file store holding the attachments' bytes.
//!
//! As in the earlier migrations, foreign keys are declared inside `CREATE TABLE` (SQLite cannot
//! add them later), enumerated text columns carry a CHECK constraint with the allowed values
//! spelled out here, JSON content is plain text, and unique constraints are named unique
//! indexes (`ux_<table>_<columns>`). File contents are a `blob` column: `blob` on SQLite,
//! `bytea` on PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Caseworkers, Citizens, Jobcentres, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const DELIVERIES: &[&str] = &["PORTAL", "DIGITAL_POST"];
const ACKNOWLEDGEMENT_CHANNELS: &[&str] = &["PORTAL"];
const LANGUAGE_REQUEST_STATUSES: &[&str] = &["REQUESTED", "PROVIDED"];
const FOLLOW_UP_AUTHORS: &[&str] = &["CITIZEN", "PROVIDER", "COMPANY"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One plan per citizen; `draft_version` is the optimistic-concurrency counter of edits
        // to the draft.
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(pk_uuid(Plans::Id))
                    .col(uuid(Plans::JobcentreId))
                    .col(uuid(Plans::CitizenId))
                    .col(text(Plans::Draft))
                    .col(integer(Plans::DraftVersion))
                    .col(timestamp_with_time_zone(Plans::DraftUpdatedAt))
                    .col(uuid_null(Plans::DraftUpdatedBy))
                    .col(timestamp_with_time_zone(Plans::CreatedAt))
                    .foreign_key(&mut fk(
                        Plans::Table,
                        Plans::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Plans::Table,
                        Plans::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Plans::Table,
                        Plans::DraftUpdatedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Plans::Table, &[Plans::CitizenId], true))
            .await?;

        // Published versions, numbered per plan; valid only once delivered (rule 5).
        manager
            .create_table(
                Table::create()
                    .table(PlanVersions::Table)
                    .col(pk_uuid(PlanVersions::Id))
                    .col(uuid(PlanVersions::PlanId))
                    .col(uuid(PlanVersions::JobcentreId))
                    .col(uuid(PlanVersions::CitizenId))
                    .col(integer(PlanVersions::Number))
                    .col(text(PlanVersions::Content))
                    .col(text(PlanVersions::ContentHash))
                    .col(uuid(PlanVersions::PublishedBy))
                    .col(timestamp_with_time_zone(PlanVersions::PublishedAt))
                    .col(enum_text(PlanVersions::Delivery, DELIVERIES))
                    .col(boolean(PlanVersions::AcknowledgementRequested))
                    .col(timestamp_with_time_zone_null(PlanVersions::DeliveredAt))
                    .col(timestamp_with_time_zone_null(PlanVersions::SupersededAt))
                    .foreign_key(&mut fk(
                        PlanVersions::Table,
                        PlanVersions::PlanId,
                        Plans::Table,
                        Plans::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanVersions::Table,
                        PlanVersions::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanVersions::Table,
                        PlanVersions::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanVersions::Table,
                        PlanVersions::PublishedBy,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlanVersions::Table,
                &[PlanVersions::PlanId, PlanVersions::Number],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                PlanVersions::Table,
                &[PlanVersions::CitizenId, PlanVersions::Number],
                false,
            ))
            .await?;

        // At most one acknowledgement per version.
        manager
            .create_table(
                Table::create()
                    .table(PlanAcknowledgements::Table)
                    .col(pk_uuid(PlanAcknowledgements::Id))
                    .col(uuid(PlanAcknowledgements::PlanVersionId))
                    .col(uuid(PlanAcknowledgements::CitizenId))
                    .col(text(PlanAcknowledgements::ContentHash))
                    .col(enum_text(
                        PlanAcknowledgements::Channel,
                        ACKNOWLEDGEMENT_CHANNELS,
                    ))
                    .col(timestamp_with_time_zone(
                        PlanAcknowledgements::AcknowledgedAt,
                    ))
                    .foreign_key(&mut fk(
                        PlanAcknowledgements::Table,
                        PlanAcknowledgements::PlanVersionId,
                        PlanVersions::Table,
                        PlanVersions::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanAcknowledgements::Table,
                        PlanAcknowledgements::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlanAcknowledgements::Table,
                &[PlanAcknowledgements::PlanVersionId],
                true,
            ))
            .await?;

        // One request per (version, language).
        manager
            .create_table(
                Table::create()
                    .table(PlanLanguageRequests::Table)
                    .col(pk_uuid(PlanLanguageRequests::Id))
                    .col(uuid(PlanLanguageRequests::PlanVersionId))
                    .col(uuid(PlanLanguageRequests::CitizenId))
                    .col(text(PlanLanguageRequests::Language))
                    .col(text(PlanLanguageRequests::RequestedByRole))
                    .col(timestamp_with_time_zone(PlanLanguageRequests::RequestedAt))
                    .col(enum_text(
                        PlanLanguageRequests::Status,
                        LANGUAGE_REQUEST_STATUSES,
                    ))
                    .foreign_key(&mut fk(
                        PlanLanguageRequests::Table,
                        PlanLanguageRequests::PlanVersionId,
                        PlanVersions::Table,
                        PlanVersions::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanLanguageRequests::Table,
                        PlanLanguageRequests::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlanLanguageRequests::Table,
                &[
                    PlanLanguageRequests::PlanVersionId,
                    PlanLanguageRequests::Language,
                ],
                true,
            ))
            .await?;

        // Follow-ups by the citizen, a provider or a company on one goal or activity of a
        // version; `author_organisation` is the provider's or company's id, so it has no
        // foreign key.
        manager
            .create_table(
                Table::create()
                    .table(PlanFollowUps::Table)
                    .col(pk_uuid(PlanFollowUps::Id))
                    .col(uuid(PlanFollowUps::PlanId))
                    .col(uuid(PlanFollowUps::JobcentreId))
                    .col(uuid(PlanFollowUps::CitizenId))
                    .col(uuid(PlanFollowUps::PlanVersionId))
                    .col(text(PlanFollowUps::ItemId))
                    .col(enum_text(PlanFollowUps::AuthorKind, FOLLOW_UP_AUTHORS))
                    .col(text(PlanFollowUps::AuthorSubject))
                    .col(uuid_null(PlanFollowUps::AuthorOrganisation))
                    .col(text(PlanFollowUps::Text))
                    .col(timestamp_with_time_zone(PlanFollowUps::CreatedAt))
                    .foreign_key(&mut fk(
                        PlanFollowUps::Table,
                        PlanFollowUps::PlanId,
                        Plans::Table,
                        Plans::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanFollowUps::Table,
                        PlanFollowUps::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanFollowUps::Table,
                        PlanFollowUps::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanFollowUps::Table,
                        PlanFollowUps::PlanVersionId,
                        PlanVersions::Table,
                        PlanVersions::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                PlanFollowUps::Table,
                &[PlanFollowUps::PlanId, PlanFollowUps::CreatedAt],
                false,
            ))
            .await?;

        // The database-backed file store, keyed by the store's own key.
        manager
            .create_table(
                Table::create()
                    .table(StoredFiles::Table)
                    .col(text(StoredFiles::Key).primary_key())
                    .col(text(StoredFiles::ContentType))
                    .col(big_integer(StoredFiles::SizeBytes))
                    .col(text(StoredFiles::Sha256))
                    .col(blob(StoredFiles::Bytes))
                    .col(timestamp_with_time_zone(StoredFiles::CreatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanAttachments::Table)
                    .col(pk_uuid(PlanAttachments::Id))
                    .col(uuid(PlanAttachments::FollowUpId))
                    .col(text(PlanAttachments::FileKey))
                    .col(text(PlanAttachments::Filename))
                    .col(text(PlanAttachments::ContentType))
                    .col(big_integer(PlanAttachments::SizeBytes))
                    .col(timestamp_with_time_zone(PlanAttachments::CreatedAt))
                    .foreign_key(&mut fk(
                        PlanAttachments::Table,
                        PlanAttachments::FollowUpId,
                        PlanFollowUps::Table,
                        PlanFollowUps::Id,
                    ))
                    .foreign_key(&mut fk(
                        PlanAttachments::Table,
                        PlanAttachments::FileKey,
                        StoredFiles::Table,
                        StoredFiles::Key,
                    ))
                    .take(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, the reverse of `up`; indexes go with their tables.
        let tables: [DynIden; 7] = [
            PlanAttachments::Table.into_iden(),
            StoredFiles::Table.into_iden(),
            PlanFollowUps::Table.into_iden(),
            PlanLanguageRequests::Table.into_iden(),
            PlanAcknowledgements::Table.into_iden(),
            PlanVersions::Table.into_iden(),
            Plans::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

// Tables created here.

#[derive(DeriveIden, Clone, Copy)]
enum Plans {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Draft,
    DraftVersion,
    DraftUpdatedAt,
    DraftUpdatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanVersions {
    Table,
    Id,
    PlanId,
    JobcentreId,
    CitizenId,
    Number,
    Content,
    ContentHash,
    PublishedBy,
    PublishedAt,
    Delivery,
    AcknowledgementRequested,
    DeliveredAt,
    SupersededAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanAcknowledgements {
    Table,
    Id,
    PlanVersionId,
    CitizenId,
    ContentHash,
    Channel,
    AcknowledgedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanLanguageRequests {
    Table,
    Id,
    PlanVersionId,
    CitizenId,
    Language,
    RequestedByRole,
    RequestedAt,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanFollowUps {
    Table,
    Id,
    PlanId,
    JobcentreId,
    CitizenId,
    PlanVersionId,
    ItemId,
    AuthorKind,
    AuthorSubject,
    AuthorOrganisation,
    Text,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StoredFiles {
    Table,
    Key,
    ContentType,
    SizeBytes,
    Sha256,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanAttachments {
    Table,
    Id,
    FollowUpId,
    FileKey,
    Filename,
    ContentType,
    SizeBytes,
    CreatedAt,
}
