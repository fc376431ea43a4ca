//! The citizen's CV and matching (UC6, `004:77-99`, `004:137-139`), candidates and consent
//! (rule 6), the letter when a CV is sent (rule 18, `003:3480-3536`).

use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, World, test_epoch, world};
use jobbro_entities::{candidate, jobseeker_registration, letter, postal_area};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{mutate, ok, query, user_error},
    outbox::run_worker,
};

const CV: &str = "jobWishes { code label } skills educations { title completedYear } drivingLicences maxTravelKm informalCompetences availability hidden version";

fn save_cv() -> String {
    format!(
        "mutation($input: SaveMyCvInput!) {{ saveMyCv(input: $input) {{ cv {{ {CV} }} userErrors {{ field code message }} }} }}"
    )
}

const HIDE: &str = "mutation($hidden: Boolean!) { setMyCvHidden(input: {hidden: $hidden}) { cv { availability hidden } userErrors { field code message } } }";

async fn register(app: &TestApp, w: &World, citizen: Uuid) -> anyhow::Result<()> {
    jobseeker_registration::Model {
        id: Uuid::now_v7(),
        jobcentre_id: w.jobcentre_a,
        citizen_id: citizen,
        registered_at: test_epoch() - Duration::days(30),
        deregistered_at: None,
        deregistration_reason: None,
    }
    .into_active_model()
    .insert(&app.db)
    .await?;
    Ok(())
}

async fn save(app: &TestApp, who: &Principal, input: Value) -> anyhow::Result<Value> {
    mutate(app, who, &save_cv(), json!({ "input": input }), "saveMyCv").await
}

fn cook() -> Value {
    json!({
        "jobWishes": ["5120"], "skills": ["Hygiejnebevis", "  kørekort   B "],
        "educations": [{ "title": "Ernæringsassistent", "completedYear": 2015 }],
        "drivingLicences": ["b"], "maxTravelKm": 30,
        "informalCompetences": "Har lavet mad til foreningsfester."
    })
}

#[tokio::test]
async fn a_registered_citizens_cv_is_written_by_them_and_cannot_be_hidden() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    register(&app, &w, w.citizen_1.subject).await?;

    let saved = save(&app, &w.citizen_1, cook()).await?;
    ok(&saved)?;
    let cv = &saved["cv"];
    assert_eq!(
        cv["jobWishes"],
        json!([{ "code": "5120", "label": "Kokke" }])
    );
    assert_eq!(cv["skills"], json!(["Hygiejnebevis", "kørekort B"]));
    assert_eq!(cv["drivingLicences"], json!(["B"]));
    assert_eq!(cv["availability"], "AVAILABLE");
    assert_eq!(cv["version"], 1);

    // `004:756-766`: a precise job wish is part of being registered.
    let none = save(
        &app,
        &w.citizen_1,
        json!({ "expectedVersion": 1, "jobWishes": [] }),
    )
    .await?;
    assert_eq!(
        user_error(&none),
        (json!("INVALID"), json!(["input", "jobWishes"]))
    );
    let unknown = save(
        &app,
        &w.citizen_1,
        json!({ "expectedVersion": 1, "jobWishes": ["0000"] }),
    )
    .await?;
    assert_eq!(user_error(&unknown).0, "INVALID");
    let stale = save(
        &app,
        &w.citizen_1,
        json!({ "expectedVersion": 7, "jobWishes": ["5120"] }),
    )
    .await?;
    assert_eq!(user_error(&stale).0, "STALE_VERSION");
    // Nothing of the refused saves was written.
    let read = query(
        &app,
        &w.citizen_1,
        &format!("{{ citizen {{ cv {{ {CV} }} }} }}"),
        json!({}),
    )
    .await?;
    assert_eq!(read["citizen"]["cv"], *cv);

    // `004:85-87`: not while registered.
    let hide = mutate(
        &app,
        &w.citizen_1,
        HIDE,
        json!({ "hidden": true }),
        "setMyCvHidden",
    )
    .await?;
    assert_eq!(
        user_error(&hide),
        (json!("CV_MUST_STAY_AVAILABLE"), json!(["input", "hidden"]))
    );

    // The caseworker reads it on the citizen's record.
    let staff = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { cv { jobWishes { code } availability } } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await?;
    assert_eq!(
        staff["caseworker"]["citizen"]["cv"],
        json!({ "jobWishes": [{ "code": "5120" }], "availability": "AVAILABLE" })
    );

    // Deregistered, the citizen may hide it; a sick report takes it out of matching too.
    jobseeker_registration::Entity::update_many()
        .col_expr(
            jobseeker_registration::Column::DeregisteredAt,
            sea_orm::sea_query::Expr::value(Some(test_epoch())),
        )
        .filter(jobseeker_registration::Column::CitizenId.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    let hidden = mutate(
        &app,
        &w.citizen_1,
        HIDE,
        json!({ "hidden": true }),
        "setMyCvHidden",
    )
    .await?;
    ok(&hidden)?;
    assert_eq!(hidden["cv"]["availability"], "HIDDEN_BY_CITIZEN");
    let sick = mutate(
        &app,
        &w.citizen_2,
        "mutation { reportSick(input: {}) { userErrors { code } } }",
        json!({}),
        "reportSick",
    )
    .await?;
    ok(&sick)?;
    let saved = save(&app, &w.citizen_2, json!({ "jobWishes": [] })).await?;
    ok(&saved)?;
    assert_eq!(saved["cv"]["availability"], "SUSPENDED_BY_ABSENCE");
    Ok(())
}

/// Postal-area centres for the world's town and two others, 12 and 60 km away.
async fn places(app: &TestApp) -> anyhow::Result<()> {
    for (code, name, e, n) in [
        ("9901", "Nordby", 550_000, 6_300_000),
        ("9902", "Nordby Øst", 562_000, 6_300_000),
        ("9903", "Lilleå", 550_000, 6_360_000),
    ] {
        postal_area::Model {
            postal_code: code.into(),
            name: name.into(),
            easting_m: e,
            northing_m: n,
        }
        .into_active_model()
        .insert(&app.db)
        .await?;
    }
    Ok(())
}

/// A cook's order by company K at unit 1, taken up by the job centre.
async fn cook_order(app: &TestApp, w: &World, skills: Value) -> anyhow::Result<String> {
    let posted = mutate(
        app,
        &w.company_k,
        "mutation($input: PostJobOrderInput!) { postJobOrder(input: $input) { jobOrder { id } userErrors { code message } } }",
        json!({ "input": { "jobcentreId": w.jobcentre_a.to_string(), "terms": {
            "kind": "ORDINARY", "title": "Kok", "occupationCode": "5120", "description": "Frokost",
            "hoursPerWeek": 37, "productionUnitId": w.company_k_unit1.to_string(), "positions": 1,
            "startsOn": "2026-12-01", "applyBy": "2026-11-20",
            "contact": { "name": "Kim", "phone": "70000001" }, "requiredSkills": skills } } }),
        "postJobOrder",
    )
    .await?;
    ok(&posted)?;
    let id = posted["jobOrder"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let taken = mutate(
        app,
        &w.caseworker_a,
        "mutation($id: ID!) { takeUpJobOrder(input: {jobOrderId: $id}) { userErrors { code } } }",
        json!({ "id": id }),
        "takeUpJobOrder",
    )
    .await?;
    ok(&taken)?;
    Ok(id)
}

const MATCHES: &str = "query($id: ID!) { caseworker { candidatesFor(jobOrderId: $id) { citizenId givenName score matchedSkills distanceKm reasons { factor points detail } } } }";

#[tokio::test]
async fn matching_ranks_the_job_centres_citizens_and_explains_every_point() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    places(&app).await?;
    // Citizen 1 wishes to be a cook and has the hygiene certificate; citizen 2 wishes to wait
    // tables (same occupation group) and lives 12 km away.
    ok(&save(&app, &w.citizen_1, cook()).await?)?;
    ok(&save(
        &app,
        &w.citizen_2,
        json!({ "jobWishes": ["5131"], "skills": ["Kassesystemer"] }),
    )
    .await?)?;
    jobbro_entities::citizen::Entity::update_many()
        .col_expr(
            jobbro_entities::citizen::Column::PostalCode,
            sea_orm::sea_query::Expr::value("9902"),
        )
        .filter(jobbro_entities::citizen::Column::Id.eq(w.citizen_2.subject))
        .exec(&app.db)
        .await?;
    let order = cook_order(&app, &w, json!(["Hygiejnebevis", "Kørekort B"])).await?;

    let first = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    let list = first["caseworker"]["candidatesFor"].clone();
    let ids: Vec<&str> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["citizenId"].as_str())
        .collect();
    assert_eq!(
        ids,
        vec![
            w.citizen_1.subject.to_string().as_str(),
            w.citizen_2.subject.to_string().as_str()
        ]
    );
    // 40 (own wish) + 30 (both skills) + 20 (same town) − 25 (the world's citizens are in an
    // offer with provider P on the first day).
    assert_eq!(list[0]["score"], 65, "{list}");
    assert_eq!(list[0]["reasons"][3]["factor"], "AVAILABILITY");
    assert_eq!(list[0]["reasons"][3]["points"], -25);
    assert_eq!(
        list[0]["matchedSkills"],
        json!(["Hygiejnebevis", "Kørekort B"])
    );
    assert_eq!(list[0]["distanceKm"], 0);
    // 20 (related wish) + 0 (no skill) + 15 (12 km) − 25.
    assert_eq!(list[1]["score"], 10);
    assert_eq!(list[1]["reasons"][0]["points"], 20);
    assert_eq!(list[1]["reasons"][2]["detail"], "12 km from home");
    // The same data ranks the same way every time.
    let again = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    assert_eq!(again["caseworker"]["candidatesFor"], list);

    // For the citizen: the order, scored; the company side never sees the ranking.
    let mine = query(
        &app,
        &w.citizen_1,
        "{ citizen { matchingJobOrders { job { title city } score hotJob } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        mine["citizen"]["matchingJobOrders"],
        json!([{ "job": { "title": "Kok", "city": "Nordby" }, "score": 65, "hotJob": false }])
    );
    // A citizen whose CV has no job wish gets the newest orders, marked hot jobs.
    jobbro_entities::cv_job_wish::Entity::delete_many()
        .filter(jobbro_entities::cv_job_wish::Column::CitizenId.eq(w.citizen_2.subject))
        .exec(&app.db)
        .await?;
    let hot = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { jobOrdersFor(citizenId: $id) { jobOrder { title } score hotJob } } }",
        json!({ "id": w.citizen_2.subject.to_string() }),
    )
    .await?;
    let listed = &hot["caseworker"]["jobOrdersFor"];
    assert!(
        listed.as_array().is_some_and(|l| !l.is_empty()
            && l.iter()
                .all(|m| m["hotJob"] == true && m["score"].is_null())),
        "{listed}"
    );

    // A closed order is never matched.
    let closed = mutate(
        &app,
        &w.company_k,
        "mutation($id: ID!) { closeJobOrder(input: {jobOrderId: $id, reason: \"Besat internt\"}) { userErrors { code } } }",
        json!({ "id": order }),
        "closeJobOrder",
    )
    .await?;
    ok(&closed)?;
    let after = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    assert_eq!(after["caseworker"]["candidatesFor"], json!([]));
    let mine = query(
        &app,
        &w.citizen_1,
        "{ citizen { matchingJobOrders { job { id } } } }",
        json!({}),
    )
    .await?;
    assert!(
        !mine.to_string().contains(&order),
        "a closed order is still offered: {mine}"
    );
    Ok(())
}

const PROPOSE: &str = "mutation($order: ID!, $citizen: ID!) { proposeCandidate(input: {jobOrderId: $order, citizenId: $citizen}) { candidateId status userErrors { field code message } } }";
const PRESENT: &str = "mutation($id: ID!) { presentCandidate(input: {candidateId: $id}) { candidateId status userErrors { field code message } } }";
const OUTCOME: &str = "mutation($id: ID!, $outcome: CandidateOutcome!) { recordCandidateOutcome(input: {candidateId: $id, outcome: $outcome}) { status userErrors { field code } } }";
const COMPANY_CANDIDATES: &str = "{ company { candidates(first: 50) { nodes { id givenName status cv { jobWishes { code } skills } } } } }";

async fn propose(app: &TestApp, w: &World, order: &str, citizen: Uuid) -> anyhow::Result<Value> {
    mutate(
        app,
        &w.caseworker_a,
        PROPOSE,
        json!({ "order": order, "citizen": citizen.to_string() }),
        "proposeCandidate",
    )
    .await
}

async fn company_sees(app: &TestApp, who: &Principal, id: &str) -> anyhow::Result<Option<Value>> {
    let listed = query(app, who, COMPANY_CANDIDATES, json!({})).await?;
    Ok(listed["company"]["candidates"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["id"] == id)
        .cloned())
}

#[tokio::test]
async fn a_candidate_is_presented_only_with_consent_and_the_citizen_gets_one_letter()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    ok(&save(&app, &w.citizen_1, cook()).await?)?;
    let order = cook_order(&app, &w, json!(["Hygiejnebevis"])).await?;

    let proposed = propose(&app, &w, &order, w.citizen_1.subject).await?;
    ok(&proposed)?;
    assert_eq!(proposed["status"], "PROPOSED");
    let id = proposed["candidateId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let twice = propose(&app, &w, &order, w.citizen_1.subject).await?;
    assert_eq!(
        user_error(&twice),
        (json!("ALREADY_DONE"), json!(["input", "citizenId"]))
    );
    // Proposed is the job centre's own: the company sees nothing yet.
    assert_eq!(company_sees(&app, &w.company_k, &id).await?, None);
    // Once proposed, the citizen is no longer among the order's matches.
    let matches = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    assert!(
        !matches
            .to_string()
            .contains(&w.citizen_1.subject.to_string())
    );

    // Citizen 2 has not consented to sharing the CV (rule 6).
    let other = propose(&app, &w, &order, w.citizen_2.subject).await?;
    ok(&other)?;
    let other_id = other["candidateId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let refused = mutate(
        &app,
        &w.caseworker_a,
        PRESENT,
        json!({ "id": other_id }),
        "presentCandidate",
    )
    .await?;
    assert_eq!(
        user_error(&refused),
        (json!("CONSENT_REQUIRED"), json!(["input", "candidateId"]))
    );

    let presented = mutate(
        &app,
        &w.caseworker_a,
        PRESENT,
        json!({ "id": id }),
        "presentCandidate",
    )
    .await?;
    ok(&presented)?;
    assert_eq!(presented["status"], "PRESENTED");
    let seen = company_sees(&app, &w.company_k, &id).await?;
    assert_eq!(
        seen.map(|s| s["cv"].clone()),
        Some(
            json!({ "jobWishes": [{ "code": "5120" }], "skills": ["Hygiejnebevis", "kørekort B"] })
        )
    );
    // Another company never sees it.
    assert_eq!(company_sees(&app, &w.company_l, &id).await?, None);

    // Rule 18: one letter to the citizen, with the answer time, naming no refusal or decision.
    run_worker(&app).await?;
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(w.citizen_1.subject))
        .filter(letter::Column::Kind.eq("CV_SENT"))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1);
    let text = format!("{} {}", letters[0].subject, letters[0].body).to_lowercase();
    assert!(text.contains("inden 14 dage"), "{text}");
    for word in ["afslag", "afgør", "klage"] {
        assert!(!text.contains(word), "{word} in {text}");
    }

    // The company records an interview, then the hire; the same step twice is refused.
    let interview = mutate(
        &app,
        &w.company_k,
        OUTCOME,
        json!({ "id": id, "outcome": "INTERVIEW" }),
        "recordCandidateOutcome",
    )
    .await?;
    ok(&interview)?;
    let hired = mutate(
        &app,
        &w.company_k,
        OUTCOME,
        json!({ "id": id, "outcome": "HIRED" }),
        "recordCandidateOutcome",
    )
    .await?;
    ok(&hired)?;
    let again = mutate(
        &app,
        &w.company_k,
        OUTCOME,
        json!({ "id": id, "outcome": "HIRED" }),
        "recordCandidateOutcome",
    )
    .await?;
    assert_eq!(user_error(&again).0, "ALREADY_DONE");
    let stranger = mutate(
        &app,
        &w.company_l,
        OUTCOME,
        json!({ "id": id, "outcome": "NOT_SELECTED" }),
        "recordCandidateOutcome",
    )
    .await?;
    assert_eq!(
        user_error(&stranger),
        (json!("NOT_FOUND"), json!(["input", "candidateId"]))
    );

    // Revoking the consent hides the candidate and the CV at once.
    let revoked = mutate(
        &app,
        &w.citizen_1,
        "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { code } } }",
        json!({ "id": w.citizen_1_consent.to_string() }),
        "revokeConsent",
    )
    .await?;
    ok(&revoked)?;
    assert_eq!(company_sees(&app, &w.company_k, &id).await?, None);
    assert_eq!(
        candidate::Entity::find().count(&app.db).await?,
        // The world's two candidates and the two proposed here.
        4
    );
    Ok(())
}

#[tokio::test]
async fn a_flex_job_is_matched_only_to_citizens_visited_to_flex_jobs() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    ok(&save(&app, &w.citizen_1, cook()).await?)?;
    let posted = mutate(
        &app,
        &w.company_k,
        "mutation($input: PostJobOrderInput!) { postJobOrder(input: $input) { jobOrder { id } userErrors { code message } } }",
        json!({ "input": { "jobcentreId": w.jobcentre_a.to_string(), "terms": {
            "kind": "FLEX_JOB", "title": "Kok i fleksjob", "occupationCode": "5120",
            "description": "Færre timer.", "hoursPerWeek": 15,
            "productionUnitId": w.company_k_unit1.to_string(), "positions": 1,
            "startsOn": "2026-12-01", "applyBy": "2026-11-20",
            "contact": { "name": "Kim", "phone": "70000001" } } } }),
        "postJobOrder",
    )
    .await?;
    ok(&posted)?;
    let order = posted["jobOrder"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ok(&mutate(
        &app,
        &w.caseworker_a,
        "mutation($id: ID!) { takeUpJobOrder(input: {jobOrderId: $id}) { userErrors { code } } }",
        json!({ "id": order }),
        "takeUpJobOrder",
    )
    .await?)?;
    let matched = |answer: &Value| {
        answer
            .to_string()
            .contains(&w.citizen_1.subject.to_string())
    };
    // Citizen 1's case is not in the flex-job target group: not matched, and not offered it.
    let before = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    assert!(!matched(&before), "{before}");
    let offered = query(
        &app,
        &w.citizen_1,
        "{ citizen { matchingJobOrders { job { id } } } }",
        json!({}),
    )
    .await?;
    assert!(!offered.to_string().contains(&order), "{offered}");
    // Visited to a flex job, they are.
    jobbro_api::testing::set_target_group(&app.db, w.citizen_1.subject, "FLEKSJOB").await?;
    let after = query(&app, &w.caseworker_a, MATCHES, json!({ "id": order })).await?;
    assert!(matched(&after), "{after}");
    let offered = query(
        &app,
        &w.citizen_1,
        "{ citizen { matchingJobOrders { job { id } } } }",
        json!({}),
    )
    .await?;
    assert!(offered.to_string().contains(&order), "{offered}");
    Ok(())
}

/// The citizens come in the order of the points spelled out in their reasons; asking for the
/// best 20 gives the first 20 of the whole ranking, from fewer statements when the citizens with
/// the order's own occupation fill the list (the later passes cannot beat them), and never more
/// than nine.
#[tokio::test]
async fn ranking_follows_the_explained_points_and_stops_reading_when_the_list_is_settled()
-> anyhow::Result<()> {
    use jobbro_api::{
        companies::{bench, matching},
        kernel::{ids::JobOrderId, statements, viewer::Viewer},
    };
    let app = TestApp::spawn().await?;
    for n in [300, 3_000] {
        let load = bench::load(&app.db, n)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let viewer = Viewer::Staff(load.staff);
        let rank = |limit: usize| {
            statements::counting(matching::candidates_for(
                &app.db,
                &viewer,
                JobOrderId(load.order),
                limit,
                bench::today(),
            ))
        };
        let (all, all_count) = rank(n).await;
        let all = all.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let (best, best_count) = rank(20).await;
        let best = best.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        assert!(all.len() > 20, "{n}: only {} found", all.len());
        let points: Vec<i32> = all.iter().map(|m| m.points()).collect();
        assert!(
            points.windows(2).all(|p| p[0] >= p[1]),
            "not in the order of the explained points: {points:?}"
        );
        let ids = |m: &[matching::CitizenMatch]| m.iter().map(|m| m.citizen()).collect::<Vec<_>>();
        assert_eq!(ids(&best), ids(&all[..20]), "{n}: the best 20 differ");
        assert!(
            best_count <= all_count && all_count <= 9,
            "{n}: {best_count} and {all_count} statements"
        );
        if n == 3_000 {
            assert!(
                best_count < all_count,
                "the later passes were read: {best_count}"
            );
        }
    }
    Ok(())
}
