//! The tables of the core migration (organisations, people, consent, audit, outbox, alerts,
//! letters, idempotency): their CHECK, unique and foreign-key constraints, and the round trip of
//! every entity, which goes on in `meetings` and `plans` with the rows made here.

use chrono::Utc;
use jobbro_entities::enums::*;
use jobbro_entities::*;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, Statement,
};
use uuid::Uuid;

use crate::meetings::check_meeting_constraints;
use crate::plans::check_plan_constraints;
use crate::support::{TestResult, at, citizen_model, day, ensure, round_trip};

/// An audit row of two citizens' reads of a health record, written as the server writes it (the
/// citizens as an array on PostgreSQL, as a JSON array on SQLite), reads back as one
/// `audit_reads` row per citizen, naming the record.
async fn check_audit_rows(
    db: &DatabaseConnection,
    jobcentre: Uuid,
    caseworker: Uuid,
    citizens: [Uuid; 2],
) -> TestResult {
    let event = Uuid::now_v7();
    let record = Uuid::now_v7();
    let (sql, list) = match db.get_database_backend() {
        DbBackend::Postgres => (
            "INSERT INTO audit_events (id, occurred_at, actor_role, actor_subject, \
             actor_organisation, jobcentre_id, category, operation, request_id, citizen_ids, \
             record_id) \
             VALUES ($1, $2, 'CASEWORKER', $3, '751', $4, 'HEALTH', 'citizen.health', 'req-1', \
             CAST($5 AS uuid[]), $6)",
            format!("{{{},{}}}", citizens[0], citizens[1]),
        ),
        _ => (
            "INSERT INTO audit_events (id, occurred_at, actor_role, actor_subject, \
             actor_organisation, jobcentre_id, category, operation, request_id, citizen_ids, \
             record_id) \
             VALUES (?, ?, 'CASEWORKER', ?, '751', ?, 'HEALTH', 'citizen.health', 'req-1', ?, ?)",
            format!(
                "[\"{}\",\"{}\"]",
                citizens[0].simple(),
                citizens[1].simple()
            ),
        ),
    };
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [
            event.into(),
            at(12)?.into(),
            caseworker.to_string().into(),
            jobcentre.into(),
            list.into(),
            record.into(),
        ],
    ))
    .await?;
    let mut read = audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            db.get_database_backend(),
            &citizens,
        ))
        .all(db)
        .await?;
    read.sort_by_key(|r| citizens.iter().position(|c| *c == r.citizen_id));
    let expected: Vec<audit_read::Model> = citizens
        .iter()
        .map(|citizen| audit_read::Model {
            id: event,
            citizen_id: *citizen,
            occurred_at: at(12).unwrap_or_default(),
            actor_role: "CASEWORKER".into(),
            actor_subject: caseworker.to_string(),
            actor_organisation: Some("751".into()),
            jobcentre_id: Some(jobcentre),
            category: AuditCategory::Health,
            operation: "citizen.health".into(),
            request_id: "req-1".into(),
            record_id: Some(record),
        })
        .collect();
    ensure(
        read == expected,
        format!("audit_reads: {read:?}, expected {expected:?}"),
    )
}

/// Inserts a citizen with `channel` as raw text, bypassing the Rust enum.
pub async fn insert_citizen_raw(
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

pub async fn check_constraints(db: &DatabaseConnection) -> TestResult {
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

/// The rows made by the core round trip that the meeting and plan round trips point at.
pub struct Parties<'a> {
    pub jc: &'a jobcentre::Model,
    pub cw: &'a caseworker::Model,
    pub cit: &'a citizen::Model,
    pub provider: &'a provider::Model,
    pub pu: &'a provider_user::Model,
    pub company: &'a company::Model,
}

pub async fn check_round_trip(db: &DatabaseConnection) -> TestResult {
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
            secondary_since: None,
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
            internal: false,
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
            remark: "Mødes på adressen i henvisningen.".into(),
            starts_on: day(2026, 12, 1)?,
            ends_on: Some(day(2027, 3, 1)?),
            status: ServiceOrderStatus::Started,
            created_at: at(6)?,
            contract_service_id: None,
            minutes_per_week: None,
            weeks: None,
            accepted_at: None,
            started_on: None,
            finished_on: None,
            cancel_reason: None,
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
            positions: 2,
            status: JobOrderStatus::InProgress,
            created_at: at(8)?,
            kind: JobOrderKind::WageSubsidy,
            occupation_code: Some("4321".into()),
            description: "Pluk og pak.".into(),
            minutes_per_week: Some(30 * 60),
            starts_on: Some(day(2026, 12, 1)?),
            apply_by: Some(day(2026, 11, 20)?),
            contact_name: Some("Hanne HR".into()),
            contact_phone: None,
            contact_email: Some("hanne@virksomhed.invalid".into()),
            required_skills: "[\"Truckcertifikat\"]".into(),
            updated_at: at(8)?,
            version: 1,
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
            presented_at: Some(at(9)?),
            status: CandidateStatus::Presented,
            proposed_at: at(8)?,
            proposed_by: None,
            outcome_at: None,
            version: 1,
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
            purpose: ConsentPurpose::ShareDataAfterMoving,
            granted_at: at(10)?,
            revoked_at: Some(at(11)?),
        }
    );
    check_audit_rows(db, jc.id, cw.id, [cit.id, Uuid::now_v7()]).await?;
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
    let parties = Parties {
        jc: &jc,
        cw: &cw,
        cit: &cit,
        provider: &provider,
        pu: &pu,
        company: &company,
    };
    crate::meetings::check_round_trip(db, &parties).await?;
    crate::plans::check_round_trip(db, &parties).await
}
