//! `contract_services`: A service a contract version offers.

use sea_orm::entity::prelude::*;

/// A service a contract version offers: the offer kind, the seats, the budget frame.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_services")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The contract version holding it.
    pub contract_version_id: Uuid,
    /// Names the same service in every version of the contract (seats are counted across
    /// versions by it); unique within a version.
    pub service_code: String,
    /// The kind of offer delivered.
    pub offer_kind_code: String,
    /// What is delivered.
    pub description: String,
    /// Seats: how many citizens the service takes at a time.
    pub seats: i32,
    /// The budget frame (konto) the service is posted to.
    pub budget_frame_code: String,
    /// Delivered time under this share of the ordered time (in percent), two ISO weeks running,
    /// alerts the caseworker.
    pub alert_below_percent: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `contract_versions` row.
    #[sea_orm(
        belongs_to = "super::contract_version::Entity",
        from = "Column::ContractVersionId",
        to = "super::contract_version::Column::Id"
    )]
    ContractVersion,
}

impl Related<super::contract_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContractVersion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
