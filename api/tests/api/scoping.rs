//! Row scoping: each principal sees its own rows and nothing else, across job centres,
//! citizens, providers and companies.

use jobbro_api::testing::{Principal, TestApp, error_code, world};
use serde_json::{Value, json};

fn ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn citizen_by_id(app: &TestApp, who: &Principal, id: uuid::Uuid) -> Value {
    app.gql(
        Some(who),
        "query($id: ID!) { caseworker { citizen(id: $id) { id givenName cpr } } }",
        json!({ "id": id.to_string() }),
    )
    .await
}

#[tokio::test]
async fn a_caseworker_sees_any_citizen_of_the_own_job_centre_and_none_of_another()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;

    let own = citizen_by_id(&app, &w.caseworker_a, w.citizen_2.subject).await;
    assert_eq!(
        own["data"]["caseworker"]["citizen"]["id"],
        json!(w.citizen_2.subject.to_string()),
        "{own}"
    );

    let other_centre = citizen_by_id(&app, &w.caseworker_b, w.citizen_1.subject).await;
    assert_eq!(error_code(&other_centre), None);
    assert_eq!(
        other_centre["data"]["caseworker"]["citizen"],
        Value::Null,
        "{other_centre}"
    );

    let list = app
        .gql(
            Some(&w.caseworker_b),
            "{ caseworker { citizens { edges { node { id } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ids(&list["data"]["caseworker"]["citizens"]),
        vec![w.citizen_3.subject.to_string()]
    );
    Ok(())
}

#[tokio::test]
async fn the_caseload_holds_only_citizens_with_an_open_case_assigned_to_me() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { caseload { edges { node { id } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ids(&answer["data"]["caseworker"]["caseload"]),
        vec![w.citizen_1.subject.to_string()],
        "{answer}"
    );
    Ok(())
}

#[tokio::test]
async fn a_citizen_sees_only_self_and_cannot_touch_another_citizens_consent() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let me = app
        .gql(
            Some(&w.citizen_2),
            "{ citizen { id consents { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        me["data"]["citizen"]["id"],
        json!(w.citizen_2.subject.to_string())
    );
    assert_eq!(
        me["data"]["citizen"]["consents"],
        json!([]),
        "citizen 1's consent leaked: {me}"
    );

    let revoke = app
        .gql(
            Some(&w.citizen_2),
            "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { consent { id } userErrors { code field } } }",
            json!({ "id": w.citizen_1_consent.to_string() }),
        )
        .await;
    assert_eq!(
        revoke["data"]["revokeConsent"]["userErrors"][0]["code"], "NOT_FOUND",
        "{revoke}"
    );
    let still = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { consents { active } } }",
            json!({}),
        )
        .await;
    assert_eq!(still["data"]["citizen"]["consents"][0]["active"], true);
    Ok(())
}

#[tokio::test]
async fn provider_coordinators_see_all_referrals_staff_only_their_own_other_providers_none()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let query =
        "{ provider { participants { edges { node { id givenName referrals { offerKind } } } } } }";
    let mut coordinator = ids(&app
        .gql(Some(&w.provider_p_coordinator), query, json!({}))
        .await["data"]["provider"]["participants"]);
    coordinator.sort();
    let mut expected = vec![
        w.citizen_1.subject.to_string(),
        w.citizen_2.subject.to_string(),
    ];
    expected.sort();
    assert_eq!(coordinator, expected);

    let staff = ids(
        &app.gql(Some(&w.provider_p_staff1), query, json!({})).await["data"]["provider"]["participants"],
    );
    assert_eq!(staff, vec![w.citizen_1.subject.to_string()]);

    let other = ids(&app
        .gql(Some(&w.provider_q_coordinator), query, json!({}))
        .await["data"]["provider"]["participants"]);
    assert!(
        other.is_empty(),
        "provider Q sees P's participants: {other:?}"
    );

    let direct = app
        .gql(
            Some(&w.provider_p_staff1),
            "query($id: ID!) { provider { participant(id: $id) { id } } }",
            json!({ "id": w.citizen_2.subject.to_string() }),
        )
        .await;
    assert_eq!(
        direct["data"]["provider"]["participant"],
        Value::Null,
        "{direct}"
    );
    Ok(())
}

#[tokio::test]
async fn providers_never_get_a_cpr_number_field() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.provider_p_coordinator),
            "{ provider { participants { edges { node { cpr } } } } }",
            json!({}),
        )
        .await;
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("cpr"),
        "a provider could ask for a CPR number: {answer}"
    );
    Ok(())
}

#[tokio::test]
async fn companies_see_only_their_own_consenting_candidates_in_units_they_act_for()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let query = "{ company { candidates { edges { node { id givenName jobOrder { productionUnitId } } } } jobOrders { edges { node { id } } } } }";

    let k = app.gql(Some(&w.company_k), query, json!({})).await;
    let candidates = k["data"]["company"]["candidates"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        candidates.len(),
        1,
        "citizen 2 has not consented to share the CV: {k}"
    );
    assert_eq!(candidates[0]["node"]["givenName"], "Anna");
    assert_eq!(ids(&k["data"]["company"]["jobOrders"]).len(), 2);

    let restricted = app.gql(Some(&w.company_k_unit2), query, json!({})).await;
    assert_eq!(
        ids(&restricted["data"]["company"]["candidates"]).len(),
        0,
        "unit 2's candidate has no consent: {restricted}"
    );
    assert_eq!(
        ids(&restricted["data"]["company"]["jobOrders"]).len(),
        1,
        "restricted to unit 2: {restricted}"
    );

    let l = app.gql(Some(&w.company_l), query, json!({})).await;
    assert!(
        ids(&l["data"]["company"]["candidates"]).is_empty(),
        "company L sees K's candidates: {l}"
    );
    assert!(ids(&l["data"]["company"]["jobOrders"]).is_empty());
    Ok(())
}

#[tokio::test]
async fn revoking_the_cv_consent_hides_the_candidate_from_the_company() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let revoke = app
        .gql(
            Some(&w.citizen_1),
            "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { code } } }",
            json!({ "id": w.citizen_1_consent.to_string() }),
        )
        .await;
    assert_eq!(
        revoke["data"]["revokeConsent"]["userErrors"],
        json!([]),
        "{revoke}"
    );
    let k = app
        .gql(
            Some(&w.company_k),
            "{ company { candidates { edges { node { id } } } } }",
            json!({}),
        )
        .await;
    assert!(ids(&k["data"]["company"]["candidates"]).is_empty(), "{k}");
    Ok(())
}
