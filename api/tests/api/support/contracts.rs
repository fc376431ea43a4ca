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
