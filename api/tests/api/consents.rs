//! `grantConsent` / `revokeConsent`: the mutation contract (payload with userErrors,
//! idempotency key, one transaction, an outbox event). Consent is its own record, never a plan
//! field (rule 6, `003:602-648`).

use jobbro_api::testing::{TestApp, world};
use jobbro_entities::{consent, outbox_event};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const GRANT: &str = "mutation($purpose: ConsentPurpose!, $key: String) {
  grantConsent(input: {purpose: $purpose, idempotencyKey: $key}) {
    consent { id purpose active grantedAt }
    userErrors { field code message }
  }
}";

const REVOKE: &str = "mutation($id: ID!, $key: String) {
  revokeConsent(input: {consentId: $id, idempotencyKey: $key}) {
    consent { id active revokedAt }
    userErrors { field code message }
  }
}";

async fn events(app: &TestApp, kind: &str) -> anyhow::Result<u64> {
    Ok(outbox_event::Entity::find()
        .filter(outbox_event::Column::EventType.eq(kind))
        .count(&app.db)
        .await?)
}

#[tokio::test]
async fn granting_creates_the_consent_and_one_outbox_event() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_2),
            GRANT,
            json!({ "purpose": "SHARE_CV_WITH_COMPANIES" }),
        )
        .await;
    let payload = &answer["data"]["grantConsent"];
    assert_eq!(payload["userErrors"], json!([]), "{answer}");
    assert_eq!(payload["consent"]["purpose"], "SHARE_CV_WITH_COMPANIES");
    assert_eq!(payload["consent"]["active"], true);
    assert_eq!(events(&app, "ConsentGranted").await?, 1);
    Ok(())
}

#[tokio::test]
async fn granting_a_purpose_already_in_force_is_a_user_error_and_changes_nothing()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            GRANT,
            json!({ "purpose": "SHARE_CV_WITH_COMPANIES" }),
        )
        .await;
    let payload = &answer["data"]["grantConsent"];
    assert_eq!(payload["consent"], Value::Null, "{answer}");
    assert_eq!(payload["userErrors"][0]["code"], "ALREADY_DONE");
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["input", "purpose"])
    );
    assert_eq!(consent::Entity::find().count(&app.db).await?, 1);
    assert_eq!(
        events(&app, "ConsentGranted").await?,
        0,
        "no event for a grant that did not happen"
    );
    Ok(())
}

#[tokio::test]
async fn a_replayed_idempotency_key_returns_the_first_result_without_doing_it_again()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let vars = json!({ "purpose": "SHARE_DATA_AFTER_MOVING", "key": "grant-1" });
    let first = app.gql(Some(&w.citizen_1), GRANT, vars.clone()).await;
    let again = app.gql(Some(&w.citizen_1), GRANT, vars).await;
    assert_eq!(
        first["data"]["grantConsent"]["userErrors"],
        json!([]),
        "{first}"
    );
    assert_eq!(
        first["data"], again["data"],
        "a replay answers exactly as the first time"
    );
    assert_eq!(events(&app, "ConsentGranted").await?, 1);

    let other_input = app
        .gql(
            Some(&w.citizen_1),
            GRANT,
            json!({ "purpose": "SHARE_CV_WITH_COMPANIES", "key": "grant-1" }),
        )
        .await;
    assert_eq!(
        other_input["data"]["grantConsent"]["userErrors"][0]["code"], "IDEMPOTENCY_KEY_REUSED",
        "{other_input}"
    );
    assert_eq!(events(&app, "ConsentGranted").await?, 1);

    // Keys belong to a principal: another citizen's identical key is independent.
    let someone_else = app
        .gql(
            Some(&w.citizen_2),
            GRANT,
            json!({ "purpose": "SHARE_DATA_AFTER_MOVING", "key": "grant-1" }),
        )
        .await;
    assert_eq!(
        someone_else["data"]["grantConsent"]["userErrors"],
        json!([]),
        "{someone_else}"
    );
    Ok(())
}

#[tokio::test]
async fn revoking_ends_the_consent_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let vars = json!({ "id": w.citizen_1_consent.to_string() });
    let first = app.gql(Some(&w.citizen_1), REVOKE, vars.clone()).await;
    assert_eq!(
        first["data"]["revokeConsent"]["userErrors"],
        json!([]),
        "{first}"
    );
    assert_eq!(first["data"]["revokeConsent"]["consent"]["active"], false);
    assert!(first["data"]["revokeConsent"]["consent"]["revokedAt"].is_string());
    assert_eq!(events(&app, "ConsentRevoked").await?, 1);

    let second = app.gql(Some(&w.citizen_1), REVOKE, vars).await;
    assert_eq!(
        second["data"]["revokeConsent"]["userErrors"][0]["code"], "ALREADY_DONE",
        "{second}"
    );
    assert_eq!(events(&app, "ConsentRevoked").await?, 1);

    // Once revoked, the purpose can be granted anew: a new consent, the old one kept.
    let regrant = app
        .gql(
            Some(&w.citizen_1),
            GRANT,
            json!({ "purpose": "SHARE_CV_WITH_COMPANIES" }),
        )
        .await;
    assert_eq!(
        regrant["data"]["grantConsent"]["userErrors"],
        json!([]),
        "{regrant}"
    );
    assert_eq!(consent::Entity::find().count(&app.db).await?, 2);
    Ok(())
}

/// A malformed id is `BAD_USER_INPUT`, as for every other id (it used to be a userError
/// `INVALID` here alone); nothing is revoked.
#[tokio::test]
async fn a_malformed_id_is_bad_user_input() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(Some(&w.citizen_1), REVOKE, json!({ "id": "not-a-uuid" }))
        .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("consentId")
    );
    assert_eq!(events(&app, "ConsentRevoked").await?, 0);
    Ok(())
}

#[tokio::test]
async fn an_oversized_idempotency_key_is_refused_with_a_clear_message() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            GRANT,
            json!({ "purpose": "SHARE_DATA_AFTER_MOVING", "key": "k".repeat(201) }),
        )
        .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("idempotencyKey")
    );
    assert_eq!(consent::Entity::find().count(&app.db).await?, 1);
    Ok(())
}
