//! The README's examples work on the demo, on any day: every query of "A first query per role"
//! runs as its role, and every GraphQL block as the demo citizen, against a freshly loaded demo
//! whose "today" is the test clock's. Placeholders in angle brackets are filled from earlier
//! answers, as a reader would.

use anyhow::Context as _;
use jobbro_api::{
    auth::Role,
    demo::{self, DemoOptions, DemoPrincipal},
    kernel::clock::Clock,
    testing::{Principal, TestApp},
};
use serde_json::{Value, json};

const README: &str = include_str!("../../../README.md");

/// The section of the README with the examples.
fn section() -> anyhow::Result<&'static str> {
    let start = README
        .find("## A first query per role")
        .context("the README has no section `A first query per role`")?;
    let rest = &README[start + 3..];
    Ok(&README[start..start + 3 + rest.find("\n## ").unwrap_or(rest.len())])
}

/// The table's rows: (role cell, the query in backticks).
fn table(section: &str) -> Vec<(String, String)> {
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| role"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            let (role, query) = (cells.first()?, cells.get(1)?);
            let query = query.split('`').nth(1)?;
            Some((role.trim().to_string(), query.to_string()))
        })
        .collect()
}

/// The operations of the ```graphql blocks, in order: a new one starts at a line that begins
/// with `{`, `query` or `mutation`.
fn blocks(section: &str) -> Vec<String> {
    let mut ops: Vec<String> = Vec::new();
    for block in section.split("```graphql\n").skip(1) {
        let body = block.split("```").next().unwrap_or_default();
        for line in body.lines() {
            if line.starts_with('{') || line.starts_with("query") || line.starts_with("mutation") {
                ops.push(line.to_string());
            } else if let Some(last) = ops.last_mut() {
                last.push('\n');
                last.push_str(line);
            }
        }
    }
    ops
}

fn principal(p: &DemoPrincipal) -> Principal {
    Principal {
        role: p.role,
        subject: p.subject,
        organisation: p.organisation,
    }
}

#[tokio::test]
async fn every_readme_example_runs_on_the_demo() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let today = jobbro_api::kernel::clock::danish_date(app.clock.now());
    demo::seed(
        &app.db,
        &DemoOptions {
            citizens: 60,
            today,
        },
        |_| {},
    )
    .await?;
    let principals = demo::principals(&app.db).await?;
    let who = |role: Role| {
        principals
            .iter()
            .find(|p| p.role == role)
            .map(principal)
            .with_context(|| format!("the demo has no {role:?}"))
    };
    let section = section()?;
    let rows = table(section);
    assert!(
        rows.len() >= 6,
        "the README's table has {} rows",
        rows.len()
    );

    // Filled in from answers, as a reader copies an id from one answer into the next query.
    let mut citizen_id: Option<String> = None;
    let mut slot_id: Option<String> = None;
    let fill = |query: &str, citizen_id: &Option<String>, slot_id: &Option<String>| {
        query
            .replace(
                "<a citizen id from the caseload>",
                citizen_id.as_deref().unwrap_or("missing"),
            )
            .replace(
                "<a slot id from above>",
                slot_id.as_deref().unwrap_or("missing"),
            )
    };
    let run = |label: String, as_whom: Principal, query: String| {
        let app = &app;
        async move {
            let answer = app.gql(Some(&as_whom), &query, json!({})).await;
            anyhow::ensure!(answer["errors"].is_null(), "{label}: {query}\n{answer}");
            let data = &answer["data"];
            anyhow::ensure!(data.is_object(), "{label}: no data: {answer}");
            for payload in data.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(errors) = payload.get("userErrors") {
                    anyhow::ensure!(errors == &json!([]), "{label}: {errors}");
                }
            }
            Ok::<Value, anyhow::Error>(data.clone())
        }
    };

    for (role_cell, query) in rows {
        let roles: Vec<Role> = match role_cell.as_str() {
            "any" => vec![Role::Citizen, Role::Caseworker, Role::Company],
            "citizen" => vec![Role::Citizen],
            "caseworker" => vec![Role::Caseworker],
            "manager" => vec![Role::Manager],
            "company" => vec![Role::Company],
            r if r.starts_with("provider") => vec![Role::ProviderCoordinator, Role::ProviderStaff],
            other => {
                anyhow::bail!("the README's table names a role the test does not know: {other}")
            }
        };
        for role in roles {
            let data = run(
                format!("table row {role_cell} as {role:?}"),
                who(role)?,
                fill(&query, &citizen_id, &slot_id),
            )
            .await?;
            if let Some(id) = data["caseworker"]["caseload"]["edges"][0]["node"]["id"].as_str() {
                citizen_id = Some(id.to_string());
            }
        }
    }

    let ops = blocks(section);
    assert!(
        ops.len() >= 3,
        "{} operations in the README's blocks",
        ops.len()
    );
    for (i, op) in ops.iter().enumerate() {
        let data = run(
            format!("block operation {}", i + 1),
            who(Role::Citizen)?,
            fill(op, &citizen_id, &slot_id),
        )
        .await?;
        if let Some(slots) = data["citizen"]["availableSlots"].as_array() {
            anyhow::ensure!(!slots.is_empty(), "no free slot to book: {data}");
            slot_id = slots[0]["id"].as_str().map(str::to_string);
        }
        if let Some(meeting) = data.get("bookMeeting") {
            anyhow::ensure!(meeting["meeting"]["status"].is_string(), "{meeting}");
        }
    }
    Ok(())
}
