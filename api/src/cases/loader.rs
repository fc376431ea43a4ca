//! Per-request loaders of case data for a whole page of citizens, scoped to the viewer.

use std::collections::HashMap;

use jobbro_entities::case;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::AppResult,
};

/// The cases of each citizen, newest first, closed ones included, in one query.
pub struct CasesByCitizen;

impl BatchLoad for CasesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<case::Model>;

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
                .all(cx.db)
                .await?,
            |row| row.citizen_id,
        ))
    }
}
