//! The occupation list (DISCO-08 groups, reference data with validity dates) and the centres of
//! postal areas, for the CV and for job orders.

use std::collections::HashMap;

use async_graphql::SimpleObject;
use chrono::NaiveDate;
use jobbro_entities::{occupation, postal_area};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, sea_query::SelectStatement,
};

use crate::kernel::error::AppResult;

/// An occupation (DISCO-08 group).
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct Occupation {
    /// The DISCO-08 code (four digits).
    pub code: String,
    /// Its Danish title.
    pub label: String,
}

impl From<occupation::Model> for Occupation {
    fn from(m: occupation::Model) -> Self {
        Self {
            code: m.code,
            label: m.label,
        }
    }
}

/// Those of `codes` that are occupations in use on `day`, by code.
pub async fn in_use(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
    day: NaiveDate,
) -> AppResult<HashMap<String, Occupation>> {
    Ok(occupation::Entity::find()
        .filter(occupation::Column::Code.is_in(codes))
        .filter(occupation::Column::ValidFrom.lte(day))
        .filter(
            Condition::any()
                .add(occupation::Column::ValidTo.is_null())
                .add(occupation::Column::ValidTo.gte(day)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o.into()))
        .collect())
}

/// The occupations whose codes `codes` selects (whether in use or not), by code. One statement.
pub async fn named_by(
    db: &impl ConnectionTrait,
    codes: SelectStatement,
) -> AppResult<HashMap<String, Occupation>> {
    Ok(occupation::Entity::find()
        .filter(occupation::Column::Code.in_subquery(codes))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o.into()))
        .collect())
}

/// The occupations of `codes`, whether in use or not, by code. One statement.
pub async fn labels(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, Occupation>> {
    Ok(occupation::Entity::find()
        .filter(occupation::Column::Code.is_in(codes))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o.into()))
        .collect())
}

/// The DISCO-08 sub-major group (first two digits) of an occupation code: occupations in one
/// group are related (cooks and waiters, carpenters and bricklayers).
pub fn group_of(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// A place as coordinates (UTM zone 32, metres).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub easting_m: i32,
    pub northing_m: i32,
}

impl Place {
    /// The distance to `other` in whole kilometres, as the crow flies.
    pub fn km_to(self, other: Place) -> i32 {
        let dx = f64::from(self.easting_m - other.easting_m);
        let dy = f64::from(self.northing_m - other.northing_m);
        ((dx * dx + dy * dy).sqrt() / 1000.0).round() as i32
    }
}

/// The centres of the postal areas `codes` selects, by postal code. One statement.
pub async fn places(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, Place>> {
    Ok(postal_area::Entity::find()
        .filter(postal_area::Column::PostalCode.is_in(codes))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.postal_code,
                Place {
                    easting_m: p.easting_m,
                    northing_m: p.northing_m,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_in_whole_kilometres() {
        let a = Place {
            easting_m: 570_000,
            northing_m: 6_220_000,
        };
        let b = Place {
            easting_m: 573_000,
            northing_m: 6_224_000,
        };
        assert_eq!(a.km_to(b), 5);
        assert_eq!(b.km_to(a), 5);
        assert_eq!(a.km_to(a), 0);
    }

    #[test]
    fn related_occupations_share_the_first_two_digits() {
        assert_eq!(group_of("5120"), "51");
        assert_eq!(group_of("5131"), group_of("5120"));
        assert_eq!(group_of("7"), "7");
    }
}
