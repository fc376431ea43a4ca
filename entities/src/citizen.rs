//! `citizens`: A citizen (borger) known to a job centre.

use sea_orm::entity::prelude::*;

use crate::enums::Channel;

/// A citizen (borger) known to a job centre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citizens")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// CPR number (synthetic in test data); unique.
    #[sea_orm(unique)]
    pub cpr: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Street address.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Name and address protection (navne- og adressebeskyttelse).
    pub protected_address: bool,
    /// Phone number, if known.
    pub phone: Option<String>,
    /// E-mail address, if known.
    pub email: Option<String>,
    /// The channel the citizen prefers.
    pub preferred_channel: Channel,
    /// Obliged to use the digital portal (pålagt brug af Jobnet).
    pub obliged_digital: bool,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
    /// A temporary address's c/o name (the person the post goes in care of), when the citizen
    /// has registered one (midlertidig adresse).
    pub co_name: Option<String>,
    /// The temporary address's street and number.
    pub co_street: Option<String>,
    /// The temporary address's postal code.
    pub co_postal_code: Option<String>,
    /// The temporary address's postal district.
    pub co_city: Option<String>,
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
