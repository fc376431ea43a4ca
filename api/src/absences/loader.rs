//! Per-request loaders of a page of citizens' absences: with their types for the citizen and
//! staff, as dates only for a provider.

use std::collections::HashMap;

use jobbro_entities::{absence, absence_type};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{scope, types::*};
use crate::{
    kernel::batch::{BatchLoad, LoadContext},
    kernel::error::AppResult,
};

/// The absences of each citizen with their types, newest first, in one query.
pub struct AbsencesByCitizen;

impl BatchLoad for AbsencesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<Absence>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let mut by_citizen: HashMap<Uuid, Self::Value> = HashMap::new();
        for (a, t) in absence::Entity::find()
            .find_also_related(absence_type::Entity)
            .filter(scope::visible_to(cx.viewer))
            .filter(absence::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(absence::Column::StartsOn)
            .all(cx.db)
            .await?
        {
            if let Some(kind) = t {
                by_citizen
                    .entry(a.citizen_id)
                    .or_default()
                    .push(Absence { absence: a, kind });
            }
        }
        Ok(by_citizen)
    }
}

/// The dates of each citizen's absences, newest first, never the type: what a provider sees.
pub struct PeriodsByCitizen;

impl BatchLoad for PeriodsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<AbsencePeriod>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let mut by_citizen: HashMap<Uuid, Self::Value> = HashMap::new();
        for a in absence::Entity::find()
            .filter(scope::visible_to(cx.viewer))
            .filter(absence::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(absence::Column::StartsOn)
            .all(cx.db)
            .await?
        {
            by_citizen
                .entry(a.citizen_id)
                .or_default()
                .push(AbsencePeriod {
                    starts_on: a.starts_on,
                    ends_on: a.ends_on,
                });
        }
        Ok(by_citizen)
    }
}
