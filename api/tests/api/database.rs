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
