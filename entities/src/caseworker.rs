//! `caseworkers`: A caseworker (sagsbehandler) at a job centre.

use sea_orm::entity::prelude::*;

/// A caseworker (sagsbehandler) at a job centre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "caseworkers")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// Full name.
    pub name: String,
    /// Work e-mail address.
    pub email: String,
    /// Team within the job centre, if any.
    pub team: Option<String>,
    /// Whether the caseworker is a manager (leder).
    pub is_manager: bool,
    /// When the row was created.
    pub created_at: DateTimeUtc,
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
}

impl Related<super::jobcentre::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobcentre.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
