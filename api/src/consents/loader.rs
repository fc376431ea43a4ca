//! Per-request loader of a page of citizens' consents, scoped to the viewer.

use std::collections::HashMap;

use jobbro_entities::consent;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::{
    kernel::batch::{self, BatchLoad, LoadContext},
    kernel::error::AppResult,
};

/// The consents of each citizen, newest first, in one query.
pub struct ConsentsByCitizen;

impl BatchLoad for ConsentsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<consent::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            consent::Entity::find()
                .filter(scope::visible_to(cx.viewer))
                .filter(consent::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_desc(consent::Column::Id)
                .all(cx.db)
                .await?,
            |row| row.citizen_id,
        ))
    }
}
