//! Plans, Min Plan (UC4, `000:168-179`, `002:286-297`): drafts and numbered, hashed, immutable
//! versions; delivery in the portal or by Digital Post and validity (rule 5, `003:401-438`);
//! acknowledgement (kvittering); follow-up with files and comments from providers and companies
//! (`000:171-176`); who sees what (rule 15, `003:2708-2739`); history across cases (rule 19,
//! `003:627-633`); language requests. Everything goes through GraphQL as the portals call it
//! (the follow-up as a GraphQL multipart request); outbox effects are run with the worker and
//! read from the database.

mod acknowledgement;
mod drafts;
mod follow_ups;
mod language;
mod publication;
mod visibility;

use anyhow::Context as _;
use jobbro_api::testing::{Principal, TestApp, World};
use jobbro_entities::{citizen, plan_version};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::support::graphql::{mutate, ok, query};

// Operations and helpers the plan tests share.

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
