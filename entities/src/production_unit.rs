//! `production_units`: A production unit (produktionsenhed, P-nummer) of a company.

use sea_orm::entity::prelude::*;

/// A production unit (produktionsenhed, P-nummer) of a company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "production_units")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The company.
    pub company_id: Uuid,
    /// P-number; unique.
    #[sea_orm(unique)]
    pub p_number: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `companies` row.
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::CompanyId",
        to = "super::company::Column::Id"
    )]
    Company,
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
