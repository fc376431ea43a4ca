//! `cadence_policies`: How often a contact group's citizens must have a job conversation: the
//! law's minimum or a stricter local policy, with validity dates.

use sea_orm::entity::prelude::*;

use crate::enums::CadenceSource;

/// How often a contact group's citizens must have a job conversation: the law's minimum or a
/// stricter local policy, with validity dates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cadence_policies")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The contact group the policy applies to.
    pub contact_group_code: String,
    /// The law's minimum or a local policy.
    pub source: CadenceSource,
    /// Days between job conversations; greater than 0 (91 is four a year).
    pub interval_days: i32,
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
