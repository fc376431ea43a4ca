//! The one way a mutation runs: one transaction and an optional idempotency key.
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

use jobbro_entities::idempotency_key;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    SqlErr, TransactionTrait,
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

    /// Stores the outcome; call inside the mutation's transaction.
    pub async fn remember<T: Serialize>(
        &self,
        db: &impl ConnectionTrait,
        response: &T,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        let row = idempotency_key::ActiveModel {
            principal: Set(self.principal.clone()),
            key: Set(self.key.clone()),
            operation: Set(self.operation.to_string()),
            request_hash: Set(self.request_hash.clone()),
            response: Set(serde_json::to_string(response).map_err(anyhow::Error::from)?),
            created_at: Set(now),
        };
        match idempotency_key::Entity::insert(row).exec(db).await {
            Ok(_) => Ok(()),
            // The table's only unique constraint is its key (principal, key): a concurrent
            // request with the same key committed first.
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(AppError::Conflict(
                    "another request with this idempotency key is being processed; retry it".into(),
                ))
            }
            Err(e) => Err(e.into()),
        }
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
    let txn = db.begin().await?;
    let replayed = match &key {
        Some(key) => key.replay::<T>(&txn).await?,
        None => None,
    };
    let outcome = match replayed {
        // A replay changes nothing: the stored outcome was committed by the first request.
        Some(Replay::Same(stored)) => stored,
        Some(Replay::Mismatch(e)) => mismatch(e),
        None => {
            let outcome = change(&txn).await?;
            if !outcome.has_user_errors() {
                if let Some(key) = &key {
                    key.remember(&txn, &outcome, now).await?;
                }
                txn.commit().await?;
                return Ok(outcome);
            }
            outcome
        }
    };
    txn.rollback().await?;
    Ok(outcome)
}
