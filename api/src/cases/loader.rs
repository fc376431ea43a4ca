//! Per-request loaders of case data for a whole page of citizens, scoped to the viewer.

use std::collections::HashMap;

use jobbro_entities::{case, case_closure, case_event};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::AppResult,
};

/// The cases of each citizen, newest first, closed ones included with why, in one query.
pub struct CasesByCitizen;

impl BatchLoad for CasesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<(case::Model, Option<case_closure::Model>)>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            case::Entity::find()
                .filter(scope::visible_to(cx.viewer))
                .filter(case::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_desc(case::Column::OpenedAt)
                .find_also_related(case_closure::Entity)
                .all(cx.db)
                .await?,
            |(row, _)| row.citizen_id,
        ))
    }
}

/// Every step of every case of each citizen, newest first, in one query: the case part of the
/// citizen's timeline.
pub struct CaseEventsByCitizen;

impl BatchLoad for CaseEventsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<case_event::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            case_event::Entity::find()
                .filter(scope::events_visible_to(cx.viewer))
                .filter(case_event::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_desc(case_event::Column::OccurredAt)
                .order_by_desc(case_event::Column::Id)
                .all(cx.db)
                .await?,
            |row| row.citizen_id,
        ))
    }
}
