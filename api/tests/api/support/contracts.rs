//! Contracts as the caseworker portal makes them: a draft version drawn up by a caseworker and
//! signed by a manager.

use jobbro_api::testing::{TestApp, World};
use serde_json::{Value, json};

use super::graphql::{ok, query};

/// Draws up a version (a new contract when `contract` is none) with the given services.
pub(crate) const DRAFT: &str = "mutation($input: DraftContractVersionInput!) { draftContractVersion(input: $input) { contractVersion { id version validFrom signedAt services { id serviceCode seats freeSeats prices { kind amountOre withinWeeks } targetGroups } } userErrors { field code message } } }";
/// Signs a version.
pub(crate) const SIGN: &str = "mutation($id: ID!) { signContractVersion(input: {contractVersionId: $id}) { contractVersion { id signedAt } userErrors { field code message } } }";

/// One mentor service with `seats` seats, a start fee and a result bonus.
pub(crate) fn mentor_service(seats: i32) -> Value {
    json!({
        "serviceCode": "MENTOR-1", "offerKind": "MENTOR", "description": "Mentorstøtte",
        "seats": seats, "targetGroups": [], "budgetFrameCode": "5.68.90",
        "prices": [
            { "kind": "START_FEE", "amountOre": 250_000 },
            { "kind": "RESULT_BONUS", "amountOre": 1_000_000, "withinWeeks": 13 }
        ]
    })
}

/// A signed contract of job centre A with provider P holding one mentor service of `seats`
/// seats, valid from 2026-01-01: the contract version's id and the service's id.
pub(crate) async fn signed_contract(
    app: &TestApp,
    w: &World,
    reference: &str,
    seats: i32,
) -> anyhow::Result<(String, String)> {
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
            "providerId": provider, "reference": reference, "title": "Mentorforløb",
            "validFrom": "2026-01-01", "services": [mentor_service(seats)]
        }}),
    )
    .await?;
    let payload = &drafted["draftContractVersion"];
    ok(payload)?;
    let version = payload["contractVersion"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let service = payload["contractVersion"]["services"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let signed = query(app, &w.manager_a, SIGN, json!({ "id": version })).await?;
    ok(&signed["signContractVersion"])?;
    Ok((version, service))
}

const ORDER: &str = "mutation($input: CreateServiceOrderInput!) { createServiceOrder(input: $input) { serviceOrder { id } userErrors { field code message } } }";
const ACCEPT: &str = "mutation($id: ID!, $user: ID!) { acceptServiceOrder(input: {serviceOrderId: $id, assignTo: $user}) { userErrors { field code message } } }";
const START: &str = "mutation($id: ID!, $day: NaiveDate!) { startServiceOrder(input: {serviceOrderId: $id, startedOn: $day}) { userErrors { field code message } } }";

/// An order of citizen 1 at provider P for ten hours a week from `starts` to `ends`, accepted
/// by the coordinator and assigned to staff member 1 (on a new contract `reference`).
pub(crate) async fn accepted_order(
    app: &TestApp,
    w: &World,
    reference: &str,
    (starts, ends): (&str, &str),
) -> anyhow::Result<String> {
    let (_, service) = signed_contract(app, w, reference, 5).await?;
    let placed = query(
        app,
        &w.caseworker_a,
        ORDER,
        json!({ "input": {
            "citizenId": w.citizen_1.subject.to_string(), "contractServiceId": service,
            "startsOn": starts, "endsOn": ends, "hoursPerWeek": 10.0, "weeks": 4,
            "justification": "Afklaring af arbejdsevne.", "goal": "Stabilt fremmøde.",
            "remark": "Kontakt helst om formiddagen."
        }}),
    )
    .await?;
    ok(&placed["createServiceOrder"])?;
    let id = placed["createServiceOrder"]["serviceOrder"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let staff1 = w.provider_p_staff1.subject.to_string();
    let accepted = query(
        app,
        &w.provider_p_coordinator,
        ACCEPT,
        json!({ "id": id, "user": staff1 }),
    )
    .await?;
    ok(&accepted["acceptServiceOrder"])?;
    Ok(id)
}

/// Staff member 1 records the start of order `id` on `day`.
pub(crate) async fn start_order(
    app: &TestApp,
    w: &World,
    id: &str,
    day: &str,
) -> anyhow::Result<()> {
    let started = query(
        app,
        &w.provider_p_staff1,
        START,
        json!({ "id": id, "day": day }),
    )
    .await?;
    ok(&started["startServiceOrder"])
}
