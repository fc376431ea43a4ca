//! Contracts and service orders (UC5, `000:183-199`): versions that never change once signed,
//! orders with the three texts every order carries (`003:2721-2739`) and a real end date
//! (`003:2447-2454`), seats that refuse an order with the next free date (`003:2587-2594`), the
//! lifecycle ORDERED → ACCEPTED → STARTED → ENDED / CANCELLED with its activation events for the
//! benefits service (`004:364-372`), and who may take each step.

use jobbro_api::testing::{TestApp, World, world};
use jobbro_entities::{outbox_event, service_order};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    contracts::{DRAFT, SIGN, mentor_service, signed_contract},
    graphql::{ok, query},
};

const ORDER: &str = "mutation($input: CreateServiceOrderInput!) { createServiceOrder(input: $input) { serviceOrder { id status remark hoursPerWeek weeks endsOn } nextFreeDate userErrors { field code message } } }";
const ACCEPT: &str = "mutation($id: ID!, $user: ID!) { acceptServiceOrder(input: {serviceOrderId: $id, assignTo: $user}) { serviceOrder { status assignedUserId } userErrors { field code message } } }";
const START: &str = "mutation($id: ID!, $day: NaiveDate!) { startServiceOrder(input: {serviceOrderId: $id, startedOn: $day}) { serviceOrder { status startedOn } userErrors { field code message } } }";
const END: &str = "mutation($id: ID!, $day: NaiveDate!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: $day}) { serviceOrder { status finishedOn } userErrors { field code message } } }";
const CANCEL: &str = "mutation($id: ID!) { cancelServiceOrder(input: {serviceOrderId: $id, reason: \"Borgeren fik job\"}) { serviceOrder { status cancelReason } userErrors { field code message } } }";
const SEATS: &str = "{ caseworker { contracts { id } } }";
const SEATS_OF: &str = "query($id: ID!, $on: NaiveDate) { caseworker { contract(id: $id) { versions { services { seats freeSeats(on: $on) } } } } }";

/// An order for citizen 1 on `service` from `starts` to `ends`, with `changes` to the input.
fn order(w: &World, service: &str, starts: &str, ends: &str, changes: Value) -> Value {
    let mut input = json!({
        "citizenId": w.citizen_1.subject.to_string(), "contractServiceId": service,
        "startsOn": starts, "endsOn": ends, "hoursPerWeek": 7.5, "weeks": 4,
        "justification": "Borgeren har brug for støtte til at fastholde fremmøde.",
        "goal": "Stabilt fremmøde og afklaring af jobmål.",
        "remark": "Borgeren foretrækker formiddage."
    });
    if let (Some(input), Some(changes)) = (input.as_object_mut(), changes.as_object()) {
        for (k, v) in changes {
            input.insert(k.clone(), v.clone());
        }
    }
    json!({ "input": input })
}

fn codes(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"]
                            .as_array()
                            .and_then(|f| f.last())
                            .map(|f| f.to_string())
                            .unwrap_or_default(),
                        e["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn orders(app: &TestApp) -> anyhow::Result<u64> {
    Ok(service_order::Entity::find().count(&app.db).await?)
}

#[tokio::test]
async fn a_signed_version_never_changes_and_a_change_is_a_later_version_000_183_199()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (version, _) = signed_contract(&app, &w, "K-100", 2).await?;

    // Signing again changes nothing.
    let again = query(&app, &w.manager_a, SIGN, json!({ "id": version })).await?;
    assert_eq!(
        codes(&again["signContractVersion"]),
        [(
            "\"contractVersionId\"".to_string(),
            "ALREADY_DONE".to_string()
        )]
    );
    // A caseworker cannot sign.
    let answer = app
        .gql(Some(&w.caseworker_a), SIGN, json!({ "id": version }))
        .await;
    assert_eq!(
        jobbro_api::testing::error_code(&answer),
        Some("FORBIDDEN"),
        "{answer}"
    );

    let contract = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { contracts { id } } }",
        json!({}),
    )
    .await?["caseworker"]["contracts"][0]["id"]
        .clone();
    // A new version must apply from a later day than the first.
    let same_day = query(
        &app,
        &w.caseworker_a,
        DRAFT,
        json!({ "input": { "contractId": contract, "validFrom": "2026-01-01",
                           "services": [mentor_service(5)] } }),
    )
    .await?;
    assert_eq!(
        codes(&same_day["draftContractVersion"]),
        [("\"validFrom\"".to_string(), "INVALID_PERIOD".to_string())]
    );
    let second = query(
        &app,
        &w.caseworker_a,
        DRAFT,
        json!({ "input": { "contractId": contract, "validFrom": "2027-01-01",
                           "services": [mentor_service(5)] } }),
    )
    .await?;
    ok(&second["draftContractVersion"])?;
    assert_eq!(
        second["draftContractVersion"]["contractVersion"]["version"],
        2
    );
    assert!(second["draftContractVersion"]["contractVersion"]["signedAt"].is_null());

    let read = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { contract(id: $id) { reference provider { name internal } versions { version signedAt services { serviceCode seats prices { kind amountOre withinWeeks } } } } } }",
        json!({ "id": contract }),
    )
    .await?;
    assert_eq!(
        read["caseworker"]["contract"]["provider"]["internal"],
        false
    );
    let versions = &read["caseworker"]["contract"]["versions"];
    assert_eq!(versions[0]["services"][0]["seats"], 2, "{read}");
    assert!(versions[0]["signedAt"].is_string());
    assert_eq!(versions[1]["services"][0]["seats"], 5);
    assert_eq!(
        versions[0]["services"][0]["prices"],
        json!([
            { "kind": "RESULT_BONUS", "amountOre": 1_000_000, "withinWeeks": 13 },
            { "kind": "START_FEE", "amountOre": 250_000, "withinWeeks": null }
        ])
    );
    Ok(())
}

#[tokio::test]
async fn bad_contract_input_is_refused_with_the_field_to_fix() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let provider = w
        .provider_p_coordinator
        .organisation
        .unwrap_or_default()
        .to_string();
    let mut bonus_without_weeks = mentor_service(1);
    bonus_without_weeks["prices"] = json!([{ "kind": "RESULT_BONUS", "amountOre": 100 }]);
    let mut unknown_kind = mentor_service(1);
    unknown_kind["offerKind"] = json!("INGEN_SAADAN");
    let mut no_seats = mentor_service(1);
    no_seats["seats"] = json!(0);
    for (service, field) in [
        (bonus_without_weeks, "\"prices\""),
        (unknown_kind, "\"offerKind\""),
        (no_seats, "\"seats\""),
    ] {
        let answer = query(
            &app,
            &w.caseworker_a,
            DRAFT,
            json!({ "input": { "providerId": provider, "reference": "K-9", "title": "T",
                               "validFrom": "2026-01-01", "services": [service] } }),
        )
        .await?;
        assert_eq!(
            codes(&answer["draftContractVersion"]),
            [(field.to_string(), "INVALID".to_string())],
            "{answer}"
        );
    }
    let contracts = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { contracts { id } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        contracts["caseworker"]["contracts"],
        json!([]),
        "nothing half-written"
    );
    Ok(())
}

#[tokio::test]
async fn an_order_carries_its_three_texts_and_a_real_period_003_2721_2739_003_2447_2454()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (_, service) = signed_contract(&app, &w, "K-1", 3).await?;
    let before = orders(&app).await?;
    for (changes, field, code) in [
        (json!({ "remark": "  " }), "\"remark\"", "INVALID"),
        (
            json!({ "justification": "" }),
            "\"justification\"",
            "INVALID",
        ),
        (json!({ "goal": "" }), "\"goal\"", "INVALID"),
        (
            json!({ "endsOn": "2026-11-01" }),
            "\"endsOn\"",
            "INVALID_PERIOD",
        ),
        (json!({ "hoursPerWeek": 0 }), "\"hoursPerWeek\"", "INVALID"),
        (json!({ "weeks": 0 }), "\"weeks\"", "INVALID"),
    ] {
        let answer = query(
            &app,
            &w.caseworker_a,
            ORDER,
            order(&w, &service, "2026-11-09", "2026-12-04", changes),
        )
        .await?;
        assert_eq!(
            codes(&answer["createServiceOrder"]),
            [(field.to_string(), code.to_string())],
            "{answer}"
        );
    }
    // Without endsOn the operation does not validate: an end date is never defaulted.
    let mut input = order(&w, &service, "2026-11-09", "2026-12-04", json!({}));
    if let Some(o) = input["input"].as_object_mut() {
        o.remove("endsOn");
    }
    let answer = app.gql(Some(&w.caseworker_a), ORDER, input).await;
    assert!(answer["errors"].is_array(), "{answer}");
    assert_eq!(orders(&app).await?, before, "nothing written");

    let placed = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-11-09", "2026-12-04", json!({})),
    )
    .await?;
    let payload = &placed["createServiceOrder"];
    ok(payload)?;
    assert_eq!(payload["serviceOrder"]["status"], "ORDERED");
    assert_eq!(
        payload["serviceOrder"]["remark"],
        "Borgeren foretrækker formiddage."
    );
    assert_eq!(payload["serviceOrder"]["hoursPerWeek"], 7.5);
    assert_eq!(payload["serviceOrder"]["endsOn"], "2026-12-04");
    Ok(())
}

#[tokio::test]
async fn a_full_service_refuses_with_the_next_day_the_period_fits_003_2587_2594()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (_, service) = signed_contract(&app, &w, "K-2", 1).await?;
    let first = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-11-09", "2026-12-04", json!({})),
    )
    .await?;
    ok(&first["createServiceOrder"])?;
    let contract = query(&app, &w.caseworker_a, SEATS, json!({})).await?["caseworker"]["contracts"]
        [0]["id"]
        .clone();
    let seats = query(
        &app,
        &w.caseworker_a,
        SEATS_OF,
        json!({ "id": contract, "on": "2026-11-20" }),
    )
    .await?;
    assert_eq!(
        seats["caseworker"]["contract"]["versions"][0]["services"][0]["freeSeats"],
        0
    );

    let full = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-11-30", "2026-12-18", json!({})),
    )
    .await?;
    let payload = &full["createServiceOrder"];
    assert_eq!(
        codes(payload),
        [("\"startsOn\"".to_string(), "NO_CAPACITY".to_string())]
    );
    assert_eq!(
        payload["nextFreeDate"], "2026-12-05",
        "the day after the first order ends"
    );
    assert!(payload["serviceOrder"].is_null());

    // The period fits from the date given.
    let later = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-12-05", "2026-12-23", json!({})),
    )
    .await?;
    ok(&later["createServiceOrder"])?;

    // Cancelling frees the seat.
    let id = first["createServiceOrder"]["serviceOrder"]["id"].clone();
    let cancelled = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
    ok(&cancelled["cancelServiceOrder"])?;
    assert_eq!(
        cancelled["cancelServiceOrder"]["serviceOrder"]["status"],
        "CANCELLED"
    );
    let seats = query(
        &app,
        &w.caseworker_a,
        SEATS_OF,
        json!({ "id": contract, "on": "2026-11-20" }),
    )
    .await?;
    assert_eq!(
        seats["caseworker"]["contract"]["versions"][0]["services"][0]["freeSeats"],
        1
    );
    Ok(())
}

#[tokio::test]
async fn an_unsigned_version_takes_no_orders() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let provider = w
        .provider_p_coordinator
        .organisation
        .unwrap_or_default()
        .to_string();
    let drafted = query(
        &app,
        &w.caseworker_a,
        DRAFT,
        json!({ "input": { "providerId": provider, "reference": "K-3", "title": "Udkast",
                           "validFrom": "2026-01-01", "services": [mentor_service(4)] } }),
    )
    .await?;
    let service = drafted["draftContractVersion"]["contractVersion"]["services"][0]["id"].clone();
    let answer = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(
            &w,
            service.as_str().unwrap_or_default(),
            "2026-11-09",
            "2026-12-04",
            json!({}),
        ),
    )
    .await?;
    assert_eq!(
        codes(&answer["createServiceOrder"]),
        [("\"contractServiceId\"".to_string(), "INVALID".to_string())]
    );
    Ok(())
}

async fn events(app: &TestApp, kind: &str) -> anyhow::Result<u64> {
    Ok(outbox_event::Entity::find()
        .filter(outbox_event::Column::EventType.eq(kind))
        .count(&app.db)
        .await?)
}

#[tokio::test]
async fn an_order_runs_its_lifecycle_and_each_step_is_taken_by_its_side_004_364_372()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (_, service) = signed_contract(&app, &w, "K-4", 2).await?;
    let placed = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-11-02", "2026-11-27", json!({})),
    )
    .await?;
    let id = placed["createServiceOrder"]["serviceOrder"]["id"].clone();
    let staff1 = w.provider_p_staff1.subject.to_string();
    let day = json!("2026-11-02");

    // Starting before acceptance is refused, naming the state.
    let early = query(
        &app,
        &w.provider_p_coordinator,
        START,
        json!({ "id": id, "day": day }),
    )
    .await?;
    assert_eq!(
        codes(&early["startServiceOrder"]),
        [("\"serviceOrderId\"".to_string(), "WRONG_STATE".to_string())]
    );
    // Another provider's coordinator does not see the order.
    let other = query(
        &app,
        &w.provider_q_coordinator,
        ACCEPT,
        json!({ "id": id, "user": staff1 }),
    )
    .await?;
    assert_eq!(
        codes(&other["acceptServiceOrder"]),
        [("\"serviceOrderId\"".to_string(), "NOT_FOUND".to_string())]
    );

    let accepted = query(
        &app,
        &w.provider_p_coordinator,
        ACCEPT,
        json!({ "id": id, "user": staff1 }),
    )
    .await?;
    ok(&accepted["acceptServiceOrder"])?;
    assert_eq!(
        accepted["acceptServiceOrder"]["serviceOrder"]["status"],
        "ACCEPTED"
    );
    // Staff member 2 is not assigned: the order is not theirs to start.
    let stranger = query(
        &app,
        &w.provider_p_staff2,
        START,
        json!({ "id": id, "day": day }),
    )
    .await?;
    assert_eq!(
        codes(&stranger["startServiceOrder"]),
        [("\"serviceOrderId\"".to_string(), "NOT_FOUND".to_string())]
    );
    // A start outside the period is refused.
    let outside = query(
        &app,
        &w.provider_p_staff1,
        START,
        json!({ "id": id, "day": "2026-11-01" }),
    )
    .await?;
    assert_eq!(
        codes(&outside["startServiceOrder"]),
        [("\"startedOn\"".to_string(), "INVALID_PERIOD".to_string())]
    );

    assert_eq!(events(&app, "ActivationStarted").await?, 0);
    let started = query(
        &app,
        &w.provider_p_staff1,
        START,
        json!({ "id": id, "day": day }),
    )
    .await?;
    ok(&started["startServiceOrder"])?;
    assert_eq!(
        started["startServiceOrder"]["serviceOrder"]["startedOn"],
        "2026-11-02"
    );
    assert_eq!(
        events(&app, "ActivationStarted").await?,
        1,
        "the benefits service hears of the start"
    );

    // The provider cannot end an order; the job centre does.
    let by_provider = app
        .gql(
            Some(&w.provider_p_coordinator),
            END,
            json!({ "id": id, "day": day }),
        )
        .await;
    assert_eq!(
        jobbro_api::testing::error_code(&by_provider),
        Some("FORBIDDEN")
    );
    let ended = query(&app, &w.caseworker_a, END, json!({ "id": id, "day": day })).await?;
    ok(&ended["endServiceOrder"])?;
    assert_eq!(ended["endServiceOrder"]["serviceOrder"]["status"], "ENDED");
    assert_eq!(events(&app, "ActivationEnded").await?, 1);
    // An ended order cannot be cancelled.
    let late = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
    assert_eq!(
        codes(&late["cancelServiceOrder"]),
        [("\"serviceOrderId\"".to_string(), "WRONG_STATE".to_string())]
    );
    assert_eq!(events(&app, "ActivationCancelled").await?, 0);
    Ok(())
}

/// Twenty caseworkers order the last seats of a three-seat service at once: exactly three
/// orders are placed, on the file-backed SQLite the README starts and on PostgreSQL.
#[tokio::test]
async fn twenty_orders_at_once_take_exactly_the_seats_there_are() -> anyhow::Result<()> {
    let app = TestApp::spawn_on_file().await?;
    let w = world(&app.db).await?;
    let (_, service) = signed_contract(&app, &w, "K-5", 3).await?;
    let tasks = (0..20).map(|_| {
        let app = &app;
        let variables = order(&w, &service, "2026-11-09", "2026-12-04", json!({}));
        async move { app.gql(Some(&w.caseworker_a), ORDER, variables).await }
    });
    let answers = futures::future::join_all(tasks).await;
    let mut placed = 0;
    let mut full = 0;
    for answer in &answers {
        assert!(answer["errors"].is_null(), "{answer}");
        match codes(&answer["data"]["createServiceOrder"]).as_slice() {
            [] => placed += 1,
            [(_, code)] if code == "NO_CAPACITY" => full += 1,
            other => panic!("unexpected answer {other:?}: {answer}"),
        }
    }
    assert_eq!((placed, full), (3, 17));
    let stored = service_order::Entity::find()
        .filter(service_order::Column::ContractServiceId.is_not_null())
        .count(&app.db)
        .await?;
    assert_eq!(stored, 3);
    Ok(())
}

/// A provider lists the orders sent to it: the coordinator every order of the organisation,
/// staff only those assigned to them, another provider none; each read is in the citizen's
/// access log.
#[tokio::test]
async fn a_provider_lists_only_its_own_orders_rule_15_003_2708_2739() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (_, service) = signed_contract(&app, &w, "K-6", 3).await?;
    let placed = query(
        &app,
        &w.caseworker_a,
        ORDER,
        order(&w, &service, "2026-11-09", "2026-12-04", json!({})),
    )
    .await?;
    let id = placed["createServiceOrder"]["serviceOrder"]["id"].clone();
    const LIST: &str = "{ provider { orders(first: 50) { totalCount nodes { id citizenId status remark hoursPerWeek } } } }";
    let ids = |answer: &Value| -> Vec<Value> {
        answer["provider"]["orders"]["nodes"]
            .as_array()
            .map(|nodes| nodes.iter().map(|n| n["id"].clone()).collect())
            .unwrap_or_default()
    };
    let coordinator = query(&app, &w.provider_p_coordinator, LIST, json!({})).await?;
    // The world's two orders (one per staff member) and the new one.
    assert_eq!(
        coordinator["provider"]["orders"]["totalCount"], 3,
        "{coordinator}"
    );
    assert!(ids(&coordinator).contains(&id));
    let new = coordinator["provider"]["orders"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["id"] == id))
        .cloned()
        .unwrap_or_default();
    assert_eq!(new["status"], "ORDERED");
    assert_eq!(new["remark"], "Borgeren foretrækker formiddage.");
    assert_eq!(new["hoursPerWeek"], 7.5);

    let staff = query(&app, &w.provider_p_staff2, LIST, json!({})).await?;
    assert_eq!(
        staff["provider"]["orders"]["totalCount"], 1,
        "only the one assigned: {staff}"
    );
    assert!(!ids(&staff).contains(&id), "not assigned yet");
    let other = query(&app, &w.provider_q_coordinator, LIST, json!({})).await?;
    assert_eq!(other["provider"]["orders"]["totalCount"], 0);

    let log = query(
        &app,
        &w.citizen_1,
        "{ citizen { accessLog(first: 50) { nodes { actorRole category operation } } } }",
        json!({}),
    )
    .await?;
    let read_by_provider = log["citizen"]["accessLog"]["nodes"]
        .as_array()
        .is_some_and(|rows| {
            rows.iter()
                .any(|r| r["actorRole"] == "provider_coordinator" && r["category"] == "CASE")
        });
    assert!(read_by_provider, "{log}");
    Ok(())
}

/// A provider sees the citizen's temporary (c/o) address so that its letter reaches them, but
/// neither address when the address is protected (`003:2852-2858`).
#[tokio::test]
async fn the_provider_sees_a_temporary_c_o_address_unless_protected_003_2852_2858()
-> anyhow::Result<()> {
    use jobbro_entities::citizen;
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let read = "query($id: ID!) { provider { participant(id: $id) { address { street } temporaryAddress { careOf street postalCode city } addressProtected } } }";
    let id = json!({ "id": w.citizen_1.subject.to_string() });
    let before = query(&app, &w.provider_p_coordinator, read, id.clone()).await?;
    assert_eq!(
        before["provider"]["participant"]["temporaryAddress"],
        Value::Null
    );
    citizen::Entity::update_many()
        .col_expr(citizen::Column::CoName, Expr::value("Hanne Hansen"))
        .col_expr(citizen::Column::CoStreet, Expr::value("Nørregade 4, st."))
        .col_expr(citizen::Column::CoPostalCode, Expr::value("8000"))
        .col_expr(citizen::Column::CoCity, Expr::value("Aarhus C"))
        .filter(citizen::Column::Id.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    let seen = query(&app, &w.provider_p_coordinator, read, id.clone()).await?;
    assert_eq!(
        seen["provider"]["participant"]["temporaryAddress"],
        json!({ "careOf": "Hanne Hansen", "street": "Nørregade 4, st.", "postalCode": "8000", "city": "Aarhus C" })
    );
    citizen::Entity::update_many()
        .col_expr(citizen::Column::ProtectedAddress, Expr::value(true))
        .filter(citizen::Column::Id.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    let masked = query(&app, &w.provider_p_coordinator, read, id).await?;
    let p = &masked["provider"]["participant"];
    assert_eq!(p["address"], Value::Null);
    assert_eq!(p["temporaryAddress"], Value::Null);
    assert_eq!(p["addressProtected"], true);
    Ok(())
}
