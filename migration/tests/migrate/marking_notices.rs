//! Migration 24 lets a notice to the benefits service be about a person marking: the notices
//! about orders stay as they were; a notice names an order or a marking, never both or neither
//! (the database refuses it); and going back removes the marking notices and makes the order
//! required again.

use jobbro_entities::enums::*;
use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use uuid::Uuid;

use crate::support::{TestResult, at, citizen_model, day, ensure, on_fresh_postgres, round_trip};

#[tokio::test]
async fn sqlite_tells_the_benefits_service_of_markings() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_marking_notices(&db).await
}

#[tokio::test]
async fn postgres_tells_the_benefits_service_of_markings() -> TestResult {
    on_fresh_postgres("m", |db| async move { check_marking_notices(&db).await }).await
}

fn notice(
    person: &citizen::Model,
    subject: (Option<Uuid>, Option<Uuid>),
    kind: BenefitsNoticeKind,
) -> TestResult<benefits_notice::Model> {
    Ok(benefits_notice::Model {
        id: Uuid::now_v7(),
        jobcentre_id: person.jobcentre_id,
        citizen_id: person.id,
        service_order_id: subject.0,
        person_marking_id: subject.1,
        kind,
        day: day(2026, 12, 3)?,
        source_event_id: Uuid::now_v7(),
        status: NoticeStatus::Pending,
        created_at: at(20)?,
        sent_at: None,
        pending_change_request_id: None,
    })
}

/// The notices' `(kind, has an order)`, oldest first, read without the entity (whose columns
/// may not all exist).
async fn notices(db: &DatabaseConnection) -> TestResult<Vec<(String, bool)>> {
    let rows = db
        .query_all(
            Query::select()
                .column("kind")
                .expr_as(Expr::col("service_order_id").is_not_null(), "has_order")
                .from("benefits_notices")
                .order_by("id", sea_orm::Order::Asc),
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<String>("", "kind")?,
                r.try_get::<bool>("", "has_order")?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?)
}

async fn check_marking_notices(db: &DatabaseConnection) -> TestResult {
    // Pinned to migration 24, whatever comes after it.
    Migrator::up(db, Some(24)).await?;
    let jc = round_trip!(
        db,
        jobcentre,
        jobcentre::Model {
            id: Uuid::now_v7(),
            name: "Jobcenter Markering".into(),
            municipality_code: "995".into(),
            created_at: at(0)?,
        }
    );
    let cw = round_trip!(
        db,
        caseworker,
        caseworker::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            name: "Sagsbehandler M".into(),
            email: "m@jobcenter.invalid".into(),
            team: None,
            is_manager: false,
            created_at: at(1)?,
        }
    );
    let person = round_trip!(db, citizen, citizen_model(jc.id, "0101905555")?);
    let provider = round_trip!(
        db,
        provider,
        provider::Model {
            id: Uuid::now_v7(),
            name: "Aktør M ApS".into(),
            cvr: "12345670".into(),
            internal: false,
            created_at: at(2)?,
        }
    );
    let order = round_trip!(
        db,
        service_order,
        service_order::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: person.id,
            provider_id: provider.id,
            assigned_user_id: None,
            offer_kind_code: "MENTOR".into(),
            justification: "Behov".into(),
            goal: "Job".into(),
            remark: "Ingen".into(),
            starts_on: day(2026, 12, 1)?,
            ends_on: None,
            status: ServiceOrderStatus::Started,
            created_at: at(3)?,
            contract_service_id: None,
            minutes_per_week: None,
            weeks: None,
            accepted_at: None,
            started_on: None,
            finished_on: None,
            cancel_reason: None,
        }
    );
    let marking = round_trip!(
        db,
        person_marking,
        person_marking::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jc.id,
            citizen_id: person.id,
            reason: "Hjemløs".into(),
            set_by: cw.id,
            set_at: at(4)?,
            removed_by: None,
            removed_at: None,
            removal_reason: None,
        }
    );
    round_trip!(
        db,
        benefits_notice,
        notice(
            &person,
            (Some(order.id), None),
            BenefitsNoticeKind::ActivationStarted
        )?
    );
    round_trip!(
        db,
        benefits_notice,
        notice(
            &person,
            (None, Some(marking.id)),
            BenefitsNoticeKind::MarkingSet
        )?
    );
    for (subject, what) in [
        ((None, None), "neither an order nor a marking"),
        (
            (Some(order.id), Some(marking.id)),
            "both an order and a marking",
        ),
    ] {
        let refused = notice(&person, subject, BenefitsNoticeKind::MarkingRemoved)?
            .into_active_model()
            .insert(db)
            .await;
        ensure(
            refused.is_err(),
            format!("a notice about {what} was stored"),
        )?;
    }

    Migrator::down(db, Some(1)).await?;
    ensure(
        notices(db).await? == vec![("ACTIVATION_STARTED".to_string(), true)],
        "going back keeps the order's notice and removes the marking's",
    )?;
    let without_order = db
        .execute(
            Query::insert()
                .into_table("benefits_notices")
                .columns([
                    "id",
                    "jobcentre_id",
                    "citizen_id",
                    "kind",
                    "day",
                    "source_event_id",
                    "status",
                    "created_at",
                ])
                .values_panic([
                    Uuid::now_v7().into(),
                    jc.id.into(),
                    person.id.into(),
                    "OFFER_ABSENCE".into(),
                    day(2026, 12, 3)?.into(),
                    Uuid::now_v7().into(),
                    "PENDING".into(),
                    at(30)?.into(),
                ]),
        )
        .await;
    ensure(
        without_order.is_err(),
        "before migration 24 a notice needs an order",
    )?;

    Migrator::up(db, Some(1)).await?;
    ensure(
        notices(db).await? == vec![("ACTIVATION_STARTED".to_string(), true)],
        "migrating again keeps the order's notice",
    )?;
    Ok(())
}
