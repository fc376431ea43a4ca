//! A case's life (UC1, `000:113-130`) through the caseworker portal, over HTTP: the caseworker
//! reads the closure reasons and the citizen's case, visits it, changes the citizen's benefit
//! (the case closes and the next one opens with the same caseworker, rule 19), closes the new
//! case when the citizen finds a job, opens another, and reads the citizen's timeline: every
//! step of both cases on one line.

use anyhow::{Result, ensure};
use serde_json::json;

use crate::{
    flow::{self, Step, answer, id},
    harness::{Server, array, at, string},
};

/// The flow's steps, in order.
pub(crate) fn steps() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "CaseClosureReasons",
            label: "Reasons",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let reasons = array(data, "/caseworker/caseClosureReasons")?;
                ensure!(
                    reasons.iter().any(|r| r["code"] == "EMPLOYED"),
                    "{reasons:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "Citizen",
            label: "Before",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "id": id(s.world.citizen_1.subject) })),
            check: |_, _, data| {
                let cases = array(data, "/caseworker/citizen/cases")?;
                ensure!(cases.len() == 1 && cases[0]["role"] == "MAIN", "{cases:?}");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "VisitCase",
            label: "Visit",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "caseId": answer(a, "Before", "/caseworker/citizen/cases/0/id")?,
                    "category": "JOB_READY",
                    "expectedVersion": answer(a, "Before", "/caseworker/citizen/cases/0/version")?
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/visitCase/case/visitationCategory")? == "JOB_READY");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ChangeBenefit",
            label: "Change",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "caseId": answer(a, "Visit", "/visitCase/case/id")?,
                    "contactGroup": "KONTANTHJAELP_JOBPARAT",
                    "targetGroup": "KONTANTHJAELP",
                    "expectedVersion": answer(a, "Visit", "/visitCase/case/version")?
                }}))
            },
            check: |w, _, data| {
                ensure!(string(data, "/changeBenefit/case/targetGroup")? == "KONTANTHJAELP");
                ensure!(
                    *at(data, "/changeBenefit/case/assignedCaseworkerId")?
                        == id(w.caseworker_a.subject)
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "CloseCase",
            label: "Close",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "caseId": answer(a, "Change", "/changeBenefit/case/id")?,
                    "reason": "EMPLOYED",
                    "note": "Fuldtid som lagermedarbejder",
                    "expectedVersion": answer(a, "Change", "/changeBenefit/case/version")?
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/closeCase/case/closure/reason")? == "EMPLOYED");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "OpenCase",
            label: "Open",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject),
                    "contactGroup": "DAGPENGE",
                    "targetGroup": "DAGPENGE"
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/openCase/case/role")? == "MAIN");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "CitizenTimeline",
            label: "Timeline",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "id": id(s.world.citizen_1.subject) })),
            check: |_, a, data| {
                let steps: Vec<(String, String)> = array(data, "/caseworker/citizen/timeline")?
                    .iter()
                    .filter(|e| !e["caseId"].is_null())
                    .map(|e| {
                        (
                            e["event"].as_str().unwrap_or_default().to_string(),
                            e["caseId"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                let case = |label: &str, pointer: &str| -> Result<String> {
                    Ok(answer(a, label, pointer)?
                        .as_str()
                        .unwrap_or_default()
                        .to_string())
                };
                let (first, second, third) = (
                    case("Visit", "/visitCase/case/id")?,
                    case("Change", "/changeBenefit/case/id")?,
                    case("Open", "/openCase/case/id")?,
                );
                let expected = vec![
                    ("CASE_OPENED".to_string(), third),
                    ("CASE_CLOSED".to_string(), second.clone()),
                    ("CASE_OPENED".to_string(), second),
                    ("CASE_CLOSED".to_string(), first.clone()),
                    ("CASE_VISITED".to_string(), first),
                ];
                ensure!(steps == expected, "{steps:?}");
                Ok(())
            },
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_takes_a_case_through_a_benefit_change_over_http() -> Result<()> {
    let server = Server::start().await?;
    flow::run(&server, steps()).await?;
    server.stop().await
}
