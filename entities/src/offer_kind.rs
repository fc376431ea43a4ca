//! `offer_kinds`: A national kind of offer or activity (tilbud/aktivitet).

use sea_orm::entity::prelude::*;

/// A national kind of offer or activity (tilbud/aktivitet).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_kinds")]
pub struct Model {
    /// Stable national code, e.g. `DAGPENGE`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Danish display name.
    pub name: String,
    /// A subsidised kind a company may ask for (støttet beskæftigelse).
    pub supported_employment: bool,
    /// An offer under LAB chapters 10-12: while in it, job conversations may be held by phone or
    /// video (`003:1254-1296`).
    pub remote_conversations: bool,
    /// First day the code may be used.
    pub valid_from: Date,
    /// Last day the code may be used; null while still valid.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
