//! `company_user_units`: A production unit a restricted company user may act for.

use sea_orm::entity::prelude::*;

/// A production unit a restricted company user may act for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_user_units")]
pub struct Model {
    /// The company user.
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_user_id: Uuid,
    /// The production unit.
    #[sea_orm(primary_key, auto_increment = false)]
    pub production_unit_id: Uuid,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `company_users` row.
    #[sea_orm(
        belongs_to = "super::company_user::Entity",
        from = "Column::CompanyUserId",
        to = "super::company_user::Column::Id"
    )]
    CompanyUser,
    /// The referenced `production_units` row.
    #[sea_orm(
        belongs_to = "super::production_unit::Entity",
        from = "Column::ProductionUnitId",
        to = "super::production_unit::Column::Id"
    )]
    ProductionUnit,
}

impl Related<super::company_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompanyUser.def()
    }
}

impl Related<super::production_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductionUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
