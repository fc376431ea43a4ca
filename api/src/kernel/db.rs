//! Opening the database: SQLite (the embedded default) or PostgreSQL, with the pool and session
//! settings each needs.

use std::{str::FromStr, time::Duration};

use anyhow::Context as _;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector,
    TransactionTrait,
    sqlx::{
        postgres::{PgConnectOptions, PgPoolOptions},
        sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions},
    },
};

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    pub max_connections: u32,
    /// PostgreSQL only: statement timeout in milliseconds.
    pub statement_timeout_ms: u64,
    /// PostgreSQL only: the schema to use instead of `public` (tests use one per test).
    pub schema: Option<String>,
}

/// Opens a pool. An in-memory SQLite database lives in one connection that is never closed.
pub async fn connect(opts: &DbOptions) -> anyhow::Result<DatabaseConnection> {
    if opts.url.starts_with("postgres") {
        let mut connect = PgConnectOptions::from_str(&opts.url)
            .context("JOBBRO_DATABASE_URL is not a valid PostgreSQL URL")?
            .options([("statement_timeout", opts.statement_timeout_ms.to_string())]);
        if let Some(schema) = &opts.schema {
            connect = connect.options([("search_path", schema.as_str())]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(opts.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(connect)
            .await
            .context("could not connect to PostgreSQL")?;
        Ok(counted(SqlxPostgresConnector::from_sqlx_postgres_pool(
            pool,
        )))
    } else if opts.url.starts_with("sqlite") {
        let in_memory = opts.url.contains(":memory:") || opts.url.contains("mode=memory");
        let connect = SqliteConnectOptions::from_str(&opts.url)
            .context("JOBBRO_DATABASE_URL is not a valid SQLite URL")?
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Planner statistics. Without them SQLite takes any one-column index for a good
            // filter: a page's cases were read through the job centre's 20,000 instead of by the
            // page's 50 citizens (`docs/performance.md`). Gathered, over a bounded sample of each
            // index, for the tables that lack them when a connection opens, and refreshed when it
            // closes.
            .analysis_limit(STATISTICS_SAMPLE)
            .pragma("optimize", "0x10002")
            .optimize_on_close(true, STATISTICS_SAMPLE);
        let (connect, pool) = if in_memory {
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
            (connect, pool)
        } else {
            let pool = SqlitePoolOptions::new().max_connections(opts.max_connections);
            (connect.journal_mode(SqliteJournalMode::Wal), pool)
        };
        let pool = pool
            .connect_with(connect)
            .await
            .with_context(|| format!("could not open SQLite database {}", opts.url))?;
        Ok(counted(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)))
    } else {
        anyhow::bail!(
            "JOBBRO_DATABASE_URL must start with sqlite: or postgres:, got {:?}",
            redact(&opts.url)
        )
    }
}

/// Rows of each index SQLite samples for its planner statistics (`PRAGMA analysis_limit`).
const STATISTICS_SAMPLE: u32 = 1000;

/// Brings the planner statistics up to date after a bulk load (the demo, a benchmark's
/// workload): on SQLite for the tables whose size changed; on PostgreSQL `VACUUM (ANALYZE)` of
/// the tables of the connection's schema, what autovacuum would do a while later (without it
/// the statements right after a load are planned for empty tables and cannot use index-only
/// scans).
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            db.execute_unprepared("PRAGMA optimize = 0x10002").await?;
        }
        sea_orm::DbBackend::Postgres => {
            let tables: Vec<String> = db
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT quote_ident(tablename) FROM pg_tables \
                     WHERE schemaname = current_schema() ORDER BY tablename",
                ))
                .await?
                .iter()
                .map(|r| r.try_get_by_index::<String>(0))
                .collect::<Result<_, _>>()?;
            if !tables.is_empty() {
                db.execute_unprepared(&format!("VACUUM (ANALYZE) {}", tables.join(", ")))
                    .await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A connection that reports each statement to [`statements`](super::statements), for the
/// request log.
fn counted(mut db: DatabaseConnection) -> DatabaseConnection {
    db.set_metric_callback(|_| super::statements::record());
    db
}

/// A URL with its password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// SQLite has one writer at a time. Writers of this process take their turn here, in the order
/// they arrive, before they ask SQLite for the write lock: a writer that found the lock taken
/// would otherwise sleep in SQLite's busy handler (up to 100 ms a try) and could be overtaken by
/// later ones, which is what made the tail of the latency long under load. Other processes on the
/// same file are still kept apart by SQLite itself (the busy timeout).
static SQLITE_WRITERS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Mutex<()>>> =
    std::sync::LazyLock::new(Default::default);

/// This process's turn to write, on SQLite; `None` on PostgreSQL, where writers do not queue.
pub async fn write_turn(db: &DatabaseConnection) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => Some(SQLITE_WRITERS.clone().lock_owned().await),
        _ => None,
    }
}

/// A transaction that writes, holding the process's turn to write until it ends.
pub struct WriteTransaction {
    txn: sea_orm::DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTransaction {
    type Target = sea_orm::DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), sea_orm::DbErr> {
        self.txn.rollback().await
    }
}

/// Begins a transaction that will write. On SQLite it waits for this process's turn to write
/// ([`write_turn`]) and then takes the write lock at `BEGIN` (`BEGIN IMMEDIATE`): a deferred
/// transaction starts as a reader and, upgrading to a writer while another connection writes,
/// fails at once with "database is locked" instead of waiting for the busy timeout. Taking the
/// lock up front makes writers queue (readers go on, in WAL mode), and the races are then
/// settled by the statements as on PostgreSQL, where this is a plain `BEGIN`.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, sea_orm::DbErr> {
    let turn = write_turn(db).await;
    let txn = db
        .begin_with_options(sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction { txn, _turn: turn })
}

/// Inserts `rows` in statements of at most `batch` rows (keep `batch` times the columns under
/// both engines' bind-parameter limits: SQLite's is 32,766).
pub async fn insert_batched<M, A>(
    db: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = M>,
    batch: usize,
) -> Result<(), sea_orm::DbErr>
where
    M: sea_orm::IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows
        .into_iter()
        .map(sea_orm::IntoActiveModel::into_active_model)
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(batch.max(1)).collect();
        <A::Entity as sea_orm::EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// How a column's value travels in the JSON rows of [`insert_rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonColumn {
    /// A UUID, as text; SQLite stores the 16 bytes.
    Uuid,
    /// Text, a number, a `YYYY-MM-DD` date or null, stored as it comes.
    Plain,
}

/// Inserts `rows` into `table` in one statement however many there are, so that a write's
/// statements do not grow with its size. Each row is a JSON object keyed by the names in
/// `columns`; the rows travel as one bound JSON array, read by `json_populate_recordset` against
/// the table's own row type on PostgreSQL and by `json_each` on SQLite (which turns ids into the
/// blobs it stores). `table` and `columns` are the caller's constants, never input.
pub async fn insert_rows(
    db: &impl ConnectionTrait,
    table: &str,
    columns: &[(&str, JsonColumn)],
    rows: Vec<serde_json::Value>,
) -> Result<u64, sea_orm::DbErr> {
    if rows.is_empty() {
        return Ok(0);
    }
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let names = names.join(", ");
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => format!(
            "INSERT INTO {table} ({names}) SELECT {names} \
             FROM json_populate_recordset(NULL::{table}, CAST($1 AS json))"
        ),
        _ => {
            let values: Vec<String> = columns
                .iter()
                .map(|(name, kind)| match kind {
                    JsonColumn::Uuid => format!("unhex(replace(r.value ->> '{name}', '-', ''))"),
                    JsonColumn::Plain => format!("r.value ->> '{name}'"),
                })
                .collect();
            format!(
                "INSERT INTO {table} ({names}) SELECT {} FROM json_each(?1) AS r",
                values.join(", ")
            )
        }
    };
    let expected = rows.len() as u64;
    let json = serde_json::Value::Array(rows).to_string();
    let inserted = db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            sql,
            [json.into()],
        ))
        .await?
        .rows_affected();
    if inserted != expected {
        return Err(sea_orm::DbErr::Custom(format!(
            "{inserted} rows written to {table} of {expected}"
        )));
    }
    Ok(inserted)
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_hides_the_password_only() {
        assert_eq!(
            super::redact("postgres://jobbro:s3cret@db/jobbro"),
            "postgres://jobbro:***@db/jobbro"
        );
        assert_eq!(super::redact("sqlite://jobbro.db"), "sqlite://jobbro.db");
    }
}
