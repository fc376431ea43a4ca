//! `access_purposes`: why a role's operation reads a citizen's data, for the access log.

use sea_orm::entity::prelude::*;

/// The purpose shown in the citizen's access log for reads by `actor_role` in `operation`
/// (`*`: the role's default).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_purposes")]
pub struct Model {
    /// The reader's role, as in tokens (`caseworker`, `provider_staff`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub actor_role: String,
    /// The operation's name, or `*` for the role's default.
    #[sea_orm(primary_key, auto_increment = false)]
    pub operation: String,
    /// The purpose, in plain Danish.
    pub purpose: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
