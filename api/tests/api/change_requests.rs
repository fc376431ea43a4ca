//! Change requests on offers (rule 8, `003:1380-1463`): asked by the provider, never through a
//! supplier report; decided within three Danish workdays, the clock paused while the citizen
//! cannot be reached; the offer runs on meanwhile and notices to the benefits service name the
//! request; a hearing request waits for the decision; ending needs a conversation and a new plan
//! version (`003:1395-1398`).

use chrono::{TimeZone, Utc};
use jobbro_api::{
    changes::service::alert_overdue,
    kernel::clock::SharedClock,
    testing::{TestApp, World, world},
};
use jobbro_entities::{
    benefits_notice, case,
    enums::{BenefitsNoticeKind, ServiceOrderStatus},
    service_order,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::support::{
    contracts::{accepted_order, start_order},
    graphql::{ok, query, user_error},
    meetings::{attend, summon_input, summoned},
    outbox::{alerts, kinds, run_worker},
};

const REQUEST: &str = "mutation($input: RequestOfferChangeInput!) { requestOfferChange(input: $input) { changeRequest { id status dueOn kind } userErrors { field code message } } }";
const DECIDE: &str = "mutation($id: ID!, $approve: Boolean!) { decideOfferChange(input: {changeRequestId: $id, approve: $approve, note: \"Drøftet med borgeren.\"}) { changeRequest { status } userErrors { field code message } } }";
const UNREACHABLE: &str = "mutation($id: ID!, $unreachable: Boolean!) { recordCitizenUnreachable(input: {changeRequestId: $id, unreachable: $unreachable}) { changeRequest { dueOn citizenUnreachableSince } userErrors { field code } } }";
const RECORD: &str = "mutation($id: ID!, $day: NaiveDate!, $kind: AttendanceKind!) { recordOfferAttendance(input: {serviceOrderId: $id, days: [{day: $day, kind: $kind}]}) { userErrors { field code message } } }";
const RESUMMON: &str = "mutation($id: ID!, $date: NaiveDate!) { recordResummons(input: {serviceOrderId: $id, newDate: $date, channels: [PAPER]}) { userErrors { field code message } } }";

fn at(m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, 0, 0)
        .single()
        .unwrap_or_default()
}

async fn in_group(app: &TestApp, w: &World, group: &str) -> anyhow::Result<()> {
    case::Entity::update_many()
        .col_expr(case::Column::TargetGroupCode, Expr::value(group))
        .filter(case::Column::CitizenId.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    Ok(())
}

async fn ask(app: &TestApp, w: &World, input: Value) -> anyhow::Result<Value> {
    Ok(query(
        app,
        &w.provider_p_staff1,
        REQUEST,
        json!({ "input": input }),
    )
    .await?["requestOfferChange"]
        .clone())
}

fn code(payload: &Value) -> Value {
    user_error(payload).0
}

#[tokio::test]
async fn an_end_is_asked_for_runs_on_meanwhile_and_needs_a_conversation_and_a_new_plan_003_1395_1420()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = accepted_order(&app, &w, "K-C1", ("2026-11-02", "2026-11-27")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    app.clock.set(at(11, 5, 9));
    let end = |changes: Value| {
        let mut input = json!({ "serviceOrderId": id, "kind": "END", "reason": "Tilbuddet passer ikke.", "newEndsOn": "2026-11-06" });
        if let (Some(i), Some(c)) = (input.as_object_mut(), changes.as_object()) {
            for (k, v) in c {
                i.insert(k.clone(), v.clone());
            }
        }
        input
    };
    for (changes, expected) in [
        (json!({ "reason": " " }), "INVALID"),
        (json!({ "newEndsOn": "2026-12-01" }), "INVALID_PERIOD"),
        (json!({ "newHoursPerWeek": 5 }), "INVALID"),
        (
            json!({ "supplierReportId": "00000000-0000-7000-8000-000000000000" }),
            "NOT_FOUND",
        ),
    ] {
        assert_eq!(
            code(&ask(&app, &w, end(changes.clone())).await?),
            json!(expected),
            "{changes}"
        );
    }
    let asked = ask(&app, &w, end(json!({}))).await?;
    ok(&asked)?;
    // Thursday 5 November + 3 workdays: Tuesday 10 November.
    assert_eq!(asked["changeRequest"]["dueOn"], "2026-11-10");
    let request = asked["changeRequest"]["id"].clone();
    assert_eq!(
        code(&ask(&app, &w, end(json!({}))).await?),
        json!("ALREADY_DONE")
    );

    // Meanwhile the offer runs on: a no-show is still recorded, and the benefits service's
    // notice names the undecided request; the provider sees the flag.
    let recorded = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "day": "2026-11-05", "kind": "NO_SHOW" }),
    )
    .await?;
    ok(&recorded["recordOfferAttendance"])?;
    run_worker(&app).await?;
    let notice = benefits_notice::Entity::find()
        .filter(benefits_notice::Column::Kind.eq(BenefitsNoticeKind::OfferNoShow))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no no-show notice"))?;
    assert_eq!(
        notice.pending_change_request_id.map(|u| u.to_string()),
        request.as_str().map(str::to_string)
    );
    let flag = query(
        &app,
        &w.provider_p_staff1,
        "query($id: ID!) { provider { orderDelivery(serviceOrderId: $id) { pendingChangeRequest { kind dueOn } } } }",
        json!({ "id": id }),
    )
    .await?;
    assert_eq!(
        flag["provider"]["orderDelivery"]["pendingChangeRequest"]["kind"],
        "END"
    );
    assert!(
        kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"OFFER_CHANGE_REQUESTED".to_string())
    );

    // No conversation yet: the end cannot be approved.
    let early = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": true }),
    )
    .await?;
    assert_eq!(
        code(&early["decideOfferChange"]),
        json!("CONVERSATION_REQUIRED")
    );
    // A job conversation, held and registered.
    let meeting = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, at(11, 6, 10), json!({})),
    )
    .await?;
    app.clock.set(at(11, 6, 11));
    let held = attend(
        &app,
        &w.caseworker_a,
        meeting["id"].as_str().unwrap_or_default(),
        "ATTENDED",
        None,
        meeting["version"].as_i64().unwrap_or(1),
    )
    .await?;
    ok(&held)?;
    // Still no new plan version.
    let no_plan = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": true }),
    )
    .await?;
    assert_eq!(
        code(&no_plan["decideOfferChange"]),
        json!("PLAN_NOT_UPDATED")
    );
    let citizen = w.citizen_1.subject.to_string();
    let drafted = query(
        &app,
        &w.caseworker_a,
        "mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { userErrors { code message } } }",
        json!({ "input": { "citizenId": citizen, "expectedDraftVersion": 0, "content": {
            "goals": [{ "text": "Job inden for lager" }], "activities": [], "offers": [],
            "appointments": [{ "text": "Tilbuddet hos leverandøren ophører." }]
        }}}),
    )
    .await?;
    ok(&drafted["updatePlanDraft"])?;
    let published = query(
        &app,
        &w.caseworker_a,
        "mutation($input: PublishPlanInput!) { publishPlan(input: $input) { userErrors { code message } } }",
        json!({ "input": { "citizenId": citizen, "expectedDraftVersion": 1 } }),
    )
    .await?;
    ok(&published["publishPlan"])?;
    run_worker(&app).await?;
    let approved = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": true }),
    )
    .await?;
    ok(&approved["decideOfferChange"])?;
    assert_eq!(
        approved["decideOfferChange"]["changeRequest"]["status"],
        "APPROVED"
    );
    let order = service_order::Entity::find_by_id(id.parse::<uuid::Uuid>()?)
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order gone"))?;
    assert_eq!(order.status, ServiceOrderStatus::Ended);
    assert_eq!(order.finished_on, Some("2026-11-06".parse()?));
    let again = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": false }),
    )
    .await?;
    assert_eq!(code(&again["decideOfferChange"]), json!("ALREADY_DONE"));
    Ok(())
}

#[tokio::test]
async fn the_three_workday_clock_pauses_while_the_citizen_cannot_be_reached_003_1457_1463()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = accepted_order(&app, &w, "K-C2", ("2026-11-02", "2026-12-18")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    app.clock.set(at(11, 5, 9));
    let asked = ask(
        &app,
        &w,
        json!({ "serviceOrderId": id, "kind": "REDUCE_HOURS", "reason": "Borgeren er træt.", "newHoursPerWeek": 5 }),
    )
    .await?;
    ok(&asked)?;
    let request = asked["changeRequest"]["id"].clone();
    // The job centre cannot reach the citizen from Monday 9 November ...
    app.clock.set(at(11, 9, 9));
    let paused = query(
        &app,
        &w.caseworker_a,
        UNREACHABLE,
        json!({ "id": request, "unreachable": true }),
    )
    .await?;
    ok(&paused["recordCitizenUnreachable"])?;
    // ... so on Thursday the 12th, past the due day, nothing is overdue.
    app.clock.set(at(11, 12, 9));
    let clock: SharedClock = std::sync::Arc::new(app.clock.clone());
    assert_eq!(alert_overdue(&app.db, &clock).await?, 0);
    let overdue = "{ caseworker { changeRequests(filter: OVERDUE) { id overdue } } }";
    let listed = query(&app, &w.caseworker_a, overdue, json!({})).await?;
    assert_eq!(listed["caseworker"]["changeRequests"], json!([]));
    // Reached on the 12th: three workdays passed, the due day moves from the 10th to the 13th.
    let reached = query(
        &app,
        &w.caseworker_a,
        UNREACHABLE,
        json!({ "id": request, "unreachable": false }),
    )
    .await?;
    ok(&reached["recordCitizenUnreachable"])?;
    assert_eq!(
        reached["recordCitizenUnreachable"]["changeRequest"]["dueOn"],
        "2026-11-13"
    );
    // Past it, the caseworker is alerted once and the request is listed as overdue.
    app.clock.set(at(11, 16, 9));
    assert_eq!(alert_overdue(&app.db, &clock).await?, 1);
    assert_eq!(alert_overdue(&app.db, &clock).await?, 0);
    run_worker(&app).await?;
    let raised = kinds(&alerts(&app, &w.caseworker_a).await?)
        .into_iter()
        .filter(|k| k == "OFFER_CHANGE_OVERDUE")
        .count();
    assert_eq!(raised, 1);
    let listed = query(&app, &w.caseworker_a, overdue, json!({})).await?;
    assert_eq!(listed["caseworker"]["changeRequests"][0]["overdue"], true);
    // Approving a reduction changes the ordered hours.
    let approved = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": true }),
    )
    .await?;
    ok(&approved["decideOfferChange"])?;
    let order = service_order::Entity::find_by_id(id.parse::<uuid::Uuid>()?)
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order gone"))?;
    assert_eq!(order.minutes_per_week, Some(300));
    // Another provider never sees the request.
    let other = query(
        &app,
        &w.provider_q_coordinator,
        "{ provider { changeRequests(filter: ALL) { id } } }",
        json!({}),
    )
    .await?;
    assert_eq!(other["provider"]["changeRequests"], json!([]));
    Ok(())
}

#[tokio::test]
async fn a_hearing_request_waits_for_the_decision_and_goes_out_on_rejection_003_1439_1451()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-C3", ("2026-11-02", "2026-11-27")).await?;
    let first = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "day": "2026-11-02", "kind": "NO_SHOW" }),
    )
    .await?;
    ok(&first["recordOfferAttendance"])?;
    let letter = query(
        &app,
        &w.provider_p_staff1,
        RESUMMON,
        json!({ "id": id, "date": "2026-11-04" }),
    )
    .await?;
    ok(&letter["recordResummons"])?;
    app.clock.set(at(11, 3, 9));
    let asked = ask(
        &app,
        &w,
        json!({ "serviceOrderId": id, "kind": "NOT_STARTED", "reason": "Borgeren ønsker ikke tilbuddet." }),
    )
    .await?;
    ok(&asked)?;
    let request = asked["changeRequest"]["id"].clone();
    app.clock.set(at(11, 4, 12));
    let second = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "day": "2026-11-04", "kind": "NO_SHOW" }),
    )
    .await?;
    ok(&second["recordOfferAttendance"])?;
    run_worker(&app).await?;
    let hearings = || async {
        benefits_notice::Entity::find()
            .filter(benefits_notice::Column::Kind.eq(BenefitsNoticeKind::HearingRequest))
            .count(&app.db)
            .await
    };
    assert_eq!(hearings().await?, 0, "held while the request is undecided");
    let rejected = query(
        &app,
        &w.caseworker_a,
        DECIDE,
        json!({ "id": request, "approve": false }),
    )
    .await?;
    ok(&rejected["decideOfferChange"])?;
    run_worker(&app).await?;
    assert_eq!(
        hearings().await?,
        1,
        "released when the request is rejected"
    );
    Ok(())
}
