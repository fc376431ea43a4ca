//! A month of one order (UC5, `000:183-199`) through the caseworker and provider portals, over
//! HTTP: the contract drawn up and signed, the order placed and accepted; the citizen does not
//! come on the first day, the provider re-summons by letter and the citizen comes on the new
//! date; the provider asks to reduce the hours, writes to the job centre's mailbox, which
//! answers, and the job centre approves; a month of
//! attendance; the order ends; the provider writes the final report and the caseworker reads it.
//! The outbox worker runs between the parts (the schedule of reports is made when the start is
//! handled), as it does beside the server.

use std::sync::Arc;

use anyhow::{Context as _, Result, ensure};
use chrono::{TimeZone, Utc};
use jobbro_api::{
    kernel::clock::SharedClock,
    outbox::{letters::RecordingSender, worker::Worker},
    testing::set_target_group,
};
use serde_json::{Value, json};

use crate::{
    flow::{self, Step, answer, id, set_clock},
    harness::{Server, array, at, string},
};

pub(crate) fn order_id(a: &flow::Answers) -> Result<Value> {
    Ok(answer(a, "Order", "/createServiceOrder/serviceOrder/id")?.clone())
}

/// The contract, the order, the first-day no-show, the letter and the start.
pub(crate) fn until_the_start() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "DraftContractVersion",
            label: "Draft",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                let provider = s
                    .world
                    .provider_p_coordinator
                    .organisation
                    .context("provider P")?;
                Ok(json!({ "input": {
                    "providerId": id(provider), "reference": "K-2026-17", "title": "Mentorforløb",
                    "validFrom": "2026-01-01",
                    "services": [{
                        "serviceCode": "MENTOR-1", "offerKind": "MENTOR",
                        "description": "Mentorstøtte til fremmøde", "seats": 4,
                        "targetGroups": [], "budgetFrameCode": "5.68.90",
                        "prices": [{ "kind": "HOURLY_PRICE", "amountOre": 45_000 }]
                    }]
                }}))
            },
            check: |_, _, data| {
                ensure!(at(data, "/draftContractVersion/contractVersion/signedAt")?.is_null());
                ensure!(
                    at(
                        data,
                        "/draftContractVersion/contractVersion/services/0/alertBelowPercent"
                    )? == &json!(75)
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SignContractVersion",
            label: "Sign",
            who: |w| w.manager_a,
            variables: |_, a| {
                Ok(json!({
                    "contractVersionId": answer(a, "Draft", "/draftContractVersion/contractVersion/id")?
                }))
            },
            check: |_, _, data| {
                ensure!(!at(data, "/signContractVersion/contractVersion/signedAt")?.is_null());
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "CreateServiceOrder",
            label: "Order",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject),
                    "contractServiceId": answer(a, "Draft", "/draftContractVersion/contractVersion/services/0/id")?,
                    "startsOn": "2026-11-02", "endsOn": "2026-11-27",
                    "hoursPerWeek": 10, "weeks": 4,
                    "justification": "Borgeren har svært ved at fastholde fremmøde.",
                    "goal": "Stabilt fremmøde og et afklaret jobmål.",
                    "remark": "Borgeren foretrækker formiddage; kontakt helst på telefon først."
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/createServiceOrder/serviceOrder/status")? == "ORDERED");
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "Orders",
            label: "Inbox",
            who: |w| w.provider_p_coordinator,
            variables: |_, _| Ok(json!({ "first": 20 })),
            check: |_, a, data| {
                let orders = array(data, "/provider/orders/nodes")?;
                let order = order_id(a)?;
                let new = orders
                    .iter()
                    .find(|o| o["id"] == order)
                    .context("the new order is in the inbox")?;
                ensure!(new["status"] == "ORDERED" && new["hoursPerWeek"] == json!(10.0));
                ensure!(
                    new["remark"]
                        .as_str()
                        .is_some_and(|r| r.contains("formiddage"))
                );
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "AcceptServiceOrder",
            label: "Accept",
            who: |w| w.provider_p_coordinator,
            variables: |s, a| {
                Ok(json!({
                    "serviceOrderId": order_id(a)?,
                    "assignTo": id(s.world.provider_p_staff1.subject)
                }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/acceptServiceOrder/serviceOrder/status")? == "ACCEPTED");
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "RecordOfferAttendance",
            label: "FirstDayNoShow",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?,
                    "days": [{ "day": "2026-11-02", "kind": "NO_SHOW" }] } }))
            },
            check: |_, _, _| Ok(()),
        },
        Step {
            portal: "provider",
            name: "RecordResummons",
            label: "Letter",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "serviceOrderId": order_id(a)?, "newDate": "2026-11-04",
                    "channels": ["DIGITAL_POST", "SMS"] } }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/recordResummons/procedure/step")? == "LETTER_SENT");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ServiceOrderFollowUp",
            label: "AfterLetter",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(
                    json!({ "serviceOrderId": order_id(a)?, "from": "2026-11-02", "to": "2026-11-02" }),
                )
            },
            check: |_, _, data| {
                let p = at(data, "/caseworker/noShowProcedure")?;
                ensure!(p["status"] == "LETTER_SENT" && p["holdsTheOfferOpen"] == true);
                ensure!(p["letterChannel"] == "DIGITAL_POST" && p["alsoBySms"] == true);
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "StartServiceOrder",
            label: "Start",
            who: |w| w.provider_p_staff1,
            variables: |s, a| {
                set_clock(s, "2026-11-04T10:00:00Z")?;
                Ok(json!({ "serviceOrderId": order_id(a)?, "startedOn": "2026-11-04" }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/startServiceOrder/serviceOrder/status")? == "STARTED");
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "RecordOfferAttendance",
            label: "CameOnTheNewDate",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?,
                    "days": [{ "day": "2026-11-04", "kind": "ATTENDED", "hours": 3 }] } }))
            },
            check: |_, _, _| Ok(()),
        },
    ]
}

/// The change request and its decision, the month of attendance and the end.
pub(crate) fn until_the_end() -> Vec<Step> {
    vec![
        Step {
            portal: "provider",
            name: "OrderDelivery",
            label: "Returned",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(
                    json!({ "serviceOrderId": order_id(a)?, "from": "2026-11-02", "to": "2026-11-04" }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/provider/noShowProcedure/reappearedOn")? == "2026-11-04");
                let days = array(data, "/provider/orderDelivery/attendance")?;
                ensure!(days.len() == 3 && days[0]["recorded"] == "NO_SHOW");
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "RequestOfferChange",
            label: "AskFewerHours",
            who: |w| w.provider_p_staff1,
            variables: |s, a| {
                set_clock(s, "2026-11-09T09:00:00Z")?;
                Ok(
                    json!({ "input": { "serviceOrderId": order_id(a)?, "kind": "REDUCE_HOURS",
                    "newHoursPerWeek": 6, "reason": "Borgeren kan ikke holde til 10 timer endnu." } }),
                )
            },
            check: |_, _, data| {
                // Monday 9 November + 3 workdays.
                ensure!(string(data, "/requestOfferChange/changeRequest/dueOn")? == "2026-11-12");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ChangeRequests",
            label: "Pending",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({ "filter": "PENDING" })),
            check: |_, a, data| {
                let pending = array(data, "/caseworker/changeRequests")?;
                ensure!(pending.len() == 1 && pending[0]["serviceOrderId"] == order_id(a)?);
                ensure!(pending[0]["overdue"] == false);
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "SendOrderMessage",
            label: "Message",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?,
                    "text": "Borgeren vil gerne tale om timetallet; kan I ringe?" } }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/sendOrderMessage/message/answerDueOn")? == "2026-11-12");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "Mailbox",
            label: "Mailbox",
            who: |w| w.caseworker_a2,
            variables: |_, a| Ok(json!({ "serviceOrderId": order_id(a)? })),
            check: |_, _, data| {
                let awaiting = array(data, "/caseworker/messagesAwaitingAnswer")?;
                ensure!(awaiting.len() == 1 && awaiting[0]["overdue"] == false);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SendOrderMessage",
            label: "Answer",
            who: |w| w.caseworker_a2,
            variables: |_, a| {
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?,
                    "text": "Vi ringer i dag og svarer på ændringsanmodningen." } }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/sendOrderMessage/message/sender")? == "JOBCENTRE");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "DecideOfferChange",
            label: "Approve",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                set_clock(s, "2026-11-10T13:00:00Z")?;
                Ok(json!({ "input": {
                    "changeRequestId": answer(a, "AskFewerHours", "/requestOfferChange/changeRequest/id")?,
                    "approve": true, "note": "Aftalt med borgeren i telefonen."
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/decideOfferChange/changeRequest/status")? == "APPROVED");
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "RecordOfferAttendance",
            label: "TheMonth",
            who: |w| w.provider_p_staff1,
            variables: |s, a| {
                set_clock(s, "2026-11-27T15:00:00Z")?;
                let days: Vec<Value> = [
                    "2026-11-06",
                    "2026-11-09",
                    "2026-11-11",
                    "2026-11-13",
                    "2026-11-16",
                    "2026-11-18",
                    "2026-11-20",
                    "2026-11-23",
                    "2026-11-25",
                    "2026-11-27",
                ]
                .iter()
                .map(|d| json!({ "day": d, "kind": "ATTENDED", "hours": 2 }))
                .chain(std::iter::once(
                    json!({ "day": "2026-11-26", "kind": "ABSENT_EXCUSED" }),
                ))
                .collect();
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?, "days": days } }))
            },
            check: |_, _, _| Ok(()),
        },
        Step {
            portal: "caseworker",
            name: "EndServiceOrder",
            label: "End",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "serviceOrderId": order_id(a)?, "endedOn": "2026-11-27" }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/endServiceOrder/serviceOrder/status")? == "ENDED");
                Ok(())
            },
        },
    ]
}

/// The final report, written and read.
pub(crate) fn the_final_report() -> Vec<Step> {
    vec![
        Step {
            portal: "provider",
            name: "SupplierReportsDue",
            label: "Due",
            who: |w| w.provider_p_staff1,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let due = array(data, "/provider/supplierReportsDue")?;
                let kinds: Vec<(&str, &str, &str)> = due
                    .iter()
                    .map(|r| {
                        (
                            r["kind"].as_str().unwrap_or_default(),
                            r["dueOn"].as_str().unwrap_or_default(),
                            r["status"].as_str().unwrap_or_default(),
                        )
                    })
                    .collect();
                // The start report (ten workdays after the start) was never written; the final
                // one is due ten workdays after the end.
                ensure!(
                    kinds
                        == vec![
                            ("START", "2026-11-18", "OVERDUE"),
                            ("FINAL", "2026-12-11", "DUE")
                        ],
                    "{kinds:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "SubmitSupplierReport",
            label: "Write",
            who: |w| w.provider_p_staff1,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "supplierReportId": answer(a, "Due", "/provider/supplierReportsDue/1/id")?,
                    "actionNeeded": false, "nextStep": "JOB",
                    "sections": [
                        { "section": "PROGRESSION", "text": "Stabilt fremmøde efter den første uge." },
                        { "section": "BARRIERS", "text": "Transport om morgenen." },
                        { "section": "NEXT_STEP", "text": "Jobsøgning mod lager." },
                        { "section": "EFFECT", "text": "Afklaret jobmål: lagermedarbejder." }
                    ]
                }}))
            },
            check: |_, _, data| {
                let sections = array(data, "/submitSupplierReport/supplierReport/sections")?;
                let attendance = sections
                    .iter()
                    .find(|s| s["section"] == "ATTENDANCE")
                    .context("the attendance section is filled in")?;
                ensure!(
                    attendance["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("11 dage mødt (23.0 timer)")),
                    "{attendance}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SupplierReports",
            label: "Inbox",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({})),
            check: |_, a, data| {
                let unread = array(data, "/caseworker/unreadSupplierReports")?;
                ensure!(
                    unread.len() == 1
                        && &unread[0]["id"]
                            == answer(a, "Write", "/submitSupplierReport/supplierReport/id")?
                );
                let overdue = array(data, "/caseworker/overdueSupplierReports")?;
                ensure!(overdue.len() == 1 && overdue[0]["kind"] == "START");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "MarkSupplierReportRead",
            label: "Read",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({
                    "supplierReportId": answer(a, "Write", "/submitSupplierReport/supplierReport/id")?
                }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/markSupplierReportRead/supplierReport/status")? == "READ");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ServiceOrderFollowUp",
            label: "Delivered",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(
                    json!({ "serviceOrderId": order_id(a)?, "from": "2026-11-02", "to": "2026-11-27" }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/caseworker/serviceOrder/status")? == "ENDED");
                ensure!(at(data, "/caseworker/serviceOrder/hoursPerWeek")? == &json!(6.0));
                let weeks = array(data, "/caseworker/serviceOrderDelivery/weeks")?;
                let delivered: Vec<f64> = weeks
                    .iter()
                    .filter_map(|w| w["deliveredHours"].as_f64())
                    .collect();
                ensure!(delivered == vec![5.0, 6.0, 6.0, 6.0], "{weeks:?}");
                Ok(())
            },
        },
    ]
}

/// Every step of the flow, in order (the portal table counts them as tested).
pub(crate) fn steps() -> Vec<Step> {
    let mut all = until_the_start();
    all.extend(until_the_end());
    all.extend(the_final_report());
    all
}

/// Runs the outbox worker until nothing is due, as the server's worker would.
pub(crate) async fn drain(server: &Server) -> Result<()> {
    let clock: SharedClock = Arc::new(server.app.clock.clone());
    let worker = Worker::new(
        server.app.db.clone(),
        clock,
        Arc::new(RecordingSender),
        server.app.settings.worker.clone(),
    );
    for _ in 0..100 {
        let pass = worker.run_once().await?;
        ensure!(pass.failed == 0, "an outbox event failed");
        if pass.handled == 0 {
            return Ok(());
        }
    }
    anyhow::bail!("the outbox did not drain")
}

/// The server on Monday 2 November 2026, citizen 1 on kontanthjælp (so the no-show procedure
/// applies): where the month of one order begins.
pub(crate) async fn start() -> Result<Server> {
    let server = Server::start().await?;
    server.app.clock.set(
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .context("a valid time")?,
    );
    set_target_group(
        &server.app.db,
        server.world.citizen_1.subject,
        "KONTANTHJAELP",
    )
    .await?;
    Ok(server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_of_one_order_runs_over_http() -> Result<()> {
    let server = start().await?;
    let answers = flow::run_after(&server, until_the_start(), flow::Answers::new()).await?;
    drain(&server).await?;
    let answers = flow::run_after(&server, until_the_end(), answers).await?;
    drain(&server).await?;
    flow::run_after(&server, the_final_report(), answers).await?;
    server.stop().await
}
