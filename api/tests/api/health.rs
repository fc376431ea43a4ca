//! Health information (UC2, `000:132-142`): a request needs a question written for the case, not
//! a help question (`003:4195-4222`); the clinician's document arrives through the integration
//! and is filed on the case with no manual step, alerting the caseworker (`003:4303-4315`); only
//! the caseworker assigned to the case reads the content, each document read is its own HEALTH
//! row in the access log, a manager sees status and dates only, the citizen the status only,
//! and nobody else anything.

use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, World, test_epoch, world};
use jobbro_entities::{audit_read, case, enums::AuditCategory, health_document, health_request};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{mutate, ok, query, user_error},
    outbox::{alerts, kinds, run_worker},
};

const REQUEST: &str = "mutation($input: RequestHealthInformationInput!) { requestHealthInformation(input: $input) { healthRequest { id status dueOn certificateType content { questions } } userErrors { code field message } } }";
const DELIVER: &str = "mutation($id: ID!, $ext: String!) { deliverHealthDocument(input: {healthRequestId: $id, externalId: $ext, title: \"LÆ 265\", body: \"Borgeren kan arbejde 10 timer om ugen.\"}) { healthRequestId userErrors { code field } } }";
const SEND: &str = "mutation($id: ID!, $body: String!) { sendHealthMessage(input: {healthRequestId: $id, body: $body}) { healthMessage { sender body } userErrors { code field } } }";
const CLINICIAN: &str = "mutation($id: ID!, $body: String!) { postClinicianMessage(input: {healthRequestId: $id, body: $body}) { healthRequestId userErrors { code field } } }";
const STAFF_VIEW: &str = "query($id: ID!) { caseworker { citizen(id: $id) { healthRequests { id status receivedAt filedAt certificateType recipientName content { requestId questions documents { id title body } messages { sender body } } } } } }";
const STATUS_VIEW: &str =
    "query($id: ID!) { caseworker { citizen(id: $id) { healthRequests { status } } } }";
const OWN_VIEW: &str =
    "{ citizen { healthRequests { id status certificateType content { questions } } } }";

/// The case of citizen 1 (assigned to caseworker A).
async fn case_of(app: &TestApp, w: &World) -> anyhow::Result<Uuid> {
    Ok(case::Entity::find()
        .filter(case::Column::CitizenId.eq(w.citizen_1.subject))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("citizen 1 has no case"))?
        .id)
}

fn input(case: Uuid, questions: &[&str]) -> Value {
    json!({ "input": {
        "caseId": case.to_string(),
        "recipientKind": "GENERAL_PRACTITIONER",
        "recipientName": "Lægerne i Søndergade",
        "certificateType": "LAE_265",
        "questions": questions,
    } })
}

async fn request(app: &TestApp, who: &Principal, vars: Value) -> anyhow::Result<Value> {
    mutate(app, who, REQUEST, vars, "requestHealthInformation").await
}

/// The clinicians' system delivers the document `ext` for the request `id`.
async fn deliver(
    app: &TestApp,
    w: &World,
    id: &Value,
    ext: impl Into<String>,
) -> anyhow::Result<Value> {
    mutate(
        app,
        &w.integration,
        DELIVER,
        json!({ "id": id, "ext": ext.into() }),
        "deliverHealthDocument",
    )
    .await
}

async fn health_rows(app: &TestApp, w: &World) -> anyhow::Result<Vec<audit_read::Model>> {
    Ok(audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            app.db.get_database_backend(),
            &[w.citizen_1.subject],
        ))
        .filter(audit_read::Column::Category.eq(AuditCategory::Health))
        .all(&app.db)
        .await?)
}

async fn staff_view(app: &TestApp, who: &Principal, w: &World) -> anyhow::Result<Value> {
    view(app, who, w, STAFF_VIEW).await
}

/// The statuses of citizen 1's requests, read without their content.
async fn statuses(app: &TestApp, who: &Principal, w: &World) -> anyhow::Result<Value> {
    view(app, who, w, STATUS_VIEW).await
}

async fn view(app: &TestApp, who: &Principal, w: &World, q: &str) -> anyhow::Result<Value> {
    let data = query(
        app,
        who,
        q,
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await?;
    Ok(data["caseworker"]["citizen"]["healthRequests"].clone())
}

#[tokio::test]
async fn a_request_needs_its_own_question_and_bad_input_writes_nothing_003_4195_4222()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let case = case_of(&app, &w).await?;
    let template = "Hvilke helbredsmæssige begrænsninger har borgeren i forhold til arbejde?";
    // A help question as it is (with other spacing and case) is refused.
    let copied = request(
        &app,
        &w.caseworker_a,
        input(
            case,
            &[
                "Hvad har borgeren fortalt om sin ryg?",
                &format!("  {}", template.to_uppercase()),
            ],
        ),
    )
    .await?;
    assert_eq!(
        user_error(&copied),
        (json!("INVALID"), json!(["input", "questions", "1"])),
        "{copied}"
    );
    for (vars, code, field) in [
        (input(case, &[]), "INVALID", json!(["input", "questions"])),
        (
            input(case, &["   "]),
            "INVALID",
            json!(["input", "questions", "0"]),
        ),
        (
            {
                let mut v = input(case, &["Kan borgeren tåle at løfte?"]);
                v["input"]["certificateType"] = json!("LAE_999");
                v
            },
            "NOT_FOUND",
            json!(["input", "certificateType"]),
        ),
    ] {
        let refused = request(&app, &w.caseworker_a, vars).await?;
        assert_eq!(user_error(&refused), (json!(code), field), "{refused}");
    }
    // Another caseworker of the job centre, and the manager, are not assigned to the case.
    for who in [&w.caseworker_a2, &w.manager_a] {
        let refused = request(&app, who, input(case, &["Kan borgeren tåle at løfte?"])).await?;
        assert_eq!(
            user_error(&refused),
            (json!("NOT_ASSIGNED"), json!(["input", "caseId"]))
        );
    }
    // Another job centre's caseworker does not find the case.
    let refused = request(
        &app,
        &w.caseworker_b,
        input(case, &["Kan borgeren tåle at løfte?"]),
    )
    .await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));
    assert_eq!(health_request::Entity::find().count(&app.db).await?, 0);

    let sent = request(
        &app,
        &w.caseworker_a,
        input(
            case,
            &["Kan borgeren tåle at løfte mere end 10 kg efter operationen?"],
        ),
    )
    .await?;
    ok(&sent)?;
    let made = &sent["healthRequest"];
    assert_eq!(made["status"], "REQUESTED");
    // LÆ 265: 14 days to answer, held as data.
    let due = (test_epoch() + Duration::days(14)).date_naive().to_string();
    assert_eq!(made["dueOn"], due);
    assert_eq!(
        made["content"]["questions"],
        json!(["Kan borgeren tåle at løfte mere end 10 kg efter operationen?"])
    );
    Ok(())
}

#[tokio::test]
async fn the_document_is_filed_on_the_case_and_only_the_assigned_caseworker_reads_it_003_4303_4315()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let case = case_of(&app, &w).await?;
    let sent = mutate(
        &app,
        &w.caseworker_a,
        "mutation($input: RequestHealthInformationInput!) { requestHealthInformation(input: $input) { healthRequest { id } userErrors { code } } }",
        input(case, &["Hvor mange timer om ugen kan borgeren arbejde nu?"]),
        "requestHealthInformation",
    )
    .await?;
    ok(&sent)?;
    let id = sent["healthRequest"]["id"].clone();

    // Overdue after the due date, still unanswered.
    app.clock.set(test_epoch() + Duration::days(15));
    let listed = statuses(&app, &w.caseworker_a, &w).await?;
    assert_eq!(listed[0]["status"], "OVERDUE");

    // The document arrives: received, then filed by the outbox with no one closing it.
    let delivered = deliver(&app, &w, &id, "NFS-1").await?;
    ok(&delivered)?;
    let again = deliver(&app, &w, &id, "NFS-1").await?;
    ok(&again)?;
    let too_long = deliver(&app, &w, &id, "x".repeat(201)).await?;
    assert_eq!(
        user_error(&too_long),
        (json!("INVALID"), json!(["input", "externalId"]))
    );
    assert_eq!(health_document::Entity::find().count(&app.db).await?, 1);
    assert_eq!(
        statuses(&app, &w.caseworker_a, &w).await?[0]["status"],
        "RECEIVED"
    );
    run_worker(&app).await?;
    run_worker(&app).await?;
    assert!(
        kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"HEALTH_DOCUMENT_RECEIVED".to_string())
    );
    assert!(
        !kinds(&alerts(&app, &w.caseworker_a2).await?)
            .contains(&"HEALTH_DOCUMENT_RECEIVED".to_string()),
        "only the caseworker on the case is alerted"
    );

    // A thread with the clinician.
    let asked = mutate(
        &app,
        &w.caseworker_a,
        SEND,
        json!({ "id": id, "body": "Kan du uddybe svaret om løft?" }),
        "sendHealthMessage",
    )
    .await?;
    ok(&asked)?;
    ok(&mutate(
        &app,
        &w.integration,
        CLINICIAN,
        json!({ "id": id, "body": "Højst 5 kg de næste tre måneder." }),
        "postClinicianMessage",
    )
    .await?)?;
    let refused = mutate(
        &app,
        &w.manager_a,
        SEND,
        json!({ "id": id, "body": "Hej" }),
        "sendHealthMessage",
    )
    .await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"), "{refused}");

    // A second document, a supplement.
    ok(&deliver(&app, &w, &id, "NFS-2").await?)?;
    run_worker(&app).await?;

    // The caseworker on the case reads everything; each document is a HEALTH row of its own.
    assert!(health_rows(&app, &w).await?.is_empty());
    let seen = staff_view(&app, &w.caseworker_a, &w).await?;
    let request = &seen[0];
    assert_eq!(request["status"], "FILED", "{request}");
    assert!(request["filedAt"].is_string());
    let documents = request["content"]["documents"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(documents.len(), 2, "{request}");
    assert_eq!(
        request["content"]["messages"],
        json!([
            { "sender": "CASEWORKER", "body": "Kan du uddybe svaret om løft?" },
            { "sender": "CLINICIAN", "body": "Højst 5 kg de næste tre måneder." },
        ])
    );
    let rows = health_rows(&app, &w).await?;
    let mut records: Vec<String> = rows
        .iter()
        .filter_map(|r| r.record_id.map(|id| id.to_string()))
        .collect();
    records.sort();
    records.dedup();
    let mut expected: Vec<String> = documents
        .iter()
        .filter_map(|d| d["id"].as_str().map(str::to_string))
        .chain([id.as_str().unwrap_or_default().to_string()])
        .collect();
    expected.sort();
    assert_eq!(
        (records, rows.len()),
        (expected.clone(), expected.len()),
        "one HEALTH row per document, and one for the request's questions and thread"
    );
    assert!(
        rows.iter()
            .all(|r| r.actor_subject == w.caseworker_a.subject.to_string())
    );

    // The manager sees that it exists, its status and dates, never the content.
    let managed = staff_view(&app, &w.manager_a, &w).await?;
    assert_eq!(managed[0]["status"], "FILED");
    assert_eq!(managed[0]["certificateType"], "LAE_265");
    assert!(managed[0]["content"].is_null(), "{managed}");
    // Another caseworker of the job centre does not see it at all.
    assert_eq!(staff_view(&app, &w.caseworker_a2, &w).await?, json!([]));
    assert_eq!(
        health_rows(&app, &w).await?.len(),
        rows.len(),
        "reads without content write no HEALTH row"
    );
    // The citizen sees the request and its status, not the content.
    let own = query(&app, &w.citizen_1, OWN_VIEW, json!({})).await?;
    assert_eq!(own["citizen"]["healthRequests"][0]["status"], "FILED");
    assert!(own["citizen"]["healthRequests"][0]["content"].is_null());
    // The citizen's access log shows the HEALTH reads, naming the documents.
    let log = query(
        &app,
        &w.citizen_1,
        "{ citizen { accessLog(first: 50) { nodes { category recordId } } } }",
        json!({}),
    )
    .await?;
    let health: Vec<&Value> = log["citizen"]["accessLog"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["category"] == "HEALTH")
        .collect();
    assert_eq!(health.len(), expected.len(), "{log}");
    Ok(())
}

#[tokio::test]
async fn providers_and_companies_have_no_way_to_health_information() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // No type a provider, a company or the integration can query leads to a health request.
    for who in [
        &w.provider_p_coordinator,
        &w.provider_p_staff1,
        &w.company_k,
        &w.integration,
    ] {
        let answer = app
            .gql(
                Some(who),
                STAFF_VIEW,
                json!({ "id": w.citizen_1.subject.to_string() }),
            )
            .await;
        assert!(answer["data"]["caseworker"].is_null(), "{answer}");
        let own = app.gql(Some(who), OWN_VIEW, json!({})).await;
        assert!(own["data"]["citizen"].is_null(), "{own}");
    }
    Ok(())
}
