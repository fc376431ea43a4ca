//! `public_employers`: companies that are public employers.

use sea_orm::entity::prelude::*;

/// A company that is a public employer (a municipality, a region, the state): a wage-subsidy
/// placement there needs the local union representative's approval (`003:667-680`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_employers")]
pub struct Model {
    /// The company.
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: Uuid,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
