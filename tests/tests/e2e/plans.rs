//! The plan flows (Min Plan, UC4, `000:168-179`) of all four portals, over HTTP, in the order a
//! plan lives: the caseworker saves a draft and edits it (item ids kept), publishes it; the
//! caseworker's overview shows it waiting for the citizen's acknowledgement; the citizen reads
//! it, acknowledges it, asks for it in English and sends information on a goal; the provider
//! running an activity reads the plan and comments on the activity; the company hosting the
//! internship sees it and comments; the caseworker's overview shows it all. Steps may move the
//! server's test clock first, and use the answers of earlier steps (ids, hashes). The upload of
//! files with a follow-up is proven in the API tests (`api/tests/api/plans/follow_ups.rs`); here
//! the follow-up is text only.

use anyhow::{Context as _, Result, ensure};
use chrono::{TimeZone, Utc};
use jobbro_api::testing::{Principal, World};
use serde_json::{Value, json};

use crate::{
    flow::{self, Answers, Step, answer, id, set_clock},
    harness::{Server, array, at, string},
};

fn org(p: &Principal) -> Result<Value> {
    Ok(id(p
        .organisation
        .context("the principal has no organisation")?))
}

fn item_with<'a>(items: &'a [Value], key: &str, value: &Value) -> Result<&'a Value> {
    items
        .iter()
        .find(|i| &i[key] == value)
        .with_context(|| format!("no item with {key} = {value} in {items:?}"))
}

/// The published version's id (what the citizen reads, acknowledges and asks to translate).
fn version_id(a: &Answers) -> Result<&Value> {
    answer(a, "Publish", "/publishPlan/version/id")
}

/// The id of the activity run by provider P / hosted by company K, from the edited draft.
fn activity_id(w: &World, a: &Answers, key: &str) -> Result<Value> {
    let who = if key == "providerId" {
        w.provider_p_coordinator
    } else {
        w.company_k
    };
    let activities = array(
        answer(a, "EditDraft", "/updatePlanDraft/plan")?,
        "/draftActivities",
    )?;
    Ok(item_with(activities, key, &org(&who)?)?["id"].clone())
}

/// The steps, in the order they run.
pub(crate) fn steps() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "UpdatePlanDraft",
            label: "CreateDraft",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                let w = &s.world;
                Ok(json!({ "input": {
                    "citizenId": id(w.citizen_1.subject),
                    "expectedDraftVersion": 0,
                    "content": {
                        "goals": [{ "text": "Job som lagermedarbejder inden sommer" }],
                        "activities": [
                            { "description": "Mentorforløb", "startsOn": "2026-11-09",
                              "endsOn": "2027-01-29", "providerId": org(&w.provider_p_coordinator)? },
                            { "description": "Virksomhedspraktik på lageret", "startsOn": "2026-12-01",
                              "endsOn": "2026-12-22", "companyId": org(&w.company_k)? }
                        ],
                        "offers": [{ "offerKindCode": "VIRKSOMHEDSPRAKTIK", "description": "Praktik, 4 uger" }],
                        "appointments": [{ "text": "Søg 2 job om ugen", "dueOn": "2026-12-31" }]
                    }
                }}))
            },
            check: |_, _, data| {
                let plan = at(data, "/updatePlanDraft/plan")?;
                ensure!(at(plan, "/draftVersion")? == 1);
                ensure!(string(plan, "/draftGoals/0/id")?.starts_with("goal-"));
                ensure!(array(plan, "/draftActivities")?.len() == 2);
                ensure!(at(plan, "/draftActivities/0/goalId")?.is_null());
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "UpdatePlanDraft",
            label: "EditDraft",
            who: |w| w.caseworker_a,
            // The caseworker links the mentor activity to the goal: every item goes back with
            // its id.
            variables: |s, a| {
                let plan = answer(a, "CreateDraft", "/updatePlanDraft/plan")?;
                let mut activities = array(plan, "/draftActivities")?.clone();
                activities[0]["goalId"] = at(plan, "/draftGoals/0/id")?.clone();
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject),
                    "expectedDraftVersion": 1,
                    "content": {
                        "goals": at(plan, "/draftGoals")?,
                        "activities": activities,
                        "offers": at(plan, "/draftOffers")?,
                        "appointments": at(plan, "/draftAppointments")?
                    }
                }}))
            },
            check: |_, a, data| {
                let before = answer(a, "CreateDraft", "/updatePlanDraft/plan")?;
                let plan = at(data, "/updatePlanDraft/plan")?;
                ensure!(at(plan, "/draftVersion")? == 2);
                ensure!(
                    at(plan, "/draftGoals")? == at(before, "/draftGoals")?,
                    "ids kept"
                );
                ensure!(at(plan, "/draftActivities/0/goalId")? == at(plan, "/draftGoals/0/id")?);
                ensure!(at(plan, "/draftActivities/1")? == at(before, "/draftActivities/1")?);
                ensure!(at(plan, "/draftOffers")? == at(before, "/draftOffers")?);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "PublishPlan",
            label: "Publish",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({
                    "citizenId": id(s.world.citizen_1.subject),
                    "expectedDraftVersion": 2,
                    "idempotencyKey": "e2e-publish-plan-1"
                }))
            },
            check: |_, a, data| {
                let v = at(data, "/publishPlan/version")?;
                ensure!(at(v, "/number")? == 1);
                // Citizen 1 is obliged to use the portal: delivered there, valid, to acknowledge.
                ensure!(string(v, "/delivery")? == "PORTAL");
                ensure!(string(v, "/deliveredAt")?.starts_with("2026-11-02T09:00:00"));
                ensure!(at(v, "/valid")? == true && at(v, "/acknowledgementRequested")? == true);
                ensure!(at(v, "/offers/0/valid")? == true);
                let hash = string(v, "/contentHash")?;
                ensure!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
                ensure!(
                    at(v, "/goals")? == answer(a, "EditDraft", "/updatePlanDraft/plan/draftGoals")?
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "PlanOverview",
            label: "OverviewWaiting",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                set_clock(s, "2026-11-04T09:00:00Z")?;
                Ok(json!({ "citizenId": id(s.world.citizen_1.subject) }))
            },
            check: |w, a, data| {
                let waiting = array(data, "/caseworker/plansAwaitingAcknowledgement/nodes")?;
                ensure!(
                    waiting.len() == 1
                        && waiting[0]["citizenId"] == id(w.citizen_1.subject)
                        && waiting[0]["daysWaiting"] == 2
                        && &waiting[0]["version"]["id"] == version_id(a)?,
                    "two days waiting for citizen 1's version 1: {waiting:?}"
                );
                let versions = array(data, "/caseworker/citizen/plan/versions")?;
                ensure!(versions.len() == 1 && versions[0]["acknowledgement"].is_null());
                ensure!(at(data, "/caseworker/citizen/plan/draftVersion")? == 2);
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "MyPlan",
            label: "MyPlan",
            who: |w| w.citizen_1,
            variables: |_, _| Ok(json!({})),
            check: |_, a, data| {
                let versions = array(data, "/citizen/planVersions")?;
                ensure!(versions.len() == 1, "{versions:?}");
                let v = &versions[0];
                ensure!(&v["id"] == version_id(a)?);
                ensure!(v["valid"] == true && v["acknowledgementRequested"] == true);
                ensure!(v["acknowledgement"].is_null());
                ensure!(string(v, "/goals/0/text")? == "Job som lagermedarbejder inden sommer");
                ensure!(array(v, "/activities")?.len() == 2);
                ensure!(string(v, "/appointments/0/text")? == "Søg 2 job om ugen");
                ensure!(array(v, "/followUps")?.is_empty());
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "AcknowledgePlan",
            label: "Acknowledge",
            who: |w| w.citizen_1,
            variables: |s, a| {
                set_clock(s, "2026-11-04T10:15:00Z")?;
                Ok(json!({ "versionId": version_id(a)? }))
            },
            check: |_, a, data| {
                let ack = at(data, "/acknowledgePlan/version/acknowledgement")?;
                ensure!(
                    &ack["contentHash"]
                        == answer(a, "MyPlan", "/citizen/planVersions/0/contentHash")?
                );
                ensure!(string(ack, "/channel")? == "PORTAL");
                ensure!(string(ack, "/acknowledgedAt")?.starts_with("2026-11-04T10:15:00"));
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "RequestPlanLanguage",
            label: "AskForEnglish",
            who: |w| w.citizen_1,
            variables: |_, a| Ok(json!({ "versionId": version_id(a)?, "language": "en" })),
            check: |_, a, data| {
                let v = at(data, "/requestPlanLanguage/version")?;
                let requests = array(v, "/languageRequests")?;
                ensure!(
                    requests.len() == 1
                        && requests[0]["language"] == "en"
                        && requests[0]["status"] == "REQUESTED",
                    "{requests:?}"
                );
                ensure!(
                    &v["contentHash"] == answer(a, "Publish", "/publishPlan/version/contentHash")?,
                    "the request changes nothing in the plan"
                );
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "SubmitPlanFollowUp",
            label: "FollowUp",
            who: |w| w.citizen_1,
            variables: |s, a| {
                set_clock(s, "2026-11-06T08:30:00Z")?;
                Ok(json!({
                    "itemId": answer(a, "MyPlan", "/citizen/planVersions/0/goals/0/id")?,
                    "text": "Jeg har søgt to job som lagermedarbejder i denne uge."
                }))
            },
            check: |_, a, data| {
                let f = at(data, "/submitPlanFollowUp/followUp")?;
                ensure!(&f["itemId"] == answer(a, "MyPlan", "/citizen/planVersions/0/goals/0/id")?);
                ensure!(string(f, "/author")? == "CITIZEN");
                ensure!(array(f, "/attachments")?.is_empty());
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "ParticipantPlan",
            label: "ProviderReads",
            who: |w| w.provider_p_staff1,
            variables: |_, _| Ok(json!({ "first": 10 })),
            check: |w, a, data| {
                let nodes = array(data, "/provider/participants/nodes")?;
                ensure!(
                    nodes.len() == 1 && nodes[0]["id"] == id(w.citizen_1.subject),
                    "staff 1 is assigned citizen 1 only: {nodes:?}"
                );
                let plan = &nodes[0]["plan"];
                ensure!(&plan["id"] == version_id(a)? && plan["number"] == 1);
                ensure!(
                    at(plan, "/goals")? == answer(a, "MyPlan", "/citizen/planVersions/0/goals")?
                );
                ensure!(&plan["activities"][0]["providerId"] == &org(&w.provider_p_coordinator)?);
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "CommentOnPlanActivity",
            label: "ProviderComments",
            who: |w| w.provider_p_staff1,
            variables: |s, a| {
                Ok(json!({
                    "citizenId": id(s.world.citizen_1.subject),
                    "activityId": activity_id(&s.world, a, "providerId")?,
                    "text": "Godt fremmøde i første uge."
                }))
            },
            check: |w, a, data| {
                let f = at(data, "/commentOnPlanActivity/followUp")?;
                ensure!(string(f, "/author")? == "PROVIDER");
                ensure!(f["itemId"] == activity_id(w, a, "providerId")?);
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "PlanActivities",
            label: "CompanySees",
            who: |w| w.company_k,
            variables: |_, _| Ok(json!({})),
            check: |w, a, data| {
                let listed = array(data, "/company/planActivities/nodes")?;
                ensure!(
                    listed.len() == 1
                        && listed[0]["citizenId"] == id(w.citizen_1.subject)
                        && listed[0]["activity"]["id"] == activity_id(w, a, "companyId")?
                        && listed[0]["activity"]["companyId"] == org(&w.company_k)?,
                    "company K sees the internship it hosts, nothing else: {listed:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "CommentOnPlanActivity",
            label: "CompanyComments",
            who: |w| w.company_k,
            variables: |_, a| {
                let listed = answer(a, "CompanySees", "/company/planActivities/nodes/0")?;
                Ok(json!({
                    "citizenId": at(listed, "/citizenId")?,
                    "activityId": at(listed, "/activity/id")?,
                    "text": "Praktikken starter 1. december kl. 7."
                }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/commentOnPlanActivity/followUp/author")? == "COMPANY");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "PlanOverview",
            label: "OverviewAfter",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "citizenId": id(s.world.citizen_1.subject) })),
            check: |_, a, data| {
                ensure!(
                    array(data, "/caseworker/plansAwaitingAcknowledgement/nodes")?.is_empty(),
                    "acknowledged: nothing waits"
                );
                let v = at(data, "/caseworker/citizen/plan/versions/0")?;
                ensure!(
                    &v["acknowledgement"]
                        == answer(a, "Acknowledge", "/acknowledgePlan/version/acknowledgement")?
                );
                ensure!(string(v, "/languageRequests/0/language")? == "en");
                let follow_ups = array(v, "/followUps")?;
                let authors: Vec<&str> = follow_ups
                    .iter()
                    .filter_map(|f| f["author"].as_str())
                    .collect();
                ensure!(
                    authors == vec!["CITIZEN", "PROVIDER", "COMPANY"],
                    "the citizen's information and both comments, oldest first: {follow_ups:?}"
                );
                ensure!(
                    &follow_ups[0]["id"]
                        == answer(a, "FollowUp", "/submitPlanFollowUp/followUp/id")?
                );
                Ok(())
            },
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_flows_run_over_http() -> Result<()> {
    let server = Server::start().await?;
    server.app.clock.set(
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .context("a valid time")?,
    );
    flow::run(&server, steps()).await?;
    server.stop().await
}
