//! Runs the migrations up, down and up again, then checks the reference data, the CHECK and
//! unique constraints, and that every entity of `jobbro-entities` round-trips through the
//! migrated schema; and that migration 7 copies the activities of plan versions published
//! before it out of their JSON into `plan_activities`.
//!
//! Always runs on SQLite in memory. With `JOBBRO_TEST_DATABASE_URL` set to a PostgreSQL URL it
//! does the same in a fresh database `jobbro_mig_*` created next to the one in the URL (and
//! dropped afterwards), and checks that replicas migrating concurrently both succeed.

use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::enums::*;
use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn ensure(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(msg.into().into()) }
}

/// A fixed time with whole seconds, so it survives PostgreSQL's microsecond precision.
fn at(secs: i64) -> TestResult<DateTime<Utc>> {
    DateTime::from_timestamp(1_795_000_000 + secs, 0).ok_or_else(|| "bad timestamp".into())
}

fn day(y: i32, m: u32, d: u32) -> TestResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| "bad date".into())
}

const TABLES: [&str; 41] = [
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

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> TestResult<String> {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let (server, _) = base
        .rsplit_once('/')
        .ok_or("JOBBRO_TEST_DATABASE_URL has no database name")?;
    Ok(match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    })
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

async fn check_reference_data(db: &DatabaseConnection) -> TestResult {
    ensure(
        prelude::ContactGroup::find().count(db).await? == 10,
        "10 contact groups",
    )?;
    ensure(
        prelude::TargetGroup::find().count(db).await? == 10,
        "10 target groups",
    )?;
    let offer_kinds = prelude::OfferKind::find().all(db).await?;
    ensure(offer_kinds.len() == 13, "13 offer kinds")?;
    let mut supported: Vec<_> = offer_kinds
        .iter()
        .filter(|k| k.supported_employment)
        .map(|k| k.code.as_str())
        .collect();
    supported.sort_unstable();
    ensure(
        supported
            == [
                "FLEKSJOB",
                "JOBROTATION",
                "LOENTILSKUD",
                "VIRKSOMHEDSPRAKTIK",
                "VOKSENLAERLING",
            ],
        format!("supported-employment offer kinds: {supported:?}"),
    )?;

    let absence_types = prelude::AbsenceType::find().all(db).await?;
    ensure(absence_types.len() == 8, "8 absence types")?;
    let sick = prelude::AbsenceType::find_by_id("SYGEMELDING")
        .one(db)
        .await?
        .ok_or("SYGEMELDING missing")?;
    ensure(
        sick == absence_type::Model {
            code: "SYGEMELDING".into(),
            name: "Sygdom – sygemelding".into(),
            kind: AbsenceKind::Absence,
            suspends_availability: true,
            suspends_activation: true,
            suspends_contact_course: true,
            suspends_personal_attendance: true,
            deregisters: true,
            notifies_fund: true,
            self_booking_right: false,
            self_booking_duty: false,
            valid_from: day(2020, 1, 1)?,
            valid_to: None,
        },
        format!("SYGEMELDING row: {sick:?}"),
    )?;
    let exemptions = absence_types
        .iter()
        .filter(|t| t.kind == AbsenceKind::Exemption)
        .count();
    ensure(exemptions == 3, "3 exemption absence types")?;

    let cadences = prelude::CadencePolicy::find().all(db).await?;
    ensure(cadences.len() == 6, "6 cadence policies")?;
    for policy in &cadences {
        let days = if policy.contact_group_code == "SYGEDAGPENGE" {
            56
        } else {
            91
        };
        ensure(
            policy.source == CadenceSource::Law
                && policy.interval_days == days
                && policy.valid_from == day(2020, 1, 1)?
                && policy.valid_to.is_none(),
            format!("cadence policy: {policy:?}"),
        )?;
    }
    let self_booking = prelude::SelfBookingPolicy::find().all(db).await?;
    ensure(self_booking.len() == 10, "10 self-booking policies")?;
    let mut with_duty: Vec<_> = self_booking
        .iter()
        .filter(|p| p.self_booking_duty)
        .map(|p| p.contact_group_code.as_str())
        .collect();
    with_duty.sort_unstable();
    ensure(
        with_duty == ["DAGPENGE", "KONTANTHJAELP_JOBPARAT", "UDDANNELSESHJAELP"],
        format!("self-booking duty: {with_duty:?}"),
    )?;
    ensure(
        self_booking.iter().filter(|p| p.self_booking_right).count() == 5,
        "5 contact groups with a self-booking right",
    )?;
    let ledighedsydelse = prelude::SelfBookingPolicy::find_by_id("LEDIGHEDSYDELSE")
        .one(db)
        .await?
        .ok_or("LEDIGHEDSYDELSE self-booking policy missing")?;
    ensure(
        ledighedsydelse
            == self_booking_policy::Model {
                contact_group_code: "LEDIGHEDSYDELSE".into(),
                self_booking_right: true,
                self_booking_duty: false,
                valid_from: day(2020, 1, 1)?,
                valid_to: None,
            },
        format!("LEDIGHEDSYDELSE row: {ledighedsydelse:?}"),
    )?;
    Ok(())
}

/// Inserts a citizen with `channel` as raw text, bypassing the Rust enum.
async fn insert_citizen_raw(
    db: &DatabaseConnection,
    jobcentre_id: Uuid,
    cpr: &str,
    channel: &str,
) -> Result<(), sea_orm::DbErr> {
    let mut stmt = Query::insert();
    stmt.into_table("citizens")
        .columns([
            "id",
            "jobcentre_id",
            "cpr",
            "given_name",
            "family_name",
            "street",
            "postal_code",
            "city",
            "protected_address",
            "preferred_channel",
            "obliged_digital",
            "created_at",
            "updated_at",
        ])
        .values([
            Uuid::now_v7().into(),
            jobcentre_id.into(),
            cpr.into(),
            "Test".into(),
            "Testesen".into(),
            "Testvej 1".into(),
            "8000".into(),
            "Aarhus C".into(),
            false.into(),
            channel.into(),
            true.into(),
            Expr::val(Utc::now()),
            Expr::val(Utc::now()),
        ])
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    db.execute(&stmt).await.map(|_| ())
}

async fn check_constraints(db: &DatabaseConnection) -> TestResult {
    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Constraints".into(),
        municipality_code: "999".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;

    // The CHECK constraint on preferred_channel rejects a value outside the enumeration; the
    // same insert with a valid value succeeds.
    ensure(
        insert_citizen_raw(db, jc.id, "0101900001", "FAX")
            .await
            .is_err(),
        "preferred_channel 'FAX' was accepted",
    )?;
    insert_citizen_raw(db, jc.id, "0101900001", "PORTAL").await?;
    // cpr is unique.
    ensure(
        insert_citizen_raw(db, jc.id, "0101900001", "SMS")
            .await
            .is_err(),
        "duplicate cpr was accepted",
    )?;
    // Foreign keys are enforced.
    ensure(
        insert_citizen_raw(db, Uuid::now_v7(), "0101900002", "SMS")
            .await
            .is_err(),
        "citizen with unknown jobcentre_id was accepted",
    )?;

    // At most one unrevoked consent per (citizen, purpose).
    let citizen = citizen_model(jc.id, "0101900003")?
        .into_active_model()
        .insert(db)
        .await?;
    let new_consent = |revoked_at| consent::Model {
        id: Uuid::now_v7(),
        jobcentre_id: jc.id,
        citizen_id: citizen.id,
        purpose: ConsentPurpose::ShareCvWithCompanies,
        granted_at: Utc::now(),
        revoked_at,
    };
    let first = new_consent(None).into_active_model().insert(db).await?;
    ensure(
        new_consent(None)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second unrevoked consent was accepted",
    )?;
    new_consent(Some(at(1)?))
        .into_active_model()
        .insert(db)
        .await?;
    let mut revoke = first.into_active_model();
    revoke.revoked_at = sea_orm::Set(Some(at(2)?));
    revoke.update(db).await?;
    new_consent(None).into_active_model().insert(db).await?;

    check_meeting_constraints(db, jc.id, citizen.id).await?;
    check_plan_constraints(db, jc.id).await
}

fn slot_model(
    jobcentre_id: Uuid,
    caseworker_id: Uuid,
    capacity: i32,
    booked: i32,
) -> TestResult<meeting_slot::Model> {
    Ok(meeting_slot::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        caseworker_id,
        series_id: None,
        meeting_type: MeetingType::JobConversation,
        channel: MeetingChannel::InPerson,
        location: "Jobcenter Aarhus, Værkmestergade 7".into(),
        starts_at: at(3600)?,
        ends_at: at(5400)?,
        capacity,
        booked,
        cancelled_at: None,
        created_at: at(0)?,
    })
}

fn meeting_model(
    slot: &meeting_slot::Model,
    citizen_id: Uuid,
    slot_id: Option<Uuid>,
) -> meeting::Model {
    meeting::Model {
        id: Uuid::now_v7(),
        jobcentre_id: slot.jobcentre_id,
        citizen_id,
        caseworker_id: slot.caseworker_id,
        slot_id,
        meeting_type: slot.meeting_type,
        channel: slot.channel,
        location: slot.location.clone(),
        starts_at: slot.starts_at,
        ends_at: slot.ends_at,
        origin: MeetingOrigin::SelfBooked,
        statutory: true,
        status: MeetingStatus::Scheduled,
        status_reason: None,
        attendance_registered_at: None,
        created_at: slot.created_at,
        updated_at: slot.created_at,
        version: 1,
    }
}

/// The CHECKs and (partial) unique indexes of the meetings migration, and the conditional
/// update that books a seat.
async fn check_meeting_constraints(
    db: &DatabaseConnection,
    jobcentre_id: Uuid,
    citizen_id: Uuid,
) -> TestResult {
    let cw = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        name: "Mads Mødeholder".into(),
        email: "mads@aarhus.invalid".into(),
        team: None,
        is_manager: false,
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let other = citizen_model(jobcentre_id, "0101900004")?
        .into_active_model()
        .insert(db)
        .await?;

    // booked BETWEEN 0 AND capacity, capacity >= 1, ends_at > starts_at.
    for (capacity, booked, what) in [
        (2, 3, "booked > capacity"),
        (2, -1, "booked < 0"),
        (0, 0, "capacity 0"),
    ] {
        ensure(
            slot_model(jobcentre_id, cw.id, capacity, booked)?
                .into_active_model()
                .insert(db)
                .await
                .is_err(),
            format!("meeting slot with {what} was accepted"),
        )?;
    }
    for ends_at in [at(3600)?, at(3000)?] {
        ensure(
            meeting_slot::Model {
                ends_at,
                ..slot_model(jobcentre_id, cw.id, 1, 0)?
            }
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
            "meeting slot with ends_at <= starts_at was accepted",
        )?;
    }
    let full = slot_model(jobcentre_id, cw.id, 2, 2)?
        .into_active_model()
        .insert(db)
        .await?;

    // The conditional update books a seat only while one is free.
    let slot = slot_model(jobcentre_id, cw.id, 1, 0)?
        .into_active_model()
        .insert(db)
        .await?;
    let book_seat = |id: Uuid| {
        meeting_slot::Entity::update_many()
            .col_expr(
                meeting_slot::Column::Booked,
                Expr::col(meeting_slot::Column::Booked).add(1),
            )
            .filter(meeting_slot::Column::Id.eq(id))
            .filter(
                Expr::col(meeting_slot::Column::Booked)
                    .lt(Expr::col(meeting_slot::Column::Capacity)),
            )
            .exec(db)
    };
    ensure(
        book_seat(slot.id).await?.rows_affected == 1,
        "free seat not booked",
    )?;
    ensure(
        book_seat(slot.id).await?.rows_affected == 0,
        "seat booked in a full slot",
    )?;
    ensure(
        book_seat(full.id).await?.rows_affected == 0,
        "seat booked in a full slot",
    )?;
    let slot = meeting_slot::Entity::find_by_id(slot.id)
        .one(db)
        .await?
        .ok_or("slot vanished")?;
    ensure(
        slot.booked == 1,
        format!("booked = {} after two tries", slot.booked),
    )?;

    // One SCHEDULED meeting per (slot, citizen); another citizen may book the same slot, and
    // the citizen may book again once the first booking is cancelled.
    let first = meeting_model(&full, citizen_id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        meeting_model(&full, citizen_id, Some(full.id))
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second SCHEDULED meeting for the same slot and citizen was accepted",
    )?;
    meeting_model(&full, other.id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    let mut cancel = first.clone().into_active_model();
    cancel.status = sea_orm::Set(MeetingStatus::CancelledByCitizen);
    cancel.update(db).await?;
    let rebooked = meeting_model(&full, citizen_id, Some(full.id))
        .into_active_model()
        .insert(db)
        .await?;
    // Meetings without a slot (summoned) are not limited.
    for _ in 0..2 {
        meeting::Model {
            origin: MeetingOrigin::Summoned,
            ..meeting_model(&full, citizen_id, None)
        }
        .into_active_model()
        .insert(db)
        .await?;
    }

    // An OPEN deadline never points at a meeting; a FULFILLED one always does.
    let (due_at, created_at) = (at(7200)?, at(0)?);
    let deadline = |status, meeting_id, meeting_type| booking_deadline::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        citizen_id,
        meeting_type,
        due_at,
        status,
        meeting_id,
        created_by: Some(cw.id),
        created_at,
    };
    let job = MeetingType::JobConversation;
    ensure(
        deadline(BookingDeadlineStatus::Open, Some(rebooked.id), job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "OPEN booking deadline with a meeting_id was accepted",
    )?;
    ensure(
        deadline(BookingDeadlineStatus::Fulfilled, None, job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "FULFILLED booking deadline without a meeting_id was accepted",
    )?;
    deadline(BookingDeadlineStatus::Cancelled, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    deadline(BookingDeadlineStatus::Cancelled, Some(first.id), job)
        .into_active_model()
        .insert(db)
        .await?;

    // One OPEN deadline per (citizen, meeting type).
    let open = deadline(BookingDeadlineStatus::Open, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        deadline(BookingDeadlineStatus::Open, None, job)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second OPEN booking deadline for the same citizen and meeting type was accepted",
    )?;
    deadline(
        BookingDeadlineStatus::Open,
        None,
        MeetingType::JointMeetingFund,
    )
    .into_active_model()
    .insert(db)
    .await?;
    let mut fulfil = open.into_active_model();
    fulfil.status = sea_orm::Set(BookingDeadlineStatus::Fulfilled);
    fulfil.meeting_id = sea_orm::Set(Some(rebooked.id));
    fulfil.update(db).await?;
    deadline(BookingDeadlineStatus::Open, None, job)
        .into_active_model()
        .insert(db)
        .await?;
    Ok(())
}

fn plan_version_model(
    plan: &plan::Model,
    published_by: Uuid,
    number: i32,
) -> TestResult<plan_version::Model> {
    Ok(plan_version::Model {
        id: Uuid::now_v7(),
        plan_id: plan.id,
        jobcentre_id: plan.jobcentre_id,
        citizen_id: plan.citizen_id,
        number,
        content: r#"{"goals":[]}"#.into(),
        content_hash: "0".repeat(64),
        published_by,
        published_at: at(100)?,
        delivery: PlanDelivery::Portal,
        acknowledgement_requested: true,
        delivered_at: None,
        superseded_at: None,
    })
}

/// Inserts a plan version with `delivery` as raw text, bypassing the Rust enum.
async fn insert_plan_version_raw(
    db: &DatabaseConnection,
    plan: &plan::Model,
    published_by: Uuid,
    number: i32,
    delivery: &str,
) -> Result<(), sea_orm::DbErr> {
    let mut stmt = Query::insert();
    stmt.into_table("plan_versions")
        .columns([
            "id",
            "plan_id",
            "jobcentre_id",
            "citizen_id",
            "number",
            "content",
            "content_hash",
            "published_by",
            "published_at",
            "delivery",
            "acknowledgement_requested",
        ])
        .values([
            Uuid::now_v7().into(),
            plan.id.into(),
            plan.jobcentre_id.into(),
            plan.citizen_id.into(),
            number.into(),
            "{}".into(),
            "0".repeat(64).into(),
            published_by.into(),
            Expr::val(Utc::now()),
            delivery.into(),
            false.into(),
        ])
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    db.execute(&stmt).await.map(|_| ())
}

/// The unique indexes and CHECKs of the plans migration.
async fn check_plan_constraints(db: &DatabaseConnection, jobcentre_id: Uuid) -> TestResult {
    let cw = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        name: "Pia Planlægger".into(),
        email: "pia@aarhus.invalid".into(),
        team: None,
        is_manager: false,
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let citizen = citizen_model(jobcentre_id, "0101900005")?
        .into_active_model()
        .insert(db)
        .await?;
    let new_plan = || -> TestResult<plan::Model> {
        Ok(plan::Model {
            id: Uuid::now_v7(),
            jobcentre_id,
            citizen_id: citizen.id,
            draft: "{}".into(),
            draft_version: 0,
            draft_updated_at: at(0)?,
            draft_updated_by: None,
            created_at: at(0)?,
        })
    };

    // One plan per citizen.
    let plan = new_plan()?.into_active_model().insert(db).await?;
    ensure(
        new_plan()?.into_active_model().insert(db).await.is_err(),
        "second plan for the same citizen was accepted",
    )?;

    // Version numbers are unique per plan.
    let first = plan_version_model(&plan, cw.id, 1)?
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        plan_version_model(&plan, cw.id, 1)?
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second plan version with number 1 was accepted",
    )?;
    let second = plan_version_model(&plan, cw.id, 2)?
        .into_active_model()
        .insert(db)
        .await?;

    // The CHECK on delivery rejects a value outside the enumeration; the same insert with a
    // valid value succeeds.
    ensure(
        insert_plan_version_raw(db, &plan, cw.id, 3, "EMAIL")
            .await
            .is_err(),
        "plan version with delivery 'EMAIL' was accepted",
    )?;
    insert_plan_version_raw(db, &plan, cw.id, 3, "DIGITAL_POST").await?;

    // One acknowledgement per version.
    let acknowledgement = || -> TestResult<plan_acknowledgement::Model> {
        Ok(plan_acknowledgement::Model {
            id: Uuid::now_v7(),
            plan_version_id: first.id,
            citizen_id: citizen.id,
            content_hash: first.content_hash.clone(),
            channel: AcknowledgementChannel::Portal,
            acknowledged_at: at(200)?,
        })
    };
    acknowledgement()?.into_active_model().insert(db).await?;
    ensure(
        acknowledgement()?
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second acknowledgement of the same plan version was accepted",
    )?;

    // One language request per (version, language).
    let language_request = |language: &str| -> TestResult<plan_language_request::Model> {
        Ok(plan_language_request::Model {
            id: Uuid::now_v7(),
            plan_version_id: first.id,
            citizen_id: citizen.id,
            language: language.into(),
            requested_by_role: "CITIZEN".into(),
            requested_at: at(300)?,
            status: LanguageRequestStatus::Requested,
        })
    };
    language_request("ar")?
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        language_request("ar")?
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second request for the same plan version in Arabic was accepted",
    )?;
    language_request("en")?
        .into_active_model()
        .insert(db)
        .await?;

    // One row per (version, activity key); the same key may recur in another version. The
    // company must exist.
    let activity = |plan_version_id, company_id| plan_activity::Model {
        id: Uuid::now_v7(),
        plan_version_id,
        plan_id: plan.id,
        citizen_id: citizen.id,
        jobcentre_id,
        activity_key: "activity-1".into(),
        position: 0,
        description: "Jobsøgningskursus".into(),
        goal_key: None,
        starts_on: None,
        ends_on: None,
        provider_id: None,
        company_id,
    };
    activity(first.id, None)
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        activity(first.id, None)
            .into_active_model()
            .insert(db)
            .await
            .is_err(),
        "second activity-1 row for the same plan version was accepted",
    )?;
    activity(second.id, None)
        .into_active_model()
        .insert(db)
        .await?;
    ensure(
        plan_activity::Model {
            activity_key: "activity-2".into(),
            ..activity(first.id, Some(Uuid::now_v7()))
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "plan activity of an unknown company was accepted",
    )?;

    // An attachment must point at a stored file.
    let follow_up = plan_follow_up::Model {
        id: Uuid::now_v7(),
        plan_id: plan.id,
        jobcentre_id,
        citizen_id: citizen.id,
        plan_version_id: first.id,
        item_id: "goal-1".into(),
        author_kind: FollowUpAuthor::Citizen,
        author_subject: citizen.id.to_string(),
        author_organisation: None,
        text: "Jeg har søgt tre job".into(),
        created_at: at(400)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    ensure(
        plan_attachment::Model {
            id: Uuid::now_v7(),
            follow_up_id: follow_up.id,
            file_key: "no-such-file".into(),
            filename: "cv.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 1,
            created_at: at(401)?,
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "attachment of an unknown stored file was accepted",
    )?;
    Ok(())
}

fn citizen_model(jobcentre_id: Uuid, cpr: &str) -> TestResult<citizen::Model> {
    Ok(citizen::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        cpr: cpr.into(),
        given_name: "Karen".into(),
        family_name: "Jensen".into(),
        street: "Åboulevarden 1".into(),
        postal_code: "8000".into(),
        city: "Aarhus C".into(),
        protected_address: false,
        phone: Some("+4512345678".into()),
        email: None,
        preferred_channel: Channel::DigitalPost,
        obliged_digital: true,
        created_at: at(10)?,
        updated_at: at(11)?,
    })
}

/// Inserts `$model` through its entity and checks it reads back unchanged.
macro_rules! round_trip {
    ($db:expr, $module:ident, $model:expr) => {{
        let model: $module::Model = $model;
        let inserted = model.clone().into_active_model().insert($db).await?;
        ensure(
            inserted == model,
            format!(
                "{}: insert returned {inserted:?}, expected {model:?}",
                stringify!($module)
            ),
        )?;
        let all = $module::Entity::find().all($db).await?;
        ensure(
            all.contains(&model),
            format!("{}: {model:?} not read back", stringify!($module)),
        )?;
        model
    }};
}

async fn check_round_trip(db: &DatabaseConnection) -> TestResult {
    let jc = round_trip!(
        db,
        jobcentre,
        jobcentre::Model {
            id: Uuid::now_v7(),
            name: "Jobcenter Aarhus".into(),
            municipality_code: "751".into(),
            created_at: at(0)?,
        }
    );
    let cw = round_trip!(
        db,
        caseworker,
        caseworker::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            name: "Sofie Sagsbehandler".into(),
            email: "sofie@aarhus.invalid".into(),
            team: Some("Team Nord".into()),
            is_manager: true,
            created_at: at(1)?,
        }
    );
    let cit = round_trip!(db, citizen, citizen_model(jc.id, "0101901234")?);
    round_trip!(
        db,
        case,
        case::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            contact_group_code: "DAGPENGE".into(),
            target_group_code: "DAGPENGE".into(),
            visitation_category: Some(VisitationCategory::ObviouslyEducationReady),
            assigned_caseworker_id: Some(cw.id),
            opened_at: at(2)?,
            closed_at: None,
            deadline: Some(day(2026, 12, 31)?),
            version: 3,
        }
    );
    round_trip!(
        db,
        jobseeker_registration,
        jobseeker_registration::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            registered_at: at(3)?,
            deregistered_at: Some(at(4)?),
            deregistration_reason: Some(DeregistrationReason::JobSearchNotConfirmed),
        }
    );
    let provider = round_trip!(
        db,
        provider,
        provider::Model {
            id: Uuid::now_v7(),
            name: "Aktør ApS".into(),
            cvr: "12345678".into(),
            created_at: at(5)?,
        }
    );
    let pu = round_trip!(
        db,
        provider_user,
        provider_user::Model {
            id: Uuid::now_v7(),
            provider_id: provider.id,
            name: "Kim Koordinator".into(),
            email: "kim@aktoer.invalid".into(),
            role: ProviderUserRole::Coordinator,
        }
    );
    round_trip!(
        db,
        service_order,
        service_order::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            provider_id: provider.id,
            assigned_user_id: Some(pu.id),
            offer_kind_code: "MENTOR".into(),
            justification: "Behov for støtte".into(),
            goal: "Ordinær beskæftigelse".into(),
            remark: None,
            starts_on: day(2026, 12, 1)?,
            ends_on: Some(day(2027, 3, 1)?),
            status: ServiceOrderStatus::Active,
            created_at: at(6)?,
        }
    );
    let company = round_trip!(
        db,
        company,
        company::Model {
            id: Uuid::now_v7(),
            cvr: "87654321".into(),
            name: "Virksomhed A/S".into(),
            created_at: at(7)?,
        }
    );
    let unit = round_trip!(
        db,
        production_unit,
        production_unit::Model {
            id: Uuid::now_v7(),
            company_id: company.id,
            p_number: "1012345678".into(),
            name: "Virksomhed A/S, Aarhus".into(),
            street: "Havnegade 2".into(),
            postal_code: "8000".into(),
            city: "Aarhus C".into(),
        }
    );
    let cu = round_trip!(
        db,
        company_user,
        company_user::Model {
            id: Uuid::now_v7(),
            company_id: company.id,
            name: "Hanne HR".into(),
            email: "hanne@virksomhed.invalid".into(),
            all_units: false,
        }
    );
    round_trip!(
        db,
        company_user_unit,
        company_user_unit::Model {
            company_user_id: cu.id,
            production_unit_id: unit.id,
        }
    );
    let order = round_trip!(
        db,
        job_order,
        job_order::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            company_id: company.id,
            production_unit_id: unit.id,
            title: "Lagermedarbejder".into(),
            offer_kind_code: Some("LOENTILSKUD".into()),
            positions: 2,
            status: JobOrderStatus::Open,
            created_at: at(8)?,
        }
    );
    let candidate = round_trip!(
        db,
        candidate,
        candidate::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            job_order_id: order.id,
            citizen_id: cit.id,
            presented_at: at(9)?,
            status: CandidateStatus::Presented,
        }
    );
    ensure(
        candidate::Model {
            id: Uuid::now_v7(),
            ..candidate
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "duplicate (job_order_id, citizen_id) candidate was accepted",
    )?;
    round_trip!(
        db,
        consent,
        consent::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            purpose: ConsentPurpose::ShareHealthInformationWithProvider,
            granted_at: at(10)?,
            revoked_at: Some(at(11)?),
        }
    );
    round_trip!(
        db,
        audit_event,
        audit_event::Model {
            id: Uuid::now_v7(),
            occurred_at: at(12)?,
            actor_role: "CASEWORKER".into(),
            actor_subject: cw.id.to_string(),
            actor_organisation: Some("751".into()),
            jobcentre_id: Some(jc.id),
            citizen_id: cit.id,
            category: AuditCategory::Cpr,
            operation: "citizen.cpr".into(),
            request_id: "req-1".into(),
        }
    );
    let event = round_trip!(
        db,
        outbox_event,
        outbox_event::Model {
            id: Uuid::now_v7(),
            jobcentre_id: Some(jc.id),
            event_type: "CitizenDeregistered".into(),
            aggregate_id: cit.id,
            payload: r#"{"reason":"SICK_REPORT"}"#.into(),
            created_at: at(13)?,
            attempts: 0,
            next_attempt_at: at(13)?,
            locked_until: None,
            processed_at: Some(at(14)?),
            last_error: None,
        }
    );
    let alert = round_trip!(
        db,
        alert,
        alert::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            caseworker_id: cw.id,
            citizen_id: Some(cit.id),
            kind: "DEREGISTERED".into(),
            message: "Borgeren er afmeldt".into(),
            source_event_id: Some(event.id),
            created_at: at(15)?,
            read_at: None,
        }
    );
    ensure(
        alert::Model {
            id: Uuid::now_v7(),
            ..alert
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "second alert for the same (source_event_id, caseworker_id) was accepted",
    )?;
    let letter = round_trip!(
        db,
        letter,
        letter::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            channel: Channel::Paper,
            kind: "DEREGISTRATION".into(),
            subject: "Du er afmeldt".into(),
            body: "Kære Karen …".into(),
            status: LetterStatus::Sent,
            source_event_id: Some(event.id),
            created_at: at(16)?,
            sent_at: Some(at(17)?),
        }
    );
    ensure(
        letter::Model {
            id: Uuid::now_v7(),
            ..letter
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "second letter for the same (source_event_id, kind) was accepted",
    )?;
    round_trip!(
        db,
        idempotency_key,
        idempotency_key::Model {
            principal: "caseworker:sofie".into(),
            key: "6f1c".into(),
            operation: "registerCitizen".into(),
            request_hash: "abc123".into(),
            response: r#"{"data":{}}"#.into(),
            created_at: at(18)?,
        }
    );

    // Meetings, absence and cadence.
    let slot = round_trip!(
        db,
        meeting_slot,
        meeting_slot::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            caseworker_id: cw.id,
            series_id: Some(Uuid::now_v7()),
            meeting_type: MeetingType::JointMeetingProvider,
            channel: MeetingChannel::Video,
            location: "https://video.invalid/rum-1".into(),
            starts_at: at(19)?,
            ends_at: at(20)?,
            capacity: 3,
            booked: 1,
            cancelled_at: Some(at(21)?),
            created_at: at(18)?,
        }
    );
    let meeting = round_trip!(
        db,
        meeting,
        meeting::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            caseworker_id: cw.id,
            slot_id: Some(slot.id),
            meeting_type: MeetingType::JointMeetingFund,
            channel: MeetingChannel::Phone,
            location: "+4587654321".into(),
            starts_at: at(19)?,
            ends_at: at(20)?,
            origin: MeetingOrigin::Summoned,
            statutory: false,
            status: MeetingStatus::CancelledByJobcentre,
            status_reason: Some("Sagsbehandler syg".into()),
            attendance_registered_at: Some(at(22)?),
            created_at: at(18)?,
            updated_at: at(23)?,
            version: 2,
        }
    );
    let participant = round_trip!(
        db,
        meeting_participant,
        meeting_participant::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            kind: ParticipantKind::ProviderUser,
            provider_user_id: Some(pu.id),
            name: "Kim Koordinator".into(),
        }
    );
    ensure(
        meeting_participant::Model {
            id: Uuid::now_v7(),
            ..participant
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "same provider user added twice to a meeting",
    )?;
    round_trip!(
        db,
        meeting_participant,
        meeting_participant::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            kind: ParticipantKind::UnemploymentFund,
            provider_user_id: None,
            name: "A-kassen".into(),
        }
    );
    round_trip!(
        db,
        meeting_status_change,
        meeting_status_change::Model {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            from_status: Some(MeetingStatus::Scheduled),
            to_status: MeetingStatus::NoShow,
            reason: None,
            actor_role: "CASEWORKER".into(),
            actor_subject: cw.id.to_string(),
            occurred_at: at(24)?,
        }
    );
    round_trip!(
        db,
        booking_deadline,
        booking_deadline::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            meeting_type: MeetingType::Other,
            due_at: at(25)?,
            status: BookingDeadlineStatus::Fulfilled,
            meeting_id: Some(meeting.id),
            created_by: None,
            created_at: at(18)?,
        }
    );
    round_trip!(
        db,
        absence,
        absence::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            absence_type_code: "SYGEMELDING".into(),
            starts_on: day(2026, 12, 2)?,
            ends_on: Some(day(2026, 12, 9)?),
            reported_by: AbsenceReporter::Citizen,
            reporter_subject: cit.id.to_string(),
            note: Some("Influenza".into()),
            created_at: at(26)?,
            ended_at: Some(at(27)?),
        }
    );
    round_trip!(
        db,
        contact_group,
        contact_group::Model {
            code: "TEST_GROUP".into(),
            name: "Testgruppe".into(),
            valid_from: day(2026, 1, 1)?,
            valid_to: None,
        }
    );
    round_trip!(
        db,
        cadence_policy,
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "TEST_GROUP".into(),
            source: CadenceSource::Local,
            interval_days: 28,
            valid_from: day(2026, 1, 1)?,
            valid_to: Some(day(2026, 12, 31)?),
        }
    );
    round_trip!(
        db,
        self_booking_policy,
        self_booking_policy::Model {
            contact_group_code: "TEST_GROUP".into(),
            self_booking_right: true,
            self_booking_duty: false,
            valid_from: day(2026, 1, 1)?,
            valid_to: Some(day(2026, 12, 31)?),
        }
    );
    // (contact_group_code, source, valid_from) is unique.
    ensure(
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "DAGPENGE".into(),
            source: CadenceSource::Law,
            interval_days: 30,
            valid_from: day(2020, 1, 1)?,
            valid_to: None,
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "second LAW cadence policy for DAGPENGE from 2020-01-01 was accepted",
    )?;
    ensure(
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: "DAGPENGE".into(),
            source: CadenceSource::Local,
            interval_days: 0,
            valid_from: day(2026, 1, 1)?,
            valid_to: None,
        }
        .into_active_model()
        .insert(db)
        .await
        .is_err(),
        "cadence policy with interval_days 0 was accepted",
    )?;

    // Plans, Min Plan.
    let plan = round_trip!(
        db,
        plan,
        plan::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            draft: r#"{"goals":[{"id":"goal-1","text":"Job som lagermedarbejder"}]}"#.into(),
            draft_version: 4,
            draft_updated_at: at(28)?,
            draft_updated_by: Some(cw.id),
            created_at: at(27)?,
        }
    );
    let version = round_trip!(
        db,
        plan_version,
        plan_version::Model {
            id: Uuid::now_v7(),
            plan_id: plan.id,
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            number: 1,
            content: r#"{"goals":[{"id":"goal-1","text":"Job som lagermedarbejder"}]}"#.into(),
            content_hash: "ab".repeat(32),
            published_by: cw.id,
            published_at: at(29)?,
            delivery: PlanDelivery::DigitalPost,
            acknowledgement_requested: true,
            delivered_at: Some(at(30)?),
            superseded_at: Some(at(31)?),
        }
    );
    round_trip!(
        db,
        plan_activity,
        plan_activity::Model {
            id: Uuid::now_v7(),
            plan_version_id: version.id,
            plan_id: plan.id,
            citizen_id: cit.id,
            jobcentre_id: jc.id,
            activity_key: "activity-1".into(),
            position: 0,
            description: "Virksomhedspraktik på lageret".into(),
            goal_key: Some("goal-1".into()),
            starts_on: Some(day(2026, 12, 1)?),
            ends_on: Some(day(2027, 2, 28)?),
            provider_id: Some(provider.id),
            company_id: Some(company.id),
        }
    );
    round_trip!(
        db,
        plan_acknowledgement,
        plan_acknowledgement::Model {
            id: Uuid::now_v7(),
            plan_version_id: version.id,
            citizen_id: cit.id,
            content_hash: version.content_hash.clone(),
            channel: AcknowledgementChannel::Portal,
            acknowledged_at: at(32)?,
        }
    );
    round_trip!(
        db,
        plan_language_request,
        plan_language_request::Model {
            id: Uuid::now_v7(),
            plan_version_id: version.id,
            citizen_id: cit.id,
            language: "ar".into(),
            requested_by_role: "CITIZEN".into(),
            requested_at: at(33)?,
            status: LanguageRequestStatus::Provided,
        }
    );
    let follow_up = round_trip!(
        db,
        plan_follow_up,
        plan_follow_up::Model {
            id: Uuid::now_v7(),
            plan_id: plan.id,
            jobcentre_id: jc.id,
            citizen_id: cit.id,
            plan_version_id: version.id,
            item_id: "goal-1".into(),
            author_kind: FollowUpAuthor::Provider,
            author_subject: pu.id.to_string(),
            author_organisation: Some(provider.id),
            text: "Borgeren er mødt stabilt".into(),
            created_at: at(34)?,
        }
    );
    // File contents survive byte for byte, NUL and 0xFF included, as do empty files.
    let mut bytes = vec![
        0x00, 0xFF, 0x00, 0x00, 0x25, 0x50, 0x44, 0x46, 0xFF, 0xFE, 0x00,
    ];
    bytes.extend(0..=u8::MAX);
    for (key, bytes) in [("plan/cv.pdf", bytes), ("plan/empty.txt", Vec::new())] {
        let file = round_trip!(
            db,
            stored_file,
            stored_file::Model {
                key: key.into(),
                content_type: "application/octet-stream".into(),
                size_bytes: i64::try_from(bytes.len())?,
                sha256: "cd".repeat(32),
                bytes,
                created_at: at(35)?,
            }
        );
        let read = stored_file::Entity::find_by_id(key)
            .one(db)
            .await?
            .ok_or("stored file vanished")?;
        ensure(
            read.bytes == file.bytes,
            format!("{key}: bytes {:?}, expected {:?}", read.bytes, file.bytes),
        )?;
    }
    round_trip!(
        db,
        plan_attachment,
        plan_attachment::Model {
            id: Uuid::now_v7(),
            follow_up_id: follow_up.id,
            file_key: "plan/cv.pdf".into(),
            filename: "CV 2026.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 5_000_000_000,
            created_at: at(36)?,
        }
    );
    Ok(())
}

#[tokio::test]
async fn sqlite_backfills_plan_activities() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_plan_activity_backfill(&db).await
}

#[tokio::test]
async fn postgres_backfills_plan_activities() -> TestResult {
    let Ok(url) = std::env::var("JOBBRO_TEST_DATABASE_URL") else {
        eprintln!("JOBBRO_TEST_DATABASE_URL not set; skipping the PostgreSQL backfill test");
        return Ok(());
    };
    let admin = Database::connect(&url).await?;
    let name = format!(
        "jobbro_mig_{}_{}_c",
        std::process::id(),
        Utc::now().timestamp_micros()
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let outcome: TestResult = async {
        let db = Database::connect(&with_database(&url, &name)?).await?;
        let outcome = check_plan_activity_backfill(&db).await;
        db.close().await?;
        outcome
    }
    .await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await?;
    admin.close().await?;
    outcome
}

/// The rows of `plan_activities` for one version, in order, with their ids blanked.
async fn activities_of(
    db: &DatabaseConnection,
    plan_version_id: Uuid,
) -> TestResult<Vec<plan_activity::Model>> {
    let mut rows = plan_activity::Entity::find()
        .filter(plan_activity::Column::PlanVersionId.eq(plan_version_id))
        .all(db)
        .await?;
    rows.sort_by_key(|row| row.position);
    Ok(rows
        .into_iter()
        .map(|row| plan_activity::Model {
            id: Uuid::nil(),
            ..row
        })
        .collect())
}

/// Migration 7 copies the activities in the JSON content of every plan version published
/// before it into `plan_activities`: run the migrations up to 6, publish versions, run the rest.
async fn check_plan_activity_backfill(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, Some(6)).await?;
    let manager = SchemaManager::new(db);
    ensure(
        !manager.has_table("plan_activities").await?,
        "plan_activities exists before migration 7",
    )?;

    let jc = jobcentre::Model {
        id: Uuid::now_v7(),
        name: "Jobcenter Backfill".into(),
        municipality_code: "998".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let cw = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id: jc.id,
        name: "Pia Planlægger".into(),
        email: "pia@backfill.invalid".into(),
        team: None,
        is_manager: false,
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let provider = provider::Model {
        id: Uuid::now_v7(),
        name: "Aktør ApS".into(),
        cvr: "11112222".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let company = company::Model {
        id: Uuid::now_v7(),
        cvr: "33334444".into(),
        name: "Lager A/S".into(),
        created_at: at(0)?,
    }
    .into_active_model()
    .insert(db)
    .await?;
    let new_plan = |citizen_id| -> TestResult<plan::Model> {
        Ok(plan::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id,
            draft: "{}".into(),
            draft_version: 0,
            draft_updated_at: at(0)?,
            draft_updated_by: None,
            created_at: at(0)?,
        })
    };
    let publish = |plan: &plan::Model, number: i32, content: String| {
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(plan_version::Model {
            content,
            ..plan_version_model(plan, cw.id, number)?
        })
    };

    // A plan whose versions hold activities in every shape the JSON allows.
    let citizen = citizen_model(jc.id, "0101900101")?
        .into_active_model()
        .insert(db)
        .await?;
    let plan = new_plan(citizen.id)?.into_active_model().insert(db).await?;
    let unknown_company = Uuid::now_v7();
    let internship = serde_json::json!({
        "id": "activity-1",
        "description": "Virksomhedspraktik på lageret",
        "goal_id": "goal-1",
        "starts_on": "2026-12-01",
        "ends_on": "2027-02-28",
        "provider_id": provider.id,
        "company_id": company.id,
    });
    let certificate = serde_json::json!({
        "id": "activity-2",
        "description": "Truckcertifikat",
        "goal_id": null,
        "starts_on": null,
        "ends_on": null,
        "provider_id": null,
        "company_id": unknown_company,
    });
    let job_search = serde_json::json!({
        "id": "activity-3",
        "description": "Søg fem job om ugen",
    });
    let goals = serde_json::json!([{ "id": "goal-1", "text": "Job som lagermedarbejder" }]);
    let contents = [
        serde_json::json!({
            "goals": goals,
            "activities": [internship, certificate, job_search],
            "offers": [],
            "appointments": [],
        })
        .to_string(),
        serde_json::json!({
            "goals": goals,
            "activities": [job_search, internship],
            "offers": [],
            "appointments": [],
        })
        .to_string(),
        serde_json::json!({
            "goals": [],
            "activities": [],
            "offers": [],
            "appointments": [],
        })
        .to_string(),
        r#"{"goals":[]}"#.to_string(),
    ];
    let mut versions = Vec::new();
    for (number, content) in (1..).zip(contents) {
        versions.push(
            publish(&plan, number, content)?
                .into_active_model()
                .insert(db)
                .await?,
        );
    }

    // More versions than the backfill reads at a time, one activity each.
    let busy_citizen = citizen_model(jc.id, "0101900102")?
        .into_active_model()
        .insert(db)
        .await?;
    let busy_plan = new_plan(busy_citizen.id)?
        .into_active_model()
        .insert(db)
        .await?;
    let many: Vec<plan_version::Model> = (1..=1_200)
        .map(|number| {
            let content = serde_json::json!({
                "goals": [],
                "activities": [{ "id": "activity-1", "description": format!("Uge {number}") }],
                "offers": [],
                "appointments": [],
            });
            publish(&busy_plan, number, content.to_string())
        })
        .collect::<Result<_, _>>()?;
    for chunk in many.chunks(100) {
        plan_version::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec(db)
        .await?;
    }

    // Content that is not JSON, or that gives two activities one id, stops the migration,
    // naming the version, and leaves nothing behind; once it is gone the migration runs.
    let broken_citizen = citizen_model(jc.id, "0101900103")?
        .into_active_model()
        .insert(db)
        .await?;
    let broken_plan = new_plan(broken_citizen.id)?
        .into_active_model()
        .insert(db)
        .await?;
    let twice = serde_json::json!({
        "goals": [],
        "activities": [job_search, job_search],
        "offers": [],
        "appointments": [],
    });
    for (content, what) in [
        ("ikke json".to_string(), "content that is not JSON"),
        (twice.to_string(), "two activities with one id"),
    ] {
        let broken = publish(&broken_plan, 1, content)?
            .into_active_model()
            .insert(db)
            .await?;
        let err = Migrator::up(db, None)
            .await
            .err()
            .ok_or(format!("migration 7 accepted a version with {what}"))?;
        ensure(
            err.to_string().contains(&broken.id.to_string()),
            format!("the error for {what} does not name the version: {err}"),
        )?;
        ensure(
            !manager.has_table("plan_activities").await?,
            format!("migration 7 failing on {what} left plan_activities behind"),
        )?;
        plan_version::Entity::delete_by_id(broken.id)
            .exec(db)
            .await?;
    }
    Migrator::up(db, None).await?;

    let row = |version: &plan_version::Model, position: i32, key: &str, description: &str| {
        plan_activity::Model {
            id: Uuid::nil(),
            plan_version_id: version.id,
            plan_id: plan.id,
            citizen_id: citizen.id,
            jobcentre_id: jc.id,
            activity_key: key.into(),
            position,
            description: description.into(),
            goal_key: None,
            starts_on: None,
            ends_on: None,
            provider_id: None,
            company_id: None,
        }
    };
    let internship_row = |version, position| -> TestResult<plan_activity::Model> {
        Ok(plan_activity::Model {
            goal_key: Some("goal-1".into()),
            starts_on: Some(day(2026, 12, 1)?),
            ends_on: Some(day(2027, 2, 28)?),
            provider_id: Some(provider.id),
            company_id: Some(company.id),
            ..row(
                version,
                position,
                "activity-1",
                "Virksomhedspraktik på lageret",
            )
        })
    };
    // The unknown company is left out of the row (the JSON keeps it).
    let expected = [
        vec![
            internship_row(&versions[0], 0)?,
            row(&versions[0], 1, "activity-2", "Truckcertifikat"),
            row(&versions[0], 2, "activity-3", "Søg fem job om ugen"),
        ],
        vec![
            row(&versions[1], 0, "activity-3", "Søg fem job om ugen"),
            internship_row(&versions[1], 1)?,
        ],
        vec![],
        vec![],
    ];
    for (version, expected) in versions.iter().zip(expected) {
        let actual = activities_of(db, version.id).await?;
        ensure(
            actual == expected,
            format!(
                "version {}: rows {actual:?}, expected {expected:?}",
                version.number
            ),
        )?;
    }
    let busy = plan_activity::Entity::find()
        .filter(plan_activity::Column::PlanId.eq(busy_plan.id))
        .all(db)
        .await?;
    ensure(
        busy.len() == many.len()
            && busy
                .iter()
                .all(|a| a.citizen_id == busy_citizen.id && a.position == 0),
        format!("{} rows for {} busy versions", busy.len(), many.len()),
    )?;
    let versions_read = prelude::PlanVersion::find().count(db).await?;
    let total = prelude::PlanActivity::find().count(db).await?;
    ensure(total == 5 + 1_200, format!("{total} plan activities"))?;

    // Down drops the rows and leaves the versions; up copies them again.
    Migrator::down(db, Some(1)).await?;
    ensure(
        !manager.has_table("plan_activities").await?,
        "plan_activities after migration 7 was reverted",
    )?;
    ensure(
        prelude::PlanVersion::find().count(db).await? == versions_read,
        "reverting migration 7 changed plan_versions",
    )?;
    Migrator::up(db, None).await?;
    ensure(
        prelude::PlanActivity::find().count(db).await? == total,
        "a second backfill gave a different number of rows",
    )?;
    Ok(())
}
