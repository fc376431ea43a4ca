//! The invoicing basis of the month of one order (UC5, `000:190-193`) through the provider and
//! caseworker portals, over HTTP. The month runs as in `offers.rs`; on the way the provider
//! previews November while a change request is undecided (a warning). After the final report the
//! caseworker generates November's basis, a manager approves it, and the provider downloads its
//! CSV file. The provider then corrects a day of November; December's basis carries the
//! correction as an adjustment line pointing at November's approved line.

use anyhow::{Context as _, Result, ensure};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    flow::{self, Step, answer, id, set_clock},
    harness::{array, at, string},
    offers::{self, order_id},
};

fn contract_id(a: &flow::Answers) -> Result<Value> {
    Ok(answer(
        a,
        "Draft",
        "/draftContractVersion/contractVersion/contractId",
    )?
    .clone())
}

/// The preview while the change request is undecided (after `AskFewerHours`).
fn the_preview() -> Vec<Step> {
    vec![Step {
        portal: "provider",
        name: "PreviewInvoiceBasis",
        label: "Preview",
        who: |w| w.provider_p_coordinator,
        variables: |_, a| Ok(json!({ "contractId": contract_id(a)?, "month": "2026-11" })),
        check: |_, a, data| {
            let preview = at(data, "/provider/previewInvoiceBasis")?;
            // So far the 3 hours of the 4th (the rest of the month is recorded at its end), at
            // 450 kr.
            ensure!(preview["totalOre"] == json!(135_000), "{preview}");
            ensure!(string(preview, "/lines/nodes/0/kind")? == "HOURLY_PRICE");
            ensure!(string(preview, "/lines/nodes/0/citizenName")? == "Anna Testesen");
            let findings = array(preview, "/findings/nodes")?;
            ensure!(
                findings
                    .iter()
                    .any(|f| f["code"] == "PENDING_CHANGE_REQUEST"
                        && f["severity"] == "WARNING"
                        && f["serviceOrderId"] == order_id(a).unwrap_or_default()),
                "{findings:?}"
            );
            ensure!(!at(preview, "/blocked")?.as_bool().unwrap_or(true));
            Ok(())
        },
    }]
}

/// November's basis generated, read, approved and listed for the provider.
fn november() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "GenerateInvoiceBasis",
            label: "GenerateNovember",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                set_clock(s, "2026-12-07T09:00:00Z")?;
                Ok(json!({ "input": { "contractId": contract_id(a)?, "month": "2026-11" } }))
            },
            check: |_, _, data| {
                let basis = at(data, "/generateInvoiceBasis/invoiceBasis")?;
                // 3 + 10 × 2 = 23 attended hours at 450 kr; the no-show and the excused day
                // are not paid. The change request is decided: no findings remain.
                ensure!(basis["totalOre"] == json!(1_035_000), "{basis}");
                ensure!(basis["totalKroner"] == "10350.00" && basis["lineCount"] == 1);
                ensure!(basis["status"] == "DRAFT" && basis["version"] == 1);
                ensure!(array(basis, "/findings/nodes")?.is_empty(), "{basis}");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "InvoiceBasis",
            label: "NovemberLines",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(
                    json!({ "invoiceBasisId": answer(a, "GenerateNovember", "/generateInvoiceBasis/invoiceBasis/id")? }),
                )
            },
            check: |w, a, data| {
                let line = at(data, "/caseworker/invoiceBasis/lines/nodes/0")?;
                ensure!(line["serviceOrderId"] == order_id(a)?);
                ensure!(line["citizenId"] == id(w.citizen_1.subject));
                ensure!(
                    line["quantity"] == "23" && line["unitAmountOre"] == 45_000,
                    "{line}"
                );
                ensure!(
                    line["targetGroup"] == "KONTANTHJAELP" && line["budgetFrameCode"] == "5.68.90"
                );
                ensure!(array(line, "/attendanceIds")?.len() == 11, "{line}");
                ensure!(line["adjustment"] == false);
                let totals = array(data, "/caseworker/invoiceBasis/totals")?;
                ensure!(totals.len() == 1 && totals[0]["amountOre"] == 1_035_000);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ApproveInvoiceBasis",
            label: "ApproveNovember",
            // Four eyes: the manager, not the caseworker who generated it.
            who: |w| w.manager_a,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "invoiceBasisId": answer(a, "GenerateNovember", "/generateInvoiceBasis/invoiceBasis/id")? } }),
                )
            },
            check: |w, _, data| {
                let basis = at(data, "/approveInvoiceBasis/invoiceBasis")?;
                ensure!(
                    basis["status"] == "APPROVED" && basis["approvedBy"] == id(w.manager_a.subject)
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "InvoiceBases",
            label: "JobcentreNovember",
            who: |w| w.manager_a,
            variables: |_, _| Ok(json!({ "month": "2026-11" })),
            check: |_, a, data| {
                let bases = array(data, "/caseworker/invoiceBases")?;
                ensure!(bases.len() == 1 && bases[0]["contractId"] == contract_id(a)?);
                ensure!(bases[0]["status"] == "APPROVED" && bases[0]["blocked"] == false);
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "InvoiceBases",
            label: "ProviderNovember",
            who: |w| w.provider_p_coordinator,
            variables: |_, _| Ok(json!({ "month": "2026-11" })),
            check: |_, _, data| {
                let bases = array(data, "/provider/invoiceBases")?;
                ensure!(bases.len() == 1 && bases[0]["status"] == "APPROVED");
                ensure!(bases[0]["totalKroner"] == "10350.00");
                string(&bases[0], "/csvPath")?;
                Ok(())
            },
        },
    ]
}

/// A late correction of November, and December's basis with the adjustment.
fn the_adjustment() -> Vec<Step> {
    vec![
        Step {
            portal: "provider",
            name: "RecordOfferAttendance",
            label: "Correction",
            who: |w| w.provider_p_staff1,
            variables: |s, a| {
                set_clock(s, "2026-12-08T10:00:00Z")?;
                Ok(json!({ "input": { "serviceOrderId": order_id(a)?,
                    "days": [{ "day": "2026-11-26", "kind": "ATTENDED", "hours": 2 }] } }))
            },
            check: |_, _, _| Ok(()),
        },
        Step {
            portal: "caseworker",
            name: "GenerateInvoiceBasis",
            label: "GenerateDecember",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                set_clock(s, "2027-01-06T09:00:00Z")?;
                Ok(json!({ "input": { "contractId": contract_id(a)?, "month": "2026-12" } }))
            },
            check: |_, _, data| {
                let basis = at(data, "/generateInvoiceBasis/invoiceBasis")?;
                // The two hours of 26 November, now attended: 900 kr.
                ensure!(
                    basis["totalOre"] == json!(90_000) && basis["lineCount"] == 1,
                    "{basis}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "InvoiceBasis",
            label: "DecemberLines",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(
                    json!({ "invoiceBasisId": answer(a, "GenerateDecember", "/generateInvoiceBasis/invoiceBasis/id")? }),
                )
            },
            check: |_, a, data| {
                let line = at(data, "/caseworker/invoiceBasis/lines/nodes/0")?;
                ensure!(
                    line["adjustment"] == true && line["serviceMonth"] == "2026-11",
                    "{line}"
                );
                ensure!(
                    line["quantity"] == "2" && line["amountOre"] == 90_000,
                    "{line}"
                );
                ensure!(
                    line["adjustsLineId"]
                        == *answer(
                            a,
                            "NovemberLines",
                            "/caseworker/invoiceBasis/lines/nodes/0/id"
                        )?,
                    "the adjustment points at November's approved line"
                );
                Ok(())
            },
        },
    ]
}

/// The invoicing steps (the portal table counts them as tested).
pub(crate) fn steps() -> Vec<Step> {
    let mut all = the_preview();
    all.extend(november());
    all.extend(the_adjustment());
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_of_one_order_is_invoiced_over_http() -> Result<()> {
    let server = offers::start().await?;
    let answers = flow::run_after(&server, offers::until_the_start(), flow::Answers::new()).await?;
    offers::drain(&server).await?;
    // The month, with the preview right after the provider asks to change the hours.
    let mut month = offers::until_the_end();
    let asked = month
        .iter()
        .position(|s| s.label == "AskFewerHours")
        .context("the flow asks to change the hours")?;
    let rest = month.split_off(asked + 1);
    let answers = flow::run_after(&server, month, answers).await?;
    let answers = flow::run_after(&server, the_preview(), answers).await?;
    let answers = flow::run_after(&server, rest, answers).await?;
    offers::drain(&server).await?;
    let answers = flow::run_after(&server, offers::the_final_report(), answers).await?;
    let answers = flow::run_after(&server, november(), answers).await?;

    // The export: the provider downloads the approved basis with its own bearer token.
    let path = answer(
        &answers,
        "ProviderNovember",
        "/provider/invoiceBases/0/csvPath",
    )?
    .as_str()
    .context("a path")?
    .to_string();
    let (status, kind, bytes) = server
        .download(&server.world.provider_p_coordinator, &path)
        .await?;
    ensure!(status == StatusCode::OK, "GET {path}: {status}");
    ensure!(kind.starts_with("text/csv"), "{kind}");
    ensure!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec())?;
    let rows: Vec<&str> = text.lines().collect();
    ensure!(rows.len() == 2 && rows[0].contains(';'), "{text}");
    ensure!(
        rows[1].contains("1035000") && rows[1].contains("10350,00"),
        "{text}"
    );
    ensure!(
        rows[1].contains("Anna Testesen") && !text.contains("610190-1001"),
        "no CPR: {text}"
    );
    // Staff of the provider never see bases: the same path is refused to them.
    let (refused, _, _) = server
        .download(&server.world.provider_p_staff1, &path)
        .await?;
    ensure!(
        refused == StatusCode::NOT_FOUND,
        "a provider's staff member: {refused}"
    );

    flow::run_after(&server, the_adjustment(), answers).await?;
    server.stop().await
}
