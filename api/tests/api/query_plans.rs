//! The staff citizen lists and a provider's participants are read by index on the embedded SQLite default: the statements a
//! page really runs are asked for their plan (`EXPLAIN QUERY PLAN`), which must walk an index in
//! the list's order and stop at the page: no scan of the job centre's citizens, no sort of them.

use jobbro_api::testing::{Principal, TestApp, world};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;

use crate::sql_count::add_to_caseload;

/// SQLite's plan of `statement`, one line per step.
async fn plan_of(db: &impl ConnectionTrait, statement: Statement) -> anyhow::Result<Vec<String>> {
    let explain = Statement {
        sql: format!("EXPLAIN QUERY PLAN {}", statement.sql),
        ..statement
    };
    Ok(db
        .query_all_raw(explain)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "detail"))
        .collect::<Result<Vec<_>, _>>()?)
}

/// The plan of every `citizens` page statement run by `query`, one line per plan step.
async fn page_plans(
    app: &TestApp,
    who: &Principal,
    query: &str,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    app.recent_statements();
    let answer = app.gql(Some(who), query, json!({})).await;
    anyhow::ensure!(answer["errors"].is_null(), "{answer}");
    let mut plans = Vec::new();
    for statement in app.recent_statements() {
        let sql = statement.sql.clone();
        if !(sql.starts_with("SELECT")
            && sql.contains("FROM \"citizens\"")
            && sql.contains("LIMIT"))
        {
            continue;
        }
        let steps = plan_of(&app.db, statement).await?;
        plans.push((sql, steps));
    }
    anyhow::ensure!(!plans.is_empty(), "no page of citizens was read by {query}");
    Ok(plans)
}

fn by_index(plans: &[(String, Vec<String>)], index: &str) {
    for (sql, steps) in plans {
        let plan = steps.join("\n");
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE FOR ORDER BY")),
            "the page is sorted, not read in index order:\n{plan}\n{sql}"
        );
        assert!(
            !steps.iter().any(|s| s.starts_with("SCAN citizens")),
            "the page scans the citizens:\n{plan}\n{sql}"
        );
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("SEARCH citizens") && s.contains(index)),
            "the page does not search citizens by {index}:\n{plan}\n{sql}"
        );
    }
}

#[tokio::test]
async fn staff_citizen_lists_are_read_by_an_index_in_their_order_on_sqlite() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        // PostgreSQL plans by statistics; its plans are measured by the benchmark instead.
        return Ok(());
    }
    let w = world(&app.db).await?;
    add_to_caseload(&app, w.jobcentre_a, w.caseworker_a.subject, 60).await?;

    let caseload = page_plans(
        &app,
        &w.caseworker_a,
        "{ caseworker { caseload(first: 50) { nodes { id } pageInfo { endCursor } } } }",
    )
    .await?;
    by_index(&caseload, "idx_citizens_jobcentre_id_id");
    // The caseload's members come from the partial index of open, assigned cases.
    for (sql, steps) in &caseload {
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("SEARCH cases") && s.contains("idx_cases_caseload")),
            "the caseload is not read from its index:\n{}\n{sql}",
            steps.join("\n")
        );
    }
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { caseload(first: 50) { pageInfo { endCursor } } } }",
            json!({}),
        )
        .await;
    let cursor = answer["data"]["caseworker"]["caseload"]["pageInfo"]["endCursor"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no cursor: {answer}"))?
        .to_string();
    let next_page = page_plans(
        &app,
        &w.caseworker_a,
        &format!(
            "{{ caseworker {{ caseload(first: 50, after: \"{cursor}\") {{ nodes {{ id }} }} }} }}"
        ),
    )
    .await?;
    by_index(&next_page, "idx_citizens_jobcentre_id_id");

    let everyone = page_plans(
        &app,
        &w.manager_a,
        "{ caseworker { citizens(first: 50) { nodes { id } } } }",
    )
    .await?;
    by_index(&everyone, "idx_citizens_jobcentre_id_id");

    // A provider's participants: by primary key, in order, from the partial index of its live
    // and finished referrals.
    let participants = page_plans(
        &app,
        &w.provider_p_coordinator,
        "{ provider { participants(first: 50) { nodes { id } } } }",
    )
    .await?;
    by_index(&participants, "sqlite_autoindex_citizens_1");
    for (sql, steps) in &participants {
        assert!(
            steps.iter().any(|s| s.starts_with("SEARCH service_orders")
                && s.contains("idx_service_orders_participants")),
            "the participants are not read from their index:\n{}\n{sql}",
            steps.join("\n")
        );
    }
    Ok(())
}

/// A page's per-row data is read by the page's keys, not through the job centre: SQLite needs
/// planner statistics for that (without them any one-column index looks selective), and a
/// connection to a database file gathers them when it opens.
#[tokio::test]
async fn a_pages_cases_are_read_by_its_citizens_once_sqlite_has_statistics() -> anyhow::Result<()> {
    let app = TestApp::spawn_on_file().await?;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let w = world(&app.db).await?;
    add_to_caseload(&app, w.jobcentre_a, w.caseworker_a.subject, 400).await?;

    // The statement that loads the cases of a caseload page.
    app.recent_statements();
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { caseload(first: 50) { nodes { cases { id } } } } }",
            json!({}),
        )
        .await;
    anyhow::ensure!(answer["errors"].is_null(), "{answer}");
    let cases = app
        .recent_statements()
        .into_iter()
        .find(|s| s.sql.starts_with("SELECT \"cases\"."))
        .ok_or_else(|| anyhow::anyhow!("no cases statement"))?;

    // A database file without statistics (the app's own connections may have gathered some
    // while the rows were being added), and a new connection to it, as the server opens them.
    app.db
        .execute_unprepared("DROP TABLE IF EXISTS sqlite_stat1")
        .await?;
    let fresh = jobbro_api::app::open_database(&app.settings).await?;
    let analysed = fresh
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'cases'",
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    assert!(
        analysed > 0,
        "no statistics for cases after a connection opened"
    );
    let plan = plan_of(&fresh, cases.clone()).await?;
    assert!(
        plan.iter()
            .any(|s| s.starts_with("SEARCH cases") && s.contains("idx_cases_citizen_id")),
        "the page's cases are not read by its citizens:\n{}\n{}",
        plan.join("\n"),
        cases.sql
    );
    Ok(())
}

/// A citizen's access log is found by the index of the citizens read, not by scanning the audit
/// trail: on SQLite `audit_event_citizens`, whose key starts with the citizen; on PostgreSQL the
/// GIN index of `citizen_ids` (asked with sequential scans off, since a test's table is small
/// enough to scan).
#[tokio::test]
async fn a_citizens_access_log_is_read_by_the_index_of_the_citizens_read() -> anyhow::Result<()> {
    use sea_orm::TransactionTrait;

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = w.citizen_1.subject.to_string();
    let read = app
        .gql(
            Some(&w.caseworker_a),
            "query($id: ID!) { caseworker { citizen(id: $id) { cpr } } }",
            json!({ "id": id }),
        )
        .await;
    anyhow::ensure!(read["errors"].is_null(), "{read}");
    app.recent_statements();
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { accessLog(first: 5) { totalCount edges { node { operation } } } } }",
            json!({}),
        )
        .await;
    anyhow::ensure!(answer["errors"].is_null(), "{answer}");
    let statements: Vec<Statement> = app
        .recent_statements()
        .into_iter()
        .filter(|s| s.sql.contains("\"audit_reads\""))
        .collect();
    assert_eq!(statements.len(), 2, "the page and its count");
    for statement in statements {
        let plan = match app.db.get_database_backend() {
            DbBackend::Sqlite => plan_of(&app.db, statement.clone()).await?,
            _ => {
                let txn = app.db.begin().await?;
                txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                    .await?;
                let explain = Statement {
                    sql: format!("EXPLAIN {}", statement.sql),
                    ..statement.clone()
                };
                let plan = txn
                    .query_all_raw(explain)
                    .await?
                    .iter()
                    .map(|row| row.try_get::<String>("", "QUERY PLAN"))
                    .collect::<Result<Vec<_>, _>>()?;
                txn.rollback().await?;
                plan
            }
        };
        let by_index = plan.iter().any(|s| {
            s.contains("SEARCH x USING PRIMARY KEY (citizen_id=?)")
                || s.contains("Bitmap Index Scan on audit_events_") && s.contains("citizen_ids")
        });
        assert!(
            by_index,
            "the access log is not read by the citizens' index:\n{}\n{}",
            plan.join("\n"),
            statement.sql
        );
    }
    Ok(())
}
