//! Around a placement: companies and providers propose, only the job centre grants (rule 17);
//! internship extensions are requested, decided and confirmed, and alert while unconfirmed
//! close to the end (`003:4506-4514`); each placement has its own follow-up interval
//! (`003:3543-3563`); the company is told of an end or a decision, the fact and the date only.
//! And the job centre's work with companies: contacts, one responsible consultant, orders
//! without candidates and the lead times of orders.

use chrono::{TimeZone, Utc};
use jobbro_api::{
    companies::follow_up::alert_unconfirmed,
    kernel::clock::SharedClock,
    testing::{TestApp, World, error_code, world},
};
use jobbro_entities::{company_contact, placement, placement_proposal};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::{
    placements::presented,
    support::{
        graphql::{mutate, ok, query, user_error},
        outbox::{alerts, kinds, run_worker},
    },
};

const PROPOSAL: &str = "proposal { id status proposer kind startsOn placementId decisionNote } userErrors { field code message }";
const EXTENSION: &str =
    "extension { id status endsOn previousEndsOn } userErrors { field code message }";

fn at(m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn id(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// A started company internship of citizen 1 at company K's unit 1, from Monday 2 November to
/// Friday 13 November, followed up every week; returns its id.
async fn running_internship(app: &TestApp, w: &World) -> anyhow::Result<String> {
    let granted = mutate(
        app,
        &w.caseworker_a,
        "mutation($input: GrantPlacementInput!) { grantPlacement(input: $input) { placement { id } userErrors { code message } } }",
        json!({ "input": {
            "citizenId": w.citizen_1.subject.to_string(),
            "productionUnitId": w.company_k_unit1.to_string(), "kind": "COMPANY_INTERNSHIP",
            "terms": { "startsOn": "2026-11-02", "endsOn": "2026-11-13", "followUpEveryWeeks": 1 } } }),
        "grantPlacement",
    )
    .await?;
    ok(&granted)?;
    let placement = id(&granted["placement"]["id"]);
    let started = mutate(
        app,
        &w.caseworker_a,
        "mutation($id: ID!) { startPlacement(input: {placementId: $id, startedOn: \"2026-11-02\"}) { placement { nextFollowUpOn } userErrors { code } } }",
        json!({ "id": placement }),
        "startPlacement",
    )
    .await?;
    ok(&started)?;
    assert_eq!(started["placement"]["nextFollowUpOn"], "2026-11-09");
    Ok(placement)
}

#[tokio::test]
async fn companies_and_providers_propose_and_only_the_job_centre_grants() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (_, candidate) = presented(&app, &w).await?;
    let propose_candidate = format!(
        "mutation($input: ProposeCandidatePlacementInput!) {{ proposeCandidatePlacement(input: $input) {{ {PROPOSAL} }} }}"
    );
    let input = json!({ "input": { "candidateId": candidate, "startsOn": "2026-12-01",
        "endsOn": "2027-05-31", "note": "Vi vil gerne ansætte med løntilskud." } });
    // Company L was never presented the candidate.
    let other = mutate(
        &app,
        &w.company_l,
        &propose_candidate,
        input.clone(),
        "proposeCandidatePlacement",
    )
    .await?;
    assert_eq!(
        user_error(&other),
        (json!("NOT_FOUND"), json!(["input", "candidateId"]))
    );
    let mut past = input.clone();
    past["input"]["startsOn"] = json!("2026-10-01");
    let refused = mutate(
        &app,
        &w.company_k,
        &propose_candidate,
        past,
        "proposeCandidatePlacement",
    )
    .await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID_PERIOD"), json!(["input", "startsOn"]))
    );
    assert_eq!(placement_proposal::Entity::find().count(&app.db).await?, 0);
    let by_company = mutate(
        &app,
        &w.company_k,
        &propose_candidate,
        input,
        "proposeCandidatePlacement",
    )
    .await?;
    ok(&by_company)?;
    assert_eq!(
        (
            &by_company["proposal"]["status"],
            &by_company["proposal"]["kind"]
        ),
        (&json!("PROPOSED"), &json!("WAGE_SUBSIDY"))
    );
    let company_proposal = id(&by_company["proposal"]["id"]);

    // A provider proposes for a citizen referred to it; another provider cannot.
    let propose = format!(
        "mutation($input: ProposePlacementInput!) {{ proposePlacement(input: $input) {{ {PROPOSAL} }} }}"
    );
    let input = json!({ "input": { "citizenId": w.citizen_1.subject.to_string(),
        "productionUnitId": w.company_k_unit1.to_string(), "kind": "COMPANY_INTERNSHIP",
        "startsOn": "2026-11-16", "endsOn": "2026-12-11", "note": "Praktik som afklaring." } });
    let stranger = mutate(
        &app,
        &w.provider_q_coordinator,
        &propose,
        input.clone(),
        "proposePlacement",
    )
    .await?;
    assert_eq!(user_error(&stranger).0, "NOT_FOUND");
    let by_provider = mutate(
        &app,
        &w.provider_p_coordinator,
        &propose,
        input,
        "proposePlacement",
    )
    .await?;
    ok(&by_provider)?;
    let provider_proposal = id(&by_provider["proposal"]["id"]);

    // Rule 17: neither may grant.
    let grant = format!(
        "mutation($input: GrantPlacementProposalInput!) {{ grantPlacementProposal(input: $input) {{ {PROPOSAL} }} }}"
    );
    for who in [&w.company_k, &w.provider_p_coordinator] {
        let answer = app
            .gql(
                Some(who),
                &grant,
                json!({ "input": { "proposalId": company_proposal } }),
            )
            .await;
        assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");
    }

    // The job centre sees both waiting; another job centre sees neither.
    let waiting = "{ caseworker { placementProposals(status: PROPOSED) { id proposer } } }";
    let listed = query(&app, &w.caseworker_a, waiting, json!({})).await?;
    assert_eq!(
        listed["caseworker"]["placementProposals"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let elsewhere = query(&app, &w.caseworker_b, waiting, json!({})).await?;
    assert_eq!(elsewhere["caseworker"]["placementProposals"], json!([]));

    // Granting the company's proposal writes the placement from it (the union's approval is
    // needed only at a public employer).
    let granted = mutate(
        &app,
        &w.caseworker_a,
        &grant,
        json!({ "input": { "proposalId": company_proposal } }),
        "grantPlacementProposal",
    )
    .await?;
    ok(&granted)?;
    assert_eq!(granted["proposal"]["status"], "GRANTED");
    assert!(granted["proposal"]["placementId"].is_string(), "{granted}");
    let again = mutate(
        &app,
        &w.caseworker_a,
        &grant,
        json!({ "input": { "proposalId": company_proposal } }),
        "grantPlacementProposal",
    )
    .await?;
    assert_eq!(user_error(&again).0, "ALREADY_DONE");
    assert_eq!(placement::Entity::find().count(&app.db).await?, 1);

    // Declining needs a reason; the provider reads it.
    let decline = format!(
        "mutation($input: DeclinePlacementProposalInput!) {{ declinePlacementProposal(input: $input) {{ {PROPOSAL} }} }}"
    );
    let silent = mutate(
        &app,
        &w.caseworker_a,
        &decline,
        json!({ "input": { "proposalId": provider_proposal, "reason": "  " } }),
        "declinePlacementProposal",
    )
    .await?;
    assert_eq!(
        user_error(&silent),
        (json!("INVALID"), json!(["input", "reason"]))
    );
    ok(&mutate(
        &app,
        &w.caseworker_a,
        &decline,
        json!({ "input": { "proposalId": provider_proposal, "reason": "Borgeren starter i job." } }),
        "declinePlacementProposal",
    )
    .await?)?;
    let seen = query(
        &app,
        &w.provider_p_coordinator,
        "{ provider { placementProposals { status decisionNote } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        seen["provider"]["placementProposals"],
        json!([{ "status": "DECLINED", "decisionNote": "Borgeren starter i job." }])
    );
    // A company sees its own proposals only.
    let own = "{ company { placementProposals { status } } }";
    let k = query(&app, &w.company_k, own, json!({})).await?;
    assert_eq!(
        k["company"]["placementProposals"],
        json!([{ "status": "GRANTED" }])
    );
    let l = query(&app, &w.company_l, own, json!({})).await?;
    assert_eq!(l["company"]["placementProposals"], json!([]));
    Ok(())
}

#[tokio::test]
async fn an_extension_holds_only_once_the_company_confirms_and_alerts_while_it_does_not()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let placement = running_internship(&app, &w).await?;
    let request = format!(
        "mutation($input: RequestPlacementExtensionInput!) {{ requestPlacementExtension(input: $input) {{ {EXTENSION} }} }}"
    );
    let input = json!({ "input": { "placementId": placement, "endsOn": "2026-11-27",
        "reason": "Borgeren mangler to ugers oplæring." } });
    // Company L does not see the placement.
    let other = mutate(
        &app,
        &w.company_l,
        &request,
        input.clone(),
        "requestPlacementExtension",
    )
    .await?;
    assert_eq!(user_error(&other).0, "NOT_FOUND");
    let mut shorter = input.clone();
    shorter["input"]["endsOn"] = json!("2026-11-12");
    let backwards = mutate(
        &app,
        &w.company_k,
        &request,
        shorter,
        "requestPlacementExtension",
    )
    .await?;
    assert_eq!(
        user_error(&backwards),
        (json!("INVALID_PERIOD"), json!(["input", "endsOn"]))
    );
    let requested = mutate(
        &app,
        &w.company_k,
        &request,
        input.clone(),
        "requestPlacementExtension",
    )
    .await?;
    ok(&requested)?;
    assert_eq!(
        requested["extension"]["previousEndsOn"], "2026-11-13",
        "{requested}"
    );
    let extension = id(&requested["extension"]["id"]);
    // One at a time.
    let twice = mutate(
        &app,
        &w.caseworker_a,
        &request,
        input,
        "requestPlacementExtension",
    )
    .await?;
    assert_eq!(user_error(&twice).0, "ALREADY_DONE");

    // Nine workdays before the end, no alert; four workdays before, one, once.
    let clock: SharedClock = std::sync::Arc::new(app.clock.clone());
    assert_eq!(alert_unconfirmed(&app.db, &clock).await?, 0);
    app.clock.set(at(11, 9));
    assert_eq!(alert_unconfirmed(&app.db, &clock).await?, 1);
    assert_eq!(alert_unconfirmed(&app.db, &clock).await?, 0);
    run_worker(&app).await?;
    let raised = kinds(&alerts(&app, &w.caseworker_a).await?)
        .into_iter()
        .filter(|k| k == "PLACEMENT_EXTENSION_UNCONFIRMED")
        .count();
    assert_eq!(raised, 1);

    // Only the job centre decides; the company cannot confirm before it has.
    let decide = format!(
        "mutation($input: DecidePlacementExtensionInput!) {{ decidePlacementExtension(input: $input) {{ {EXTENSION} }} }}"
    );
    let by_company = app
        .gql(
            Some(&w.company_k),
            &decide,
            json!({ "input": { "extensionId": extension, "approve": true } }),
        )
        .await;
    assert_eq!(error_code(&by_company), Some("FORBIDDEN"));
    let confirm = format!(
        "mutation($input: ConfirmPlacementExtensionInput!) {{ confirmPlacementExtension(input: $input) {{ {EXTENSION} }} }}"
    );
    let early = mutate(
        &app,
        &w.company_k,
        &confirm,
        json!({ "input": { "extensionId": extension } }),
        "confirmPlacementExtension",
    )
    .await?;
    assert_eq!(user_error(&early).0, "WRONG_STATE");
    let approved = mutate(
        &app,
        &w.caseworker_a,
        &decide,
        json!({ "input": { "extensionId": extension, "approve": true, "note": "Godkendt efter samtale." } }),
        "decidePlacementExtension",
    )
    .await?;
    ok(&approved)?;
    assert_eq!(approved["extension"]["status"], "APPROVED");

    // Approved but not confirmed: the end date stands, and the company is told the fact and
    // the date, not the note.
    let mine = "{ company { placements { endsOn } notifications { kind onDate } placementExtensions(status: APPROVED) { id } } }";
    let seen = query(&app, &w.company_k, mine, json!({})).await?;
    assert_eq!(
        seen["company"]["placements"],
        json!([{ "endsOn": "2026-11-13" }])
    );
    assert_eq!(
        seen["company"]["notifications"],
        json!([{ "kind": "EXTENSION_APPROVED", "onDate": "2026-11-27" }])
    );
    assert!(!seen.to_string().contains("Godkendt"), "{seen}");
    // A user of the company who may not act for unit 1 sees none of it.
    let unit2 = query(&app, &w.company_k_unit2, mine, json!({})).await?;
    assert_eq!(
        unit2["company"],
        json!({ "placements": [], "notifications": [], "placementExtensions": [] })
    );

    let confirmed = mutate(
        &app,
        &w.company_k,
        &confirm,
        json!({ "input": { "extensionId": extension } }),
        "confirmPlacementExtension",
    )
    .await?;
    ok(&confirmed)?;
    assert_eq!(confirmed["extension"]["status"], "CONFIRMED");
    let seen = query(&app, &w.company_k, mine, json!({})).await?;
    assert_eq!(
        seen["company"]["placements"],
        json!([{ "endsOn": "2026-11-27" }])
    );
    let steps = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { placementLog(placementId: $id) { step actorRole } } }",
        json!({ "id": placement }),
    )
    .await?;
    let names: Vec<&str> = steps["caseworker"]["placementLog"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["step"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "GRANTED",
            "STARTED",
            "EXTENSION_REQUESTED",
            "EXTENSION_APPROVED",
            "EXTENSION_CONFIRMED"
        ]
    );
    Ok(())
}

#[tokio::test]
async fn each_placement_follows_up_on_its_own_interval_and_the_company_hears_of_the_end()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let placement = running_internship(&app, &w).await?;
    let due = "{ caseworker { placementFollowUpsDue { id nextFollowUpOn } } }";
    let listed = query(&app, &w.caseworker_a, due, json!({})).await?;
    assert_eq!(listed["caseworker"]["placementFollowUpsDue"], json!([]));
    app.clock.set(at(11, 9));
    let listed = query(&app, &w.caseworker_a, due, json!({})).await?;
    assert_eq!(
        listed["caseworker"]["placementFollowUpsDue"],
        json!([{ "id": placement, "nextFollowUpOn": "2026-11-09" }])
    );
    let elsewhere = query(&app, &w.caseworker_b, due, json!({})).await?;
    assert_eq!(elsewhere["caseworker"]["placementFollowUpsDue"], json!([]));

    let record = "mutation($input: RecordPlacementFollowUpInput!) { recordPlacementFollowUp(input: $input) { placement { nextFollowUpOn } userErrors { field code } } }";
    let future = mutate(
        &app,
        &w.caseworker_a,
        record,
        json!({ "input": { "placementId": placement, "followedUpOn": "2026-11-10", "note": "x" } }),
        "recordPlacementFollowUp",
    )
    .await?;
    assert_eq!(
        user_error(&future),
        (json!("INVALID_PERIOD"), json!(["input", "followedUpOn"]))
    );
    let done = mutate(
        &app,
        &w.caseworker_a,
        record,
        json!({ "input": { "placementId": placement, "followedUpOn": "2026-11-09",
            "note": "Godt i gang; mentor tilfreds." } }),
        "recordPlacementFollowUp",
    )
    .await?;
    ok(&done)?;
    assert_eq!(done["placement"]["nextFollowUpOn"], "2026-11-16");
    let listed = query(&app, &w.caseworker_a, due, json!({})).await?;
    assert_eq!(listed["caseworker"]["placementFollowUpsDue"], json!([]));

    // Another placement may need no follow-up at all.
    let set = "mutation($input: SetPlacementFollowUpInput!) { setPlacementFollowUp(input: $input) { placement { followUpEveryWeeks nextFollowUpOn } userErrors { field code } } }";
    let zero = mutate(
        &app,
        &w.caseworker_a,
        set,
        json!({ "input": { "placementId": placement, "everyWeeks": 0 } }),
        "setPlacementFollowUp",
    )
    .await?;
    assert_eq!(
        user_error(&zero),
        (json!("INVALID"), json!(["input", "everyWeeks"]))
    );
    let none = mutate(
        &app,
        &w.caseworker_a,
        set,
        json!({ "input": { "placementId": placement, "everyWeeks": null } }),
        "setPlacementFollowUp",
    )
    .await?;
    ok(&none)?;
    assert_eq!(
        none["placement"],
        json!({ "followUpEveryWeeks": null, "nextFollowUpOn": null })
    );

    let log = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { placementLog(placementId: $id) { step note } } }",
        json!({ "id": placement }),
    )
    .await?;
    assert_eq!(
        log["caseworker"]["placementLog"][2],
        json!({ "step": "FOLLOWED_UP", "note": "2026-11-09: Godt i gang; mentor tilfreds." })
    );
    // Another job centre reads no log of it.
    let foreign = query(
        &app,
        &w.caseworker_b,
        "query($id: ID!) { caseworker { placementLog(placementId: $id) { step } } }",
        json!({ "id": placement }),
    )
    .await?;
    assert_eq!(foreign["caseworker"]["placementLog"], json!([]));

    // The end reaches the company as the fact and the date; the reason stays at the job centre.
    ok(&mutate(
        &app,
        &w.caseworker_a,
        "mutation($id: ID!) { endPlacement(input: {placementId: $id, endedOn: \"2026-11-06\", reason: \"Borgeren er syg\"}) { userErrors { code } } }",
        json!({ "id": placement }),
        "endPlacement",
    )
    .await?)?;
    let told = query(
        &app,
        &w.company_k,
        "{ company { notifications { kind onDate placementId } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        told["company"]["notifications"],
        json!([{ "kind": "PLACEMENT_ENDED", "onDate": "2026-11-06", "placementId": placement }])
    );
    Ok(())
}

#[tokio::test]
async fn the_job_centre_logs_company_contacts_and_names_one_consultant() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let company_k = w.company_k.organisation.unwrap_or_default().to_string();
    let company_l = w.company_l.organisation.unwrap_or_default().to_string();
    let record = "mutation($input: RecordCompanyContactInput!) { recordCompanyContact(input: $input) { contact { channel topic contactedOn consultantId productionUnitId } userErrors { field code } } }";
    let input = |company: &str, unit: Value, on: &str| {
        json!({ "input": { "companyId": company, "productionUnitId": unit, "channel": "VISIT",
            "topic": "Behov for lagerfolk i foråret", "contactedOn": on } })
    };
    // A unit of another company, or a day still to come, is refused and nothing is written.
    let wrong_unit = mutate(
        &app,
        &w.caseworker_a,
        record,
        input(
            &company_l,
            json!(w.company_k_unit1.to_string()),
            "2026-11-02",
        ),
        "recordCompanyContact",
    )
    .await?;
    assert_eq!(
        user_error(&wrong_unit),
        (json!("NOT_FOUND"), json!(["input", "productionUnitId"]))
    );
    let future = mutate(
        &app,
        &w.caseworker_a,
        record,
        input(&company_k, json!(null), "2026-11-03"),
        "recordCompanyContact",
    )
    .await?;
    assert_eq!(
        user_error(&future),
        (json!("INVALID_PERIOD"), json!(["input", "contactedOn"]))
    );
    assert_eq!(company_contact::Entity::find().count(&app.db).await?, 0);
    let recorded = mutate(
        &app,
        &w.caseworker_a,
        record,
        input(
            &company_k,
            json!(w.company_k_unit1.to_string()),
            "2026-11-02",
        ),
        "recordCompanyContact",
    )
    .await?;
    ok(&recorded)?;
    assert_eq!(
        recorded["contact"]["consultantId"],
        w.caseworker_a.subject.to_string()
    );

    // One responsible consultant: a colleague replaces the one before; a caseworker of another
    // job centre is no one here.
    let set = "mutation($c: ID!, $k: ID!) { setCompanyConsultant(input: {companyId: $c, consultantId: $k}) { consultant { id } userErrors { field code } } }";
    let foreign = mutate(
        &app,
        &w.caseworker_a,
        set,
        json!({ "c": company_k, "k": w.caseworker_b.subject.to_string() }),
        "setCompanyConsultant",
    )
    .await?;
    assert_eq!(
        user_error(&foreign),
        (json!("NOT_FOUND"), json!(["input", "consultantId"]))
    );
    for who in [&w.caseworker_a, &w.caseworker_a2] {
        ok(&mutate(
            &app,
            &w.caseworker_a,
            set,
            json!({ "c": company_k, "k": who.subject.to_string() }),
            "setCompanyConsultant",
        )
        .await?)?;
    }
    let list = "query($k: ID) { caseworker { companies(consultantId: $k) { nodes { id responsibleConsultant { id } contacts { topic } } } } }";
    let mine = query(
        &app,
        &w.caseworker_a,
        list,
        json!({ "k": w.caseworker_a2.subject.to_string() }),
    )
    .await?;
    assert_eq!(
        mine["caseworker"]["companies"]["nodes"],
        json!([{ "id": company_k,
            "responsibleConsultant": { "id": w.caseworker_a2.subject.to_string() },
            "contacts": [{ "topic": "Behov for lagerfolk i foråret" }] }])
    );
    // Job centre B sees the company, but neither A's consultant nor A's contacts.
    let b = query(&app, &w.caseworker_b, list, json!({ "k": null })).await?;
    let k = b["caseworker"]["companies"]["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|c| c["id"] == company_k.as_str()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (&k["responsibleConsultant"], &k["contacts"]),
        (&json!(null), &json!([]))
    );
    Ok(())
}

#[tokio::test]
async fn orders_without_candidates_and_the_time_to_the_first_candidate_and_placement()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let waiting = "{ caseworker { jobOrders(withoutCandidates: true) { nodes { id } } } }";
    let before = query(&app, &w.caseworker_a, waiting, json!({})).await?;
    let before: Vec<String> = before["caseworker"]["jobOrders"]["nodes"]
        .as_array()
        .map(|n| n.iter().map(|o| id(&o["id"])).collect())
        .unwrap_or_default();
    // The order is sent at 09:00 on 2 November; its candidate is proposed and presented at
    // once, and the placement granted the next day.
    let (order, candidate) = presented(&app, &w).await?;
    let after = query(&app, &w.caseworker_a, waiting, json!({})).await?;
    let after: Vec<String> = after["caseworker"]["jobOrders"]["nodes"]
        .as_array()
        .map(|n| n.iter().map(|o| id(&o["id"])).collect())
        .unwrap_or_default();
    assert_eq!(before, after, "an order with a candidate is not waiting");
    app.clock.set(at(11, 3));
    ok(&mutate(
        &app,
        &w.caseworker_a,
        "mutation($input: GrantPlacementsInput!) { grantPlacements(input: $input) { userErrors { code } } }",
        json!({ "input": { "jobOrderId": order, "candidateIds": [candidate],
            "terms": { "startsOn": "2026-12-01" } } }),
        "grantPlacements",
    )
    .await?)?;
    let steps = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { jobOrders(status: IN_PROGRESS) { nodes { id sentAt firstCandidateAt firstPlacementAt } } } }",
        json!({}),
    )
    .await?;
    let this = steps["caseworker"]["jobOrders"]["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|o| o["id"] == order.as_str()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            &this["sentAt"],
            &this["firstCandidateAt"],
            &this["firstPlacementAt"]
        ),
        (
            &json!("2026-11-02T09:00:00+00:00"),
            &json!("2026-11-02T09:00:00+00:00"),
            &json!("2026-11-03T09:00:00+00:00")
        ),
        "{this}"
    );
    let times = query(
        &app,
        &w.caseworker_a,
        "{ caseworker { jobOrderLeadTimes(from: \"2026-11-02\", to: \"2026-11-02\") { orders withCandidate withPlacement medianDaysToFirstCandidate medianDaysToFirstPlacement } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        times["caseworker"]["jobOrderLeadTimes"],
        json!({ "orders": 3, "withCandidate": 3, "withPlacement": 1,
            "medianDaysToFirstCandidate": 0.0, "medianDaysToFirstPlacement": 1.0 })
    );
    let too_long = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { jobOrderLeadTimes(from: \"2025-01-01\", to: \"2026-11-02\") { orders } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&too_long), Some("BAD_USER_INPUT"), "{too_long}");
    Ok(())
}

#[tokio::test]
async fn twenty_grants_of_one_proposal_at_once_place_the_citizen_once() -> anyhow::Result<()> {
    let app = std::sync::Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let proposed = mutate(
        &app,
        &w.provider_p_coordinator,
        &format!(
            "mutation($input: ProposePlacementInput!) {{ proposePlacement(input: $input) {{ {PROPOSAL} }} }}"
        ),
        json!({ "input": { "citizenId": w.citizen_1.subject.to_string(),
            "productionUnitId": w.company_k_unit1.to_string(), "kind": "ORDINARY",
            "startsOn": "2026-11-16", "note": "Fast job efter praktik." } }),
        "proposePlacement",
    )
    .await?;
    ok(&proposed)?;
    let proposal = id(&proposed["proposal"]["id"]);
    let grant = format!(
        "mutation($input: GrantPlacementProposalInput!) {{ grantPlacementProposal(input: $input) {{ {PROPOSAL} }} }}"
    );
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, gate, who, grant) =
                (app.clone(), gate.clone(), w.caseworker_a, grant.clone());
            let input = json!({ "input": { "proposalId": proposal } });
            tokio::spawn(async move {
                gate.wait().await;
                app.gql(Some(&who), &grant, input).await
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        let answer = t.await?;
        assert!(answer["errors"].is_null(), "{answer}");
        codes.push(
            answer["data"]["grantPlacementProposal"]["userErrors"][0]["code"]
                .as_str()
                .unwrap_or("OK")
                .to_string(),
        );
    }
    assert_eq!(codes.iter().filter(|c| *c == "OK").count(), 1, "{codes:?}");
    assert_eq!(placement::Entity::find().count(&app.db).await?, 1);
    Ok(())
}
