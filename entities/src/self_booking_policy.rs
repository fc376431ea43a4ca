//! `self_booking_policies`: Whether a contact group's citizens may (ret) or must (pligt) book
//! their own meetings (selvbooking).

use sea_orm::entity::prelude::*;

/// Whether a contact group's citizens may (ret) or must (pligt) book their own meetings
/// (selvbooking).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "self_booking_policies")]
pub struct Model {
    /// The contact group the policy applies to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_group_code: String,
    /// The citizens may book their own meetings (ret til selvbooking).
    pub self_booking_right: bool,
    /// The citizens must book their own meetings (pligt til selvbooking).
    pub self_booking_duty: bool,
    /// First day the policy applies.
    pub valid_from: Date,
    /// Last day the policy applies; null while still in force.
    pub valid_to: Option<Date>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `contact_groups` row.
    #[sea_orm(
        belongs_to = "super::contact_group::Entity",
        from = "Column::ContactGroupCode",
        to = "super::contact_group::Column::Code"
    )]
    ContactGroup,
}

impl Related<super::contact_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContactGroup.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
