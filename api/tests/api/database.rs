//! Database session settings.

use jobbro_api::testing::TestApp;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

#[tokio::test]
async fn postgres_connections_carry_the_statement_timeout() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.statement_timeout_ms = 1234).await?;
    if app.db.get_database_backend() != DbBackend::Postgres {
        // SQLite has no statement timeout; its writers wait on `busy_timeout` instead.
        return Ok(());
    }
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SHOW statement_timeout",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no answer"))?;
    let value: String = row.try_get("", "statement_timeout")?;
    assert_eq!(value, "1234ms");
    Ok(())
}

#[tokio::test]
async fn an_internal_error_reaches_the_client_as_internal_without_details() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = jobbro_api::testing::world(&app.db).await?;
    app.db.execute_unprepared("DROP TABLE consents").await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { consents { id } } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "INTERNAL",
        "{answer}"
    );
    assert_eq!(
        answer["errors"][0]["message"],
        jobbro_api::kernel::error::INTERNAL_MESSAGE
    );
    let text = answer.to_string();
    assert!(
        !text.contains("no such table") && !text.contains("does not exist"),
        "no SQL detail leaks: {answer}"
    );
    Ok(())
}
