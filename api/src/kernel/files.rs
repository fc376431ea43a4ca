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

/// Most files per message or follow-up.
pub const MAX_FILES: usize = 5;
/// Largest file, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// A file as uploaded.
pub struct NewFile {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The files of a GraphQL multipart request's `Upload` arguments.
pub fn read_uploads(
    ctx: &async_graphql::Context<'_>,
    uploads: Option<Vec<async_graphql::Upload>>,
) -> async_graphql::Result<Vec<NewFile>> {
    use async_graphql::ErrorExtensions;
    let mut files = Vec::new();
    for upload in uploads.unwrap_or_default() {
        let value = upload.value(ctx).map_err(|e| {
            super::error::AppError::BadUserInput(format!("an attachment could not be read: {e}"))
                .extend()
        })?;
        files.push(NewFile {
            filename: value.filename,
            content_type: value.content_type.unwrap_or_default(),
            bytes: value.content.to_vec(),
        });
    }
    Ok(files)
}

/// The first problem with `files` as attachments (how many, how large, of which type), named by
/// their path under `["input", "attachments"]`.
pub fn check_files(files: &[NewFile]) -> Option<super::user_error::UserError> {
    use super::user_error::{UserError, UserErrorCode};
    if files.len() > MAX_FILES {
        return Some(UserError::new(
            &["input", "attachments"],
            UserErrorCode::Invalid,
            format!("at most {MAX_FILES} files"),
        ));
    }
    for (i, f) in files.iter().enumerate() {
        // The path of a list item, as elsewhere: `["input", "attachments", "1"]`.
        let index = i.to_string();
        let field = ["input", "attachments", index.as_str()];
        if f.bytes.len() > MAX_FILE_BYTES {
            return Some(UserError::new(
                &field,
                UserErrorCode::Invalid,
                format!(
                    "{} is larger than {} MB",
                    f.filename,
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ));
        }
        if !accepted(&f.content_type, &f.bytes) {
            return Some(UserError::new(
                &field,
                UserErrorCode::Invalid,
                format!("{} is not a PDF, JPEG or PNG file", f.filename),
            ));
        }
    }
    None
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
