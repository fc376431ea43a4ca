//! Job orders by self-service (UC6, `000:201-218`): a company user posts, changes and closes the
//! orders of the production units they may act for (`003:3663`), every step in the order's log
//! (`003:3543-3563`); after the application deadline an order leaves matching (`003:334-336`).

use std::sync::Arc;

use jobbro_api::testing::{Principal, TestApp, World, world};
use jobbro_entities::{job_order, job_order_log, production_unit};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::graphql::{ok, query, user_error};

const ORDER: &str = "id title kind occupation { code label } description hoursPerWeek positions startsOn applyBy openForCandidates contact { name phone email } requiredSkills status version productionUnitId log { step status actorRole note }";

fn post_mutation() -> String {
    format!(
        "mutation($input: PostJobOrderInput!) {{ postJobOrder(input: $input) {{ jobOrder {{ {ORDER} }} userErrors {{ field code message }} }} }}"
    )
}

fn update_mutation() -> String {
    format!(
        "mutation($input: UpdateJobOrderInput!) {{ updateJobOrder(input: $input) {{ jobOrder {{ {ORDER} }} userErrors {{ field code message }} }} }}"
    )
}

fn close_mutation() -> String {
    format!(
        "mutation($input: CloseJobOrderInput!) {{ closeJobOrder(input: $input) {{ jobOrder {{ {ORDER} }} userErrors {{ field code message }} }} }}"
    )
}

/// The unit company K's first order is at (its user acts for every unit).
async fn unit_of(app: &TestApp, company: &Principal) -> anyhow::Result<String> {
    Ok(production_unit::Entity::find()
        .filter(production_unit::Column::CompanyId.eq(company.organisation.unwrap_or_default()))
        .one(&app.db)
        .await?
        .map(|u| u.id.to_string())
        .unwrap_or_default())
}

/// Terms at `unit`, a cook's job starting in December 2026 (the test clock is 2 November).
fn terms(unit: &str) -> Value {
    json!({
        "kind": "WAGE_SUBSIDY", "title": "Kok til frokostrestaurant", "occupationCode": "5120",
        "description": "Frokostretter og catering, dagtimer.", "hoursPerWeek": 30,
        "productionUnitId": unit, "positions": 2, "startsOn": "2026-12-01",
        "applyBy": "2026-11-20",
        "contact": { "name": "Kim Køkken", "phone": "+45 70 00 00 01" },
        "requiredSkills": ["Hygiejnebevis", " ", "Kørekort B"]
    })
}

async fn post(
    app: &TestApp,
    who: &Principal,
    w: &World,
    terms: Value,
    submit: bool,
) -> anyhow::Result<Value> {
    let answer = query(
        app,
        who,
        &post_mutation(),
        json!({ "input": { "jobcentreId": w.jobcentre_a.to_string(), "terms": terms, "submit": submit } }),
    )
    .await?;
    Ok(answer["postJobOrder"].clone())
}

fn steps(order: &Value) -> Vec<(String, String)> {
    order["log"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            (
                l["step"].as_str().unwrap_or_default().to_string(),
                l["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

async fn counts(app: &TestApp) -> anyhow::Result<(u64, u64)> {
    Ok((
        job_order::Entity::find().count(&app.db).await?,
        job_order_log::Entity::find().count(&app.db).await?,
    ))
}

#[tokio::test]
async fn a_company_posts_an_order_that_goes_to_the_job_centre_with_every_term_and_its_log()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let posted = post(&app, &w.company_k, &w, terms(&unit), true).await?;
    ok(&posted)?;
    let order = &posted["jobOrder"];
    assert_eq!(order["status"], "SUBMITTED");
    assert_eq!(order["kind"], "WAGE_SUBSIDY");
    assert_eq!(
        order["occupation"],
        json!({ "code": "5120", "label": "Kokke" })
    );
    assert_eq!(order["hoursPerWeek"], 30.0);
    assert_eq!(order["positions"], 2);
    assert_eq!(
        (&order["startsOn"], &order["applyBy"]),
        (&json!("2026-12-01"), &json!("2026-11-20"))
    );
    assert_eq!(
        order["contact"],
        json!({ "name": "Kim Køkken", "phone": "+45 70 00 00 01", "email": null })
    );
    // Blank skills are dropped.
    assert_eq!(
        order["requiredSkills"],
        json!(["Hygiejnebevis", "Kørekort B"])
    );
    assert_eq!(order["openForCandidates"], true);
    assert_eq!(order["version"], 1);
    assert_eq!(
        steps(order),
        pairs(&[("POSTED", "DRAFT"), ("SUBMITTED", "SUBMITTED")])
    );
    assert_eq!(order["log"][0]["actorRole"], "company");
    // The company's list shows it beside its two earlier orders.
    let listed = query(
        &app,
        &w.company_k,
        "{ company { jobOrders(first: 10) { nodes { id status } } } }",
        json!({}),
    )
    .await?;
    let nodes = listed["company"]["jobOrders"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(nodes.len(), 3);
    assert!(nodes.iter().any(|n| n["id"] == order["id"]));

    // After the application deadline (Danish date) it leaves matching.
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-20T23:30:00Z")?.to_utc());
    let later = query(
        &app,
        &w.company_k,
        "{ company { jobOrders(first: 10) { nodes { id openForCandidates } } } }",
        json!({}),
    )
    .await?;
    let mine = later["company"]["jobOrders"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["id"] == order["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(mine["openForCandidates"], false, "21 November in Denmark");
    Ok(())
}

#[tokio::test]
async fn a_draft_is_finished_and_sent_later_and_a_stale_change_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let drafted = post(&app, &w.company_k, &w, terms(&unit), false).await?;
    ok(&drafted)?;
    assert_eq!(drafted["jobOrder"]["status"], "DRAFT");
    assert_eq!(drafted["jobOrder"]["openForCandidates"], false);
    let id = drafted["jobOrder"]["id"].clone();
    let mut changed = terms(&unit);
    changed["positions"] = json!(3);
    let sent = query(
        &app,
        &w.company_k,
        &update_mutation(),
        json!({ "input": { "jobOrderId": id, "expectedVersion": 1, "terms": changed, "submit": true } }),
    )
    .await?;
    ok(&sent["updateJobOrder"])?;
    let order = &sent["updateJobOrder"]["jobOrder"];
    assert_eq!(
        (&order["status"], &order["positions"], &order["version"]),
        (&json!("SUBMITTED"), &json!(3), &json!(2))
    );
    assert_eq!(
        steps(order),
        pairs(&[
            ("POSTED", "DRAFT"),
            ("CHANGED", "DRAFT"),
            ("SUBMITTED", "SUBMITTED")
        ])
    );
    let before = counts(&app).await?;
    let stale = query(
        &app,
        &w.company_k,
        &update_mutation(),
        json!({ "input": { "jobOrderId": id, "expectedVersion": 1, "terms": terms(&unit) } }),
    )
    .await?;
    assert_eq!(
        user_error(&stale["updateJobOrder"]),
        (json!("STALE_VERSION"), json!(["input", "expectedVersion"]))
    );
    assert_eq!(counts(&app).await?, before, "nothing written");
    Ok(())
}

#[tokio::test]
async fn closing_withdraws_an_order_not_taken_up_and_closes_one_in_progress() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let submitted = post(&app, &w.company_k, &w, terms(&unit), true).await?;
    let close = |id: Value| {
        let app = &app;
        let who = w.company_k;
        async move {
            let answer = query(
                app,
                &who,
                &close_mutation(),
                json!({ "input": { "jobOrderId": id, "reason": "Stillingen er besat internt" } }),
            )
            .await?;
            anyhow::Ok(answer["closeJobOrder"].clone())
        }
    };
    let withdrawn = close(submitted["jobOrder"]["id"].clone()).await?;
    ok(&withdrawn)?;
    assert_eq!(withdrawn["jobOrder"]["status"], "CANCELLED");
    assert_eq!(
        withdrawn["jobOrder"]["log"][2]["note"],
        "Stillingen er besat internt"
    );
    // The world's orders are in progress: closing one closes it.
    let in_progress = job_order::Entity::find()
        .filter(job_order::Column::CompanyId.eq(w.company_k.organisation.unwrap_or_default()))
        .filter(job_order::Column::Status.eq("IN_PROGRESS"))
        .one(&app.db)
        .await?
        .map(|o| o.id.to_string())
        .unwrap_or_default();
    let closed = close(json!(in_progress)).await?;
    ok(&closed)?;
    assert_eq!(closed["jobOrder"]["status"], "CLOSED");
    let again = close(json!(in_progress)).await?;
    assert_eq!(user_error(&again).0, "ALREADY_DONE");
    let changed = query(
        &app,
        &w.company_k,
        &update_mutation(),
        json!({ "input": { "jobOrderId": in_progress, "expectedVersion": 2, "terms": terms(&unit) } }),
    )
    .await?;
    assert_eq!(user_error(&changed["updateJobOrder"]).0, "WRONG_STATE");
    Ok(())
}

/// `003:3663`: a company user acts only for its own CVR and the units it may act for.
#[tokio::test]
async fn a_company_user_acts_only_for_its_own_company_and_units() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // Company K's units and orders; one of its users acts for the second unit only.
    let units: Vec<production_unit::Model> = production_unit::Entity::find()
        .filter(production_unit::Column::CompanyId.eq(w.company_k.organisation.unwrap_or_default()))
        .all(&app.db)
        .await?;
    let k_orders = job_order::Entity::find()
        .filter(job_order::Column::CompanyId.eq(w.company_k.organisation.unwrap_or_default()))
        .all(&app.db)
        .await?;
    let before = counts(&app).await?;
    let mut refused = Vec::new();
    for unit in &units {
        let answer = post(
            &app,
            &w.company_k_unit2,
            &w,
            terms(&unit.id.to_string()),
            true,
        )
        .await?;
        refused.push(user_error(&answer).0);
    }
    // Exactly one of K's units is closed to the limited user.
    assert_eq!(
        refused.iter().filter(|c| **c == json!("NOT_FOUND")).count(),
        1,
        "{refused:?}"
    );
    // Company L may not post at K's unit, nor change or close K's orders.
    let l_posts = post(
        &app,
        &w.company_l,
        &w,
        terms(&units[0].id.to_string()),
        true,
    )
    .await?;
    assert_eq!(
        user_error(&l_posts),
        (
            json!("NOT_FOUND"),
            json!(["input", "terms", "productionUnitId"])
        )
    );
    for order in &k_orders {
        let closed = query(
            &app,
            &w.company_l,
            &close_mutation(),
            json!({ "input": { "jobOrderId": order.id.to_string(), "reason": "Forsøg" } }),
        )
        .await?;
        assert_eq!(user_error(&closed["closeJobOrder"]).0, "NOT_FOUND");
    }
    let after = counts(&app).await?;
    assert_eq!(after.0, before.0 + 1, "only the permitted unit's order");
    Ok(())
}

/// Bad input gets a clear userError on the field at fault and writes nothing.
#[tokio::test]
async fn bad_terms_get_a_clear_user_error_and_write_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let other_company_unit = unit_of(&app, &w.company_l).await?;
    let before = counts(&app).await?;
    let cases: Vec<(&str, Value, &str, Value)> = vec![
        (
            "positions",
            json!(0),
            "INVALID",
            json!(["input", "terms", "positions"]),
        ),
        (
            "applyBy",
            json!("2026-11-01"),
            "INVALID_PERIOD",
            json!(["input", "terms", "applyBy"]),
        ),
        (
            "startsOn",
            json!("2026-11-10"),
            "INVALID_PERIOD",
            json!(["input", "terms", "startsOn"]),
        ),
        (
            "occupationCode",
            json!("0000"),
            "INVALID",
            json!(["input", "terms", "occupationCode"]),
        ),
        (
            "productionUnitId",
            json!(other_company_unit),
            "NOT_FOUND",
            json!(["input", "terms", "productionUnitId"]),
        ),
        (
            "hoursPerWeek",
            json!(0),
            "INVALID",
            json!(["input", "terms", "hoursPerWeek"]),
        ),
        (
            "title",
            json!("  "),
            "INVALID",
            json!(["input", "terms", "title"]),
        ),
        (
            "contact",
            json!({ "name": "Kim" }),
            "INVALID",
            json!(["input", "terms", "contact"]),
        ),
    ];
    for (field, value, code, path) in cases {
        let mut bad = terms(&unit);
        bad[field] = value;
        let answer = post(&app, &w.company_k, &w, bad, true).await?;
        assert_eq!(
            user_error(&answer),
            (json!(code), path),
            "{field}: {answer}"
        );
        assert!(
            answer["userErrors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.len() > 10)
        );
    }
    assert_eq!(counts(&app).await?, before, "nothing written");
    Ok(())
}

/// Twenty changes of one order from the same version at once, on the SQLite file the server
/// uses by default (and on PostgreSQL when the suite runs there): one is saved, nineteen are
/// told the order changed, and the log holds one change.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_changes_from_one_version_save_one() -> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let posted = post(&app, &w.company_k, &w, terms(&unit), true).await?;
    let id = posted["jobOrder"]["id"].clone();
    let gate = Arc::new(tokio::sync::Barrier::new(20));
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (app, gate, id) = (app.clone(), gate.clone(), id.clone());
            let mut changed = terms(&unit);
            changed["positions"] = json!(i + 1);
            let who = w.company_k;
            tokio::spawn(async move {
                gate.wait().await;
                app.gql(
                    Some(&who),
                    &update_mutation(),
                    json!({ "input": { "jobOrderId": id, "expectedVersion": 1, "terms": changed } }),
                )
                .await
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        let answer = t.await?;
        assert!(answer["errors"].is_null(), "{answer}");
        codes.push(
            answer["data"]["updateJobOrder"]["userErrors"][0]["code"]
                .as_str()
                .unwrap_or("OK")
                .to_string(),
        );
    }
    assert_eq!(codes.iter().filter(|c| *c == "OK").count(), 1, "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| *c == "STALE_VERSION").count(),
        19,
        "{codes:?}"
    );
    let changes = job_order_log::Entity::find()
        .filter(job_order_log::Column::Step.eq("CHANGED"))
        .count(&app.db)
        .await?;
    assert_eq!(changes, 1);
    Ok(())
}

/// The job centre sees the orders companies sent it (never their drafts), takes a submitted one
/// up, and the company sees the step; another job centre sees none of it.
#[tokio::test]
async fn the_job_centre_takes_up_what_companies_sent_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let unit = unit_of(&app, &w.company_k).await?;
    let sent = post(&app, &w.company_k, &w, terms(&unit), true).await?;
    let draft = post(&app, &w.company_k, &w, terms(&unit), false).await?;
    let inbox = |who: Principal| {
        let app = &app;
        async move {
            let data = query(
                app,
                &who,
                "{ caseworker { jobOrders(status: SUBMITTED, first: 20) { nodes { id status } } } }",
                json!({}),
            )
            .await?;
            anyhow::Ok(
                data["caseworker"]["jobOrders"]["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            )
        }
    };
    let waiting = inbox(w.caseworker_a).await?;
    assert_eq!(
        waiting.len(),
        1,
        "the sent order, not the draft: {waiting:?}"
    );
    assert_eq!(waiting[0]["id"], sent["jobOrder"]["id"]);
    assert!(
        inbox(w.caseworker_b).await?.is_empty(),
        "job centre B sees nothing"
    );
    let take_up = |who: Principal, id: Value| {
        let app = &app;
        async move {
            let data = query(
                app,
                &who,
                &format!(
                    "mutation($id: ID!) {{ takeUpJobOrder(input: {{jobOrderId: $id}}) {{ jobOrder {{ {ORDER} }} userErrors {{ field code message }} }} }}"
                ),
                json!({ "id": id }),
            )
            .await?;
            anyhow::Ok(data["takeUpJobOrder"].clone())
        }
    };
    assert_eq!(
        user_error(&take_up(w.caseworker_b, sent["jobOrder"]["id"].clone()).await?).0,
        "NOT_FOUND"
    );
    assert_eq!(
        user_error(&take_up(w.caseworker_a, draft["jobOrder"]["id"].clone()).await?).0,
        "NOT_FOUND",
        "a draft is the company's own"
    );
    let taken = take_up(w.caseworker_a, sent["jobOrder"]["id"].clone()).await?;
    ok(&taken)?;
    assert_eq!(taken["jobOrder"]["status"], "IN_PROGRESS");
    assert_eq!(
        steps(&taken["jobOrder"]),
        pairs(&[
            ("POSTED", "DRAFT"),
            ("SUBMITTED", "SUBMITTED"),
            ("TAKEN_UP", "IN_PROGRESS")
        ])
    );
    assert_eq!(taken["jobOrder"]["log"][2]["actorRole"], "caseworker");
    assert!(inbox(w.caseworker_a).await?.is_empty());
    let again = take_up(w.caseworker_a, sent["jobOrder"]["id"].clone()).await?;
    assert_eq!(user_error(&again).0, "WRONG_STATE");
    Ok(())
}
