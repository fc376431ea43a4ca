//! A case's life (UC1, `000:113-130`): opened, visited (a justification where the category's rule
//! asks for one, `004:187-192`), revisited, closed for a reason; a benefit change carries tasks
//! and history over (rule 19, `003:627-633`, `003:4325-4333`); a sick flex-job citizen keeps the
//! flex-job case as a secondary case (`003:4385-4395`); other systems' reports deregister
//! (rule 2, `002:57-64`). Bad input writes nothing.

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, World, set_target_group, test_epoch, world};
use jobbro_entities::{case, enums::DeregistrationReason, jobseeker_registration, task};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::graphql::{mutate, ok, query, user_error};

const CASES: &str = "query($id: ID!) { caseworker { citizen(id: $id) { cases { id contactGroup targetGroup visitationCategory role assignedCaseworkerId closedAt closure { reason note closedById } version } timeline { event caseId summary } } } }";

const OPEN: &str = "mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id targetGroup role version } userErrors { code field message } } }";
const VISIT: &str = "mutation($input: VisitCaseInput!) { visitCase(input: $input) { case { id targetGroup visitationCategory version } userErrors { code field message } } }";
const CHANGE: &str = "mutation($input: ChangeBenefitInput!) { changeBenefit(input: $input) { case { id contactGroup targetGroup assignedCaseworkerId version } userErrors { code field message } } }";
const CLOSE: &str = "mutation($input: CloseCaseInput!) { closeCase(input: $input) { case { id closedAt closure { reason note } } userErrors { code field message } } }";

async fn cases_of(app: &TestApp, who: &Principal, citizen: Uuid) -> anyhow::Result<Value> {
    let data = query(app, who, CASES, json!({ "id": citizen.to_string() })).await?;
    Ok(data["caseworker"]["citizen"].clone())
}

/// The citizen's only open case, as the caseworker reads it.
async fn open_case(app: &TestApp, who: &Principal, citizen: Uuid) -> anyhow::Result<Value> {
    let citizen = cases_of(app, who, citizen).await?;
    let open: Vec<&Value> = citizen["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["closedAt"].is_null() && c["role"] == "MAIN")
        .collect();
    anyhow::ensure!(open.len() == 1, "not one open main case: {citizen}");
    Ok(open[0].clone())
}

fn events(citizen: &Value) -> Vec<String> {
    citizen["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["event"].as_str().map(str::to_string))
        .filter(|e| e.starts_with("CASE_"))
        .collect()
}

async fn register(app: &TestApp, w: &World, citizen: Uuid) -> anyhow::Result<Uuid> {
    let id = Uuid::now_v7();
    jobseeker_registration::Entity::insert(
        jobseeker_registration::Model {
            id,
            jobcentre_id: w.jobcentre_a,
            citizen_id: citizen,
            registered_at: test_epoch() - Duration::days(30),
            deregistered_at: None,
            deregistration_reason: None,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;
    Ok(id)
}

async fn deregistration(app: &TestApp, id: Uuid) -> anyhow::Result<Option<DeregistrationReason>> {
    Ok(jobseeker_registration::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .context("registration gone")?
        .deregistration_reason)
}

#[tokio::test]
async fn a_case_is_visited_revisited_and_closed_and_bad_input_changes_nothing() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let cw = &w.caseworker_a;
    let c1 = w.citizen_1.subject;
    let case = open_case(&app, cw, c1).await?;
    let id = case["id"].as_str().unwrap_or_default().to_string();

    // A second open case for the same citizen is refused.
    let again = mutate(
        &app,
        cw,
        OPEN,
        json!({ "input": { "citizenId": c1.to_string(), "contactGroup": "DAGPENGE", "targetGroup": "DAGPENGE" } }),
        "openCase",
    )
    .await?;
    assert_eq!(
        user_error(&again),
        (json!("ALREADY_DONE"), json!(["input", "citizenId"]))
    );

    // Activity-ready needs a justification (the category's rule, held as data).
    let bare = mutate(
        &app,
        cw,
        VISIT,
        json!({ "input": { "caseId": id, "category": "ACTIVITY_READY", "expectedVersion": 1 } }),
        "visitCase",
    )
    .await?;
    assert_eq!(
        user_error(&bare),
        (json!("INVALID"), json!(["input", "justification"]))
    );
    // An unknown target group is refused by name.
    let unknown = mutate(
        &app,
        cw,
        VISIT,
        json!({ "input": { "caseId": id, "category": "JOB_READY", "targetGroup": "NOPE", "expectedVersion": 1 } }),
        "visitCase",
    )
    .await?;
    assert_eq!(
        user_error(&unknown),
        (json!("NOT_FOUND"), json!(["input", "targetGroup"]))
    );
    assert_eq!(
        open_case(&app, cw, c1).await?,
        case,
        "a refusal wrote something"
    );

    let visited = mutate(
        &app,
        cw,
        VISIT,
        json!({ "input": { "caseId": id, "category": "JOB_READY", "expectedVersion": 1 } }),
        "visitCase",
    )
    .await?;
    ok(&visited)?;
    assert_eq!(visited["case"]["visitationCategory"], "JOB_READY");
    // A stale version is refused; the revisitation moves the case to another target group.
    let stale = mutate(
        &app,
        cw,
        VISIT,
        json!({ "input": { "caseId": id, "category": "EDUCATION_READY", "expectedVersion": 1 } }),
        "visitCase",
    )
    .await?;
    assert_eq!(user_error(&stale).0, json!("STALE_VERSION"));
    let revisited = mutate(
        &app,
        cw,
        VISIT,
        json!({ "input": { "caseId": id, "category": "EDUCATION_READY", "targetGroup": "UDDANNELSESHJAELP", "expectedVersion": 2 } }),
        "visitCase",
    )
    .await?;
    ok(&revisited)?;
    assert_eq!(revisited["case"]["targetGroup"], "UDDANNELSESHJAELP");

    // Closing: an unknown reason, and a benefit change by the wrong door, are refused.
    for (reason, code) in [("NOPE", "NOT_FOUND"), ("BENEFIT_CHANGED", "INVALID")] {
        let refused = mutate(
            &app,
            cw,
            CLOSE,
            json!({ "input": { "caseId": id, "reason": reason, "expectedVersion": 3 } }),
            "closeCase",
        )
        .await?;
        assert_eq!(
            user_error(&refused),
            (json!(code), json!(["input", "reason"]))
        );
    }
    let closed = mutate(
        &app,
        cw,
        CLOSE,
        json!({ "input": { "caseId": id, "reason": "EMPLOYED", "note": "Fuldtid hos K", "expectedVersion": 3 } }),
        "closeCase",
    )
    .await?;
    ok(&closed)?;
    assert_eq!(
        closed["case"]["closure"],
        json!({ "reason": "EMPLOYED", "note": "Fuldtid hos K" })
    );
    // Closing a closed case says so and writes nothing.
    let twice = mutate(
        &app,
        cw,
        CLOSE,
        json!({ "input": { "caseId": id, "reason": "OTHER", "expectedVersion": 4 } }),
        "closeCase",
    )
    .await?;
    assert_eq!(
        user_error(&twice),
        (json!("WRONG_STATE"), json!(["input", "caseId"]))
    );
    let citizen = cases_of(&app, cw, c1).await?;
    assert_eq!(
        citizen["cases"][0]["closure"]["reason"], "EMPLOYED",
        "{citizen}"
    );
    assert_eq!(
        events(&citizen),
        vec!["CASE_CLOSED", "CASE_REVISITED", "CASE_VISITED"],
        "{citizen}"
    );

    // Now a new case may be opened; a caseworker of job centre B cannot touch A's cases.
    let opened = mutate(
        &app,
        cw,
        OPEN,
        json!({ "input": { "citizenId": c1.to_string(), "contactGroup": "KONTANTHJAELP_JOBPARAT", "targetGroup": "KONTANTHJAELP" } }),
        "openCase",
    )
    .await?;
    ok(&opened)?;
    let foreign = mutate(
        &app,
        &w.caseworker_b,
        CLOSE,
        json!({ "input": { "caseId": opened["case"]["id"], "reason": "OTHER", "expectedVersion": 1 } }),
        "closeCase",
    )
    .await?;
    assert_eq!(
        user_error(&foreign),
        (json!("NOT_FOUND"), json!(["input", "caseId"]))
    );
    Ok(())
}

#[tokio::test]
async fn visiting_a_citizen_activity_ready_deregisters_them_as_a_jobseeker() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let registration = register(&app, &w, w.citizen_1.subject).await?;
    let case = open_case(&app, &w.caseworker_a, w.citizen_1.subject).await?;
    let visited = mutate(
        &app,
        &w.caseworker_a,
        VISIT,
        json!({ "input": { "caseId": case["id"], "category": "ACTIVITY_READY", "justification": "Misbrug og gæld kræver en koordineret indsats først", "expectedVersion": 1 } }),
        "visitCase",
    )
    .await?;
    ok(&visited)?;
    assert_eq!(
        deregistration(&app, registration).await?,
        Some(DeregistrationReason::MatchedActivityReady)
    );
    Ok(())
}

/// Rule 19 with `003:4325-4333`: a task due next week on case A is still open after the switch
/// to case B, and the history reads as one line.
#[tokio::test]
async fn a_benefit_change_closes_one_case_and_opens_the_next_with_tasks_and_history_carried_over()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let cw = &w.caseworker_a;
    let c1 = w.citizen_1.subject;
    task::Entity::insert(
        task::Model {
            id: Uuid::now_v7(),
            jobcentre_id: w.jobcentre_a,
            caseworker_id: cw.subject,
            citizen_id: Some(c1),
            kind: "FOLLOW_UP".into(),
            title: "Opfølgning på aftale".into(),
            due_at: test_epoch() + Duration::days(7),
            source_event_id: None,
            created_at: test_epoch(),
            done_at: None,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;
    let a = open_case(&app, cw, c1).await?;
    let changed = mutate(
        &app,
        cw,
        CHANGE,
        json!({ "input": { "caseId": a["id"], "contactGroup": "KONTANTHJAELP_JOBPARAT", "targetGroup": "KONTANTHJAELP", "expectedVersion": 1 } }),
        "changeBenefit",
    )
    .await?;
    ok(&changed)?;
    let b = &changed["case"];
    assert_ne!(b["id"], a["id"]);
    assert_eq!(b["targetGroup"], "KONTANTHJAELP");
    assert_eq!(b["assignedCaseworkerId"], a["assignedCaseworkerId"]);

    let citizen = cases_of(&app, cw, c1).await?;
    let old = citizen["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == a["id"])
        .context("case A gone")?;
    assert_eq!(old["closure"]["reason"], "BENEFIT_CHANGED", "{citizen}");
    assert_eq!(open_case(&app, cw, c1).await?["id"], b["id"]);
    assert_eq!(
        events(&citizen),
        vec!["CASE_OPENED", "CASE_CLOSED"],
        "{citizen}"
    );
    // The task is still open and still the caseworker's.
    let tasks = query(
        &app,
        cw,
        "{ caseworker { tasks { title citizenId doneAt } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        tasks["caseworker"]["tasks"],
        json!([{ "title": "Opfølgning på aftale", "citizenId": c1.to_string(), "doneAt": null }])
    );
    Ok(())
}

/// `003:4385-4395`: the flex-job case is not closed when the citizen reports sick; it becomes a
/// secondary case beside a sickness-benefit case, and is the main case again on recovery, with
/// no new case.
#[tokio::test]
async fn a_sick_flex_job_citizen_keeps_the_flex_job_case_as_secondary_until_recovery()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (cw, c1) = (&w.caseworker_a, w.citizen_1.subject);
    set_target_group(&app.db, c1, "FLEKSJOB").await?;
    let flex = open_case(&app, cw, c1).await?;
    let sick = mutate(
        &app,
        &w.citizen_1,
        "mutation { reportSick(input: {}) { userErrors { code } } }",
        json!({}),
        "reportSick",
    )
    .await?;
    ok(&sick)?;
    let main = open_case(&app, cw, c1).await?;
    assert_eq!(main["targetGroup"], "SYGEDAGPENGE");
    assert_eq!(main["assignedCaseworkerId"], flex["assignedCaseworkerId"]);
    let citizen = cases_of(&app, cw, c1).await?;
    let kept = citizen["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == flex["id"])
        .context("flex-job case gone")?;
    assert_eq!(kept["role"], "SECONDARY");
    assert!(kept["closedAt"].is_null(), "{citizen}");

    let recovered = mutate(
        &app,
        &w.citizen_1,
        "mutation { reportRecovered(input: {}) { userErrors { code } } }",
        json!({}),
        "reportRecovered",
    )
    .await?;
    ok(&recovered)?;
    assert_eq!(open_case(&app, cw, c1).await?["id"], flex["id"]);
    let citizen = cases_of(&app, cw, c1).await?;
    assert_eq!(
        citizen["cases"].as_array().map(Vec::len),
        Some(2),
        "{citizen}"
    );
    let ended = citizen["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == main["id"])
        .context("sickness case gone")?;
    assert_eq!(ended["closure"]["reason"], "RECOVERED");
    assert_eq!(
        events(&citizen),
        vec![
            "CASE_MADE_MAIN",
            "CASE_CLOSED",
            "CASE_OPENED",
            "CASE_MADE_SECONDARY"
        ],
        "{citizen}"
    );
    // A citizen whose case is not a flex job gets no second case.
    let other = mutate(
        &app,
        &w.citizen_2,
        "mutation { reportSick(input: {}) { userErrors { code } } }",
        json!({}),
        "reportSick",
    )
    .await?;
    ok(&other)?;
    let c2 = cases_of(&app, &w.caseworker_a2, w.citizen_2.subject).await?;
    assert_eq!(c2["cases"].as_array().map(Vec::len), Some(1), "{c2}");
    Ok(())
}

const BENEFIT_ENDED: &str = "mutation($id: ID!, $on: NaiveDate!) { reportBenefitEnded(input: {citizenId: $id, endedOn: $on}) { citizenId userErrors { code field } } }";

#[tokio::test]
async fn other_systems_report_what_ends_a_registration_each_with_its_reason() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);
    let (r1, r2) = (register(&app, &w, c1).await?, register(&app, &w, c2).await?);

    // A day in the future and an unknown citizen are refused, and change nothing.
    let future = mutate(
        &app,
        &w.integration,
        BENEFIT_ENDED,
        json!({ "id": c1.to_string(), "on": "2030-01-01" }),
        "reportBenefitEnded",
    )
    .await?;
    assert_eq!(
        user_error(&future),
        (json!("INVALID_PERIOD"), json!(["input", "endedOn"]))
    );
    let unknown = mutate(
        &app,
        &w.integration,
        BENEFIT_ENDED,
        json!({ "id": Uuid::now_v7().to_string(), "on": "2026-11-01" }),
        "reportBenefitEnded",
    )
    .await?;
    assert_eq!(user_error(&unknown).0, json!("NOT_FOUND"));
    assert_eq!(deregistration(&app, r1).await?, None);

    let ended = mutate(
        &app,
        &w.integration,
        BENEFIT_ENDED,
        json!({ "id": c1.to_string(), "on": "2026-11-01" }),
        "reportBenefitEnded",
    )
    .await?;
    ok(&ended)?;
    assert_eq!(ended["citizenId"], c1.to_string());
    assert_eq!(
        deregistration(&app, r1).await?,
        Some(DeregistrationReason::BenefitEnded)
    );

    let address = mutate(
        &app,
        &w.integration,
        "mutation($id: ID!) { reportNoPostalAddress(input: {citizenId: $id}) { userErrors { code } } }",
        json!({ "id": c2.to_string() }),
        "reportNoPostalAddress",
    )
    .await?;
    ok(&address)?;
    assert_eq!(
        deregistration(&app, r2).await?,
        Some(DeregistrationReason::NoPostalAddress)
    );

    // A death closes every open case as well.
    let r1b = register(&app, &w, c1).await?;
    let died = mutate(
        &app,
        &w.integration,
        "mutation($id: ID!) { reportDeath(input: {citizenId: $id, diedOn: \"2026-11-01\"}) { userErrors { code } } }",
        json!({ "id": c1.to_string() }),
        "reportDeath",
    )
    .await?;
    ok(&died)?;
    assert_eq!(
        deregistration(&app, r1b).await?,
        Some(DeregistrationReason::Deceased)
    );
    let open = case::Entity::find()
        .filter(case::Column::CitizenId.eq(c1))
        .filter(case::Column::ClosedAt.is_null())
        .all(&app.db)
        .await?;
    assert!(open.is_empty(), "{open:?}");
    let citizen = cases_of(&app, &w.caseworker_a, c1).await?;
    assert_eq!(
        citizen["cases"][0]["closure"],
        json!({ "reason": "DECEASED", "note": "died on 2026-11-01", "closedById": null })
    );
    Ok(())
}

/// Twenty caseworkers open a case for one citizen at once on the file database: one case.
#[tokio::test]
async fn twenty_openings_at_once_open_one_case() -> anyhow::Result<()> {
    let app = std::sync::Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let case = open_case(&app, &w.caseworker_a, c1).await?;
    ok(&mutate(
        &app,
        &w.caseworker_a,
        CLOSE,
        json!({ "input": { "caseId": case["id"], "reason": "OTHER", "expectedVersion": 1 } }),
        "closeCase",
    )
    .await?)?;
    let mut handles = Vec::new();
    for _ in 0..20 {
        let (app, who) = (app.clone(), w.caseworker_a);
        handles.push(tokio::spawn(async move {
            mutate(
                &app,
                &who,
                OPEN,
                json!({ "input": { "citizenId": c1.to_string(), "contactGroup": "DAGPENGE", "targetGroup": "DAGPENGE" } }),
                "openCase",
            )
            .await
        }));
    }
    let mut opened = 0;
    for h in handles {
        let payload = h.await??;
        if payload["userErrors"] == json!([]) {
            opened += 1;
        } else {
            assert_eq!(user_error(&payload).0, json!("ALREADY_DONE"), "{payload}");
        }
    }
    assert_eq!(opened, 1);
    let open = case::Entity::find()
        .filter(case::Column::CitizenId.eq(c1))
        .filter(case::Column::ClosedAt.is_null())
        .all(&app.db)
        .await?;
    assert_eq!(open.len(), 1);
    Ok(())
}
