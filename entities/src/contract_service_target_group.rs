//! `contract_service_target_groups`: A target group a contract service serves.

use sea_orm::entity::prelude::*;

/// A target group a contract service serves.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_service_target_groups")]
pub struct Model {
    /// The service.
    #[sea_orm(primary_key, auto_increment = false)]
    pub contract_service_id: Uuid,
    /// The target group's reference-data code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_group_code: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
