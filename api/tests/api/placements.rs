//! Placements (rule 17, `003:343-370`): only the job centre grants them, from presented
//! candidates of a job order or with a company the citizen found (`003:4487-4494`); a
//! subsidised kind puts its offer into the plan draft (rule 5); a wage subsidy at a public
//! employer needs the union representative's approval (`003:667-680`); started placements that
//! reach the positions fill the order (`003:4719-4722`).

use std::sync::Arc;

use jobbro_api::testing::{TestApp, World, world};
use jobbro_entities::{job_order, placement, plan, public_employer};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::graphql::{mutate, ok, query, user_error};

const GRANT: &str = "mutation($input: GrantPlacementsInput!) { grantPlacements(input: $input) { placements { id status kind citizenId jobOrderId planDraftVersion unionRepresentative } userErrors { field code message } } }";
const GRANT_OWN: &str = "mutation($input: GrantPlacementInput!) { grantPlacement(input: $input) { placement { id status kind } userErrors { field code message } } }";
const START: &str = "mutation($id: ID!, $on: NaiveDate!) { startPlacement(input: {placementId: $id, startedOn: $on}) { placement { status startedOn } userErrors { field code } } }";

/// A wage-subsidy order of company K's (one position) in progress, with citizen 1 (who
/// consents to sharing the CV) presented; returns the order and the candidate.
pub async fn presented(app: &TestApp, w: &World) -> anyhow::Result<(String, String)> {
    let posted = mutate(
        app,
        &w.company_k,
        "mutation($input: PostJobOrderInput!) { postJobOrder(input: $input) { jobOrder { id } userErrors { code message } } }",
        json!({ "input": { "jobcentreId": w.jobcentre_a.to_string(), "terms": {
            "kind": "WAGE_SUBSIDY", "title": "Lagermedarbejder", "occupationCode": "4321",
            "description": "Pluk og pak.", "hoursPerWeek": 30,
            "productionUnitId": w.company_k_unit1.to_string(), "positions": 1,
            "startsOn": "2026-12-01", "applyBy": "2026-11-20",
            "contact": { "name": "Lone", "phone": "70000002" } } } }),
        "postJobOrder",
    )
    .await?;
    ok(&posted)?;
    let order = posted["jobOrder"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ok(&mutate(
        app,
        &w.caseworker_a,
        "mutation($id: ID!) { takeUpJobOrder(input: {jobOrderId: $id}) { userErrors { code } } }",
        json!({ "id": order }),
        "takeUpJobOrder",
    )
    .await?)?;
    let proposed = mutate(
        app,
        &w.caseworker_a,
        "mutation($o: ID!, $c: ID!) { proposeCandidate(input: {jobOrderId: $o, citizenId: $c}) { candidateId userErrors { code } } }",
        json!({ "o": order, "c": w.citizen_1.subject.to_string() }),
        "proposeCandidate",
    )
    .await?;
    ok(&proposed)?;
    let candidate = proposed["candidateId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ok(&mutate(
        app,
        &w.caseworker_a,
        "mutation($id: ID!) { presentCandidate(input: {candidateId: $id}) { userErrors { code } } }",
        json!({ "id": candidate }),
        "presentCandidate",
    )
    .await?)?;
    Ok((order, candidate))
}

fn terms() -> Value {
    json!({ "startsOn": "2026-12-01", "endsOn": "2027-05-31", "followUpEveryWeeks": 4 })
}

async fn grant(
    app: &TestApp,
    w: &World,
    order: &str,
    candidate: &str,
    terms: Value,
) -> anyhow::Result<Value> {
    mutate(
        app,
        &w.caseworker_a,
        GRANT,
        json!({ "input": { "jobOrderId": order, "candidateIds": [candidate], "terms": terms } }),
        "grantPlacements",
    )
    .await
}

#[tokio::test]
async fn a_wage_subsidy_is_granted_by_the_job_centre_into_the_plan_draft_and_fills_the_order()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (order, candidate) = presented(&app, &w).await?;

    // Company K is a public employer: without the union's approval nothing is granted.
    public_employer::Model {
        company_id: w.company_k.organisation.unwrap_or_default(),
    }
    .into_active_model()
    .insert(&app.db)
    .await?;
    let refused = grant(&app, &w, &order, &candidate, terms()).await?;
    assert_eq!(
        user_error(&refused),
        (
            json!("UNION_APPROVAL_REQUIRED"),
            json!(["input", "terms", "unionApproval"])
        )
    );
    assert_eq!(placement::Entity::find().count(&app.db).await?, 0);
    assert_eq!(plan::Entity::find().count(&app.db).await?, 0);

    let mut approved = terms();
    approved["unionApproval"] =
        json!({ "representative": "Tina Tillid", "approvedOn": "2026-10-30" });
    let granted = grant(&app, &w, &order, &candidate, approved).await?;
    ok(&granted)?;
    let p = &granted["placements"][0];
    assert_eq!(
        (
            &p["status"],
            &p["kind"],
            &p["unionRepresentative"],
            &p["planDraftVersion"]
        ),
        (
            &json!("GRANTED"),
            &json!("WAGE_SUBSIDY"),
            &json!("Tina Tillid"),
            &json!(1)
        )
    );
    // Rule 5: the offer is in the citizen's plan draft, for the caseworker to publish.
    let draft = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { plan { draftOffers { offerKindCode description } } } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await?;
    assert_eq!(
        draft["caseworker"]["citizen"]["plan"]["draftOffers"],
        json!([{ "offerKindCode": "LOENTILSKUD", "description": "Løntilskud hos Virksomhed K" }]),
        "{draft}"
    );
    // The same candidate is placed once.
    let again = grant(&app, &w, &order, &candidate, json!({ "startsOn": "2026-12-01", "unionApproval": { "representative": "Tina Tillid", "approvedOn": "2026-10-30" } })).await?;
    assert_eq!(user_error(&again).0, "ALREADY_DONE");

    // A start in the future is refused; the real start fills the order's one position.
    let id = p["id"].as_str().unwrap_or_default().to_string();
    let early = mutate(
        &app,
        &w.caseworker_a,
        START,
        json!({ "id": id, "on": "2026-12-01" }),
        "startPlacement",
    )
    .await?;
    assert_eq!(user_error(&early).0, "INVALID_PERIOD");
    let started = mutate(
        &app,
        &w.caseworker_a,
        START,
        json!({ "id": id, "on": "2026-11-02" }),
        "startPlacement",
    )
    .await?;
    ok(&started)?;
    assert_eq!(started["placement"]["status"], "STARTED");
    let filled = job_order::Entity::find_by_id(uuid::Uuid::parse_str(&order)?)
        .one(&app.db)
        .await?
        .map(|o| o.status);
    assert_eq!(filled, Some(jobbro_entities::enums::JobOrderStatus::Filled));
    let twice = mutate(
        &app,
        &w.caseworker_a,
        START,
        json!({ "id": id, "on": "2026-11-02" }),
        "startPlacement",
    )
    .await?;
    assert_eq!(user_error(&twice).0, "WRONG_STATE");
    // A filled order is never matched again.
    let matches = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { candidatesFor(jobOrderId: $id) { citizenId } } }",
        json!({ "id": order }),
    )
    .await?;
    assert_eq!(matches["caseworker"]["candidatesFor"], json!([]));
    Ok(())
}

#[tokio::test]
async fn only_the_job_centre_grants_and_only_what_the_rules_allow() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (order, candidate) = presented(&app, &w).await?;
    // Rule 17: a company cannot grant.
    let by_company = app
        .gql(
            Some(&w.company_k),
            GRANT,
            json!({ "input": { "jobOrderId": order, "candidateIds": [candidate], "terms": terms() } }),
        )
        .await;
    assert_eq!(
        jobbro_api::testing::error_code(&by_company),
        Some("FORBIDDEN")
    );

    // A proposed (not presented) candidate is not granted; nothing of the batch is written.
    let other = mutate(
        &app,
        &w.caseworker_a,
        "mutation($o: ID!, $c: ID!) { proposeCandidate(input: {jobOrderId: $o, citizenId: $c}) { candidateId userErrors { code } } }",
        json!({ "o": order, "c": w.citizen_2.subject.to_string() }),
        "proposeCandidate",
    )
    .await?;
    let other = other["candidateId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let batch = mutate(
        &app,
        &w.caseworker_a,
        GRANT,
        json!({ "input": { "jobOrderId": order, "candidateIds": [candidate, other], "terms": terms() } }),
        "grantPlacements",
    )
    .await?;
    assert_eq!(
        user_error(&batch),
        (json!("WRONG_STATE"), json!(["input", "candidateIds", "1"]))
    );
    assert_eq!(placement::Entity::find().count(&app.db).await?, 0);

    // A flex job with a company the citizen found: only with the flex-job visitation.
    let own = json!({ "input": {
        "citizenId": w.citizen_1.subject.to_string(),
        "productionUnitId": w.company_k_unit1.to_string(), "kind": "FLEX_JOB",
        "terms": { "startsOn": "2026-12-01", "endsOn": "2026-11-30" } } });
    let backwards = mutate(
        &app,
        &w.caseworker_a,
        GRANT_OWN,
        own.clone(),
        "grantPlacement",
    )
    .await?;
    assert_eq!(
        user_error(&backwards),
        (json!("INVALID_PERIOD"), json!(["input", "terms", "endsOn"]))
    );
    let mut own = own;
    own["input"]["terms"]["endsOn"] = json!(null);
    let not_visited = mutate(
        &app,
        &w.caseworker_a,
        GRANT_OWN,
        own.clone(),
        "grantPlacement",
    )
    .await?;
    assert_eq!(user_error(&not_visited).0, "NOT_ELIGIBLE");
    jobbro_api::testing::set_target_group(&app.db, w.citizen_1.subject, "FLEKSJOB").await?;
    let granted = mutate(&app, &w.caseworker_a, GRANT_OWN, own, "grantPlacement").await?;
    ok(&granted)?;
    assert_eq!(granted["placement"]["kind"], "FLEX_JOB");
    Ok(())
}

#[tokio::test]
async fn twenty_grants_of_one_candidate_at_once_place_them_once() -> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let (order, candidate) = presented(&app, &w).await?;
    let gate = Arc::new(tokio::sync::Barrier::new(20));
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, gate, who) = (app.clone(), gate.clone(), w.caseworker_a);
            let input = json!({ "input": { "jobOrderId": order, "candidateIds": [candidate], "terms": terms() } });
            tokio::spawn(async move {
                gate.wait().await;
                app.gql(Some(&who), GRANT, input).await
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        let answer = t.await?;
        assert!(answer["errors"].is_null(), "{answer}");
        codes.push(
            answer["data"]["grantPlacements"]["userErrors"][0]["code"]
                .as_str()
                .unwrap_or("OK")
                .to_string(),
        );
    }
    assert_eq!(codes.iter().filter(|c| *c == "OK").count(), 1, "{codes:?}");
    assert_eq!(placement::Entity::find().count(&app.db).await?, 1);
    // The plan draft holds the one offer.
    let draft = plan::Entity::find()
        .one(&app.db)
        .await?
        .map(|p| p.draft)
        .unwrap_or_default();
    assert_eq!(draft.matches("LOENTILSKUD").count(), 1, "{draft}");
    Ok(())
}
