//! `plan_attachments`: A file attached to a plan follow-up, its bytes in the file store.

use sea_orm::entity::prelude::*;

/// A file attached to a plan follow-up, its bytes in the file store.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_attachments")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The follow-up the file is attached to.
    pub follow_up_id: Uuid,
    /// The file's key in the file store (`stored_files`).
    pub file_key: String,
    /// The file name as uploaded.
    pub filename: String,
    /// The MIME type, e.g. `application/pdf`.
    pub content_type: String,
    /// The file's size in bytes.
    pub size_bytes: i64,
    /// When the file was attached.
    pub created_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `plan_follow_ups` row.
    #[sea_orm(
        belongs_to = "super::plan_follow_up::Entity",
        from = "Column::FollowUpId",
        to = "super::plan_follow_up::Column::Id"
    )]
    PlanFollowUp,
    /// The referenced `stored_files` row.
    #[sea_orm(
        belongs_to = "super::stored_file::Entity",
        from = "Column::FileKey",
        to = "super::stored_file::Column::Key"
    )]
    StoredFile,
}

impl Related<super::plan_follow_up::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PlanFollowUp.def()
    }
}

impl Related<super::stored_file::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StoredFile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
