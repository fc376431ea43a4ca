//! Migration 7 copies the activities in the JSON content of the plan versions published before
//! it into `plan_activities`.

use jobbro_entities::*;
use jobbro_migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::support::{
    TestResult, at, day, ensure, insert_old_citizen, on_fresh_postgres, plan_version_model,
};

#[tokio::test]
pub async fn sqlite_backfills_plan_activities() -> TestResult {
    let db = Database::connect("sqlite::memory:").await?;
    check_plan_activity_backfill(&db).await
}

#[tokio::test]
pub async fn postgres_backfills_plan_activities() -> TestResult {
    on_fresh_postgres(
        "c",
        |db| async move { check_plan_activity_backfill(&db).await },
    )
    .await
}

/// The rows of `plan_activities` for one version, in order, with their ids blanked.
pub async fn activities_of(
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
pub async fn check_plan_activity_backfill(db: &DatabaseConnection) -> TestResult {
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
    // Written as a row of that time: later migrations add columns the entity has.
    let provider_id = Uuid::now_v7();
    db.execute(
        sea_orm::sea_query::Query::insert()
            .into_table("providers")
            .columns(["id", "name", "cvr", "created_at"])
            .values_panic([
                provider_id.into(),
                "Aktør ApS".into(),
                "11112222".into(),
                at(0)?.into(),
            ]),
    )
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
    let citizen = insert_old_citizen(db, jc.id, "0101900101").await?;
    let plan = new_plan(citizen.id)?.into_active_model().insert(db).await?;
    let unknown_company = Uuid::now_v7();
    let internship = serde_json::json!({
        "id": "activity-1",
        "description": "Virksomhedspraktik på lageret",
        "goal_id": "goal-1",
        "starts_on": "2026-12-01",
        "ends_on": "2027-02-28",
        "provider_id": provider_id,
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
    let busy_citizen = insert_old_citizen(db, jc.id, "0101900102").await?;
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
    let broken_citizen = insert_old_citizen(db, jc.id, "0101900103").await?;
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
            provider_id: Some(provider_id),
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

    // Down drops the rows and leaves the versions; up copies them again. The migrations after
    // 7 are reverted first.
    let after_six = u32::try_from(Migrator::migrations().len() - 6).unwrap_or(1);
    Migrator::down(db, Some(after_six)).await?;
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
