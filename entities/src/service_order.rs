//! `service_orders`: A service order (bestilling): the job centre asks a provider to deliver an offer to a citizen.

use sea_orm::entity::prelude::*;

use crate::enums::ServiceOrderStatus;

/// A service order (bestilling): the job centre asks a provider to deliver an offer to a citizen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_orders")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The provider delivering the offer.
    pub provider_id: Uuid,
    /// The provider user handling it, if assigned.
    pub assigned_user_id: Option<Uuid>,
    /// The kind of offer.
    pub offer_kind_code: String,
    /// Why the offer is given (begrundelse).
    pub justification: String,
    /// What the offer should achieve (mål).
    pub goal: String,
    /// What else the provider must know (bemærkning); required and non-empty for orders made
    /// since it was required (older orders carry a note saying so).
    pub remark: String,
    /// First day of the offer.
    pub starts_on: Date,
    /// Last day of the offer as ordered (always entered for new orders, never defaulted).
    pub ends_on: Option<Date>,
    /// State of the order.
    pub status: ServiceOrderStatus,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// The contract service ordered; null for orders made before contracts were held.
    pub contract_service_id: Option<Uuid>,
    /// Ordered hours per week, in minutes.
    pub minutes_per_week: Option<i32>,
    /// Ordered number of weeks.
    pub weeks: Option<i32>,
    /// When the provider accepted the order.
    pub accepted_at: Option<DateTimeUtc>,
    /// The day the citizen started.
    pub started_on: Option<Date>,
    /// The day the order ended or was cancelled.
    pub finished_on: Option<Date>,
    /// Why the order was cancelled.
    pub cancel_reason: Option<String>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `jobcentres` row.
    #[sea_orm(
        belongs_to = "super::jobcentre::Entity",
        from = "Column::JobcentreId",
        to = "super::jobcentre::Column::Id"
    )]
    Jobcentre,
    /// The referenced `citizens` row.
    #[sea_orm(
        belongs_to = "super::citizen::Entity",
        from = "Column::CitizenId",
        to = "super::citizen::Column::Id"
    )]
    Citizen,
    /// The referenced `providers` row.
    #[sea_orm(
        belongs_to = "super::provider::Entity",
        from = "Column::ProviderId",
        to = "super::provider::Column::Id"
    )]
    Provider,
    /// The referenced `provider_users` row.
    #[sea_orm(
        belongs_to = "super::provider_user::Entity",
        from = "Column::AssignedUserId",
        to = "super::provider_user::Column::Id"
    )]
    ProviderUser,
    /// The referenced `offer_kinds` row.
    #[sea_orm(
        belongs_to = "super::offer_kind::Entity",
        from = "Column::OfferKindCode",
        to = "super::offer_kind::Column::Code"
    )]
    OfferKind,
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl Related<super::citizen::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citizen.def()
    }
}

impl Related<super::provider::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provider.def()
    }
}

impl Related<super::provider_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProviderUser.def()
    }
}

impl Related<super::offer_kind::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfferKind.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
