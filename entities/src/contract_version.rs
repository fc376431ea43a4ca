//! `contract_versions`: One version of a contract's terms; once signed it never changes.

use sea_orm::entity::prelude::*;

/// One version of a contract's terms; once signed it never changes (a change is a new version).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_versions")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The contract.
    pub contract_id: Uuid,
    /// 1, 2, 3 … within the contract.
    pub version: i32,
    /// The first day these terms apply.
    pub valid_from: Date,
    /// The caseworker who drew up the version.
    pub created_by: Uuid,
    /// When it was drawn up.
    pub created_at: DateTimeUtc,
    /// The manager who signed it; null while a draft.
    pub signed_by: Option<Uuid>,
    /// When it was signed; null while a draft.
    pub signed_at: Option<DateTimeUtc>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
