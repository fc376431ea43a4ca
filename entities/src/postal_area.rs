//! `postal_areas`: the centre of a postal area, for distances between homes and places of work.

use sea_orm::entity::prelude::*;

/// The centre of a postal area in UTM zone 32 metres (ETRS89), so the distance from a citizen's
/// home to a production unit can be estimated without an address service.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "postal_areas")]
pub struct Model {
    /// The postal code, e.g. `8000`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub postal_code: String,
    /// The town.
    pub name: String,
    /// Easting of the centre, metres.
    pub easting_m: i32,
    /// Northing of the centre, metres.
    pub northing_m: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
