//! Batched loads for citizen lists, so a page of citizens costs a fixed number of queries.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Context, ErrorExtensions, Result,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use jobbro_entities::case;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::error::AppError;

/// Cases per citizen. No scoping here: it is only reached from citizens already scoped.
pub struct CasesByCitizen(pub DatabaseConnection);

impl Loader<Uuid> for CasesByCitizen {
    type Value = Vec<case::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = case::Entity::find()
            .filter(case::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(case::Column::OpenedAt)
            .all(&self.0)
            .await
            .map_err(|e| Arc::new(AppError::from(e)))?;
        let mut by_citizen: HashMap<Uuid, Vec<case::Model>> = HashMap::new();
        for row in rows {
            by_citizen.entry(row.citizen_id).or_default().push(row);
        }
        Ok(by_citizen)
    }
}

/// Loads the cases of a whole page of citizens in one query when the selection asks for them
/// (`edges.node.cases`), so the per-row loads below are served from the loader's cache instead
/// of depending on the loader's batching window.
pub async fn prefetch_cases(
    ctx: &Context<'_>,
    citizen_ids: impl IntoIterator<Item = Uuid>,
) -> Result<()> {
    if ctx
        .look_ahead()
        .field("edges")
        .field("node")
        .field("cases")
        .exists()
    {
        let loader = ctx.data::<DataLoader<CasesByCitizen, HashMapCache>>()?;
        loader
            .load_many(citizen_ids)
            .await
            .map_err(|e| e.extend())?;
    }
    Ok(())
}

/// The cases of one citizen, through the request's loader.
pub async fn cases_of(ctx: &Context<'_>, citizen_id: Uuid) -> Result<Vec<case::Model>> {
    let loader = ctx.data::<DataLoader<CasesByCitizen, HashMapCache>>()?;
    Ok(loader
        .load_one(citizen_id)
        .await
        .map_err(|e| e.extend())?
        .unwrap_or_default())
}
