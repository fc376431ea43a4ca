//! Per-request loaders of alerts for a whole page of citizens, scoped to the viewer.

use std::collections::HashMap;

use jobbro_entities::alert;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::AppResult,
};

/// The alerts raised about each citizen, newest first, one per event and kind however many
/// caseworkers it reached, in one query: the alert part of the citizen's timeline.
pub struct AlertsByCitizen;

impl BatchLoad for AlertsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<alert::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = alert::Entity::find()
            .filter(scope::about_citizens_visible_to(cx.viewer))
            .filter(alert::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(alert::Column::CreatedAt)
            .order_by_desc(alert::Column::Id)
            .all(cx.db)
            .await?;
        let mut seen = std::collections::HashSet::new();
        let once = rows.into_iter().filter(|a| match a.source_event_id {
            Some(event) => seen.insert((event, a.kind.clone())),
            None => true,
        });
        Ok(batch::grouped(
            once.filter(|a| a.citizen_id.is_some()),
            |a| a.citizen_id.unwrap_or_default(),
        ))
    }
}
