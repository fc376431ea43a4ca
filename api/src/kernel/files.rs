//! File storage behind a trait: attachments are stored through a [`FileStore`], by default in
//! the database (`stored_files`), inside the mutation's transaction so that a failed mutation
//! leaves no file behind. An object store is another implementation of the same trait.

use jobbro_entities::stored_file;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction, EntityTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::kernel::error::AppResult;

/// The file types accepted as attachments, with the bytes each must start with.
pub const ACCEPTED_TYPES: &[(&str, &[u8])] = &[
    ("application/pdf", b"%PDF"),
    ("image/jpeg", &[0xFF, 0xD8, 0xFF]),
    ("image/png", &[0x89, b'P', b'N', b'G']),
];

/// Whether `bytes` really are of the declared `content_type` (and the type is accepted).
pub fn accepted(content_type: &str, bytes: &[u8]) -> bool {
    ACCEPTED_TYPES
        .iter()
        .any(|(t, magic)| *t == content_type && bytes.starts_with(magic))
}

/// Where files live.
#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// Stores the bytes within the caller's transaction and returns their key.
    async fn put(
        &self,
        txn: &DatabaseTransaction,
        content_type: &str,
        bytes: Vec<u8>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<String>;
    /// The bytes under a key, if any.
    async fn get(&self, db: &DatabaseConnection, key: &str) -> AppResult<Option<Vec<u8>>>;
}

/// Files as rows of `stored_files`.
#[derive(Debug, Default, Clone, Copy)]
pub struct DatabaseFileStore;

#[async_trait::async_trait]
impl FileStore for DatabaseFileStore {
    async fn put(
        &self,
        txn: &DatabaseTransaction,
        content_type: &str,
        bytes: Vec<u8>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<String> {
        let key = format!("db:{}", Uuid::now_v7());
        stored_file::Entity::insert(stored_file::ActiveModel {
            key: Set(key.clone()),
            content_type: Set(content_type.to_string()),
            size_bytes: Set(bytes.len() as i64),
            sha256: Set(hex::encode(Sha256::digest(&bytes))),
            bytes: Set(bytes),
            created_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
        Ok(key)
    }

    async fn get(&self, db: &DatabaseConnection, key: &str) -> AppResult<Option<Vec<u8>>> {
        Ok(stored_file::Entity::find_by_id(key.to_string())
            .one(db)
            .await?
            .map(|f| f.bytes))
    }
}
