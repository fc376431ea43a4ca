//! The one way a mutation runs: one transaction, an optional idempotency key, and database
//! constraints turned into `UserError`s.
//!
//! - [`run`] opens the transaction. It commits when the outcome carries no `userErrors` and rolls
//!   back when it does, so an attempt that ends in a `userError` leaves nothing half-written, even
//!   when an earlier step had already written something.
//! - Idempotency keys, for mutations that create something: the first successful result is
//!   stored with the principal and a hash of the input, in the mutation's own transaction, so a
//!   result is remembered exactly when its changes are committed; a replay returns it; the same
//!   key with other input is a `UserError`. An attempt that ends in `userErrors` is rolled back
//!   and stores nothing under its key: once the cause is gone (a seat frees up, an absence ends,
//!   the caller corrects the input) a retry with the same key runs for real. A `userError`
//!   depends on the state of the data, not only on the input, so replaying it would repeat a
//!   refusal that may no longer hold.
//! - [`insert_or`] inserts a row in a savepoint and turns a violation of one named unique index
//!   into a `UserError`: races are settled by the database, and any other violation stays an
//!   internal error.

use jobbro_entities::idempotency_key;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, RuntimeErr, SqlErr, Statement, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use serde::{Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

use crate::{
    kernel::error::{AppError, AppResult},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
};

/// Longest key a client may send.
const MAX_KEY_LEN: usize = 200;

/// A client's idempotency key for one operation, with the hash of that operation's input.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    principal: String,
    key: String,
    operation: &'static str,
    request_hash: String,
}

/// What an earlier request with the same key left behind.
pub enum Replay<T> {
    /// The same input: the stored result.
    Same(T),
    /// Other input under the same key.
    Mismatch(UserError),
}

impl IdempotencyKey {
    /// `None` when the client sent no key.
    pub fn new(
        viewer: &Viewer,
        key: Option<&str>,
        operation: &'static str,
        input: &impl Serialize,
    ) -> AppResult<Option<Self>> {
        let Some(key) = key else { return Ok(None) };
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return Err(AppError::BadUserInput(format!(
                "`idempotencyKey` must be 1 to {MAX_KEY_LEN} characters"
            )));
        }
        let json = serde_json::to_vec(input).map_err(anyhow::Error::from)?;
        Ok(Some(Self {
            principal: viewer.principal(),
            key: key.to_string(),
            operation,
            request_hash: hex::encode(Sha256::digest(&json)),
        }))
    }

    /// The stored outcome of an earlier request with this key, if any.
    pub async fn replay<T: DeserializeOwned>(
        &self,
        db: &impl ConnectionTrait,
    ) -> AppResult<Option<Replay<T>>> {
        let Some(row) =
            idempotency_key::Entity::find_by_id((self.principal.clone(), self.key.clone()))
                .one(db)
                .await?
        else {
            return Ok(None);
        };
        if row.operation != self.operation || row.request_hash != self.request_hash {
            return Ok(Some(Replay::Mismatch(UserError::new(
                &["input", "idempotencyKey"],
                UserErrorCode::IdempotencyKeyReused,
                "this idempotency key was already used with other input; use a new key",
            ))));
        }
        let stored = serde_json::from_str(&row.response).map_err(anyhow::Error::from)?;
        Ok(Some(Replay::Same(stored)))
    }

    /// Claims the key for this request, first thing in the mutation's transaction: true when
    /// no request had it. A concurrent request with the same key waits here until the one that
    /// claimed it commits (and then finds its result) or rolls back (and then claims it itself),
    /// so in-flight replays answer as the first request did, on PostgreSQL as on SQLite.
    async fn claim(
        &self,
        db: &impl ConnectionTrait,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<bool> {
        let row = idempotency_key::ActiveModel {
            principal: Set(self.principal.clone()),
            key: Set(self.key.clone()),
            operation: Set(self.operation.to_string()),
            request_hash: Set(self.request_hash.clone()),
            // Filled in by `remember` in the same transaction; never committed empty.
            response: Set(String::new()),
            created_at: Set(now),
        };
        let inserted = idempotency_key::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    idempotency_key::Column::Principal,
                    idempotency_key::Column::Key,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        Ok(inserted == 1)
    }

    /// Stores the outcome under the claimed key; call inside the mutation's transaction.
    pub async fn remember<T: Serialize>(
        &self,
        db: &impl ConnectionTrait,
        response: &T,
    ) -> AppResult<()> {
        idempotency_key::Entity::update_many()
            .col_expr(
                idempotency_key::Column::Response,
                Expr::value(serde_json::to_string(response).map_err(anyhow::Error::from)?),
            )
            .filter(idempotency_key::Column::Principal.eq(self.principal.clone()))
            .filter(idempotency_key::Column::Key.eq(self.key.clone()))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// What [`run`] needs to know of a mutation's outcome: whether it carries `userErrors`, in which
/// case the transaction is rolled back and no idempotency record is kept.
pub trait MutationOutcome {
    fn has_user_errors(&self) -> bool;
}

impl MutationOutcome for Outcome {
    fn has_user_errors(&self) -> bool {
        !self.user_errors.is_empty()
    }
}

/// Runs one mutation the way every mutation runs: in one transaction, replaying the stored
/// outcome when the client repeats an idempotency key, storing the new outcome otherwise.
///
/// `change` does the work inside the transaction and returns the outcome; `mismatch` turns a key
/// reused with other input into an outcome. The transaction commits only when `change` succeeds
/// with an outcome free of `userErrors`; an error or a `userError` rolls everything back, and
/// no idempotency record is stored for that attempt.
pub async fn run<T>(
    db: &DatabaseConnection,
    key: Option<IdempotencyKey>,
    now: chrono::DateTime<chrono::Utc>,
    mismatch: impl FnOnce(UserError) -> T,
    change: impl AsyncFnOnce(&DatabaseTransaction) -> AppResult<T>,
) -> AppResult<T>
where
    T: MutationOutcome + Serialize + DeserializeOwned,
{
    let writing = super::db::begin_write(db).await?;
    let txn: &DatabaseTransaction = &writing;
    let replayed = match &key {
        Some(key) if !key.claim(txn, now).await? => {
            Some(key.replay::<T>(txn).await?.ok_or_else(|| {
                AppError::Conflict(
                    "another request with this idempotency key is being processed; retry it".into(),
                )
            })?)
        }
        Some(_) | None => None,
    };
    let outcome = match replayed {
        // A replay changes nothing: the stored outcome was committed by the first request.
        Some(Replay::Same(stored)) => stored,
        Some(Replay::Mismatch(e)) => mismatch(e),
        None => {
            let outcome = change(txn).await?;
            if !outcome.has_user_errors() {
                if let Some(key) = &key {
                    key.remember(txn, &outcome).await?;
                }
                writing.commit().await?;
                return Ok(outcome);
            }
            outcome
        }
    };
    writing.rollback().await?;
    Ok(outcome)
}

/// Inserts `row` in a savepoint of `txn`. When the insert violates the unique index named
/// `unique_index`, the savepoint is rolled back (the transaction stays usable) and `error` is
/// returned for the outcome; any other failure, another unique violation included, is an
/// internal error.
///
/// The index is matched by name on both databases: PostgreSQL names the violated constraint in
/// the error itself; SQLite names only its columns (`UNIQUE constraint failed: t.a, t.b`, or
/// `index 'name'` for an index on expressions), so the named index's table and columns are read
/// from the database's catalogue and compared with them. (On SQLite two unique indexes over the
/// same columns of one table cannot be told apart; the migrations create none.)
pub async fn insert_or<A>(
    txn: &DatabaseTransaction,
    row: A,
    unique_index: &str,
    error: UserError,
) -> AppResult<Result<(), UserError>>
where
    A: ActiveModelTrait + Send,
{
    let savepoint = txn.begin().await?;
    match A::Entity::insert(row)
        .exec_without_returning(&savepoint)
        .await
    {
        Ok(_) => {
            savepoint.commit().await?;
            Ok(Ok(()))
        }
        Err(e) => {
            savepoint.rollback().await?;
            if violates(txn, &e, unique_index).await? {
                Ok(Err(error))
            } else {
                Err(e.into())
            }
        }
    }
}

/// Whether `err` is a violation of the unique index (or constraint) named `name`.
async fn violates(db: &impl ConnectionTrait, err: &DbErr, name: &str) -> AppResult<bool> {
    let Some(SqlErr::UniqueConstraintViolation(message)) = err.sql_err() else {
        return Ok(false);
    };
    match db.get_database_backend() {
        DbBackend::Postgres => Ok(constraint_of(err) == Some(name)),
        DbBackend::Sqlite => Ok(sqlite_violation_text(db, name).await? == message),
        other => Err(AppError::Internal(anyhow::anyhow!(
            "unique violations are not matched on {other:?}"
        ))),
    }
}

/// The constraint a database error names (PostgreSQL fills it in; SQLite does not).
fn constraint_of(err: &DbErr) -> Option<&str> {
    match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            e.as_database_error().and_then(|d| d.constraint())
        }
        _ => None,
    }
}

/// What SQLite reports when the unique index `name` is violated, built from its catalogue entry.
async fn sqlite_violation_text(db: &impl ConnectionTrait, name: &str) -> AppResult<String> {
    let sql = "SELECT m.tbl_name AS tbl, i.name AS col FROM sqlite_master m \
               JOIN pragma_index_info(m.name) i WHERE m.type = 'index' AND m.name = ? \
               ORDER BY i.seqno";
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            [name.into()],
        ))
        .await?;
    let mut table = None;
    let mut columns = Vec::new();
    for row in rows {
        let tbl: String = row.try_get("", "tbl")?;
        let col: Option<String> = row.try_get("", "col")?;
        table = Some(tbl.clone());
        columns.push(col.map(|c| format!("{tbl}.{c}")));
    }
    if table.is_none() {
        return Err(AppError::Internal(anyhow::anyhow!(
            "no unique index named `{name}`"
        )));
    }
    // An index on an expression has a column without a name; SQLite then names the index.
    Ok(match columns.into_iter().collect::<Option<Vec<_>>>() {
        Some(columns) => format!("UNIQUE constraint failed: {}", columns.join(", ")),
        None => format!("UNIQUE constraint failed: index '{name}'"),
    })
}
