//! Plans, Min Plan: the constraints of the plans migration (and of `plan_activities`) and the
//! round trip of their entities.

use chrono::Utc;
use jobbro_entities::enums::*;
use jobbro_entities::*;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use uuid::Uuid;

use crate::core_tables::Parties;
use crate::support::{TestResult, at, citizen_model, day, ensure, plan_version_model, round_trip};

/// Inserts a plan version with `delivery` as raw text, bypassing the Rust enum.
pub async fn insert_plan_version_raw(
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
pub async fn check_plan_constraints(db: &DatabaseConnection, jobcentre_id: Uuid) -> TestResult {
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

/// Plans, Min Plan.
pub async fn check_round_trip(db: &DatabaseConnection, parties: &Parties<'_>) -> TestResult {
    let Parties {
        jc,
        cw,
        cit,
        provider,
        pu,
        company,
    } = *parties;
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
