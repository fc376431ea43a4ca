//! `stored_files`: A file in the database-backed file store, with its bytes.

use sea_orm::entity::prelude::*;

/// A file in the database-backed file store, with its bytes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stored_files")]
pub struct Model {
    /// The store's key for the file.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The MIME type, e.g. `application/pdf`.
    pub content_type: String,
    /// The length of `bytes`.
    pub size_bytes: i64,
    /// SHA-256 of `bytes`, in hex.
    pub sha256: String,
    /// The file's contents (`blob` on SQLite, `bytea` on PostgreSQL).
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    /// When the file was stored.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
