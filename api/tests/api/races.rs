//! Concurrent writers on the databases the server really runs on: the SQLite file `jobbro serve`
//! creates by default (a pool of connections, WAL) and PostgreSQL. Twenty requests released at
//! once; the database settles each race and nobody gets `INTERNAL` ("database is locked").

use std::sync::Arc;

use chrono::Duration;
use jobbro_api::{
    auth::Role,
    testing::{Principal, TestApp, World, test_epoch, world},
};
use jobbro_entities::{case, citizen, enums::Channel};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{meetings::new_slot, outbox::run_worker, time::tomorrow};

const N: usize = 20;

/// `n` citizens of job centre A on unemployment benefit (so with the right to self-book).
async fn citizens(app: &TestApp, w: &World, n: usize) -> anyhow::Result<Vec<Principal>> {
    let now = test_epoch();
    let mut out = Vec::new();
    for i in 0..n {
        let id = Uuid::now_v7();
        citizen::Entity::insert(citizen::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(w.jobcentre_a),
            // Day of month 61-88: never issued as a CPR number.
            cpr: Set(format!("{}0190-{:04}", 61 + i % 28, 7000 + i)),
            given_name: Set(format!("Hurtig{i}")),
            family_name: Set("Kapløb".into()),
            street: Set("Løbevej 1".into()),
            postal_code: Set("9901".into()),
            city: Set("Nordby".into()),
            protected_address: Set(false),
            phone: Set(None),
            email: Set(None),
            preferred_channel: Set(Channel::Portal),
            obliged_digital: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            co_name: Set(None),
            co_street: Set(None),
            co_postal_code: Set(None),
            co_city: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        case::Entity::insert(case::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            contact_group_code: Set("DAGPENGE".into()),
            target_group_code: Set("DAGPENGE".into()),
            visitation_category: Set(None),
            assigned_caseworker_id: Set(Some(w.caseworker_a.subject)),
            opened_at: Set(now),
            closed_at: Set(None),
            secondary_since: Set(None),
            deadline: Set(None),
            version: Set(1),
        })
        .exec_without_returning(&app.db)
        .await?;
        out.push(Principal {
            role: Role::Citizen,
            subject: id,
            organisation: None,
        });
    }
    Ok(out)
}

/// Sends every `(who, query, variables)` at once (released together by a barrier) and returns
/// the answers in order.
async fn all_at_once(
    app: &Arc<TestApp>,
    calls: Vec<(Principal, String, Value)>,
) -> anyhow::Result<Vec<Value>> {
    let gate = Arc::new(tokio::sync::Barrier::new(calls.len()));
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(who, query, variables)| {
            let (app, gate) = (app.clone(), gate.clone());
            tokio::spawn(async move {
                gate.wait().await;
                app.gql(Some(&who), &query, variables).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await?);
    }
    Ok(answers)
}

/// The user error codes of the answers' payload at `field`; a GraphQL error counts as its
/// `extensions.code` (so an `INTERNAL` shows up).
fn codes(answers: &[Value], field: &str) -> Vec<String> {
    answers
        .iter()
        .map(|a| {
            if let Some(code) = a["errors"][0]["extensions"]["code"].as_str() {
                return code.to_string();
            }
            a["data"][field]["userErrors"][0]["code"]
                .as_str()
                .unwrap_or("OK")
                .to_string()
        })
        .collect()
}

fn count(codes: &[String], code: &str) -> usize {
    codes.iter().filter(|c| *c == code).count()
}

const BOOK: &str = "mutation($slot: ID!) { bookMeeting(input: {slotId: $slot}) { meeting { id } userErrors { code } } }";

/// `000:152-159` on the default database: 20 citizens book the one seat at once; one gets it,
/// 19 get `SLOT_FULL`, and none `INTERNAL`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_citizens_on_one_seat_give_one_booking_and_nineteen_slot_full() -> anyhow::Result<()>
{
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let people = citizens(&app, &w, N).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({ "capacity": 1 })).await?;
    let calls = people
        .iter()
        .map(|p| (*p, BOOK.to_string(), json!({ "slot": slot })))
        .collect();
    let answers = all_at_once(&app, calls).await?;
    let codes = codes(&answers, "bookMeeting");
    assert_eq!(count(&codes, "OK"), 1, "{codes:?}");
    assert_eq!(count(&codes, "SLOT_FULL"), N - 1, "{codes:?}");
    Ok(())
}

const SAVE: &str = "mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { plan { draftVersion } userErrors { code } } }";

/// 20 caseworkers' saves of one draft, all from the same version: one is saved, 19 are told the
/// draft changed (`STALE_VERSION`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_saves_of_one_draft_give_one_success_and_nineteen_stale_versions()
-> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject.to_string();
    let first = app
        .gql(
            Some(&w.caseworker_a),
            SAVE,
            json!({ "input": { "citizenId": citizen, "expectedDraftVersion": 0,
                "content": { "goals": [{ "text": "Job" }], "activities": [], "offers": [], "appointments": [] } } }),
        )
        .await;
    assert_eq!(
        first["data"]["updatePlanDraft"]["plan"]["draftVersion"], 1,
        "{first}"
    );
    let calls = (0..N)
        .map(|i| {
            let who = if i % 2 == 0 { w.caseworker_a } else { w.manager_a };
            let input = json!({ "input": { "citizenId": citizen, "expectedDraftVersion": 1,
                "content": { "goals": [{ "text": format!("Mål {i}") }], "activities": [], "offers": [], "appointments": [] } } });
            (who, SAVE.to_string(), input)
        })
        .collect();
    let answers = all_at_once(&app, calls).await?;
    let codes = codes(&answers, "updatePlanDraft");
    assert_eq!(count(&codes, "OK"), 1, "{codes:?}");
    assert_eq!(count(&codes, "STALE_VERSION"), N - 1, "{codes:?}");
    Ok(())
}

const GRANT: &str = "mutation($key: String) { grantConsent(input: {purpose: SHARE_DATA_AFTER_MOVING, idempotencyKey: $key}) { consent { id } userErrors { code } } }";

/// One idempotency key sent 20 times at once: 20 identical answers, one consent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_replays_of_one_idempotency_key_give_twenty_identical_answers() -> anyhow::Result<()>
{
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let calls = (0..N)
        .map(|_| {
            (
                w.citizen_2,
                GRANT.to_string(),
                json!({ "key": "samme-nøgle" }),
            )
        })
        .collect();
    let answers = all_at_once(&app, calls).await?;
    let first = &answers[0];
    assert!(first["errors"].is_null(), "{first}");
    assert_eq!(
        first["data"]["grantConsent"]["userErrors"],
        json!([]),
        "{first}"
    );
    for a in &answers {
        assert_eq!(a, first, "every replay answers as the first did");
    }
    Ok(())
}

/// A citizen's mutation while the outbox worker writes its effects succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mutation_during_a_worker_pass_succeeds() -> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn_on_file().await?);
    let w = world(&app.db).await?;
    let people = citizens(&app, &w, N).await?;
    // Events for the worker to work off: a summons of each citizen.
    for (i, p) in people.iter().enumerate() {
        let starts = tomorrow() + Duration::minutes(30 * i as i64);
        let summoned = app
            .gql(
                Some(&w.caseworker_a),
                "mutation($input: SummonCitizenInput!) { summonCitizen(input: $input) { userErrors { code } } }",
                json!({ "input": { "citizenId": p.subject.to_string(), "meetingType": "JOB_CONVERSATION",
                    "channel": "IN_PERSON", "location": "Rum 1", "startsAt": starts.to_rfc3339(),
                    "endsAt": (starts + Duration::minutes(30)).to_rfc3339() } }),
            )
            .await;
        assert_eq!(
            summoned["data"]["summonCitizen"]["userErrors"],
            json!([]),
            "{summoned}"
        );
    }
    let worker = {
        let app = app.clone();
        tokio::spawn(async move { run_worker(&app).await })
    };
    let mut answers = Vec::new();
    for p in &people {
        answers.push(app.gql(Some(p), GRANT, json!({ "key": null })).await);
    }
    worker.await??;
    let codes = codes(&answers, "grantConsent");
    assert_eq!(count(&codes, "OK"), N, "{codes:?}");
    Ok(())
}
