//! The plan in another language.

use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{Principal, TestApp, world},
};
use jobbro_entities::plan_version;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::graphql::{id_of, mutate, ok, time_of, user_error};

use super::{VERSION, my_plan, published, staff_plan, version_row};

fn language_op() -> String {
    format!(
        "mutation($id: ID!, $language: String!) {{
  requestPlanLanguage(input: {{versionId: $id, language: $language}}) {{
    version {{ ...V }} userErrors {{ field code message }}
  }}
}}
{VERSION}"
    )
}

async fn request_language(
    app: &TestApp,
    who: &Principal,
    version: &str,
    language: &str,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &language_op(),
        json!({ "id": version, "language": language }),
        "requestPlanLanguage",
    )
    .await
}

#[tokio::test]
async fn a_citizen_asks_for_the_plan_in_another_language_and_nothing_else_changes()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let v1_id = id_of(&v1)?;
    let row = version_row(&app, &v1_id).await?;

    app.clock.advance(Duration::hours(1));
    let asked_at = app.clock.now();
    let asked = request_language(&app, &w.citizen_1, &v1_id, "en").await?;
    ok(&asked)?;
    let requests = asked["version"]["languageRequests"].clone();
    assert_eq!(requests.as_array().map(Vec::len), Some(1), "{requests}");
    assert_eq!(requests[0]["language"], "en");
    assert_eq!(requests[0]["status"], "REQUESTED");
    assert_eq!(time_of(&requests[0]["requestedAt"])?, asked_at);

    // The same again is harmless: still one request, from the first time.
    app.clock.advance(Duration::hours(1));
    let again = request_language(&app, &w.citizen_1, &v1_id, "en").await?;
    ok(&again)?;
    assert_eq!(again["version"]["languageRequests"], requests);

    // Danish is what the plan is written in; the code must be ISO 639-1.
    for bad in ["da", "english", ""] {
        let refused = request_language(&app, &w.citizen_1, &v1_id, bad).await?;
        assert_eq!(
            user_error(&refused),
            (json!("INVALID"), json!(["input", "language"])),
            "{bad:?}"
        );
    }
    // Another citizen's version is not there for them.
    let refused = request_language(&app, &w.citizen_2, &v1_id, "en").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));

    // Nothing else changed: same version, same content, same hash; the caseworker sees the
    // request.
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["contentHash"], v1["contentHash"]);
    assert_eq!(mine[0]["languageRequests"], requests);
    let after = version_row(&app, &v1_id).await?;
    assert_eq!(
        (after.content, after.content_hash),
        (row.content, row.content_hash)
    );
    assert_eq!(plan_version::Entity::find().count(&app.db).await?, 1);
    let staff = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(staff["versions"][0]["languageRequests"], requests);
    Ok(())
}
