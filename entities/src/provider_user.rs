//! `provider_users`: A user acting for a provider.

use sea_orm::entity::prelude::*;

use crate::enums::ProviderUserRole;

/// A user acting for a provider.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provider_users")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The provider.
    pub provider_id: Uuid,
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// What the user may do for the provider.
    pub role: ProviderUserRole,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `providers` row.
    #[sea_orm(
        belongs_to = "super::provider::Entity",
        from = "Column::ProviderId",
        to = "super::provider::Column::Id"
    )]
    Provider,
}

impl Related<super::provider::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provider.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
