//! Every read the portals send should run at most one SQL statement per level of nesting, plus
//! one (the audit rows). The operations are the portals' own files (the trusted documents), run
//! as their portal's role over a world with rows in every list.
//!
//! Several do not meet the bound yet: sibling lists at one level each cost a statement (a
//! loader per field), and per-row loaders read their citizens again to apply the scope. Those
//! are listed in [`OVER_BUDGET`] with the statements they run today: the test fails when any
//! operation runs more than its budget (the bound, or its listed count), and when a listed one
//! improves, so the list only ever shrinks.

use async_graphql::parser::{
    parse_query,
    types::{ExecutableDocument, Selection, SelectionSet},
};
use chrono::Duration;
use jobbro_api::{
    http::trusted,
    testing::{Principal, TestApp, World, test_epoch, world},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Map, Value, json};

use crate::statements_every_list::populate;

/// Operations that run more statements than their levels plus one, and how many they run now.
const OVER_BUDGET: &[(&str, usize)] = &[
    // Matching reads the order, then the CVs in up to three passes (the order's occupation,
    // its group, its skills), each with the places of the homes it found, and the skills and
    // people of the best: a fixed ceiling whatever the number of citizens; at scale the first
    // pass settles the list (`docs/performance.md`).
    ("caseworker/CandidatesFor.graphql", 8),
    ("caseworker/Citizen.graphql", 5),
    // The timeline reads its five sources (case steps, alerts, orders, supplier reports, change
    // requests) a statement each, for the whole page of citizens: sibling lists.
    ("caseworker/CitizenTimeline.graphql", 7),
    ("caseworker/FollowUp.graphql", 24),
    // The lines are read a page at a time, so the sums per posting have a statement of their
    // own (a GROUP BY), beside the findings and the names on the page: sibling lists.
    ("caseworker/InvoiceBasis.graphql", 6),
    // One citizen's matches read the CV (and its rows when there is one), the open case, the
    // reserved kinds, the open orders and their places and the citizen's offers: a fixed count
    // whatever the number of orders.
    ("caseworker/JobOrdersFor.graphql", 6),
    // The lead times read the orders posted in the period, then when each was sent, got its
    // first candidate and its first placement (a fixed count), beside the list of orders
    // waiting for a candidate.
    ("caseworker/JobOrderLeadTimes.graphql", 5),
    // One order's thread reads the order before its messages.
    ("caseworker/Mailbox.graphql", 5),
    ("caseworker/PlanOverview.graphql", 13),
    // One order's days and weeks read its attendance and the citizen's absences once for each
    // (not yet shared), the holidays, the threshold, the pending change and the no-show
    // procedure: a fixed count, not one per row.
    ("caseworker/ServiceOrderFollowUp.graphql", 9),
    ("citizen/AvailableSlots.graphql", 8),
    ("citizen/MatchingJobOrders.graphql", 7),
    ("citizen/MyMeetings.graphql", 5),
    ("citizen/MyPlan.graphql", 6),
    ("provider/OrderDelivery.graphql", 9),
    ("provider/ParticipantPlan.graphql", 9),
    // A preview computes the basis: the contract, then its sources one statement each (the
    // policy, the versions, services and prices, the approved months, the orders, attendance,
    // case history, outcomes, final reports and undecided change requests), whatever their
    // number, and the names on its lines.
    ("provider/PreviewInvoiceBasis.graphql", 14),
];

/// Levels of fields that select fields of their own (`{ a { b { c } } }` is 2).
fn levels(set: &SelectionSet, doc: &ExecutableDocument) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) if !f.node.selection_set.node.items.is_empty() => {
                1 + levels(&f.node.selection_set.node, doc)
            }
            Selection::Field(_) => 0,
            Selection::InlineFragment(f) => levels(&f.node.selection_set.node, doc),
            Selection::FragmentSpread(s) => doc
                .fragments
                .get(&s.node.fragment_name.node)
                .map_or(0, |f| levels(&f.node.selection_set.node, doc)),
        })
        .max()
        .unwrap_or(0)
}

/// Values for the variables the portals' reads take.
fn variables(doc: &ExecutableDocument, w: &World, order: &str, basis: &Basis, job: &str) -> Value {
    let mut vars = Map::new();
    for (_, op) in doc.operations.iter() {
        for v in &op.node.variable_definitions {
            let name = v.node.name.node.as_str();
            let dates = v.node.var_type.node.to_string().starts_with("NaiveDate");
            let value = match name {
                "first" => json!(50),
                "id" | "citizenId" => json!(w.citizen_1.subject.to_string()),
                "serviceOrderId" => json!(order),
                "jobOrderId" => json!(job),
                "invoiceBasisId" => json!(basis.id),
                "contractId" => json!(basis.contract),
                "month" => json!("2026-10"),
                "from" if dates => json!((test_epoch() - Duration::days(30)).date_naive()),
                "to" if dates => json!((test_epoch() + Duration::days(30)).date_naive()),
                "from" => json!((test_epoch() - Duration::days(30)).to_rfc3339()),
                "to" => json!((test_epoch() + Duration::days(30)).to_rfc3339()),
                _ => continue,
            };
            vars.insert(name.to_string(), value);
        }
    }
    Value::Object(vars)
}

/// A basis of provider P's, and its contract, to read and preview.
struct Basis {
    id: String,
    contract: String,
}

fn reader(path: &str, w: &World) -> Principal {
    match path.split('/').next() {
        Some("citizen") => w.citizen_1,
        Some("provider") => w.provider_p_coordinator,
        Some("company") => w.company_k,
        _ => w.caseworker_a,
    }
}

#[tokio::test]
async fn every_portal_read_costs_at_most_its_levels_plus_one_statement() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    populate(&app, &w, 12).await?;
    // An order of provider P's, with messages, reports and attendance to read.
    let order = jobbro_entities::service_order::Entity::find()
        .filter(jobbro_entities::service_order::Column::ContractServiceId.is_not_null())
        .one(&app.db)
        .await?
        .map(|o| o.id.to_string())
        .unwrap_or_default();
    let basis = jobbro_entities::invoice_basis::Entity::find()
        .filter(
            jobbro_entities::invoice_basis::Column::ProviderId
                .eq(w.provider_p_coordinator.organisation.unwrap_or_default()),
        )
        .one(&app.db)
        .await?
        .map(|b| Basis {
            id: b.id.to_string(),
            contract: b.contract_id.to_string(),
        })
        .ok_or_else(|| anyhow::anyhow!("populate made no basis of provider P's"))?;
    // A job order of company K's the job centre works on, to match.
    let job = jobbro_entities::job_order::Entity::find()
        .filter(jobbro_entities::job_order::Column::JobcentreId.eq(w.jobcentre_a))
        .filter(
            jobbro_entities::job_order::Column::Status
                .eq(jobbro_entities::enums::JobOrderStatus::InProgress),
        )
        .one(&app.db)
        .await?
        .map(|o| o.id.to_string())
        .ok_or_else(|| anyhow::anyhow!("the world has no job order in progress"))?;
    let mut measured = Vec::new();
    let mut over = Vec::new();
    for d in trusted::all().iter().filter(|d| d.kind == "query") {
        let doc = parse_query(d.text)?;
        let allowed = doc
            .operations
            .iter()
            .map(|(_, op)| levels(&op.node.selection_set.node, &doc))
            .max()
            .unwrap_or(0)
            + 1;
        let who = reader(d.path, &w);
        let before = app.statement_count();
        let _ = app.recent_statements();
        let answer = app
            .gql(
                Some(&who),
                d.text,
                variables(&doc, &w, &order, &basis, &job),
            )
            .await;
        let statements = app.statement_count() - before;
        anyhow::ensure!(
            answer["errors"].is_null(),
            "{}: {}",
            d.path,
            answer["errors"]
        );
        measured.push(format!(
            "{}: {statements} statements, {allowed} allowed",
            d.path
        ));
        if std::env::var("SHOW_SQL").is_ok_and(|v| d.path.contains(&v)) {
            for st in app.recent_statements() {
                eprintln!("  {}", st.sql.chars().take(400).collect::<String>());
            }
        }
        let listed = OVER_BUDGET
            .iter()
            .find(|(p, _)| *p == d.path)
            .map(|(_, n)| *n);
        match listed {
            None if statements > allowed => over.push(format!(
                "{}: {statements} statements, at most {allowed} allowed",
                d.path
            )),
            Some(budget) if statements > budget => over.push(format!(
                "{}: {statements} statements, more than the {budget} it ran before",
                d.path
            )),
            Some(budget) if statements < budget => over.push(format!(
                "{}: {statements} statements, fewer than the {budget} listed: lower its entry in \
                 OVER_BUDGET (or remove it when within {allowed})",
                d.path
            )),
            _ => {}
        }
    }
    assert!(measured.len() >= 15, "{measured:#?}");
    assert!(
        over.is_empty(),
        "{}\n\nall:\n{}",
        over.join("\n"),
        measured.join("\n")
    );
    Ok(())
}
