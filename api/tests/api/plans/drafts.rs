//! Drafts and numbered, hashed, immutable versions (`002:286-297`).

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{TestApp, test_epoch, world},
};
use jobbro_entities::plan_version;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::graphql::{id_of, ok, time_of, user_error};

use super::{
    org, publish_plan, sha256_hex, staff_plan, standard_content, update_draft, version_row,
};

#[tokio::test]
async fn drafts_publish_as_numbered_hashed_immutable_versions_002_286_297() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (cw, c1) = (w.caseworker_a, w.citizen_1.subject);

    // No plan yet: only expectedDraftVersion 0 creates one.
    let stale = update_draft(&app, &cw, c1, standard_content(&w)?, 1).await?;
    assert_eq!(
        user_error(&stale),
        (
            json!("STALE_VERSION"),
            json!(["input", "expectedDraftVersion"])
        )
    );
    assert_eq!(stale["plan"], Value::Null);
    assert_eq!(staff_plan(&app, &cw, c1).await?, Value::Null);

    let created = update_draft(&app, &cw, c1, standard_content(&w)?, 0).await?;
    ok(&created)?;
    let plan = &created["plan"];
    assert_eq!(plan["draftVersion"], 1);
    assert_eq!(plan["versions"], json!([]));
    assert_eq!(time_of(&plan["draftUpdatedAt"])?, test_epoch());
    let goal = plan["draftGoals"][0].clone();
    let activities = plan["draftActivities"].clone();
    let offer = plan["draftOffers"][0].clone();
    let appointment = plan["draftAppointments"][0].clone();
    assert_eq!(goal["text"], "Job som lagermedarbejder inden sommer");
    assert!(id_of(&goal)?.starts_with("goal-"), "{goal}");
    assert!(id_of(&activities[0])?.starts_with("activity-"));
    assert!(id_of(&offer)?.starts_with("offer-"));
    assert!(id_of(&appointment)?.starts_with("appointment-"));
    assert_eq!(
        activities[0]["providerId"],
        json!(org(&w.provider_p_coordinator)?.to_string())
    );
    assert_eq!(
        activities[1]["companyId"],
        json!(org(&w.company_k)?.to_string())
    );

    // A second first draft meets the existing plan.
    let again = update_draft(&app, &cw, c1, standard_content(&w)?, 0).await?;
    assert_eq!(user_error(&again).0, json!("STALE_VERSION"));

    // Invalid content is refused with the path of the item at fault, and nothing changes.
    let mut empty_goal = standard_content(&w)?;
    empty_goal["goals"] = json!([{ "text": "Job" }, { "text": "   " }]);
    let refused = update_draft(&app, &cw, c1, empty_goal, 1).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "content", "goals", "1"]))
    );
    let mut dangling = standard_content(&w)?;
    dangling["activities"][1]["goalId"] = json!("goal-that-is-not-there");
    let refused = update_draft(&app, &cw, c1, dangling, 1).await?;
    assert_eq!(
        user_error(&refused),
        (
            json!("INVALID"),
            json!(["input", "content", "activities", "1"])
        )
    );
    assert_eq!(staff_plan(&app, &cw, c1).await?["draftVersion"], 1);

    // The edit sends the items back with their ids, links the activity to the goal and adds a
    // goal: the ids are kept, the new goal gets one of its own.
    app.clock.advance(Duration::minutes(5));
    let mut edited = json!({
        "goals": [goal.clone(), { "text": "Gaffeltruckcertifikat" }],
        "activities": activities.clone(),
        "offers": [offer.clone()],
        "appointments": [appointment.clone()],
    });
    edited["activities"][0]["goalId"] = goal["id"].clone();
    let updated = update_draft(&app, &cw, c1, edited.clone(), 1).await?;
    ok(&updated)?;
    let plan = &updated["plan"];
    assert_eq!(plan["draftVersion"], 2);
    assert_eq!(time_of(&plan["draftUpdatedAt"])?, app.clock.now());
    assert_eq!(plan["draftGoals"][0], goal);
    assert_eq!(plan["draftActivities"][0]["id"], activities[0]["id"]);
    assert_eq!(plan["draftActivities"][0]["goalId"], goal["id"]);
    assert_eq!(plan["draftActivities"][1], activities[1]);
    assert_eq!(plan["draftOffers"][0], offer);
    assert_eq!(plan["draftAppointments"][0], appointment);
    let second_goal = id_of(&plan["draftGoals"][1])?;
    assert!(second_goal.starts_with("goal-") && second_goal != id_of(&goal)?);

    // Someone who read draft 1 cannot overwrite draft 2.
    let stale = update_draft(&app, &cw, c1, standard_content(&w)?, 1).await?;
    assert_eq!(
        user_error(&stale),
        (
            json!("STALE_VERSION"),
            json!(["input", "expectedDraftVersion"])
        )
    );

    // Publishing needs the draft version the caseworker reviewed.
    let stale = publish_plan(&app, &cw, c1, 1, None).await?;
    assert_eq!(
        user_error(&stale),
        (
            json!("STALE_VERSION"),
            json!(["input", "expectedDraftVersion"])
        )
    );
    assert_eq!(stale["version"], Value::Null);

    app.clock.advance(Duration::minutes(5));
    let first_at = app.clock.now();
    let v1 = publish_plan(&app, &cw, c1, 2, None).await?;
    ok(&v1)?;
    let v1 = v1["version"].clone();
    assert_eq!(v1["number"], 1);
    assert_eq!(time_of(&v1["publishedAt"])?, first_at);
    assert_eq!(v1["supersededAt"], Value::Null);
    assert_eq!(v1["goals"], plan["draftGoals"]);
    assert_eq!(v1["activities"], plan["draftActivities"]);
    assert_eq!(v1["appointments"], plan["draftAppointments"]);
    assert_eq!(v1["offers"][0]["id"], offer["id"]);
    let hash = v1["contentHash"]
        .as_str()
        .context("no contentHash")?
        .to_string();
    assert!(
        hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "not a SHA-256 in hex: {hash}"
    );
    let row = version_row(&app, &id_of(&v1)?).await?;
    assert_eq!(
        sha256_hex(row.content.as_bytes()),
        hash,
        "the hash is of the stored content"
    );
    assert_eq!(row.content_hash, hash);

    // A retried publication with the same idempotency key is answered with the same version.
    app.clock.advance(Duration::minutes(5));
    let v2 = publish_plan(&app, &cw, c1, 2, Some("publish-c1-2")).await?;
    ok(&v2)?;
    let v2 = v2["version"].clone();
    assert_eq!(v2["number"], 2);
    assert_eq!(
        v2["contentHash"],
        json!(hash),
        "same draft, same content, same hash"
    );
    let retry = publish_plan(&app, &cw, c1, 2, Some("publish-c1-2")).await?;
    ok(&retry)?;
    assert_eq!(retry["version"]["id"], v2["id"]);

    let plan = staff_plan(&app, &cw, c1).await?;
    let numbers: Vec<&Value> = plan["versions"]
        .as_array()
        .context("versions")?
        .iter()
        .map(|v| &v["number"])
        .collect();
    assert_eq!(
        numbers,
        vec![&json!(2), &json!(1)],
        "newest first, no third"
    );
    assert_eq!(
        time_of(&plan["versions"][1]["supersededAt"])?,
        app.clock.now(),
        "version 1 is superseded when version 2 is published"
    );
    assert_eq!(plan["versions"][0]["supersededAt"], Value::Null);

    // Versions are immutable: a later draft edit changes the draft only.
    let mut changed = edited.clone();
    changed["goals"] = json!([goal.clone()]);
    changed["goals"][0]["text"] = json!("Job som truckfører");
    let updated = update_draft(&app, &cw, c1, changed, 2).await?;
    ok(&updated)?;
    assert_eq!(updated["plan"]["draftVersion"], 3);
    assert_eq!(
        updated["plan"]["draftGoals"][0]["text"],
        "Job som truckfører"
    );
    let after = version_row(&app, &id_of(&v1)?).await?;
    assert_eq!(after.content, row.content);
    assert_eq!(after.content_hash, hash);
    let plan = staff_plan(&app, &cw, c1).await?;
    assert_eq!(plan["versions"][1]["goals"], v1["goals"]);
    assert_eq!(plan["versions"][1]["contentHash"], json!(hash));
    assert_eq!(plan["versions"][0]["goals"], v2["goals"]);

    // A draft without goals cannot be published.
    let mut no_goals = edited.clone();
    no_goals["goals"] = json!([]);
    no_goals["activities"][0]["goalId"] = Value::Null;
    let saved = update_draft(&app, &cw, c1, no_goals, 3).await?;
    ok(&saved)?;
    let refused = publish_plan(&app, &cw, c1, 4, None).await?;
    assert_eq!(user_error(&refused).0, json!("INVALID"));
    assert_eq!(refused["version"], Value::Null);
    assert_eq!(
        plan_version::Entity::find().count(&app.db).await?,
        2,
        "nothing was published"
    );
    Ok(())
}
