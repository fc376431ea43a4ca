//! Every table of `docs/data-model.md`, built with sea-query's schema builder so the same code
//! runs on SQLite and PostgreSQL.
//!
//! Foreign keys are declared inside `CREATE TABLE` (SQLite cannot add them later); enumerated
//! text columns carry a CHECK constraint listing the allowed values. The values are spelled out
//! here rather than taken from `jobbro-entities`, so this migration stays as it was applied even
//! when the Rust enums change later (a change needs a new migration).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{enum_text, enum_text_null, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CHANNELS: &[&str] = &["PORTAL", "DIGITAL_POST", "SMS", "EMAIL", "PAPER"];
const VISITATION_CATEGORIES: &[&str] = &[
    "JOB_READY",
    "ACTIVITY_READY",
    "EDUCATION_READY",
    "OBVIOUSLY_EDUCATION_READY",
];
const DEREGISTRATION_REASONS: &[&str] = &[
    "CITIZEN_REQUEST",
    "SICK_REPORT",
    "MATCHED_ACTIVITY_READY",
    "BENEFIT_ENDED",
    "DECEASED",
    "NO_POSTAL_ADDRESS",
    "JOB_SEARCH_NOT_CONFIRMED",
];
const PROVIDER_USER_ROLES: &[&str] = &["COORDINATOR", "STAFF"];
const SERVICE_ORDER_STATUSES: &[&str] = &["ACTIVE", "ENDED", "CANCELLED"];
const JOB_ORDER_STATUSES: &[&str] = &["OPEN", "FILLED", "CLOSED"];
const CANDIDATE_STATUSES: &[&str] = &["PRESENTED", "HIRED", "NOT_SELECTED"];
const CONSENT_PURPOSES: &[&str] = &[
    "SHARE_CV_WITH_COMPANIES",
    "SHARE_DATA_AFTER_MOVING",
    "SHARE_HEALTH_INFORMATION_WITH_PROVIDER",
];
const AUDIT_CATEGORIES: &[&str] = &[
    "IDENTITY",
    "CPR",
    "CONTACT",
    "CASE",
    "CONSENT",
    "REGISTRATION",
];
const ABSENCE_KINDS: &[&str] = &["ABSENCE", "EXEMPTION"];
const LETTER_STATUSES: &[&str] = &["PENDING", "SENT", "FAILED"];

/// At most one unrevoked consent per (citizen, purpose). sea-query has no partial indexes; this
/// statement is valid on both SQLite and PostgreSQL.
const CONSENTS_ACTIVE_UNIQUE: &str = "CREATE UNIQUE INDEX ux_consents_active_citizen_purpose \
     ON consents (citizen_id, purpose) WHERE revoked_at IS NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // National reference data.
        manager
            .create_table(
                Table::create()
                    .table(ContactGroups::Table)
                    .col(text(ContactGroups::Code).primary_key())
                    .col(text(ContactGroups::Name))
                    .col(date(ContactGroups::ValidFrom))
                    .col(date_null(ContactGroups::ValidTo))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TargetGroups::Table)
                    .col(text(TargetGroups::Code).primary_key())
                    .col(text(TargetGroups::Name))
                    .col(date(TargetGroups::ValidFrom))
                    .col(date_null(TargetGroups::ValidTo))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfferKinds::Table)
                    .col(text(OfferKinds::Code).primary_key())
                    .col(text(OfferKinds::Name))
                    .col(boolean(OfferKinds::SupportedEmployment))
                    .col(date(OfferKinds::ValidFrom))
                    .col(date_null(OfferKinds::ValidTo))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AbsenceTypes::Table)
                    .col(text(AbsenceTypes::Code).primary_key())
                    .col(text(AbsenceTypes::Name))
                    .col(enum_text(AbsenceTypes::Kind, ABSENCE_KINDS))
                    .col(boolean(AbsenceTypes::SuspendsAvailability))
                    .col(boolean(AbsenceTypes::SuspendsActivation))
                    .col(boolean(AbsenceTypes::SuspendsContactCourse))
                    .col(boolean(AbsenceTypes::SuspendsPersonalAttendance))
                    .col(boolean(AbsenceTypes::Deregisters))
                    .col(boolean(AbsenceTypes::NotifiesFund))
                    .col(boolean(AbsenceTypes::SelfBookingRight))
                    .col(boolean(AbsenceTypes::SelfBookingDuty))
                    .col(date(AbsenceTypes::ValidFrom))
                    .col(date_null(AbsenceTypes::ValidTo))
                    .take(),
            )
            .await?;

        // Organisations and people.
        manager
            .create_table(
                Table::create()
                    .table(Jobcentres::Table)
                    .col(pk_uuid(Jobcentres::Id))
                    .col(text(Jobcentres::Name))
                    .col(text_uniq(Jobcentres::MunicipalityCode))
                    .col(timestamp_with_time_zone(Jobcentres::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Caseworkers::Table)
                    .col(pk_uuid(Caseworkers::Id))
                    .col(uuid(Caseworkers::JobcentreId))
                    .col(text(Caseworkers::Name))
                    .col(text(Caseworkers::Email))
                    .col(text_null(Caseworkers::Team))
                    .col(boolean(Caseworkers::IsManager))
                    .col(timestamp_with_time_zone(Caseworkers::CreatedAt))
                    .foreign_key(&mut fk(
                        Caseworkers::Table,
                        Caseworkers::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Caseworkers::Table,
                &[Caseworkers::JobcentreId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Citizens::Table)
                    .col(pk_uuid(Citizens::Id))
                    .col(uuid(Citizens::JobcentreId))
                    .col(text_uniq(Citizens::Cpr))
                    .col(text(Citizens::GivenName))
                    .col(text(Citizens::FamilyName))
                    .col(text(Citizens::Street))
                    .col(text(Citizens::PostalCode))
                    .col(text(Citizens::City))
                    .col(boolean(Citizens::ProtectedAddress))
                    .col(text_null(Citizens::Phone))
                    .col(text_null(Citizens::Email))
                    .col(enum_text(Citizens::PreferredChannel, CHANNELS))
                    .col(boolean(Citizens::ObligedDigital))
                    .col(timestamp_with_time_zone(Citizens::CreatedAt))
                    .col(timestamp_with_time_zone(Citizens::UpdatedAt))
                    .foreign_key(&mut fk(
                        Citizens::Table,
                        Citizens::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Citizens::Table, &[Citizens::JobcentreId], false))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(pk_uuid(Cases::Id))
                    .col(uuid(Cases::JobcentreId))
                    .col(uuid(Cases::CitizenId))
                    .col(text(Cases::ContactGroupCode))
                    .col(text(Cases::TargetGroupCode))
                    .col(enum_text_null(
                        Cases::VisitationCategory,
                        VISITATION_CATEGORIES,
                    ))
                    .col(uuid_null(Cases::AssignedCaseworkerId))
                    .col(timestamp_with_time_zone(Cases::OpenedAt))
                    .col(timestamp_with_time_zone_null(Cases::ClosedAt))
                    .col(date_null(Cases::Deadline))
                    .col(integer(Cases::Version))
                    .foreign_key(&mut fk(
                        Cases::Table,
                        Cases::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Cases::Table,
                        Cases::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Cases::Table,
                        Cases::ContactGroupCode,
                        ContactGroups::Table,
                        ContactGroups::Code,
                    ))
                    .foreign_key(&mut fk(
                        Cases::Table,
                        Cases::TargetGroupCode,
                        TargetGroups::Table,
                        TargetGroups::Code,
                    ))
                    .foreign_key(&mut fk(
                        Cases::Table,
                        Cases::AssignedCaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .take(),
            )
            .await?;
        for col in [
            Cases::JobcentreId,
            Cases::CitizenId,
            Cases::AssignedCaseworkerId,
        ] {
            manager
                .create_index(index(Cases::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(JobseekerRegistrations::Table)
                    .col(pk_uuid(JobseekerRegistrations::Id))
                    .col(uuid(JobseekerRegistrations::JobcentreId))
                    .col(uuid(JobseekerRegistrations::CitizenId))
                    .col(timestamp_with_time_zone(
                        JobseekerRegistrations::RegisteredAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        JobseekerRegistrations::DeregisteredAt,
                    ))
                    .col(enum_text_null(
                        JobseekerRegistrations::DeregistrationReason,
                        DEREGISTRATION_REASONS,
                    ))
                    .foreign_key(&mut fk(
                        JobseekerRegistrations::Table,
                        JobseekerRegistrations::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        JobseekerRegistrations::Table,
                        JobseekerRegistrations::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        for col in [
            JobseekerRegistrations::JobcentreId,
            JobseekerRegistrations::CitizenId,
        ] {
            manager
                .create_index(index(JobseekerRegistrations::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Providers::Table)
                    .col(pk_uuid(Providers::Id))
                    .col(text(Providers::Name))
                    .col(text_uniq(Providers::Cvr))
                    .col(timestamp_with_time_zone(Providers::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProviderUsers::Table)
                    .col(pk_uuid(ProviderUsers::Id))
                    .col(uuid(ProviderUsers::ProviderId))
                    .col(text(ProviderUsers::Name))
                    .col(text(ProviderUsers::Email))
                    .col(enum_text(ProviderUsers::Role, PROVIDER_USER_ROLES))
                    .foreign_key(&mut fk(
                        ProviderUsers::Table,
                        ProviderUsers::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                ProviderUsers::Table,
                &[ProviderUsers::ProviderId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServiceOrders::Table)
                    .col(pk_uuid(ServiceOrders::Id))
                    .col(uuid(ServiceOrders::JobcentreId))
                    .col(uuid(ServiceOrders::CitizenId))
                    .col(uuid(ServiceOrders::ProviderId))
                    .col(uuid_null(ServiceOrders::AssignedUserId))
                    .col(text(ServiceOrders::OfferKindCode))
                    .col(text(ServiceOrders::Justification))
                    .col(text(ServiceOrders::Goal))
                    .col(text_null(ServiceOrders::Remark))
                    .col(date(ServiceOrders::StartsOn))
                    .col(date_null(ServiceOrders::EndsOn))
                    .col(enum_text(ServiceOrders::Status, SERVICE_ORDER_STATUSES))
                    .col(timestamp_with_time_zone(ServiceOrders::CreatedAt))
                    .foreign_key(&mut fk(
                        ServiceOrders::Table,
                        ServiceOrders::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        ServiceOrders::Table,
                        ServiceOrders::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        ServiceOrders::Table,
                        ServiceOrders::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .foreign_key(&mut fk(
                        ServiceOrders::Table,
                        ServiceOrders::AssignedUserId,
                        ProviderUsers::Table,
                        ProviderUsers::Id,
                    ))
                    .foreign_key(&mut fk(
                        ServiceOrders::Table,
                        ServiceOrders::OfferKindCode,
                        OfferKinds::Table,
                        OfferKinds::Code,
                    ))
                    .take(),
            )
            .await?;
        for col in [
            ServiceOrders::JobcentreId,
            ServiceOrders::CitizenId,
            ServiceOrders::ProviderId,
            ServiceOrders::AssignedUserId,
        ] {
            manager
                .create_index(index(ServiceOrders::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .col(pk_uuid(Companies::Id))
                    .col(text_uniq(Companies::Cvr))
                    .col(text(Companies::Name))
                    .col(timestamp_with_time_zone(Companies::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProductionUnits::Table)
                    .col(pk_uuid(ProductionUnits::Id))
                    .col(uuid(ProductionUnits::CompanyId))
                    .col(text_uniq(ProductionUnits::PNumber))
                    .col(text(ProductionUnits::Name))
                    .col(text(ProductionUnits::Street))
                    .col(text(ProductionUnits::PostalCode))
                    .col(text(ProductionUnits::City))
                    .foreign_key(&mut fk(
                        ProductionUnits::Table,
                        ProductionUnits::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                ProductionUnits::Table,
                &[ProductionUnits::CompanyId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CompanyUsers::Table)
                    .col(pk_uuid(CompanyUsers::Id))
                    .col(uuid(CompanyUsers::CompanyId))
                    .col(text(CompanyUsers::Name))
                    .col(text(CompanyUsers::Email))
                    .col(boolean(CompanyUsers::AllUnits))
                    .foreign_key(&mut fk(
                        CompanyUsers::Table,
                        CompanyUsers::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CompanyUsers::Table,
                &[CompanyUsers::CompanyId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CompanyUserUnits::Table)
                    .col(uuid(CompanyUserUnits::CompanyUserId))
                    .col(uuid(CompanyUserUnits::ProductionUnitId))
                    .primary_key(
                        Index::create()
                            .col(CompanyUserUnits::CompanyUserId)
                            .col(CompanyUserUnits::ProductionUnitId),
                    )
                    .foreign_key(
                        fk(
                            CompanyUserUnits::Table,
                            CompanyUserUnits::CompanyUserId,
                            CompanyUsers::Table,
                            CompanyUsers::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            CompanyUserUnits::Table,
                            CompanyUserUnits::ProductionUnitId,
                            ProductionUnits::Table,
                            ProductionUnits::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                CompanyUserUnits::Table,
                &[CompanyUserUnits::ProductionUnitId],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobOrders::Table)
                    .col(pk_uuid(JobOrders::Id))
                    .col(uuid(JobOrders::JobcentreId))
                    .col(uuid(JobOrders::CompanyId))
                    .col(uuid(JobOrders::ProductionUnitId))
                    .col(text(JobOrders::Title))
                    .col(text_null(JobOrders::OfferKindCode))
                    .col(integer(JobOrders::Positions))
                    .col(enum_text(JobOrders::Status, JOB_ORDER_STATUSES))
                    .col(timestamp_with_time_zone(JobOrders::CreatedAt))
                    .foreign_key(&mut fk(
                        JobOrders::Table,
                        JobOrders::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        JobOrders::Table,
                        JobOrders::CompanyId,
                        Companies::Table,
                        Companies::Id,
                    ))
                    .foreign_key(&mut fk(
                        JobOrders::Table,
                        JobOrders::ProductionUnitId,
                        ProductionUnits::Table,
                        ProductionUnits::Id,
                    ))
                    .foreign_key(&mut fk(
                        JobOrders::Table,
                        JobOrders::OfferKindCode,
                        OfferKinds::Table,
                        OfferKinds::Code,
                    ))
                    .take(),
            )
            .await?;
        for col in [
            JobOrders::JobcentreId,
            JobOrders::CompanyId,
            JobOrders::ProductionUnitId,
        ] {
            manager
                .create_index(index(JobOrders::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Candidates::Table)
                    .col(pk_uuid(Candidates::Id))
                    .col(uuid(Candidates::JobcentreId))
                    .col(uuid(Candidates::JobOrderId))
                    .col(uuid(Candidates::CitizenId))
                    .col(timestamp_with_time_zone(Candidates::PresentedAt))
                    .col(enum_text(Candidates::Status, CANDIDATE_STATUSES))
                    .foreign_key(&mut fk(
                        Candidates::Table,
                        Candidates::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Candidates::Table,
                        Candidates::JobOrderId,
                        JobOrders::Table,
                        JobOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Candidates::Table,
                        Candidates::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
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

        // Consent, audit, outbox, alerts, letters, idempotency.
        manager
            .create_table(
                Table::create()
                    .table(Consents::Table)
                    .col(pk_uuid(Consents::Id))
                    .col(uuid(Consents::JobcentreId))
                    .col(uuid(Consents::CitizenId))
                    .col(enum_text(Consents::Purpose, CONSENT_PURPOSES))
                    .col(timestamp_with_time_zone(Consents::GrantedAt))
                    .col(timestamp_with_time_zone_null(Consents::RevokedAt))
                    .foreign_key(&mut fk(
                        Consents::Table,
                        Consents::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Consents::Table,
                        Consents::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        for col in [Consents::JobcentreId, Consents::CitizenId] {
            manager
                .create_index(index(Consents::Table, &[col], false))
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(CONSENTS_ACTIVE_UNIQUE)
            .await?;

        // Append-only and kept longer than the data it describes: no foreign keys, so that an
        // access can be logged even for a row that is being created or removed.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(text(AuditEvents::ActorRole))
                    .col(text(AuditEvents::ActorSubject))
                    .col(text_null(AuditEvents::ActorOrganisation))
                    .col(uuid_null(AuditEvents::JobcentreId))
                    .col(uuid(AuditEvents::CitizenId))
                    .col(enum_text(AuditEvents::Category, AUDIT_CATEGORIES))
                    .col(text(AuditEvents::Operation))
                    .col(text(AuditEvents::RequestId))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                AuditEvents::Table,
                &[AuditEvents::CitizenId, AuditEvents::OccurredAt],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                AuditEvents::Table,
                &[AuditEvents::JobcentreId, AuditEvents::OccurredAt],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxEvents::Table)
                    .col(pk_uuid(OutboxEvents::Id))
                    .col(uuid_null(OutboxEvents::JobcentreId))
                    .col(text(OutboxEvents::EventType))
                    .col(uuid(OutboxEvents::AggregateId))
                    .col(text(OutboxEvents::Payload))
                    .col(timestamp_with_time_zone(OutboxEvents::CreatedAt))
                    .col(integer(OutboxEvents::Attempts))
                    .col(timestamp_with_time_zone(OutboxEvents::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxEvents::LockedUntil))
                    .col(timestamp_with_time_zone_null(OutboxEvents::ProcessedAt))
                    .col(text_null(OutboxEvents::LastError))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                OutboxEvents::Table,
                &[OutboxEvents::ProcessedAt, OutboxEvents::NextAttemptAt],
                false,
            ))
            .await?;

        // `source_event_id` names an outbox event but has no foreign key, so processed outbox
        // rows can be pruned.
        manager
            .create_table(
                Table::create()
                    .table(Alerts::Table)
                    .col(pk_uuid(Alerts::Id))
                    .col(uuid(Alerts::JobcentreId))
                    .col(uuid(Alerts::CaseworkerId))
                    .col(uuid_null(Alerts::CitizenId))
                    .col(text(Alerts::Kind))
                    .col(text(Alerts::Message))
                    .col(uuid_null(Alerts::SourceEventId))
                    .col(timestamp_with_time_zone(Alerts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Alerts::ReadAt))
                    .foreign_key(&mut fk(
                        Alerts::Table,
                        Alerts::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Alerts::Table,
                        Alerts::CaseworkerId,
                        Caseworkers::Table,
                        Caseworkers::Id,
                    ))
                    .foreign_key(&mut fk(
                        Alerts::Table,
                        Alerts::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Alerts::Table,
                &[Alerts::SourceEventId, Alerts::CaseworkerId],
                true,
            ))
            .await?;
        for col in [Alerts::JobcentreId, Alerts::CaseworkerId, Alerts::CitizenId] {
            manager
                .create_index(index(Alerts::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Letters::Table)
                    .col(pk_uuid(Letters::Id))
                    .col(uuid(Letters::JobcentreId))
                    .col(uuid(Letters::CitizenId))
                    .col(enum_text(Letters::Channel, CHANNELS))
                    .col(text(Letters::Kind))
                    .col(text(Letters::Subject))
                    .col(text(Letters::Body))
                    .col(enum_text(Letters::Status, LETTER_STATUSES))
                    .col(uuid_null(Letters::SourceEventId))
                    .col(timestamp_with_time_zone(Letters::CreatedAt))
                    .col(timestamp_with_time_zone_null(Letters::SentAt))
                    .foreign_key(&mut fk(
                        Letters::Table,
                        Letters::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Letters::Table,
                        Letters::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Letters::Table,
                &[Letters::SourceEventId, Letters::Kind],
                true,
            ))
            .await?;
        for col in [Letters::JobcentreId, Letters::CitizenId, Letters::Status] {
            manager
                .create_index(index(Letters::Table, &[col], false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(text(IdempotencyKeys::Principal))
                    .col(text(IdempotencyKeys::Key))
                    .col(text(IdempotencyKeys::Operation))
                    .col(text(IdempotencyKeys::RequestHash))
                    .col(text(IdempotencyKeys::Response))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::Principal)
                            .col(IdempotencyKeys::Key),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                IdempotencyKeys::Table,
                &[IdempotencyKeys::CreatedAt],
                false,
            ))
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents; indexes go with their tables.
        let tables: [DynIden; 24] = [
            IdempotencyKeys::Table.into_iden(),
            Letters::Table.into_iden(),
            Alerts::Table.into_iden(),
            OutboxEvents::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            Consents::Table.into_iden(),
            Candidates::Table.into_iden(),
            JobOrders::Table.into_iden(),
            CompanyUserUnits::Table.into_iden(),
            CompanyUsers::Table.into_iden(),
            ProductionUnits::Table.into_iden(),
            Companies::Table.into_iden(),
            ServiceOrders::Table.into_iden(),
            ProviderUsers::Table.into_iden(),
            Providers::Table.into_iden(),
            JobseekerRegistrations::Table.into_iden(),
            Cases::Table.into_iden(),
            Citizens::Table.into_iden(),
            Caseworkers::Table.into_iden(),
            Jobcentres::Table.into_iden(),
            AbsenceTypes::Table.into_iden(),
            OfferKinds::Table.into_iden(),
            TargetGroups::Table.into_iden(),
            ContactGroups::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ContactGroups {
    Table,
    Code,
    Name,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum TargetGroups {
    Table,
    Code,
    Name,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum OfferKinds {
    Table,
    Code,
    Name,
    SupportedEmployment,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum AbsenceTypes {
    Table,
    Code,
    Name,
    Kind,
    SuspendsAvailability,
    SuspendsActivation,
    SuspendsContactCourse,
    SuspendsPersonalAttendance,
    Deregisters,
    NotifiesFund,
    SelfBookingRight,
    SelfBookingDuty,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum Jobcentres {
    Table,
    Id,
    Name,
    MunicipalityCode,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Caseworkers {
    Table,
    Id,
    JobcentreId,
    Name,
    Email,
    Team,
    IsManager,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Citizens {
    Table,
    Id,
    JobcentreId,
    Cpr,
    GivenName,
    FamilyName,
    Street,
    PostalCode,
    City,
    ProtectedAddress,
    Phone,
    Email,
    PreferredChannel,
    ObligedDigital,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cases {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    ContactGroupCode,
    TargetGroupCode,
    VisitationCategory,
    AssignedCaseworkerId,
    OpenedAt,
    ClosedAt,
    Deadline,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobseekerRegistrations {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    RegisteredAt,
    DeregisteredAt,
    DeregistrationReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum Providers {
    Table,
    Id,
    Name,
    Cvr,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProviderUsers {
    Table,
    Id,
    ProviderId,
    Name,
    Email,
    Role,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceOrders {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    ProviderId,
    AssignedUserId,
    OfferKindCode,
    Justification,
    Goal,
    Remark,
    StartsOn,
    EndsOn,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Companies {
    Table,
    Id,
    Cvr,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductionUnits {
    Table,
    Id,
    CompanyId,
    PNumber,
    Name,
    Street,
    PostalCode,
    City,
}

#[derive(DeriveIden, Clone, Copy)]
enum CompanyUsers {
    Table,
    Id,
    CompanyId,
    Name,
    Email,
    AllUnits,
}

#[derive(DeriveIden, Clone, Copy)]
enum CompanyUserUnits {
    Table,
    CompanyUserId,
    ProductionUnitId,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobOrders {
    Table,
    Id,
    JobcentreId,
    CompanyId,
    ProductionUnitId,
    Title,
    OfferKindCode,
    Positions,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
    JobcentreId,
    JobOrderId,
    CitizenId,
    PresentedAt,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum Consents {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Purpose,
    GrantedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorRole,
    ActorSubject,
    ActorOrganisation,
    JobcentreId,
    CitizenId,
    Category,
    Operation,
    RequestId,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxEvents {
    Table,
    Id,
    JobcentreId,
    EventType,
    AggregateId,
    Payload,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    ProcessedAt,
    LastError,
}

#[derive(DeriveIden, Clone, Copy)]
enum Alerts {
    Table,
    Id,
    JobcentreId,
    CaseworkerId,
    CitizenId,
    Kind,
    Message,
    SourceEventId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Letters {
    Table,
    Id,
    JobcentreId,
    CitizenId,
    Channel,
    Kind,
    Subject,
    Body,
    Status,
    SourceEventId,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKeys {
    Table,
    Principal,
    Key,
    Operation,
    RequestHash,
    Response,
    CreatedAt,
}
