//! Supplier reports (rule 7, `003:94-148`): the schedule from the offer's length and the target
//! group's policy, with one final report for every order (`003:138`), none periodic for short
//! offers and the exception-only mode (`003:141-142`); overdue as the "red" case; fixed sections
//! with attendance filled from the recorded days (`003:118-137`); a task when action is needed,
//! an alert otherwise (`003:103-117`); unread and overdue lists; search by section; and no
//! change to the next conversation (`003:4031-4038`).

use chrono::{TimeZone, Utc};
use jobbro_api::testing::{TestApp, World, world};
use jobbro_entities::case;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::support::{
    contracts::{accepted_order, start_order},
    graphql::{ok, query, user_error},
    outbox::{alerts, kinds, run_worker},
};

const DUE: &str =
    "{ provider { supplierReportsDue { id kind dueOn status questions { section filledIn } } } }";
const SUBMIT: &str = "mutation($input: SubmitSupplierReportInput!) { submitSupplierReport(input: $input) { supplierReport { id status kind sections { section text } } userErrors { field code message } } }";
const RECORD: &str = "mutation($id: ID!, $days: [AttendanceDayInput!]!) { recordOfferAttendance(input: {serviceOrderId: $id, days: $days}) { userErrors { field code message } } }";
const END: &str = "mutation($id: ID!, $day: NaiveDate!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: $day}) { userErrors { field code message } } }";

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
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

async fn due(app: &TestApp, w: &World) -> anyhow::Result<Vec<Value>> {
    let data = query(app, &w.provider_p_staff1, DUE, json!({})).await?;
    Ok(data["provider"]["supplierReportsDue"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

fn pairs(reports: &[Value]) -> Vec<(String, String)> {
    reports
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or_default().to_string(),
                r["dueOn"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pair(kind: &str, day: &str) -> (String, String) {
    (kind.to_string(), day.to_string())
}

#[tokio::test]
async fn a_long_offer_owes_start_periodic_and_one_final_report_003_97_148() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-R1", ("2026-11-02", "2027-02-26")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    run_worker(&app).await?;
    // Ten workdays after the start; every eight weeks; ten workdays after the end (Christmas and
    // New Year's Day are not workdays, but no deadline here crosses them).
    assert_eq!(
        pairs(&due(&app, &w).await?),
        [
            pair("START", "2026-11-16"),
            pair("PERIODIC", "2026-12-28"),
            pair("PERIODIC", "2027-02-22"),
            pair("FINAL", "2027-03-12"),
        ]
    );
    // Handling the start again schedules nothing twice.
    run_worker(&app).await?;
    assert_eq!(due(&app, &w).await?.len(), 4);

    // The job centre ends the offer early: the periodic reports after the end go, and the
    // final one is due ten workdays after the real end, across the Christmas holidays.
    app.clock.set(at(2026, 12, 18));
    let ended = query(
        &app,
        &w.caseworker_a,
        END,
        json!({ "id": id, "day": "2026-12-18" }),
    )
    .await?;
    ok(&ended["endServiceOrder"])?;
    run_worker(&app).await?;
    assert_eq!(
        pairs(&due(&app, &w).await?),
        [pair("START", "2026-11-16"), pair("FINAL", "2027-01-05")],
        "Friday 18 December + 10 workdays, skipping 25 December and 1 January"
    );
    Ok(())
}

#[tokio::test]
async fn short_offers_and_exception_only_groups_owe_the_final_report_only_003_138_141()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // Two weeks: under the periodic threshold; the start report would fall after the end.
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let short = accepted_order(&app, &w, "K-R2", ("2026-11-02", "2026-11-13")).await?;
    start_order(&app, &w, &short, "2026-11-02").await?;
    // Dagpenge: exceptions only, however long the offer.
    in_group(&app, &w, "DAGPENGE").await?;
    let long = accepted_order(&app, &w, "K-R3", ("2026-11-02", "2027-04-30")).await?;
    start_order(&app, &w, &long, "2026-11-02").await?;
    run_worker(&app).await?;
    assert_eq!(
        pairs(&due(&app, &w).await?),
        [pair("FINAL", "2026-11-27"), pair("FINAL", "2027-05-18")],
        "Friday 30 April 2027 + 10 workdays skips Ascension Day and Whit Monday"
    );
    // An exception report can be written at any time, on the order.
    let exception = query(
        &app,
        &w.provider_p_staff1,
        SUBMIT,
        json!({ "input": { "serviceOrderId": long, "actionNeeded": false, "sections": [
            { "section": "BARRIERS", "text": "Borgeren søger ikke bredt nok." },
            { "section": "NEXT_STEP", "text": "Samtale om jobmål." }
        ]}}),
    )
    .await?;
    ok(&exception["submitSupplierReport"])?;
    assert_eq!(
        exception["submitSupplierReport"]["supplierReport"]["kind"],
        "EXCEPTION"
    );
    Ok(())
}

#[tokio::test]
async fn a_report_is_written_in_sections_read_searched_and_never_moves_the_next_conversation()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-R4", ("2026-11-02", "2027-02-26")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    run_worker(&app).await?;
    let next_conversation =
        "query($id: ID!) { caseworker { citizen(id: $id) { nextConversation { dueOn } } } }";
    let citizen = json!({ "id": w.citizen_1.subject.to_string() });
    let before = query(&app, &w.caseworker_a, next_conversation, citizen.clone()).await?;

    app.clock.set(at(2026, 11, 17));
    let recorded = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": [
            { "day": "2026-11-02", "kind": "ATTENDED", "hours": 3 },
            { "day": "2026-11-03", "kind": "ATTENDED", "hours": 3 },
            { "day": "2026-11-04", "kind": "ABSENT_EXCUSED" }
        ]}),
    )
    .await?;
    ok(&recorded["recordOfferAttendance"])?;
    let reports = due(&app, &w).await?;
    assert_eq!(reports[0]["status"], "OVERDUE", "the red case");
    assert_eq!(reports[0]["questions"][0]["filledIn"], true);
    let overdue = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { overdueSupplierReports { kind dueOn } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        overdue["caseworker"]["overdueSupplierReports"][0]["kind"],
        "START"
    );
    let start = reports[0]["id"].clone();

    let submit = |sections: Value| {
        json!({ "input": { "supplierReportId": start, "actionNeeded": true,
                           "nextStep": "CONTINUE", "sections": sections } })
    };
    for (sections, field) in [
        (
            json!([{ "section": "BARRIERS", "text": "Transport er en udfordring." }]),
            json!(["input", "sections"]),
        ),
        (
            json!([{ "section": "ATTENDANCE", "text": "Altid mødt" },
                   { "section": "BARRIERS", "text": "x" }, { "section": "NEXT_STEP", "text": "y" }]),
            json!(["input", "sections", "0"]),
        ),
        (
            json!([{ "section": "BARRIERS", "text": "  " }, { "section": "NEXT_STEP", "text": "y" }]),
            json!(["input", "sections", "0"]),
        ),
    ] {
        let refused = query(&app, &w.provider_p_staff1, SUBMIT, submit(sections)).await?;
        assert_eq!(
            user_error(&refused["submitSupplierReport"]),
            (json!("INVALID"), field)
        );
    }
    let sections = json!([
        { "section": "BARRIERS", "text": "Transport er en udfordring om morgenen." },
        { "section": "NEXT_STEP", "text": "Fortsæt; hjælp til buskort." }
    ]);
    // Another provider cannot write it.
    let other = query(
        &app,
        &w.provider_q_coordinator,
        SUBMIT,
        submit(sections.clone()),
    )
    .await?;
    assert_eq!(
        user_error(&other["submitSupplierReport"]).0,
        json!("NOT_FOUND")
    );
    let written = query(&app, &w.provider_p_staff1, SUBMIT, submit(sections.clone())).await?;
    ok(&written["submitSupplierReport"])?;
    let report = &written["submitSupplierReport"]["supplierReport"];
    assert_eq!(report["status"], "SUBMITTED");
    let attendance = report["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["section"] == "ATTENDANCE"))
        .cloned()
        .unwrap_or_default();
    assert!(
        attendance["text"].as_str().is_some_and(
            |t| t.contains("2 dage mødt (6.0 timer)") && t.contains("1 dage lovligt fravær")
        ),
        "{attendance}"
    );
    let again = query(&app, &w.provider_p_staff1, SUBMIT, submit(sections)).await?;
    assert_eq!(
        user_error(&again["submitSupplierReport"]).0,
        json!("ALREADY_DONE")
    );

    // Action needed: a task due two workdays later for the caseworker, not an alert.
    run_worker(&app).await?;
    let tasks = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { tasks { kind dueAt } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        tasks["caseworker"]["tasks"][0]["kind"],
        "SUPPLIER_REPORT_ACTION"
    );
    assert!(
        tasks["caseworker"]["tasks"][0]["dueAt"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-19T14:00:00")),
        "{tasks}"
    );
    assert!(
        !kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"SUPPLIER_REPORT_SUBMITTED".to_string())
    );

    // Unread, then read.
    let unread = "{ caseworker { unreadSupplierReports { id } } }";
    let list = query(&app, &w.caseworker_a, unread, json!({})).await?;
    assert_eq!(list["caseworker"]["unreadSupplierReports"][0]["id"], start);
    let read = query(
        &app,
        &w.caseworker_a,
        "mutation($id: ID!) { markSupplierReportRead(input: {supplierReportId: $id}) { supplierReport { status } userErrors { code } } }",
        json!({ "id": start }),
    )
    .await?;
    assert_eq!(
        read["markSupplierReportRead"]["supplierReport"]["status"],
        "READ"
    );
    let list = query(&app, &w.caseworker_a, unread, json!({})).await?;
    assert_eq!(list["caseworker"]["unreadSupplierReports"], json!([]));

    // Search by section and words, within the job centre only.
    let search = "query($filter: SupplierReportFilter!) { caseworker { supplierReports(filter: $filter) { id } } }";
    for (who, filter, hits) in [
        (
            &w.caseworker_a,
            json!({ "section": "BARRIERS", "text": "TRANSPORT" }),
            1,
        ),
        (
            &w.caseworker_a,
            json!({ "section": "NEXT_STEP", "text": "transport" }),
            0,
        ),
        (&w.caseworker_a, json!({ "text": "buskort" }), 1),
        (&w.caseworker_a, json!({ "text": "100%" }), 0),
        (&w.caseworker_b, json!({ "text": "transport" }), 0),
    ] {
        let found = query(&app, who, search, json!({ "filter": filter })).await?;
        assert_eq!(
            found["caseworker"]["supplierReports"]
                .as_array()
                .map(Vec::len),
            Some(hits),
            "{filter}"
        );
    }

    // The submitted report is on the citizen's case timeline, after the order's start.
    let timeline = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { timeline { on event recordId } } } }",
        citizen.clone(),
    )
    .await?;
    let entries = timeline["caseworker"]["citizen"]["timeline"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        entries[0],
        json!({ "on": "2026-11-17", "event": "SUPPLIER_REPORT_SUBMITTED", "recordId": start }),
        "{entries:?}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["event"] == "ORDER_STARTED" && e["on"] == "2026-11-02")
    );
    // A report is not a conversation.
    let after = query(&app, &w.caseworker_a, next_conversation, citizen).await?;
    assert_eq!(before, after);
    Ok(())
}

#[tokio::test]
async fn a_report_asked_for_is_due_five_workdays_later_and_without_action_alerts()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-R5", ("2026-11-02", "2026-11-27")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    app.clock.set(at(2026, 11, 5));
    let request = "mutation($id: ID!, $note: String!) { requestSupplierReport(input: {serviceOrderId: $id, note: $note}) { supplierReport { id kind dueOn requestNote } userErrors { field code } } }";
    let empty = query(
        &app,
        &w.caseworker_a,
        request,
        json!({ "id": id, "note": " " }),
    )
    .await?;
    assert_eq!(
        user_error(&empty["requestSupplierReport"]),
        (json!("INVALID"), json!(["input", "note"]))
    );
    let asked = query(
        &app,
        &w.caseworker_a,
        request,
        json!({ "id": id, "note": "Hvordan går fremmødet?" }),
    )
    .await?;
    ok(&asked["requestSupplierReport"])?;
    let report = &asked["requestSupplierReport"]["supplierReport"];
    // Thursday 5 November + 5 workdays: Thursday 12 November.
    assert_eq!(report["dueOn"], "2026-11-12");
    let written = query(
        &app,
        &w.provider_p_staff1,
        SUBMIT,
        json!({ "input": { "supplierReportId": report["id"], "actionNeeded": false, "sections": [
            { "section": "PROGRESSION", "text": "Stabilt." },
            { "section": "BARRIERS", "text": "Ingen." },
            { "section": "NEXT_STEP", "text": "Fortsæt." }
        ]}}),
    )
    .await?;
    ok(&written["submitSupplierReport"])?;
    run_worker(&app).await?;
    assert!(
        kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"SUPPLIER_REPORT_SUBMITTED".to_string())
    );
    Ok(())
}

/// Another staff member of the same provider, and another provider, reach none of an order's
/// reports, attendance, change requests, no-show procedure or messages (rule 15 and the
/// provider row of DOMAIN's table: staff see only what is assigned to them).
#[tokio::test]
async fn an_order_is_out_of_reach_of_other_staff_and_other_providers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-X1", ("2026-11-02", "2026-11-27")).await?;
    start_order(&app, &w, &id, "2026-11-02").await?;
    run_worker(&app).await?;
    let report = due(&app, &w).await?[0]["id"].clone();
    let ask = query(
        &app,
        &w.provider_p_staff1,
        "mutation($id: ID!) { requestOfferChange(input: {serviceOrderId: $id, kind: CHANGE_HOURS, newHoursPerWeek: 8, reason: \"Ønske\"}) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await?;
    ok(&ask["requestOfferChange"])?;
    let reads = "query($id: ID!, $report: ID!) { provider { \
        supplierReportsDue { id } supplierReport(id: $report) { id } \
        orderDelivery(serviceOrderId: $id) { weeks { week } } \
        noShowProcedure(serviceOrderId: $id) { step } \
        changeRequests(filter: ALL) { id } \
        orderMessages(serviceOrderId: $id) { id } } }";
    for who in [&w.provider_p_staff2, &w.provider_q_coordinator] {
        let seen = query(&app, who, reads, json!({ "id": id, "report": report })).await?;
        assert_eq!(
            seen["provider"],
            json!({
                "supplierReportsDue": [], "supplierReport": null, "orderDelivery": null,
                "noShowProcedure": null, "changeRequests": [], "orderMessages": null
            }),
            "{who:?}"
        );
        for (operation, field) in [(
            "mutation($id: ID!) { submitSupplierReport(input: {supplierReportId: $id, actionNeeded: false, sections: [{section: BARRIERS, text: \"x\"}, {section: NEXT_STEP, text: \"y\"}]}) { userErrors { field code } } }",
            "submitSupplierReport",
        )] {
            let refused = query(&app, who, operation, json!({ "id": report })).await?;
            assert_eq!(user_error(&refused[field]).0, json!("NOT_FOUND"));
        }
        for (operation, field) in [
            (
                "mutation($id: ID!) { requestOfferChange(input: {serviceOrderId: $id, kind: NOT_STARTED, reason: \"x\"}) { userErrors { field code } } }",
                "requestOfferChange",
            ),
            (
                "mutation($id: ID!) { recordOfferAttendance(input: {serviceOrderId: $id, days: [{day: \"2026-11-02\", kind: NO_SHOW}]}) { userErrors { field code } } }",
                "recordOfferAttendance",
            ),
            (
                "mutation($id: ID!) { recordResummons(input: {serviceOrderId: $id, newDate: \"2026-11-05\", channels: [PAPER]}) { userErrors { field code } } }",
                "recordResummons",
            ),
            (
                "mutation($id: ID!) { sendOrderMessage(input: {serviceOrderId: $id, text: \"x\"}) { userErrors { field code } } }",
                "sendOrderMessage",
            ),
        ] {
            let refused = query(&app, who, operation, json!({ "id": id })).await?;
            assert_eq!(
                user_error(&refused[field]),
                (json!("NOT_FOUND"), json!(["input", "serviceOrderId"])),
                "{field} by {who:?}"
            );
        }
    }
    // The assigned staff member reaches all of it.
    let seen = query(
        &app,
        &w.provider_p_staff1,
        reads,
        json!({ "id": id, "report": report }),
    )
    .await?;
    assert_eq!(seen["provider"]["supplierReport"]["id"], report);
    assert!(!seen["provider"]["orderDelivery"].is_null());
    assert_eq!(
        seen["provider"]["changeRequests"].as_array().map(Vec::len),
        Some(1)
    );
    Ok(())
}
