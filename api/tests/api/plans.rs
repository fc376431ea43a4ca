//! Plans, Min Plan (UC4, `000:168-179`, `002:286-297`): drafts and numbered, hashed, immutable
//! versions; delivery in the portal or by Digital Post and validity (rule 5, `003:401-438`);
//! acknowledgement (kvittering); follow-up with files and comments from providers and companies
//! (`000:171-176`); who sees what (rule 15, `003:2708-2739`); history across cases (rule 19,
//! `003:627-633`); language requests. Everything goes through GraphQL as the portals call it
//! (the follow-up as a GraphQL multipart request); outbox effects are run with the worker and
//! read from the database.

use anyhow::Context as _;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{Principal, TestApp, World, error_code, test_epoch, world},
};
use jobbro_entities::{
    alert, case, citizen,
    enums::{Channel, LetterStatus, VisitationCategory},
    letter, plan_attachment, plan_follow_up, plan_version, stored_file,
};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, sea_query::Expr,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, mutate, ok, query, time_of, user_error},
    outbox::run_worker,
};

// ---------------------------------------------------------------------------------------------
// Operations and helpers.
// ---------------------------------------------------------------------------------------------

/// Every field of a version that every role may read (`followUps` is asked for separately).
const VERSION: &str = "fragment V on PlanVersion {
  id number contentHash publishedAt delivery deliveredAt acknowledgementRequested supersededAt
  valid
  acknowledgement { contentHash channel acknowledgedAt }
  goals { id text }
  activities { id description goalId startsOn endsOn providerId companyId }
  offers { id offerKindCode description valid }
  appointments { id text dueOn }
  languageRequests { language status requestedAt }
}";

const FOLLOW_UPS: &str = "followUps { id itemId author text createdAt attachments { id filename contentType sizeBytes } }";

const STAFF_PLAN: &str = "draftVersion draftUpdatedAt
  draftGoals { id text }
  draftActivities { id description goalId startsOn endsOn providerId companyId }
  draftOffers { id offerKindCode description }
  draftAppointments { id text dueOn }";

fn update_draft_op() -> String {
    format!(
        "mutation($input: UpdatePlanDraftInput!) {{
  updatePlanDraft(input: $input) {{
    plan {{ {STAFF_PLAN} versions {{ ...V }} }}
    userErrors {{ field code message }}
  }}
}}
{VERSION}"
    )
}

fn publish_op() -> String {
    format!(
        "mutation($input: PublishPlanInput!) {{
  publishPlan(input: $input) {{ version {{ ...V }} userErrors {{ field code message }} }}
}}
{VERSION}"
    )
}

fn acknowledge_op() -> String {
    format!(
        "mutation($id: ID!) {{
  acknowledgePlan(input: {{versionId: $id}}) {{ version {{ ...V }} userErrors {{ field code message }} }}
}}
{VERSION}"
    )
}

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

fn my_plan_op() -> String {
    format!("query {{ citizen {{ planVersions {{ ...V {FOLLOW_UPS} }} }} }}\n{VERSION}")
}

fn staff_plan_op() -> String {
    format!(
        "query($id: ID!) {{
  caseworker {{ citizen(id: $id) {{ id plan {{ {STAFF_PLAN} versions {{ ...V {FOLLOW_UPS} }} }} }} }}
}}
{VERSION}"
    )
}

const SUBMIT: &str = "mutation($input: SubmitPlanFollowUpInput!) {
  submitPlanFollowUp(input: $input) {
    followUp { id itemId author text createdAt attachments { id filename contentType sizeBytes } }
    userErrors { field code message }
  }
}";

const COMMENT: &str = "mutation($input: CommentOnPlanActivityInput!) {
  commentOnPlanActivity(input: $input) {
    followUp { id itemId author text createdAt attachments { id } }
    userErrors { field code message }
  }
}";

const AWAITING: &str = "query {
  caseworker { plansAwaitingAcknowledgement { nodes { citizenId daysWaiting version { id number } } } }
}";

const PROVIDER_PLANS: &str = "query {
  provider { participants(first: 10) { nodes { id plan { id number goals { text } activities { id providerId } } } } }
}";

const COMPANY_ACTIVITIES: &str = "query {
  company { planActivities { nodes { citizenId activity { id description companyId providerId } } } }
}";

/// A draft as the caseworker portal sends it: one goal, an activity run by provider P, an
/// internship hosted by company K, an offer and an appointment. No ids: all items are new.
fn standard_content(w: &World) -> anyhow::Result<Value> {
    let p = w
        .provider_p_coordinator
        .organisation
        .context("provider P has an id")?;
    let k = w.company_k.organisation.context("company K has an id")?;
    Ok(json!({
        "goals": [{ "text": "Job som lagermedarbejder inden sommer" }],
        "activities": [
            { "description": "Mentorforløb hos Provider P", "startsOn": "2026-11-09",
              "endsOn": "2027-01-29", "providerId": p.to_string() },
            { "description": "Virksomhedspraktik på lageret", "startsOn": "2026-12-01",
              "endsOn": "2026-12-22", "companyId": k.to_string() }
        ],
        "offers": [{ "offerKindCode": "VIRKSOMHEDSPRAKTIK", "description": "Praktik, 4 uger" }],
        "appointments": [{ "text": "Søg 2 job om ugen", "dueOn": "2026-12-31" }]
    }))
}

async fn update_draft(
    app: &TestApp,
    who: &Principal,
    citizen: Uuid,
    content: Value,
    expected: i64,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &update_draft_op(),
        json!({ "input": {
            "citizenId": citizen.to_string(), "content": content, "expectedDraftVersion": expected
        }}),
        "updatePlanDraft",
    )
    .await
}

async fn publish_plan(
    app: &TestApp,
    who: &Principal,
    citizen: Uuid,
    expected: i64,
    key: Option<&str>,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &publish_op(),
        json!({ "input": {
            "citizenId": citizen.to_string(), "expectedDraftVersion": expected,
            "idempotencyKey": key
        }}),
        "publishPlan",
    )
    .await
}

/// Publishes the citizen's draft as it stands, saving the standard draft first if the citizen
/// has none; returns the new version.
async fn published(
    app: &TestApp,
    w: &World,
    who: &Principal,
    citizen: Uuid,
) -> anyhow::Result<Value> {
    let mut draft = staff_plan(app, &w.manager_a, citizen).await?["draftVersion"].as_i64();
    if draft.is_none() {
        let saved = update_draft(app, who, citizen, standard_content(w)?, 0).await?;
        ok(&saved)?;
        draft = saved["plan"]["draftVersion"].as_i64();
    }
    let draft = draft.context("no draftVersion")?;
    let payload = publish_plan(app, who, citizen, draft, None).await?;
    ok(&payload)?;
    Ok(payload["version"].clone())
}

async fn acknowledge(app: &TestApp, who: &Principal, version: &str) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &acknowledge_op(),
        json!({ "id": version }),
        "acknowledgePlan",
    )
    .await
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

/// The citizen's own delivered versions, newest first.
async fn my_plan(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<Value>> {
    let data = query(app, who, &my_plan_op(), json!({})).await?;
    data["citizen"]["planVersions"]
        .as_array()
        .cloned()
        .with_context(|| format!("no planVersions in {data}"))
}

/// The plan of a citizen as staff see it (null when the citizen or the plan is not there).
async fn staff_plan(app: &TestApp, who: &Principal, citizen: Uuid) -> anyhow::Result<Value> {
    let data = query(
        app,
        who,
        &staff_plan_op(),
        json!({ "id": citizen.to_string() }),
    )
    .await?;
    Ok(data["caseworker"]["citizen"]["plan"].clone())
}

async fn awaiting(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<(String, i64, i64)>> {
    let data = query(app, who, AWAITING, json!({})).await?;
    let rows = data["caseworker"]["plansAwaitingAcknowledgement"]["nodes"]
        .as_array()
        .with_context(|| format!("no list in {data}"))?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r["citizenId"].as_str().unwrap_or_default().to_string(),
                r["daysWaiting"].as_i64().unwrap_or(-1),
                r["version"]["number"].as_i64().unwrap_or(-1),
            )
        })
        .collect())
}

async fn comment(
    app: &TestApp,
    who: &Principal,
    citizen: Uuid,
    activity: &str,
    text: &str,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        COMMENT,
        json!({ "input": { "citizenId": citizen.to_string(), "activityId": activity, "text": text } }),
        "commentOnPlanActivity",
    )
    .await
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn version_row(app: &TestApp, id: &str) -> anyhow::Result<plan_version::Model> {
    plan_version::Entity::find_by_id(Uuid::parse_str(id)?)
        .one(&app.db)
        .await?
        .with_context(|| format!("no plan version {id}"))
}

async fn set_obliged(app: &TestApp, citizen: Uuid, obliged: bool) -> anyhow::Result<()> {
    citizen::Entity::update_many()
        .col_expr(citizen::Column::ObligedDigital, Expr::value(obliged))
        .filter(citizen::Column::Id.eq(citizen))
        .exec(&app.db)
        .await?;
    Ok(())
}

fn org(p: &Principal) -> anyhow::Result<Uuid> {
    p.organisation.context("the principal has no organisation")
}

/// The id of the activity of `version` run by `provider` or hosted by `company`.
fn activity_of(version: &Value, key: &str, organisation: Uuid) -> anyhow::Result<String> {
    version["activities"]
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|a| a[key] == json!(organisation.to_string()))
        })
        .and_then(|a| a["id"].as_str())
        .map(str::to_string)
        .with_context(|| format!("no activity with {key} {organisation} in {version}"))
}

fn goal_of(version: &Value) -> anyhow::Result<String> {
    version["goals"][0]["id"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("no goal in {version}"))
}

// ---------------------------------------------------------------------------------------------
// Multipart (https://github.com/jaydenseric/graphql-multipart-request-spec).
// ---------------------------------------------------------------------------------------------

/// A file part of a multipart request.
struct Upload {
    filename: &'static str,
    content_type: &'static str,
    bytes: Vec<u8>,
}

const BOUNDARY: &str = "jobbro-plan-test-5b1c0e9a";

/// A small PDF: the header, a catalogue with an empty page tree, and the end marker.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
      2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
      trailer << /Root 1 0 R >>\n%%EOF\n"
        .to_vec()
}

/// A 1x1 transparent PNG.
fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
        0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00,
        0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// Builds the multipart body: `operations`, `map`, then one part per file.
fn multipart_body(operations: &Value, files: &[Upload]) -> Vec<u8> {
    let map: serde_json::Map<String, Value> = (0..files.len())
        .map(|i| {
            (
                i.to_string(),
                json!([format!("variables.input.attachments.{i}")]),
            )
        })
        .collect();
    let mut body = Vec::new();
    let mut part = |disposition: String, content_type: Option<&str>, bytes: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(
            format!("Content-Disposition: form-data; {disposition}\r\n").as_bytes(),
        );
        if let Some(t) = content_type {
            body.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "name=\"operations\"".into(),
        None,
        operations.to_string().as_bytes(),
    );
    part(
        "name=\"map\"".into(),
        None,
        Value::Object(map).to_string().as_bytes(),
    );
    for (i, f) in files.iter().enumerate() {
        part(
            format!("name=\"{i}\"; filename=\"{}\"", f.filename),
            Some(f.content_type),
            &f.bytes,
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// `submitPlanFollowUp` as the citizen portal sends it: a GraphQL multipart request.
async fn submit_follow_up(
    app: &TestApp,
    who: &Principal,
    item_id: &str,
    text: &str,
    files: &[Upload],
) -> anyhow::Result<Value> {
    submit_follow_up_with_key(app, who, (item_id, text), files, None).await
}

/// As [`submit_follow_up`], with an idempotency key.
async fn submit_follow_up_with_key(
    app: &TestApp,
    who: &Principal,
    (item_id, text): (&str, &str),
    files: &[Upload],
    key: Option<&str>,
) -> anyhow::Result<Value> {
    let slots: Vec<Value> = files.iter().map(|_| Value::Null).collect();
    let operations = json!({
        "query": SUBMIT,
        "variables": { "input": {
            "itemId": item_id, "text": text, "attachments": slots, "idempotencyKey": key
        } }
    });
    let req = Request::post("/graphql")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token(who)))
        .body(Body::from(multipart_body(&operations, files)))?;
    let (status, answer) = app.call(req).await;
    anyhow::ensure!(status == StatusCode::OK, "HTTP {status}: {answer}");
    anyhow::ensure!(
        answer.get("errors").is_none(),
        "submitPlanFollowUp answered with errors: {answer}"
    );
    Ok(answer["data"]["submitPlanFollowUp"].clone())
}

/// How many follow-ups, attachments and stored files there are.
async fn stored_counts(app: &TestApp) -> anyhow::Result<(u64, u64, u64)> {
    Ok((
        plan_follow_up::Entity::find().count(&app.db).await?,
        plan_attachment::Entity::find().count(&app.db).await?,
        stored_file::Entity::find().count(&app.db).await?,
    ))
}

// ---------------------------------------------------------------------------------------------
// 1. Drafts and numbered, hashed, immutable versions (`002:286-297`).
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// 2. Delivery and validity (rule 5, `003:401-438`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn obliged_citizens_get_the_plan_in_the_portal_others_by_digital_post_and_it_is_valid_only_once_delivered_rule_5_003_401_438()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);

    // Citizen 1 is obliged to use the portal: delivered there at once, valid, to acknowledge.
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v1["delivery"], "PORTAL");
    assert_eq!(time_of(&v1["deliveredAt"])?, test_epoch());
    assert_eq!(v1["valid"], true);
    assert_eq!(v1["acknowledgementRequested"], true);
    assert_eq!(v1["offers"][0]["valid"], true);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], v1["id"]);

    // Citizen 2 is not obliged and prefers SMS: the plan goes by Digital Post, and until the
    // letter is out the version binds nobody.
    set_obliged(&app, c2, false).await?;
    citizen::Entity::update_many()
        .col_expr(citizen::Column::PreferredChannel, Expr::value(Channel::Sms))
        .filter(citizen::Column::Id.eq(c2))
        .exec(&app.db)
        .await?;
    let v = published(&app, &w, &w.caseworker_a2, c2).await?;
    assert_eq!(v["delivery"], "DIGITAL_POST");
    assert_eq!(v["deliveredAt"], Value::Null);
    assert_eq!(v["valid"], false);
    assert_eq!(v["acknowledgementRequested"], false);
    let offers = v["offers"].as_array().context("offers")?;
    assert!(
        !offers.is_empty() && offers.iter().all(|o| o["valid"] == false),
        "{offers:?}"
    );
    assert!(
        my_plan(&app, &w.citizen_2).await?.is_empty(),
        "not delivered, not shown"
    );
    let staff = staff_plan(&app, &w.caseworker_a2, c2).await?;
    assert_eq!(
        staff["versions"][0]["valid"], false,
        "staff see it, marked invalid"
    );
    // The provider the citizen is referred to sees no plan before it is delivered.
    let providers = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        providers["provider"]["participants"]["nodes"][0]["plan"],
        Value::Null
    );

    // The worker sends the letter by Digital Post, whatever channel the citizen prefers, and
    // the version is delivered with it.
    app.clock.advance(Duration::minutes(10));
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(c2))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(letters[0].kind, "PLAN_VERSION");
    assert_eq!(letters[0].channel, Channel::DigitalPost);
    assert_eq!(letters[0].status, LetterStatus::Sent);
    assert_eq!(letters[0].sent_at, Some(app.clock.now()));
    assert_eq!(
        letter::Entity::find()
            .filter(letter::Column::CitizenId.eq(c1))
            .count(&app.db)
            .await?,
        0,
        "a portal delivery sends no letter"
    );
    let mine = my_plan(&app, &w.citizen_2).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], v["id"]);
    assert_eq!(time_of(&mine[0]["deliveredAt"])?, app.clock.now());
    assert_eq!(mine[0]["valid"], true);
    assert!(
        mine[0]["offers"]
            .as_array()
            .context("offers")?
            .iter()
            .all(|o| o["valid"] == true)
    );
    assert_eq!(mine[0]["acknowledgementRequested"], false);
    let providers = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        providers["provider"]["participants"]["nodes"][0]["plan"]["id"],
        v["id"]
    );

    // An activity-ready citizen cannot be obliged to use the portal (`003:417`): even with the
    // flag set, the plan goes by Digital Post and no acknowledgement is asked for.
    case::Entity::update_many()
        .col_expr(
            case::Column::VisitationCategory,
            Expr::value(VisitationCategory::ActivityReady),
        )
        .filter(case::Column::CitizenId.eq(c1))
        .exec(&app.db)
        .await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v2["number"], 2);
    assert_eq!(v2["delivery"], "DIGITAL_POST");
    assert_eq!(v2["acknowledgementRequested"], false);
    assert_eq!(v2["valid"], false);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(
        mine.len(),
        1,
        "version 2 is not shown before it is delivered"
    );
    assert_eq!(mine[0]["number"], 1);
    app.clock.advance(Duration::minutes(10));
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(c1))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(
        (
            letters[0].kind.as_str(),
            letters[0].channel,
            letters[0].status
        ),
        ("PLAN_VERSION", Channel::DigitalPost, LetterStatus::Sent)
    );
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 2);
    assert_eq!(
        (mine[0]["number"].clone(), mine[0]["valid"].clone()),
        (json!(2), json!(true))
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Acknowledgement (kvittering, `003:401-438`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn obliged_citizens_acknowledge_the_current_version_and_staff_see_who_has_not_003_401_438()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);
    let (c1_id, c2_id) = (c1.to_string(), c2.to_string());

    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    app.clock.advance(Duration::hours(1));
    let other = published(&app, &w, &w.caseworker_a2, c2).await?;

    // Each caseworker sees their own caseload waiting; the manager the whole job centre; the
    // other job centre nothing.
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 0, 1)]
    );
    assert_eq!(
        awaiting(&app, &w.caseworker_a2).await?,
        vec![(c2_id.clone(), 0, 1)]
    );
    assert_eq!(
        awaiting(&app, &w.manager_a).await?,
        vec![(c1_id.clone(), 0, 1), (c2_id.clone(), 0, 1)],
        "longest waiting first"
    );
    assert!(awaiting(&app, &w.caseworker_b).await?.is_empty());

    // Three days later the waiting shows.
    app.clock.set(test_epoch() + Duration::days(3));
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 3, 1)]
    );

    // Another citizen cannot acknowledge citizen 1's version.
    let v1_id = id_of(&v1)?;
    let refused = acknowledge(&app, &w.citizen_2, &v1_id).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "versionId"]))
    );
    assert_eq!(refused["version"], Value::Null);

    // The citizen acknowledges: the hash of what was read, in the portal, now.
    let acked_at = app.clock.now();
    let done = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    ok(&done)?;
    let ack = &done["version"]["acknowledgement"];
    assert_eq!(ack["contentHash"], v1["contentHash"]);
    assert_eq!(ack["channel"], "PORTAL");
    assert_eq!(time_of(&ack["acknowledgedAt"])?, acked_at);

    // A replay is harmless: the first acknowledgement stands.
    app.clock.advance(Duration::hours(2));
    let replay = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    ok(&replay)?;
    assert_eq!(&replay["version"]["acknowledgement"], ack);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(&mine[0]["acknowledgement"], ack);

    // Acknowledged: off the list; citizen 2 is still waiting.
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());
    assert_eq!(
        awaiting(&app, &w.manager_a).await?,
        vec![(c2_id.clone(), 3, 1)],
        "{other}"
    );

    // Version 2 replaces version 1: acknowledging 1 now is stale, 2 waits.
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    let stale = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    assert_eq!(
        user_error(&stale),
        (json!("STALE_VERSION"), json!(["input", "versionId"]))
    );
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 0, 2)]
    );
    ok(&acknowledge(&app, &w.citizen_1, &id_of(&v2)?).await?)?;
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());

    // A Digital Post version needs no acknowledgement and is never waited for.
    set_obliged(&app, c1, false).await?;
    let v3 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v3["delivery"], "DIGITAL_POST");
    run_worker(&app).await?;
    let refused = acknowledge(&app, &w.citizen_1, &id_of(&v3)?).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "versionId"]))
    );
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine[0]["number"], 3);
    assert_eq!(mine[0]["acknowledgement"], Value::Null);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Follow-up on goals and activities (`000:171-176`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn citizens_send_follow_up_with_files_and_providers_and_companies_comment_on_their_activities_000_171_176()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let goal = goal_of(&v1)?;
    let provider_activity = activity_of(&v1, "providerId", org(&w.provider_p_coordinator)?)?;
    let company_activity = activity_of(&v1, "companyId", org(&w.company_k)?)?;
    run_worker(&app).await?;

    // A PDF and a PNG on the goal, as a multipart request.
    app.clock.advance(Duration::hours(1));
    let files = [
        Upload {
            filename: "ansoegning.pdf",
            content_type: "application/pdf",
            bytes: pdf(),
        },
        Upload {
            filename: "kvittering.png",
            content_type: "image/png",
            bytes: png(),
        },
    ];
    let sent = submit_follow_up(
        &app,
        &w.citizen_1,
        &goal,
        "Jeg har søgt to job som lagermedarbejder, se vedhæftet.",
        &files,
    )
    .await?;
    ok(&sent)?;
    let follow_up = &sent["followUp"];
    assert_eq!(follow_up["itemId"], json!(goal));
    assert_eq!(follow_up["author"], "CITIZEN");
    assert_eq!(time_of(&follow_up["createdAt"])?, app.clock.now());
    let attachments = follow_up["attachments"].as_array().context("attachments")?;
    assert_eq!(attachments.len(), 2);
    for (a, f) in attachments.iter().zip(&files) {
        assert_eq!(a["filename"], f.filename);
        assert_eq!(a["contentType"], f.content_type);
        assert_eq!(a["sizeBytes"], json!(f.bytes.len()));
    }
    // The bytes are stored, with their SHA-256.
    let rows = plan_attachment::Entity::find().all(&app.db).await?;
    assert_eq!(rows.len(), 2);
    for f in &files {
        let row = rows
            .iter()
            .find(|r| r.filename == f.filename)
            .with_context(|| format!("no attachment row for {}", f.filename))?;
        let stored = stored_file::Entity::find_by_id(row.file_key.clone())
            .one(&app.db)
            .await?
            .with_context(|| format!("no stored file {}", row.file_key))?;
        assert_eq!(stored.bytes, f.bytes);
        assert_eq!(stored.sha256, sha256_hex(&f.bytes));
        assert_eq!(stored.content_type, f.content_type);
        assert_eq!(stored.size_bytes, f.bytes.len() as i64);
    }
    let before = stored_counts(&app).await?;
    assert_eq!(before, (1, 2, 2));

    // A ".pdf" that is really text is refused, and nothing of the submission is stored.
    let fake = [
        Upload {
            filename: "cv.pdf",
            content_type: "application/pdf",
            bytes: pdf(),
        },
        Upload {
            filename: "laegeerklaering.pdf",
            content_type: "application/pdf",
            bytes: b"Dette er bare tekst, ikke en PDF.".to_vec(),
        },
    ];
    let refused = submit_follow_up(&app, &w.citizen_1, &goal, "Se vedhæftet.", &fake).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "attachments", "1"]))
    );
    assert_eq!(refused["followUp"], Value::Null);
    assert_eq!(stored_counts(&app).await?, before);

    // At most five files.
    let six: Vec<Upload> = (0..6)
        .map(|_| Upload {
            filename: "side.png",
            content_type: "image/png",
            bytes: png(),
        })
        .collect();
    let refused = submit_follow_up(&app, &w.citizen_1, &goal, "Seks sider.", &six).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "attachments"]))
    );
    assert_eq!(stored_counts(&app).await?, before);

    // Only goals and activities of the current plan.
    let refused = submit_follow_up(&app, &w.citizen_1, "goal-unknown", "Hej.", &[]).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "itemId"]))
    );
    assert_eq!(stored_counts(&app).await?, before);

    // The submission alerts the assigned caseworker (and only them) once the worker has run.
    run_worker(&app).await?;
    let alerts = alert::Entity::find()
        .filter(alert::Column::Kind.eq("PLAN_FOLLOW_UP"))
        .all(&app.db)
        .await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].caseworker_id, w.caseworker_a.subject);
    assert_eq!(alerts[0].citizen_id, Some(c1));
    let inbox = query(
        &app,
        &w.caseworker_a,
        "query { caseworker { alerts(first: 10) { nodes { kind citizenId message } } } }",
        json!({}),
    )
    .await?;
    let nodes = inbox["caseworker"]["alerts"]["nodes"]
        .as_array()
        .context("alerts")?;
    assert!(
        nodes
            .iter()
            .any(|n| n["kind"] == "PLAN_FOLLOW_UP" && n["citizenId"] == json!(c1.to_string())),
        "{nodes:?}"
    );

    // Provider P runs an activity: its staff may comment on it, not on the company's.
    let said = comment(
        &app,
        &w.provider_p_staff1,
        c1,
        &provider_activity,
        "Godt fremmøde de første to uger.",
    )
    .await?;
    ok(&said)?;
    assert_eq!(said["followUp"]["author"], "PROVIDER");
    assert_eq!(said["followUp"]["itemId"], json!(provider_activity));
    let refused = comment(&app, &w.provider_p_staff1, c1, &company_activity, "Hej.").await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "activityId"]))
    );
    // Staff of P not assigned to citizen 1 do not reach the citizen at all.
    let refused = comment(&app, &w.provider_p_staff2, c1, &provider_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));
    // Provider Q runs nothing for citizen 1.
    let refused = comment(
        &app,
        &w.provider_q_coordinator,
        c1,
        &provider_activity,
        "Hej.",
    )
    .await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));

    // Company K hosts the internship: it sees that activity, nothing more, and may comment.
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    let listed = k["company"]["planActivities"]["nodes"]
        .as_array()
        .context("planActivities")?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["citizenId"], json!(c1.to_string()));
    assert_eq!(listed[0]["activity"]["id"], json!(company_activity));
    assert_eq!(
        listed[0]["activity"]["companyId"],
        json!(org(&w.company_k)?.to_string())
    );
    let said = comment(
        &app,
        &w.company_k,
        c1,
        &company_activity,
        "Praktikken starter mandag kl. 7.",
    )
    .await?;
    ok(&said)?;
    assert_eq!(said["followUp"]["author"], "COMPANY");
    let refused = comment(&app, &w.company_k, c1, &provider_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));
    // Company L hosts nothing.
    let l = query(&app, &w.company_l, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(l["company"]["planActivities"]["nodes"], json!([]));
    let refused = comment(&app, &w.company_l, c1, &company_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));

    // Each comment alerts the caseworker too.
    run_worker(&app).await?;
    assert_eq!(
        alert::Entity::find()
            .filter(alert::Column::Kind.eq("PLAN_FOLLOW_UP"))
            .filter(alert::Column::CaseworkerId.eq(w.caseworker_a.subject))
            .count(&app.db)
            .await?,
        3
    );

    // The citizen and the caseworker read all three on the version.
    let mine = my_plan(&app, &w.citizen_1).await?;
    let authors: Vec<&Value> = mine[0]["followUps"]
        .as_array()
        .context("followUps")?
        .iter()
        .map(|f| &f["author"])
        .collect();
    assert_eq!(authors, vec!["CITIZEN", "PROVIDER", "COMPANY"]);
    assert_eq!(
        mine[0]["followUps"][0]["attachments"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let staff = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(staff["versions"][0]["followUps"], mine[0]["followUps"]);
    Ok(())
}

/// Follow-ups and comments take an idempotency key: a retry (a lost answer, a double tap) with
/// the same key returns the first follow-up and stores nothing twice; the same key with another
/// text or other files is refused.
#[tokio::test]
async fn a_follow_up_or_comment_retried_with_its_idempotency_key_is_kept_once() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let goal = goal_of(&v1)?;
    let provider_activity = activity_of(&v1, "providerId", org(&w.provider_p_coordinator)?)?;
    let file = |bytes: Vec<u8>| Upload {
        filename: "ansoegning.pdf",
        content_type: "application/pdf",
        bytes,
    };
    let item = (goal.as_str(), "Jeg har søgt to job.");
    let key = Some("follow-up-1");

    let first = submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(pdf())], key).await?;
    ok(&first)?;
    let again = submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(pdf())], key).await?;
    assert_eq!(again, first, "the retry answers with the first follow-up");
    assert_eq!(
        stored_counts(&app).await?,
        (1, 1, 1),
        "nothing stored twice"
    );
    let mut other_pdf = pdf();
    other_pdf.extend_from_slice(b"\n% another scan\n");
    let other =
        submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(other_pdf)], key).await?;
    assert_eq!(
        user_error(&other),
        (
            json!("IDEMPOTENCY_KEY_REUSED"),
            json!(["input", "idempotencyKey"])
        )
    );
    assert_eq!(stored_counts(&app).await?, (1, 1, 1));

    let input = json!({ "input": {
        "citizenId": c1.to_string(), "activityId": provider_activity,
        "text": "Godt fremmøde.", "idempotencyKey": "comment-1"
    }});
    let said = mutate(
        &app,
        &w.provider_p_staff1,
        COMMENT,
        input.clone(),
        "commentOnPlanActivity",
    )
    .await?;
    ok(&said)?;
    let again = mutate(
        &app,
        &w.provider_p_staff1,
        COMMENT,
        input,
        "commentOnPlanActivity",
    )
    .await?;
    assert_eq!(again["followUp"]["id"], said["followUp"]["id"]);
    assert_eq!(stored_counts(&app).await?.0, 2, "one comment, not two");
    Ok(())
}

/// While a new version is on its way by Digital Post, the delivered one stays in force: the
/// company hosting an activity in it still sees the activity it may comment on.
#[tokio::test]
async fn a_company_keeps_seeing_its_activity_while_the_next_version_is_not_yet_delivered_rule_5()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let company_activity = activity_of(&v1, "companyId", org(&w.company_k)?)?;

    set_obliged(&app, c1, false).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v2["valid"], false);

    // Version 1 is what binds until version 2 is delivered: the provider reads it, the company
    // sees its activity in it, and both may comment.
    let p = query(&app, &w.provider_p_staff1, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        p["provider"]["participants"]["nodes"][0]["plan"]["number"],
        1
    );
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(
        k["company"]["planActivities"]["nodes"][0]["activity"]["id"],
        json!(company_activity),
        "{k}"
    );
    ok(&comment(&app, &w.company_k, c1, &company_activity, "Vi er klar.").await?)?;

    run_worker(&app).await?;
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    let listed = k["company"]["planActivities"]["nodes"]
        .as_array()
        .context("planActivities")?;
    assert_eq!(
        listed.len(),
        1,
        "one activity, from the delivered version 2: {listed:?}"
    );
    assert_eq!(listed[0]["activity"]["id"], json!(company_activity));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. Who sees what (rule 15, `003:2708-2739`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn each_role_sees_only_its_part_of_the_plan_rule_15_003_2708_2739() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);
    published(&app, &w, &w.caseworker_a, c1).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;

    // The citizen: own delivered versions only.
    let mine = my_plan(&app, &w.citizen_1).await?;
    let numbers: Vec<&Value> = mine.iter().map(|v| &v["number"]).collect();
    assert_eq!(numbers, vec![&json!(2), &json!(1)]);
    assert!(my_plan(&app, &w.citizen_2).await?.is_empty());
    assert!(my_plan(&app, &w.citizen_3).await?.is_empty());

    // Caseworker B (another job centre) neither sees nor changes citizen 1's plan.
    let data = query(
        &app,
        &w.caseworker_b,
        &staff_plan_op(),
        json!({ "id": c1.to_string() }),
    )
    .await?;
    assert_eq!(data["caseworker"]["citizen"], Value::Null, "{data}");
    let refused = update_draft(&app, &w.caseworker_b, c1, standard_content(&w)?, 1).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "citizenId"]))
    );
    let refused = publish_plan(&app, &w.caseworker_b, c1, 1, None).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "citizenId"]))
    );
    assert_eq!(plan_version::Entity::find().count(&app.db).await?, 2);
    // Another caseworker of the same job centre sees it (own job centre).
    assert_eq!(
        staff_plan(&app, &w.caseworker_a2, c1).await?["versions"][0]["number"],
        2
    );

    // Provider P: the current version of each referred citizen, nothing for citizen 2 (no
    // plan), and never the follow-ups.
    let data = query(&app, &w.provider_p_coordinator, PROVIDER_PLANS, json!({})).await?;
    let nodes = data["provider"]["participants"]["nodes"]
        .as_array()
        .context("participants")?;
    assert_eq!(nodes.len(), 2);
    let one = nodes
        .iter()
        .find(|n| n["id"] == json!(c1.to_string()))
        .context("citizen 1 is referred to P")?;
    assert_eq!(one["plan"]["id"], v2["id"]);
    assert_eq!(one["plan"]["number"], 2);
    assert_eq!(
        one["plan"]["goals"],
        json!([{ "text": "Job som lagermedarbejder inden sommer" }])
    );
    let two = nodes
        .iter()
        .find(|n| n["id"] == json!(c2.to_string()))
        .context("citizen 2 is referred to P")?;
    assert_eq!(two["plan"], Value::Null);
    // Staff 2 is assigned citizen 2 only, so does not see citizen 1's plan.
    let data = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    let ids: Vec<&Value> = data["provider"]["participants"]["nodes"]
        .as_array()
        .context("participants")?
        .iter()
        .map(|n| &n["id"])
        .collect();
    assert_eq!(ids, vec![&json!(c2.to_string())]);
    let answer = app
        .gql(
            Some(&w.provider_p_coordinator),
            "query { provider { participants(first: 10) { nodes { plan { number followUps { text } } } } } }",
            json!({}),
        )
        .await;
    // Not refused at run time but absent from the type: a provider's plan version has no
    // follow-ups field at all.
    assert_eq!(answer["data"], Value::Null, "{answer}");
    assert!(
        answer["errors"][0]["message"].as_str().is_some_and(
            |m| m.contains("Unknown field \"followUps\" on type \"ProviderPlanVersion\"")
        ),
        "{answer}"
    );

    // Provider Q has no participants, so no plans.
    let data = query(&app, &w.provider_q_coordinator, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(data["provider"]["participants"]["nodes"], json!([]));

    // Companies: `planActivities` is the only plan field they have.
    let answer = app
        .gql(
            Some(&w.company_k),
            "query { company { candidates(first: 10) { nodes { plan { number } } } } }",
            json!({}),
        )
        .await;
    assert!(answer.get("errors").is_some(), "{answer}");
    let types = app
        .gql(
            Some(&w.company_k),
            "query {
              workspace: __type(name: \"CompanyWorkspace\") { fields { name } }
              candidate: __type(name: \"CompanyCandidate\") { fields { name } }
              activity: __type(name: \"CompanyPlanActivity\") { fields { name } }
            }",
            json!({}),
        )
        .await;
    let mut plan_fields = Vec::new();
    for t in ["workspace", "candidate", "activity"] {
        let fields = types["data"][t]["fields"]
            .as_array()
            .with_context(|| format!("no {t} in {types}"))?;
        plan_fields.extend(
            fields
                .iter()
                .filter_map(|f| f["name"].as_str())
                .filter(|n| n.to_lowercase().contains("plan"))
                .map(str::to_string),
        );
    }
    assert_eq!(plan_fields, vec!["planActivities"]);
    // And a company cannot read a citizen's plan through the staff or citizen roots.
    let answer = app
        .gql(
            Some(&w.company_k),
            &staff_plan_op(),
            json!({ "id": c1.to_string() }),
        )
        .await;
    assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. History carries over a new case (rule 19, `003:627-633`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_plan_and_its_history_carry_over_when_the_case_is_closed_and_a_new_one_opened_rule_19_003_627_633()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    published(&app, &w, &w.caseworker_a, c1).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    ok(&acknowledge(&app, &w.citizen_1, &id_of(&v2)?).await?)?;
    let before = staff_plan(&app, &w.caseworker_a, c1).await?;

    // The benefit changes: the dagpenge case is closed and a cash-benefit case opened.
    app.clock.advance(Duration::days(30));
    let now = app.clock.now();
    case::Entity::update_many()
        .col_expr(case::Column::ClosedAt, Expr::value(Some(now)))
        .filter(case::Column::CitizenId.eq(c1))
        .exec(&app.db)
        .await?;
    case::Entity::insert(
        case::Model {
            id: Uuid::now_v7(),
            jobcentre_id: w.jobcentre_a,
            citizen_id: c1,
            contact_group_code: "KONTANTHJAELP_JOBPARAT".into(),
            target_group_code: "KONTANTHJAELP".into(),
            visitation_category: Some(VisitationCategory::JobReady),
            assigned_caseworker_id: Some(w.caseworker_a.subject),
            opened_at: now,
            closed_at: None,
            deadline: None,
            version: 1,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;

    // Draft, versions and acknowledgement are all still there.
    let after = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(after, before);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0]["acknowledgement"]["contentHash"], v2["contentHash"]);

    // The next publication continues the numbering and supersedes version 2.
    let v3 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v3["number"], 3);
    assert_eq!(v3["goals"], v2["goals"], "the item ids carry over too");
    let plan = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(time_of(&plan["versions"][1]["supersededAt"])?, now);
    // The new case puts it on the caseworker's list through the new caseload.
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1.to_string(), 0, 3)]
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. The plan in another language.
// ---------------------------------------------------------------------------------------------

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

#[tokio::test]
async fn a_company_sees_the_activities_it_hosts_by_reference_not_where_its_id_is_written_rule_15()
-> anyhow::Result<()> {
    use jobbro_entities::plan_activity;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let l = org(&w.company_l)?;
    // Company L's id appears in the plan's text, but K hosts the internship.
    let mut content = standard_content(&w)?;
    content["goals"][0]["text"] = json!(format!("Praktik som hos {l}"));
    content["activities"][0]["description"] = json!(format!("Mentor, ikke {l}"));
    let saved = update_draft(&app, &w.caseworker_a, c1, content, 0).await?;
    ok(&saved)?;
    let version = publish_plan(&app, &w.caseworker_a, c1, 1, None).await?;
    ok(&version)?;

    // The published version's activities are rows, in the plan's order, naming who runs and
    // who hosts each.
    let rows = plan_activity::Entity::find()
        .filter(plan_activity::Column::CitizenId.eq(c1))
        .all(&app.db)
        .await?;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows.iter()
            .map(|r| (r.position, r.provider_id, r.company_id))
            .collect::<Vec<_>>(),
        vec![
            (0, Some(org(&w.provider_p_coordinator)?), None),
            (1, None, Some(org(&w.company_k)?)),
        ]
    );

    let seen_by_l = query(&app, &w.company_l, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(seen_by_l["company"]["planActivities"]["nodes"], json!([]));
    let seen_by_k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(
        seen_by_k["company"]["planActivities"]["nodes"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    Ok(())
}
