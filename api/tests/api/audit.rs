//! The audit trail: every read of a citizen's personal data by someone other than the citizen
//! leaves a row (who, which citizen, what category, which operation, when), queryable per
//! citizen.

use jobbro_api::testing::{TestApp, world};
use jobbro_entities::{audit_event, enums::AuditCategory};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

async fn rows_for(app: &TestApp, citizen: Uuid) -> anyhow::Result<Vec<audit_event::Model>> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::CitizenId.eq(citizen))
        .all(&app.db)
        .await?)
}

#[tokio::test]
async fn a_caseworker_reading_cpr_and_name_leaves_one_row_per_category() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "query LookUp($id: ID!) { caseworker { citizen(id: $id) { cpr givenName familyName again: givenName } } }",
            json!({ "id": w.citizen_1.subject.to_string() }),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");

    let rows = rows_for(&app, w.citizen_1.subject).await?;
    let mut categories: Vec<_> = rows.iter().map(|r| r.category).collect();
    categories.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        categories,
        vec![AuditCategory::Cpr, AuditCategory::Identity]
    );
    for row in &rows {
        assert_eq!(row.actor_role, "caseworker");
        assert_eq!(row.actor_subject, w.caseworker_a.subject.to_string());
        assert_eq!(row.actor_organisation, Some(w.jobcentre_a.to_string()));
        assert_eq!(row.jobcentre_id, Some(w.jobcentre_a));
        assert_eq!(row.operation, "LookUp");
        assert!(!row.request_id.is_empty());
        assert_eq!(row.request_id, rows[0].request_id, "one request, one batch");
    }
    Ok(())
}

#[tokio::test]
async fn a_citizen_reading_own_data_is_not_logged() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { cpr givenName address { street } consents { id } } }",
            json!({}),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
    assert!(rows_for(&app, w.citizen_1.subject).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn provider_and_company_reads_are_logged_with_their_organisation() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.gql(
        Some(&w.provider_p_staff1),
        "{ provider { participants { edges { node { givenName phone } } } } }",
        json!({}),
    )
    .await;
    app.gql(
        Some(&w.company_k),
        "{ company { candidates { edges { node { familyName } } } } }",
        json!({}),
    )
    .await;

    let rows = rows_for(&app, w.citizen_1.subject).await?;
    let provider_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.actor_role == "provider_staff")
        .collect();
    assert_eq!(provider_rows.len(), 2, "identity and contact: {rows:?}");
    assert!(
        provider_rows.iter().all(
            |r| r.actor_organisation == w.provider_p_staff1.organisation.map(|o| o.to_string())
        )
    );
    let company_rows: Vec<_> = rows.iter().filter(|r| r.actor_role == "company").collect();
    assert_eq!(company_rows.len(), 1);
    assert_eq!(company_rows[0].category, AuditCategory::Identity);
    Ok(())
}

#[tokio::test]
async fn a_citizen_can_see_who_looked_and_a_manager_can_too() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.gql(
        Some(&w.caseworker_a),
        "query Peek($id: ID!) { caseworker { citizen(id: $id) { cpr } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await;

    let own = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { accessLog { edges { node { actorRole category operation } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        own["data"]["citizen"]["accessLog"]["edges"][0]["node"],
        json!({ "actorRole": "caseworker", "category": "CPR", "operation": "Peek" }),
        "{own}"
    );

    let other = app
        .gql(
            Some(&w.citizen_2),
            "{ citizen { accessLog { edges { node { operation } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        other["data"]["citizen"]["accessLog"]["edges"],
        json!([]),
        "citizen 2 sees citizen 1's log: {other}"
    );

    let manager = app
        .gql(
            Some(&w.manager_a),
            "query($id: ID!) { caseworker { citizen(id: $id) { accessLog(first: 10) { edges { node { operation } } } } } }",
            json!({ "id": w.citizen_1.subject.to_string() }),
        )
        .await;
    let operations: Vec<_> = manager["data"]["caseworker"]["citizen"]["accessLog"]["edges"]
        .as_array()
        .map(|e| e.iter().map(|x| x["node"]["operation"].clone()).collect())
        .unwrap_or_default();
    assert!(operations.contains(&json!("Peek")), "{manager}");
    Ok(())
}

#[tokio::test]
async fn listing_plans_awaiting_acknowledgement_is_an_audited_read() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject.to_string();
    let draft = app
        .gql(
            Some(&w.caseworker_a),
            "mutation($id: ID!) { updatePlanDraft(input: {citizenId: $id, expectedDraftVersion: 0, content: {goals: [{text: \"Job\"}], activities: [], offers: [], appointments: []}}) { userErrors { code } } }",
            json!({ "id": citizen }),
        )
        .await;
    assert_eq!(
        draft["data"]["updatePlanDraft"]["userErrors"],
        json!([]),
        "{draft}"
    );
    let published = app
        .gql(
            Some(&w.caseworker_a),
            "mutation($id: ID!) { publishPlan(input: {citizenId: $id, expectedDraftVersion: 1}) { userErrors { code } } }",
            json!({ "id": citizen }),
        )
        .await;
    assert_eq!(
        published["data"]["publishPlan"]["userErrors"],
        json!([]),
        "{published}"
    );
    let before = rows_for(&app, w.citizen_1.subject).await?.len();
    let list = app
        .gql(
            Some(&w.manager_a),
            "query Waiting { caseworker { plansAwaitingAcknowledgement { nodes { citizenId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        list["data"]["caseworker"]["plansAwaitingAcknowledgement"]["nodes"][0]["citizenId"],
        json!(citizen),
        "{list}"
    );
    let rows = rows_for(&app, w.citizen_1.subject).await?;
    assert!(
        rows.len() > before
            && rows
                .iter()
                .any(|r| r.operation == "Waiting" && r.actor_role == "manager"),
        "{rows:?}"
    );
    Ok(())
}
