//! The invoicing basis (UC5, rule 16, `000:190-193`): generated from the contract's prices, the
//! orders and the delivered attendance (`003:73-76`); posted per target group and budget frame
//! (`003:62-64`); versions, not overwrites; approval with four eyes; adjustments after approval;
//! warnings and blocks; a preview that saves nothing; who sees what; the CSV export.

use axum::http::StatusCode;
use chrono::{DateTime, TimeZone, Utc};
use jobbro_api::{
    invoicing::{bench, service::generate_due},
    kernel::clock::SharedClock,
    testing::{Principal, TestApp, World, world},
};
use jobbro_entities::{invoice_basis, invoice_line, invoice_policy, provider};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::Expr,
};
use serde_json::{Value, json};

use crate::support::{
    contracts::{DRAFT, SIGN},
    graphql::{ok, query, user_error},
    outbox::run_worker,
    uploads::download,
};

const ORDER: &str = "mutation($input: CreateServiceOrderInput!) { createServiceOrder(input: $input) { serviceOrder { id } userErrors { field code message } } }";
const ACCEPT: &str = "mutation($id: ID!, $user: ID!) { acceptServiceOrder(input: {serviceOrderId: $id, assignTo: $user}) { userErrors { field code message } } }";
const START: &str = "mutation($id: ID!, $day: NaiveDate!) { startServiceOrder(input: {serviceOrderId: $id, startedOn: $day}) { userErrors { field code message } } }";
const END: &str = "mutation($id: ID!, $day: NaiveDate!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: $day}) { userErrors { field code message } } }";
const RECORD: &str = "mutation($id: ID!, $days: [AttendanceDayInput!]!) { recordOfferAttendance(input: {serviceOrderId: $id, days: $days}) { userErrors { field code message } } }";
const OUTCOME: &str = "mutation($input: RecordEmploymentOutcomeInput!) { recordEmploymentOutcome(input: $input) { employmentOutcome { id startsOn } userErrors { field code message } } }";
const CONTENT: &str = "totalOre totalKroner lineCount blocked contentHash lines(first: 100) { totalCount nodes { id lineNo kind serviceOrderId citizenId citizenName contractVersionId priceComponentId serviceMonth serviceDate quantity quantityNumerator quantityDenominator unitAmountOre amountOre amountKroner targetGroup budgetFrameCode attendanceIds outcomeId adjustsLineId adjustment } } findings(first: 100) { nodes { severity code serviceOrderId message } } totals { targetGroup budgetFrameCode lineCount amountOre amountKroner }";

fn generate_mutation() -> String {
    format!(
        "mutation($input: GenerateInvoiceBasisInput!) {{ generateInvoiceBasis(input: $input) {{ invoiceBasis {{ id version status month generatedBy csvPath {CONTENT} }} userErrors {{ field code message }} }} }}"
    )
}

fn approve_mutation() -> &'static str {
    "mutation($id: ID!) { approveInvoiceBasis(input: {invoiceBasisId: $id}) { invoiceBasis { id status approvedBy } userErrors { field code message } } }"
}

fn preview_query(workspace: &str) -> String {
    format!(
        "query($id: ID!, $month: String!) {{ {workspace} {{ previewInvoiceBasis(contractId: $id, month: $month) {{ contractId month {CONTENT} }} }} }}"
    )
}

/// 09:00 UTC on a day of 2026.
fn at(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// One service with every price component: a start fee of 2,500.00 kr, a monthly fee of
/// 9,999.95 kr, 1,234.56 kr a week, 456.78 kr an hour, and a result bonus of 10,000.00 kr
/// within 13 weeks of the end.
fn every_component(prices: Option<Value>) -> Value {
    json!({
        "serviceCode": "JOBAFKLARING", "offerKind": "MENTOR", "description": "Jobafklaring",
        "seats": 10, "targetGroups": [], "budgetFrameCode": "5.68.90",
        "prices": prices.unwrap_or_else(|| json!([
            { "kind": "START_FEE", "amountOre": 250_000 },
            { "kind": "MONTHLY_FEE", "amountOre": 999_995 },
            { "kind": "WEEKLY_PRICE", "amountOre": 123_456 },
            { "kind": "HOURLY_PRICE", "amountOre": 45_678 },
            { "kind": "RESULT_BONUS", "amountOre": 1_000_000, "withinWeeks": 13 }
        ]))
    })
}

struct Contract {
    id: String,
    service: String,
}

/// A signed contract of job centre A with provider P from 2026-01-01, with the service of
/// [`every_component`].
async fn contract(app: &TestApp, w: &World, reference: &str) -> anyhow::Result<Contract> {
    let provider = w
        .provider_p_coordinator
        .organisation
        .unwrap_or_default()
        .to_string();
    let drafted = query(
        app,
        &w.caseworker_a,
        DRAFT,
        json!({ "input": {
            "providerId": provider, "reference": reference, "title": "Jobafklaring",
            "validFrom": "2026-01-01", "services": [every_component(None)]
        }}),
    )
    .await?;
    let version = &drafted["draftContractVersion"]["contractVersion"];
    ok(&drafted["draftContractVersion"])?;
    let signed = query(app, &w.manager_a, SIGN, json!({ "id": version["id"] })).await?;
    ok(&signed["signContractVersion"])?;
    let contract = jobbro_entities::contract_version::Entity::find_by_id(uuid(&version["id"]))
        .one(&app.db)
        .await?
        .map(|v| v.contract_id)
        .unwrap_or_default();
    Ok(Contract {
        id: contract.to_string(),
        service: version["services"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    })
}

fn uuid(v: &Value) -> uuid::Uuid {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

/// An order of `citizen` under the contract, placed and started on `starts` (the clock is set
/// there), ordered to `ends`, 20 hours a week; accepted and assigned to staff member 1.
async fn started(
    app: &TestApp,
    w: &World,
    contract: &Contract,
    citizen: &Principal,
    (starts, ends): (DateTime<Utc>, &str),
) -> anyhow::Result<String> {
    app.clock.set(starts);
    let day = starts.date_naive().to_string();
    let placed = query(
        app,
        &w.caseworker_a,
        ORDER,
        json!({ "input": {
            "citizenId": citizen.subject.to_string(), "contractServiceId": contract.service,
            "startsOn": day, "endsOn": ends, "hoursPerWeek": 20.0, "weeks": 6,
            "justification": "Afklaring af arbejdsevne.", "goal": "Stabilt fremmøde.",
            "remark": "Ingen særlige hensyn."
        }}),
    )
    .await?;
    ok(&placed["createServiceOrder"])?;
    let id = placed["createServiceOrder"]["serviceOrder"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let staff = if citizen.subject == w.citizen_1.subject {
        w.provider_p_staff1
    } else {
        w.provider_p_staff2
    };
    let accepted = query(
        app,
        &w.provider_p_coordinator,
        ACCEPT,
        json!({ "id": id, "user": staff.subject.to_string() }),
    )
    .await?;
    ok(&accepted["acceptServiceOrder"])?;
    let begun = query(app, &staff, START, json!({ "id": id, "day": day })).await?;
    ok(&begun["startServiceOrder"])?;
    Ok(id)
}

async fn record(app: &TestApp, who: &Principal, order: &str, days: Value) -> anyhow::Result<()> {
    let recorded = query(app, who, RECORD, json!({ "id": order, "days": days })).await?;
    ok(&recorded["recordOfferAttendance"])
}

/// The month of the hand-worked figures: November 2026 (30 days).
///
/// - Order A, citizen 1: starts Tuesday 10 November, ordered to 18 December; attended 5 h on
///   10, 11, 12, 16 and 17 November, 5 h on the 23rd and 7.5 h on the 24th (37.5 h), sick on
///   the 13th, a no-show on the 18th.
/// - Order B, citizen 2: started Thursday 1 October, ended Friday 20 November; the citizen
///   starts a job on 25 November, within the 13 weeks of the result bonus.
struct Scenario {
    contract: Contract,
    order_a: String,
    order_b: String,
}

async fn november(app: &TestApp, w: &World, reference: &str) -> anyhow::Result<Scenario> {
    // The citizens' cases have been open since January, so each line has a target group.
    jobbro_entities::case::Entity::update_many()
        .col_expr(
            jobbro_entities::case::Column::OpenedAt,
            Expr::value(at(1, 1)),
        )
        .exec(&app.db)
        .await?;
    app.clock.set(at(9, 1));
    let contract = contract(app, w, reference).await?;
    let order_b = started(app, w, &contract, &w.citizen_2, (at(10, 1), "2026-12-31")).await?;
    let order_a = started(app, w, &contract, &w.citizen_1, (at(11, 10), "2026-12-18")).await?;
    app.clock.set(at(11, 20));
    let ended = query(
        app,
        &w.caseworker_a,
        END,
        json!({ "id": order_b, "day": "2026-11-20" }),
    )
    .await?;
    ok(&ended["endServiceOrder"])?;
    app.clock.set(at(11, 25));
    let five =
        |d: u32| json!({ "day": format!("2026-11-{d:02}"), "kind": "ATTENDED", "hours": 5.0 });
    record(
        app,
        &w.provider_p_staff1,
        &order_a,
        json!([
            five(10), five(11), five(12),
            { "day": "2026-11-13", "kind": "ABSENT_SICK" },
            five(16), five(17),
            { "day": "2026-11-18", "kind": "NO_SHOW" },
            five(23),
            { "day": "2026-11-24", "kind": "ATTENDED", "hours": 7.5 }
        ]),
    )
    .await?;
    let job = query(
        app,
        &w.caseworker_a,
        OUTCOME,
        json!({ "input": { "citizenId": w.citizen_2.subject.to_string(), "kind": "JOB", "startsOn": "2026-11-25" } }),
    )
    .await?;
    ok(&job["recordEmploymentOutcome"])?;
    run_worker(app).await?;
    Ok(Scenario {
        contract,
        order_a,
        order_b,
    })
}

async fn generate(
    app: &TestApp,
    who: &Principal,
    contract: &str,
    month: &str,
) -> anyhow::Result<Value> {
    let answer = query(
        app,
        who,
        &generate_mutation(),
        json!({ "input": { "contractId": contract, "month": month } }),
    )
    .await?;
    Ok(answer["generateInvoiceBasis"].clone())
}

/// The lines of a basis as (order, kind, quantity, amount in øre).
fn lines(basis: &Value) -> Vec<(String, String, String, i64)> {
    basis["lines"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            (
                l["serviceOrderId"].as_str().unwrap_or_default().to_string(),
                l["kind"].as_str().unwrap_or_default().to_string(),
                l["quantity"].as_str().unwrap_or_default().to_string(),
                l["amountOre"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

fn codes(basis: &Value) -> Vec<String> {
    basis["findings"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn versions(app: &TestApp) -> anyhow::Result<Vec<invoice_basis::Model>> {
    Ok(invoice_basis::Entity::find().all(&app.db).await?)
}

#[tokio::test]
async fn hand_worked_figures_for_a_month_with_every_price_component_000_190_193_003_73_76()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-FAKT").await?;
    app.clock.set(at(12, 10));
    let payload = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    ok(&payload)?;
    let basis = &payload["invoiceBasis"];
    let (a, b) = (s.order_a.clone(), s.order_b.clone());
    let line =
        |o: &str, k: &str, q: &str, ore: i64| (o.to_string(), k.to_string(), q.to_string(), ore);
    // Worked by hand, in øre; each line rounded half away from zero, never the total:
    let mut expected = vec![
        // A: started on the 10th: the start fee once.
        line(&a, "START_FEE", "1", 250_000),
        // A: active 10-30 November, 21 of 30 days: 999,995 × 21 / 30 = 699,996.5 → 699,997.
        line(&a, "MONTHLY_FEE", "0.7", 699_997),
        // A: ISO weeks 46, 47, 48 and 49 (Monday 30 November to Sunday 6 December: split
        // across the months, billed in November, where the citizen's week began under the
        // default rule): 4 × 123,456 = 493,824.
        line(&a, "WEEKLY_PRICE", "4", 493_824),
        // A: 37.5 attended hours (the sick day and the no-show are not paid):
        // 2,250 minutes × 45,678 / 60 = 1,712,925.
        line(&a, "HOURLY_PRICE", "37.5", 1_712_925),
        // B: active 1-20 November, 20 of 30 days: 999,995 × 20 / 30 = 666,663.33 → 666,663.
        line(&b, "MONTHLY_FEE", "0.6667", 666_663),
        // B: weeks 45, 46 and 47 (week 44 began in October): 3 × 123,456 = 370,368.
        line(&b, "WEEKLY_PRICE", "3", 370_368),
        // B: a job from 25 November, 5 days after the end, within 13 weeks: 1,000,000.
        line(&b, "RESULT_BONUS", "1", 1_000_000),
    ];
    let mut got = lines(basis);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    // 250,000 + 699,997 + 493,824 + 1,712,925 + 666,663 + 370,368 + 1,000,000 = 5,193,777.
    assert_eq!(basis["totalOre"], json!(5_193_777));
    assert_eq!(basis["totalKroner"], json!("51937.77"));
    assert_eq!(basis["lineCount"], json!(7));
    assert_eq!(basis["status"], json!("DRAFT"));
    assert_eq!(basis["version"], json!(1));

    // Every line points at its records and carries the posting.
    for l in basis["lines"]["nodes"].as_array().into_iter().flatten() {
        assert!(l["contractVersionId"].is_string() && l["priceComponentId"].is_string());
        assert_eq!(l["budgetFrameCode"], json!("5.68.90"));
        assert!(
            l["targetGroup"].is_string(),
            "the target group on the day: {l}"
        );
        assert_eq!(l["serviceMonth"], json!("2026-11"));
        match l["kind"].as_str() {
            Some("HOURLY_PRICE") => assert_eq!(
                l["attendanceIds"].as_array().map(Vec::len),
                Some(7),
                "the seven attended days, not the sick day or the no-show"
            ),
            Some("RESULT_BONUS") => assert!(l["outcomeId"].is_string()),
            _ => assert_eq!(l["attendanceIds"], json!([])),
        }
    }
    let stored = invoice_line::Entity::find()
        .filter(invoice_line::Column::Kind.eq(jobbro_entities::enums::PriceKind::HourlyPrice))
        .one(&app.db)
        .await?;
    assert_eq!(
        stored.map(|l| (l.quantity_numerator, l.quantity_denominator)),
        Some((2250, 60))
    );
    let total: i64 = basis["totals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| t["amountOre"].as_i64().unwrap_or_default())
        .sum();
    assert_eq!(
        total, 5_193_777,
        "the totals per target group and budget frame add up"
    );
    // B ended on the 20th and its final report is not written yet, but not overdue either
    // until its due day: no warning about it before then.
    assert!(!codes(basis).contains(&"HOURS_OVER_ORDERED".to_string()));
    Ok(())
}

#[tokio::test]
async fn generating_again_on_the_same_data_gives_the_same_version_and_new_data_a_new_draft()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-VERS").await?;
    app.clock.set(at(12, 10));
    let first = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    let again = generate(&app, &w.caseworker_a2, &s.contract.id, "2026-11").await?;
    ok(&again)?;
    assert_eq!(first["invoiceBasis"]["id"], again["invoiceBasis"]["id"]);
    assert_eq!(
        first["invoiceBasis"]["contentHash"],
        again["invoiceBasis"]["contentHash"]
    );
    assert_eq!(
        versions(&app).await?.len(),
        1,
        "no new version on the same data"
    );

    // Late attendance for the 26th: a new draft supersedes the first.
    app.clock.set(at(12, 10));
    record(
        &app,
        &w.provider_p_staff1,
        &s.order_a,
        json!([{ "day": "2026-11-26", "kind": "ATTENDED", "hours": 2.0 }]),
    )
    .await?;
    let second = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    ok(&second)?;
    assert_eq!(second["invoiceBasis"]["version"], json!(2));
    assert_ne!(
        second["invoiceBasis"]["contentHash"],
        first["invoiceBasis"]["contentHash"]
    );
    // 2 more hours: 120 × 45,678 / 60 = 91,356 more.
    assert_eq!(
        second["invoiceBasis"]["totalOre"],
        json!(5_193_777 + 91_356)
    );
    let all = versions(&app).await?;
    let status = |v: i32| all.iter().find(|b| b.version == v).map(|b| b.status);
    use jobbro_entities::enums::InvoiceBasisStatus::{Draft, Superseded};
    assert_eq!((status(1), status(2)), (Some(Superseded), Some(Draft)));
    // Approving the superseded version is refused and changes nothing.
    let refused = query(
        &app,
        &w.manager_a,
        approve_mutation(),
        json!({ "id": first["invoiceBasis"]["id"] }),
    )
    .await?;
    assert_eq!(
        user_error(&refused["approveInvoiceBasis"]).0,
        json!("WRONG_STATE")
    );
    assert_eq!(status(1), Some(Superseded));
    Ok(())
}

#[tokio::test]
async fn approval_takes_a_second_person_who_may_approve_and_then_locks_the_basis()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-GODK").await?;
    app.clock.set(at(12, 10));
    let made = generate(&app, &w.manager_a, &s.contract.id, "2026-11").await?;
    let id = made["invoiceBasis"]["id"].clone();
    let approve = |who: Principal| {
        let app = &app;
        let id = id.clone();
        async move {
            let answer = query(app, &who, approve_mutation(), json!({ "id": id })).await?;
            anyhow::Ok(answer["approveInvoiceBasis"].clone())
        }
    };
    // The manager generated it: four eyes.
    assert_eq!(
        user_error(&approve(w.manager_a).await?).0,
        json!("FOUR_EYES")
    );
    // A caseworker may not, until the job centre names their team as approvers.
    assert_eq!(
        user_error(&approve(w.caseworker_a).await?).0,
        json!("NOT_APPROVER")
    );
    let team = jobbro_entities::caseworker::Entity::find_by_id(w.caseworker_a.subject)
        .one(&app.db)
        .await?
        .and_then(|c| c.team);
    let team = match team {
        Some(t) => t,
        None => {
            jobbro_entities::caseworker::Entity::update_many()
                .col_expr(
                    jobbro_entities::caseworker::Column::Team,
                    Expr::value("Økonomi"),
                )
                .filter(jobbro_entities::caseworker::Column::Id.eq(w.caseworker_a.subject))
                .exec(&app.db)
                .await?;
            "Økonomi".to_string()
        }
    };
    invoice_policy::ActiveModel {
        jobcentre_id: Set(w.jobcentre_a),
        generate_day: Set(5),
        week_split_rule: Set(jobbro_entities::enums::WeekSplitRule::FirstActiveDay),
        approver_team: Set(Some(team)),
    }
    .insert(&app.db)
    .await?;
    let approved = approve(w.caseworker_a).await?;
    ok(&approved)?;
    assert_eq!(approved["invoiceBasis"]["status"], json!("APPROVED"));
    assert_eq!(
        user_error(&approve(w.manager_a).await?).0,
        json!("ALREADY_DONE")
    );
    // Locked: generating the month again makes no new version.
    let locked = generate(&app, &w.caseworker_a2, &s.contract.id, "2026-11").await?;
    assert_eq!(user_error(&locked).0, json!("ALREADY_DONE"));
    assert_eq!(versions(&app).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_correction_after_approval_is_an_adjustment_line_next_month_pointing_at_the_original()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-KORR").await?;
    app.clock.set(at(12, 10));
    let november = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    let approved = query(
        &app,
        &w.manager_a,
        approve_mutation(),
        json!({ "id": november["invoiceBasis"]["id"] }),
    )
    .await?;
    ok(&approved["approveInvoiceBasis"])?;
    let hourly = november["invoiceBasis"]["lines"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["kind"] == json!("HOURLY_PRICE") && l["serviceOrderId"] == json!(s.order_a))
        .cloned()
        .unwrap_or_default();

    // Late attendance for November, recorded after approval: 3 hours on the 27th.
    record(
        &app,
        &w.provider_p_staff1,
        &s.order_a,
        json!([{ "day": "2026-11-27", "kind": "ATTENDED", "hours": 3.0 }]),
    )
    .await?;
    let nov_after = invoice_basis::Entity::find()
        .filter(invoice_basis::Column::Month.eq(chrono::NaiveDate::from_ymd_opt(2026, 11, 1)))
        .all(&app.db)
        .await?;
    assert_eq!(nov_after.len(), 1, "the approved month is not regenerated");

    app.clock.set(
        Utc.with_ymd_and_hms(2027, 1, 6, 9, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let december = generate(&app, &w.caseworker_a, &s.contract.id, "2026-12").await?;
    ok(&december)?;
    let adjustments: Vec<&Value> = december["invoiceBasis"]["lines"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["adjustment"] == json!(true))
        .collect();
    assert_eq!(adjustments.len(), 1, "{adjustments:?}");
    let adj = adjustments[0];
    assert_eq!(adj["serviceMonth"], json!("2026-11"));
    assert_eq!(adj["kind"], json!("HOURLY_PRICE"));
    assert_eq!(adj["adjustsLineId"], hourly["id"]);
    // 180 minutes × 45,678 / 60 = 137,034.
    assert_eq!(adj["amountOre"], json!(137_034));
    assert_eq!(adj["quantity"], json!("3"));
    Ok(())
}

#[tokio::test]
async fn warnings_and_blocks() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-ADV").await?;
    // More hours than ordered in week 48 (20 ordered): 12.5 recorded + 10 = 22.5.
    app.clock.set(at(11, 28));
    record(
        &app,
        &w.provider_p_staff1,
        &s.order_a,
        json!([{ "day": "2026-11-25", "kind": "ATTENDED", "hours": 10.0 }]),
    )
    .await?;
    // A change request on order A, undecided.
    let asked = query(
        &app,
        &w.provider_p_staff1,
        "mutation($id: ID!) { requestOfferChange(input: {serviceOrderId: $id, kind: EXTEND, newEndsOn: \"2027-01-29\", reason: \"Behov for mere tid.\"}) { userErrors { field code message } } }",
        json!({ "id": s.order_a }),
    )
    .await?;
    ok(&asked["requestOfferChange"])?;
    // Long after B's final report was due.
    app.clock.set(at(12, 28));
    let made = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    ok(&made)?;
    let found = codes(&made["invoiceBasis"]);
    for code in [
        "HOURS_OVER_ORDERED",
        "PENDING_CHANGE_REQUEST",
        "FINAL_REPORT_OVERDUE",
    ] {
        assert!(found.contains(&code.to_string()), "{code} in {found:?}");
    }
    assert_eq!(made["invoiceBasis"]["blocked"], json!(false));

    // A new contract version in force from 1 November drops the hourly price: its lines cannot
    // be priced, and the basis cannot be approved.
    let version = query(
        &app,
        &w.caseworker_a,
        DRAFT,
        json!({ "input": {
            "contractId": s.contract.id, "validFrom": "2026-11-01",
            "services": [every_component(Some(json!([
                { "kind": "START_FEE", "amountOre": 250_000 },
                { "kind": "MONTHLY_FEE", "amountOre": 999_995 },
                { "kind": "WEEKLY_PRICE", "amountOre": 123_456 },
                { "kind": "RESULT_BONUS", "amountOre": 1_000_000, "withinWeeks": 13 }
            ])))]
        }}),
    )
    .await?;
    ok(&version["draftContractVersion"])?;
    let signed = query(
        &app,
        &w.manager_a,
        SIGN,
        json!({ "id": version["draftContractVersion"]["contractVersion"]["id"] }),
    )
    .await?;
    ok(&signed["signContractVersion"])?;
    let blocked = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    ok(&blocked)?;
    assert_eq!(blocked["invoiceBasis"]["blocked"], json!(true));
    assert!(codes(&blocked["invoiceBasis"]).contains(&"NO_PRICE".to_string()));
    let refused = query(
        &app,
        &w.manager_a,
        approve_mutation(),
        json!({ "id": blocked["invoiceBasis"]["id"] }),
    )
    .await?;
    assert_eq!(
        user_error(&refused["approveInvoiceBasis"]).0,
        json!("BLOCKED")
    );
    assert!(
        versions(&app)
            .await?
            .iter()
            .all(|v| v.status != jobbro_entities::enums::InvoiceBasisStatus::Approved)
    );
    Ok(())
}

#[tokio::test]
async fn the_preview_shows_what_generating_would_save_and_saves_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-PREV").await?;
    app.clock.set(at(12, 10));
    let vars = json!({ "id": s.contract.id, "month": "2026-11" });
    let staff = query(
        &app,
        &w.caseworker_a,
        &preview_query("caseworker"),
        vars.clone(),
    )
    .await?;
    let provider = query(
        &app,
        &w.provider_p_coordinator,
        &preview_query("provider"),
        vars.clone(),
    )
    .await?;
    let staff = &staff["caseworker"]["previewInvoiceBasis"];
    let provider = &provider["provider"]["previewInvoiceBasis"];
    assert_eq!(staff["totalOre"], json!(5_193_777));
    assert_eq!(staff["contentHash"], provider["contentHash"]);
    assert_eq!(versions(&app).await?.len(), 0, "a preview saves nothing");
    let made = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    assert_eq!(made["invoiceBasis"]["contentHash"], staff["contentHash"]);
    assert_eq!(lines(&made["invoiceBasis"]), lines(staff));
    // The running month can be previewed, not generated.
    let running = query(
        &app,
        &w.caseworker_a,
        &preview_query("caseworker"),
        json!({ "id": s.contract.id, "month": "2026-12" }),
    )
    .await?;
    assert!(running["caseworker"]["previewInvoiceBasis"]["lineCount"].is_number());
    // A provider's staff member, and another provider, see no preview.
    for who in [w.provider_p_staff1, w.provider_q_coordinator] {
        let none = query(&app, &who, &preview_query("provider"), vars.clone()).await?;
        assert_eq!(none["provider"]["previewInvoiceBasis"], Value::Null);
    }
    Ok(())
}

#[tokio::test]
async fn bad_input_gets_a_clear_user_error_and_changes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-FEJL").await?;
    app.clock.set(at(12, 10));
    let cases = [
        (s.contract.id.clone(), "2027-02", "INVALID_PERIOD"),
        (s.contract.id.clone(), "2026-12", "INVALID_PERIOD"),
        (s.contract.id.clone(), "november", "INVALID"),
        (uuid::Uuid::now_v7().to_string(), "2026-11", "NOT_FOUND"),
    ];
    for (contract, month, code) in cases {
        let answer = generate(&app, &w.caseworker_a, &contract, month).await?;
        assert_eq!(user_error(&answer).0, json!(code), "{month}: {answer}");
        assert_eq!(answer["invoiceBasis"], Value::Null);
    }
    // Another job centre's staff cannot reach the contract.
    let other = generate(&app, &w.caseworker_b, &s.contract.id, "2026-11").await?;
    assert_eq!(user_error(&other).0, json!("NOT_FOUND"));
    let unknown = query(
        &app,
        &w.manager_a,
        approve_mutation(),
        json!({ "id": uuid::Uuid::now_v7().to_string() }),
    )
    .await?;
    assert_eq!(
        user_error(&unknown["approveInvoiceBasis"]).0,
        json!("NOT_FOUND")
    );
    assert_eq!(versions(&app).await?.len(), 0);
    // The municipality's own units are never invoiced.
    provider::Entity::update_many()
        .col_expr(provider::Column::Internal, Expr::value(true))
        .filter(provider::Column::Id.eq(w.provider_p_coordinator.organisation.unwrap_or_default()))
        .exec(&app.db)
        .await?;
    let internal = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    assert_eq!(user_error(&internal).0, json!("WRONG_STATE"));
    assert_eq!(versions(&app).await?.len(), 0);
    Ok(())
}

#[tokio::test]
async fn the_job_centre_and_the_providers_coordinators_see_their_own_bases_and_nobody_else_rule_16()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-SYN").await?;
    app.clock.set(at(12, 10));
    let made = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    let id = made["invoiceBasis"]["id"].clone();
    let list = |workspace: &str| {
        format!(
            "query($id: ID!) {{ {workspace} {{ invoiceBases(month: \"2026-11\") {{ id }} invoiceBasis(id: $id) {{ id lineCount }} }} }}"
        )
    };
    for (who, workspace, sees) in [
        (w.caseworker_a, "caseworker", true),
        (w.manager_a, "caseworker", true),
        (w.caseworker_b, "caseworker", false),
        (w.provider_p_coordinator, "provider", true),
        (w.provider_p_staff1, "provider", false),
        (w.provider_q_coordinator, "provider", false),
    ] {
        let answer = query(&app, &who, &list(workspace), json!({ "id": id })).await?;
        let seen = &answer[workspace];
        assert_eq!(
            seen["invoiceBases"].as_array().map(Vec::len),
            Some(usize::from(sees))
        );
        assert_eq!(
            seen["invoiceBasis"].is_object(),
            sees,
            "{workspace}: {answer}"
        );
    }
    for who in [w.citizen_1, w.company_k, w.integration] {
        let answer = app
            .gql(Some(&who), &list("caseworker"), json!({ "id": id }))
            .await;
        assert_eq!(jobbro_api::testing::error_code(&answer), Some("FORBIDDEN"));
    }
    Ok(())
}

#[tokio::test]
async fn the_csv_export_opens_in_danish_spreadsheets_and_holds_no_cpr() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-CSV").await?;
    app.clock.set(at(12, 10));
    let made = generate(&app, &w.caseworker_a, &s.contract.id, "2026-11").await?;
    let path = made["invoiceBasis"]["csvPath"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, headers, body) = download(&app, Some(&w.provider_p_coordinator), &path).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(body[3..].to_vec())?;
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 1 + 7, "a header and one row per line");
    assert!(rows[0].starts_with("linje;maaned;"));
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| r.split(';').count() == rows[0].split(';').count())
    );
    assert!(
        text.contains("17129,25"),
        "kroner with a decimal comma: {text}"
    );
    assert!(text.contains(";1712925;"), "øre");
    for cpr in citizens_cpr(&app).await? {
        assert!(!text.contains(&cpr), "no CPR number in the export");
        assert!(!text.contains(&cpr.replace('-', "")));
    }
    // The citizens named are in their access logs.
    let logged = jobbro_entities::audit_read::Entity::find()
        .filter(jobbro_entities::audit_read::of_citizens(
            app.db.get_database_backend(),
            &[w.citizen_2.subject],
        ))
        .count(&app.db)
        .await?;
    assert!(logged > 0);
    // No token: 401; another provider, or a malformed id: 404.
    assert_eq!(
        download(&app, None, &path).await?.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        download(&app, Some(&w.provider_q_coordinator), &path)
            .await?
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&app, Some(&w.caseworker_a), "/exports/invoice-basis/x.csv")
            .await?
            .0,
        StatusCode::NOT_FOUND
    );
    Ok(())
}

async fn citizens_cpr(app: &TestApp) -> anyhow::Result<Vec<String>> {
    Ok(jobbro_entities::citizen::Entity::find()
        .all(&app.db)
        .await?
        .into_iter()
        .map(|c| c.cpr)
        .collect())
}

#[tokio::test]
async fn the_server_generates_last_months_bases_on_the_policy_day_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let s = november(&app, &w, "K-AUTO").await?;
    let clock: SharedClock = std::sync::Arc::new(app.clock.clone());
    app.clock.set(at(12, 4));
    assert_eq!(generate_due(&app.db, &clock).await?, 0, "before the 5th");
    app.clock.set(at(12, 5));
    let made = generate_due(&app.db, &clock).await?;
    assert!(made >= 1);
    assert_eq!(
        generate_due(&app.db, &clock).await?,
        0,
        "twice makes nothing twice"
    );
    let mine = invoice_basis::Entity::find()
        .filter(invoice_basis::Column::ContractId.eq(uuid(&json!(s.contract.id))))
        .all(&app.db)
        .await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].generated_by, None, "generated by the server");
    assert_eq!(mine[0].total_ore, 5_193_777);
    // The worker's version may be approved by anyone who may approve.
    let approved = query(
        &app,
        &w.manager_a,
        approve_mutation(),
        json!({ "id": mine[0].id.to_string() }),
    )
    .await?;
    ok(&approved["approveInvoiceBasis"])?;
    Ok(())
}

/// Point 8: generating a basis reads its sources and writes its lines in the same statements
/// for 10 participants as for 100 (the benchmark's workload, `jobbro bench invoicing`, at two
/// sizes): nothing is read or written per participant or per line.
#[tokio::test]
async fn generating_costs_the_same_statements_for_10_and_for_100_participants() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let small = bench::load(&app.db, 10).await?;
    let large = bench::load(&app.db, 100).await?;
    let a = bench::generate_once(&app.db, &small).await?;
    let b = bench::generate_once(&app.db, &large).await?;
    // Per ten participants: six run all month (monthly fee, weeks, hours), two start in it
    // (and a start fee), one ends in it, one ended before and found a job (a result bonus).
    assert_eq!((a.lines, b.lines), (30, 300));
    assert!(a.statements > 0);
    assert_eq!(a.statements, b.statements, "statements for 10 and for 100");
    Ok(())
}

/// Twenty job-centre users generate the same basis at once, on the SQLite file the server
/// uses by default (and on PostgreSQL when the suite runs there): one version is saved, every
/// answer is that version or `WRONG_STATE` ("generated at the same moment; generate it again"),
/// and none is an internal error.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_generations_at_once_save_one_version() -> anyhow::Result<()> {
    let app = std::sync::Arc::new(TestApp::spawn_on_file().await?);
    let workload = bench::load(&app.db, 20).await?;
    let manager = Principal {
        role: jobbro_api::auth::Role::Manager,
        subject: workload.staff.caseworker,
        organisation: Some(workload.staff.jobcentre),
    };
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, gate) = (app.clone(), gate.clone());
            tokio::spawn(async move {
                gate.wait().await;
                app.gql(
                    Some(&manager),
                    "mutation($input: GenerateInvoiceBasisInput!) { generateInvoiceBasis(input: $input) { invoiceBasis { id version } userErrors { code } } }",
                    json!({ "input": { "contractId": workload.contract.to_string(), "month": bench::MONTH } }),
                )
                .await
            })
        })
        .collect();
    let mut saved = Vec::new();
    for task in tasks {
        let answer = task.await?;
        assert!(answer["errors"].is_null(), "{answer}");
        let payload = &answer["data"]["generateInvoiceBasis"];
        match payload["userErrors"][0]["code"].as_str() {
            None => saved.push(payload["invoiceBasis"].clone()),
            Some(code) => assert_eq!(code, "WRONG_STATE", "{answer}"),
        }
    }
    assert!(
        !saved.is_empty(),
        "at least one generation answers with the basis"
    );
    for basis in &saved {
        assert_eq!(basis, &saved[0], "every success is the same version");
    }
    assert_eq!(saved[0]["version"], 1);
    let versions = invoice_basis::Entity::find()
        .filter(invoice_basis::Column::ContractId.eq(workload.contract))
        .count(&app.db)
        .await?;
    assert_eq!(versions, 1, "one version saved");
    Ok(())
}

/// Rule 16: an order ended after its month was approved, with an end back in that month, is
/// corrected next month by an adjustment pointing at the approved line (the monthly fee of the
/// days after the end comes back); an order cancelled after approval stops from the day of the
/// cancellation, so the approved month keeps its lines and only the new month is cut short.
#[tokio::test]
async fn an_order_ended_or_cancelled_after_approval_is_corrected_from_its_last_day()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let workload = bench::load(&app.db, 10).await?;
    let manager = Principal {
        role: jobbro_api::auth::Role::Manager,
        subject: workload.staff.caseworker,
        organisation: Some(workload.staff.jobcentre),
    };
    let contract = workload.contract.to_string();
    // The server generates October on 6 November; the manager approves it.
    app.clock.set(at(11, 6));
    let clock: SharedClock = std::sync::Arc::new(app.clock.clone());
    assert_eq!(generate_due(&app.db, &clock).await?, 1);
    let october = invoice_basis::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("October's basis"))?;
    let approved = query(
        &app,
        &manager,
        approve_mutation(),
        json!({ "id": october.id.to_string() }),
    )
    .await?;
    ok(&approved["approveInvoiceBasis"])?;
    // Two orders that ran all of October: the first started on 1 September, the second on the 2nd.
    let order_from = |day: u32| {
        let app = &app;
        async move {
            jobbro_entities::service_order::Entity::find()
                .filter(
                    jobbro_entities::service_order::Column::JobcentreId
                        .eq(workload.staff.jobcentre),
                )
                .filter(
                    jobbro_entities::service_order::Column::StartsOn
                        .eq(chrono::NaiveDate::from_ymd_opt(2026, 9, day).unwrap_or_default()),
                )
                .one(&app.db)
                .await
                .map(|o| o.map(|o| o.id.to_string()).unwrap_or_default())
        }
    };
    let (ended, cancelled) = (order_from(1).await?, order_from(2).await?);
    app.clock.set(at(11, 10));
    let end = query(
        &app,
        &manager,
        "mutation($id: ID!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: \"2026-10-20\"}) { userErrors { field code message } } }",
        json!({ "id": ended }),
    )
    .await?;
    ok(&end["endServiceOrder"])?;
    let cancel = query(
        &app,
        &manager,
        "mutation($id: ID!) { cancelServiceOrder(input: {serviceOrderId: $id, reason: \"Borgeren er flyttet.\"}) { userErrors { field code message } } }",
        json!({ "id": cancelled }),
    )
    .await?;
    ok(&cancel["cancelServiceOrder"])?;

    app.clock.set(at(12, 7));
    let november = generate(&app, &manager, &contract, "2026-11").await?;
    ok(&november)?;
    let basis = &november["invoiceBasis"];
    let october_line = |order: &str, kind: &str| {
        invoice_line::Entity::find()
            .filter(invoice_line::Column::BasisId.eq(october.id))
            .filter(
                invoice_line::Column::ServiceOrderId
                    .eq(uuid::Uuid::parse_str(order).unwrap_or_default()),
            )
            .filter(invoice_line::Column::Kind.eq(kind))
            .one(&app.db)
    };
    let nodes = basis["lines"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let adjustments: Vec<&Value> = nodes.iter().filter(|l| l["adjustment"] == true).collect();
    // The ended order: 11 days of October (21-31) at 310,000 / 31 = 10,000 øre a day come back.
    let monthly = october_line(&ended, "MONTHLY_FEE")
        .await?
        .ok_or_else(|| anyhow::anyhow!("October's monthly fee"))?;
    let back = adjustments
        .iter()
        .find(|l| l["serviceOrderId"] == ended.as_str() && l["kind"] == "MONTHLY_FEE")
        .ok_or_else(|| anyhow::anyhow!("an adjustment of the monthly fee"))?;
    assert_eq!(back["serviceMonth"], "2026-10");
    assert_eq!(back["amountOre"], -110_000, "{back}");
    assert_eq!(back["adjustsLineId"], monthly.id.to_string());
    // The ended order bills nothing in November; the cancelled one adjusts nothing in October
    // and bills 10 of November's 30 days: 310,000 × 10 / 30 = 103,333.33 → 103,333 øre.
    assert!(
        nodes
            .iter()
            .all(|l| l["serviceOrderId"] != ended.as_str() || l["adjustment"] == true),
        "{nodes:?}"
    );
    assert!(
        adjustments
            .iter()
            .all(|l| l["serviceOrderId"] != cancelled.as_str()),
        "{adjustments:?}"
    );
    let cut_short = nodes
        .iter()
        .find(|l| l["serviceOrderId"] == cancelled.as_str() && l["kind"] == "MONTHLY_FEE")
        .ok_or_else(|| anyhow::anyhow!("the cancelled order's November fee"))?;
    assert_eq!(cut_short["amountOre"], 103_333, "{cut_short}");
    Ok(())
}

/// A stored basis's lines are read a page at a time (by line number, not all lines then a
/// slice), forward and backward, with the same cursors as every list.
#[tokio::test]
async fn a_stored_basis_pages_through_its_lines_both_ways() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let workload = bench::load(&app.db, 10).await?;
    bench::generate_once(&app.db, &workload).await?;
    let basis = invoice_basis::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no basis"))?;
    let manager = Principal {
        role: jobbro_api::auth::Role::Manager,
        subject: workload.staff.caseworker,
        organisation: Some(workload.staff.jobcentre),
    };
    let page = |args: &str| {
        format!(
            "query($id: ID!) {{ caseworker {{ invoiceBasis(id: $id) {{ lines({args}) {{ totalCount pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }} nodes {{ lineNo citizenName }} }} }} }} }}"
        )
    };
    let read = |args: String| {
        let (app, manager) = (&app, &manager);
        let id = basis.id.to_string();
        async move {
            let data = query(app, manager, &page(&args), json!({ "id": id })).await?;
            anyhow::Ok(data["caseworker"]["invoiceBasis"]["lines"].clone())
        }
    };
    let numbers = |lines: &Value| -> Vec<i64> {
        lines["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["lineNo"].as_i64())
            .collect()
    };
    let first = read("first: 7".into()).await?;
    assert_eq!(numbers(&first), (1..=7).collect::<Vec<_>>());
    assert_eq!(first["totalCount"], 30);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    assert!(first["nodes"][0]["citizenName"].is_string(), "{first}");
    let cursor = first["pageInfo"]["endCursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = read(format!("first: 7, after: \"{cursor}\"")).await?;
    assert_eq!(numbers(&second), (8..=14).collect::<Vec<_>>());
    assert!(second["nodes"][6]["citizenName"].is_string(), "{second}");
    let last = read("last: 5".into()).await?;
    assert_eq!(numbers(&last), (26..=30).collect::<Vec<_>>());
    assert_eq!(last["pageInfo"]["hasNextPage"], false);
    let start = second["pageInfo"]["startCursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let back = read(format!("last: 3, before: \"{start}\"")).await?;
    assert_eq!(numbers(&back), vec![5, 6, 7]);
    let end = read(format!(
        "first: 100, after: \"{}\"",
        last["pageInfo"]["endCursor"].as_str().unwrap_or_default()
    ))
    .await?;
    assert_eq!(numbers(&end), Vec::<i64>::new());
    Ok(())
}
