//! Per-request loaders of a page of citizens' referrals, scoped to the viewer.

use std::collections::HashMap;

use jobbro_entities::service_order;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{self, BatchLoad, LoadContext},
    error::AppResult,
};

/// The referrals of each citizen that the viewer may see, in one query.
pub struct ReferralsByCitizen;

impl BatchLoad for ReferralsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<service_order::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            service_order::Entity::find()
                .filter(scope::referrals_visible_to(cx.viewer))
                .filter(service_order::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_asc(service_order::Column::Id)
                .all(cx.db)
                .await?,
            |row| row.citizen_id,
        ))
    }
}
