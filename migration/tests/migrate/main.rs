//! Runs the migrations up, down and up again, then checks the reference data, the CHECK and
//! unique constraints, and that every entity of `jobbro-entities` round-trips through the
//! migrated schema; and that migration 7 copies the activities of plan versions published
//! before it out of their JSON into `plan_activities`.
//!
//! Always runs on SQLite in memory. With `JOBBRO_TEST_DATABASE_URL` set to a PostgreSQL URL it
//! does the same in a fresh database `jobbro_mig_*` created next to the one in the URL (and
//! dropped afterwards), and checks that replicas migrating concurrently both succeed.
//!
//! One module per topic: `reference_data`, `core_tables` (organisations, people, consent, audit,
//! outbox, alerts, letters: their constraints and the round trip of every entity, which goes on
//! through `meetings` and `plans`), `meetings`, `plans`, `plan_activities` (the backfill of
//! migration 7), `audit_rows` (the merge of migration 10), `service_orders` (today's orders through
//! migration 11), `offer_attendance` (absences reported by providers, migration 12),
//! `marking_notices` (notices about person markings, migration 24), `health_information`
//! (the access log's HEALTH rows and the consent purpose removed, migration 25), with the shared helpers in
//! `support`.

mod audit_rows;
mod case_lifecycle;
mod core_tables;
mod health_information;
mod job_orders;
mod marking_notices;
mod meetings;
mod offer_attendance;
mod placement_follow_up;
mod plan_activities;
mod plans;
mod reference_data;
mod service_orders;
mod support;

use chrono::Utc;
use jobbro_migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

use crate::core_tables::{check_constraints, check_round_trip};
use crate::reference_data::check_reference_data;
use crate::support::{TestResult, ensure, with_database};

const TABLES: [&str; 97] = [
    "contact_groups",
    "target_groups",
    "offer_kinds",
    "absence_types",
    "jobcentres",
    "caseworkers",
    "citizens",
    "cases",
    "jobseeker_registrations",
    "providers",
    "provider_users",
    "service_orders",
    "companies",
    "production_units",
    "company_users",
    "company_user_units",
    "job_orders",
    "candidates",
    "consents",
    "audit_events",
    "outbox_events",
    "alerts",
    "letters",
    "idempotency_keys",
    "meeting_slots",
    "meetings",
    "meeting_participants",
    "meeting_status_changes",
    "booking_deadlines",
    "absences",
    "cadence_policies",
    "self_booking_policies",
    "fund_notifications",
    "plans",
    "plan_versions",
    "plan_acknowledgements",
    "plan_language_requests",
    "plan_follow_ups",
    "stored_files",
    "plan_attachments",
    "plan_activities",
    "contracts",
    "contract_versions",
    "contract_services",
    "contract_service_target_groups",
    "price_components",
    "public_holidays",
    "offer_attendance",
    "delivery_shortfalls",
    "benefits_notices",
    "no_show_policies",
    "no_show_procedures",
    "person_markings",
    "supplier_report_policies",
    "supplier_report_templates",
    "supplier_report_template_sections",
    "supplier_reports",
    "supplier_report_sections",
    "tasks",
    "offer_change_requests",
    "order_messages",
    "order_message_attachments",
    "invoice_policies",
    "employment_outcomes",
    "invoice_bases",
    "invoice_lines",
    "invoice_warnings",
    "occupations",
    "job_order_log",
    "postal_areas",
    "cvs",
    "cv_job_wishes",
    "cv_skills",
    "cv_educations",
    "job_kind_target_groups",
    "cv_sent_notice_policies",
    "public_employers",
    "placements",
    "placement_log",
    "placement_proposals",
    "placement_extensions",
    "extension_alert_policies",
    "company_notifications",
    "company_contacts",
    "company_consultants",
    "case_closure_reasons",
    "visitation_category_rules",
    "sickness_case_rules",
    "case_closures",
    "case_events",
    "health_certificate_types",
    "health_question_templates",
    "health_requests",
    "health_request_questions",
    "health_documents",
    "health_messages",
    "access_purposes",
];

#[tokio::test]
async fn sqlite_up_down_up() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    exercise(&db).await
}

#[tokio::test]
async fn postgres_up_down_up_and_concurrent_run() -> TestResult {
    let Ok(url) = std::env::var("JOBBRO_TEST_DATABASE_URL") else {
        eprintln!("JOBBRO_TEST_DATABASE_URL not set; skipping the PostgreSQL test");
        return Ok(());
    };
    let admin = Database::connect(&url).await?;
    let stamp = format!("{}_{}", std::process::id(), Utc::now().timestamp_micros());

    let result = async {
        // Up, down, up and the checks, in a fresh database.
        let name = format!("jobbro_mig_{stamp}_a");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let db = Database::connect(&with_database(&url, &name)?).await?;
        let outcome = exercise(&db).await;
        db.close().await?;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await?;
        outcome?;

        // Two replicas starting together: the advisory lock lets one migrate, the other finds
        // nothing pending.
        let name = format!("jobbro_mig_{stamp}_b");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let url_b = with_database(&url, &name)?;
        let outcome: TestResult = async {
            let one = Database::connect(&url_b).await?;
            let two = Database::connect(&url_b).await?;
            let (a, b) = tokio::join!(jobbro_migration::run(&one), jobbro_migration::run(&two));
            a?;
            b?;
            jobbro_migration::run(&one).await?;
            check_reference_data(&one).await?;
            ensure(
                Migrator::get_pending_migrations(&one).await?.is_empty(),
                "migrations still pending after run",
            )?;
            one.close().await?;
            two.close().await?;
            Ok(())
        }
        .await;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await?;
        outcome
    }
    .await;
    admin.close().await?;
    result
}

async fn exercise(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, None).await?;
    check_tables(db, true).await?;
    check_reference_data(db).await?;

    Migrator::down(db, None).await?;
    check_tables(db, false).await?;

    jobbro_migration::run(db).await?;
    check_tables(db, true).await?;
    check_reference_data(db).await?;
    check_constraints(db).await?;
    check_round_trip(db).await?;
    Ok(())
}

async fn check_tables(db: &DatabaseConnection, present: bool) -> TestResult {
    let manager = SchemaManager::new(db);
    for table in TABLES {
        ensure(
            manager.has_table(table).await? == present,
            format!("table {table}: expected present = {present}"),
        )?;
    }
    Ok(())
}
