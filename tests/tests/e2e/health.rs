//! Health information (UC2, `000:132-142`) through the caseworker and citizen portals, over
//! HTTP: the caseworker reads the certificate types, asks the citizen's doctor with a question of
//! their own, writes to the doctor, reads the request with its content; the citizen sees the
//! request and its status only.

use anyhow::{Result, ensure};
use serde_json::json;

use crate::{
    flow::{self, Step, answer, id},
    harness::{Server, array, string},
};

/// The flow's steps, in order.
pub(crate) fn steps() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "Citizen",
            label: "Case",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "id": id(s.world.citizen_1.subject) })),
            check: |_, _, data| {
                ensure!(array(data, "/caseworker/citizen/cases")?.len() == 1);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "HealthCertificateTypes",
            label: "Types",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let types = array(data, "/caseworker/healthCertificateTypes")?;
                let lae = types.iter().find(|t| t["code"] == "LAE_265");
                ensure!(
                    lae.is_some_and(|t| t["answerDays"] == 14
                        && !t["questionTemplates"].as_array().is_none_or(Vec::is_empty)),
                    "{types:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "RequestHealthInformation",
            label: "Request",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "caseId": answer(a, "Case", "/caseworker/citizen/cases/0/id")?,
                    "recipientKind": "GENERAL_PRACTITIONER",
                    "recipientName": "Lægerne i Søndergade",
                    "certificateType": "LAE_265",
                    "questions": ["Kan borgeren stå op i en hel arbejdsdag efter knæoperationen?"]
                }}))
            },
            check: |_, _, data| {
                ensure!(
                    string(data, "/requestHealthInformation/healthRequest/status")? == "REQUESTED"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SendHealthMessage",
            label: "Message",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "healthRequestId": answer(a, "Request", "/requestHealthInformation/healthRequest/id")?,
                    "body": "Svar gerne inden for 14 dage."
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/sendHealthMessage/healthMessage/sender")? == "CASEWORKER");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "HealthRequests",
            label: "Read",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "id": id(s.world.citizen_1.subject) })),
            check: |_, _, data| {
                let requests = array(data, "/caseworker/citizen/healthRequests")?;
                ensure!(requests.len() == 1, "{requests:?}");
                let content = &requests[0]["content"];
                ensure!(
                    content["questions"]
                        == json!(["Kan borgeren stå op i en hel arbejdsdag efter knæoperationen?"])
                        && content["messages"][0]["body"] == "Svar gerne inden for 14 dage.",
                    "{content}"
                );
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "MyHealthRequests",
            label: "Own",
            who: |w| w.citizen_1,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let requests = array(data, "/citizen/healthRequests")?;
                ensure!(
                    requests.len() == 1 && requests[0]["status"] == "REQUESTED",
                    "{requests:?}"
                );
                Ok(())
            },
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_asks_a_doctor_and_the_citizen_sees_the_request_over_http() -> Result<()> {
    let server = Server::start().await?;
    flow::run(&server, steps()).await?;
    server.stop().await
}
