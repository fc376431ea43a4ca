//! Per-request loaders of a page of citizens' plans: the versions each viewer may see, the
//! version in force, and the staff's whole plan with its draft.

use std::collections::HashMap;

use jobbro_entities::{plan, plan_version};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    scope,
    types::*,
    versions::{content_of, in_force, with_details},
};
use crate::{
    citizens::{self, Visible},
    kernel::batch::{BatchLoad, LoadContext},
    kernel::error::AppResult,
};

/// The versions of each citizen that the viewer may see (for a citizen: the delivered ones),
/// newest first, with their details: five queries, whatever the number of citizens.
pub struct VersionsByCitizen;

impl BatchLoad for VersionsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<PlanVersion>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = plan_version::Entity::find()
            .filter(scope::versions_visible_to(cx.viewer))
            .filter(plan_version::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(plan_version::Column::Number)
            .all(cx.db)
            .await?;
        // The newest of each citizen's versions, before their details are read.
        let mut seen: HashMap<Uuid, usize> = HashMap::new();
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|v| {
                let n = seen.entry(v.citizen_id).or_default();
                *n += 1;
                *n <= MAX_VERSIONS
            })
            .collect();
        let owners: Vec<Uuid> = rows.iter().map(|v| v.citizen_id).collect();
        let mut by_citizen: HashMap<Uuid, Self::Value> = HashMap::new();
        for (owner, v) in owners.into_iter().zip(with_details(cx.db, rows).await?) {
            by_citizen.entry(owner).or_default().push(v);
        }
        Ok(by_citizen)
    }
}

/// The version in force of each citizen the viewer may see, with its details.
pub struct InForceByCitizen;

impl BatchLoad for InForceByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Option<PlanVersion>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let visible = citizens::scope::many(cx.db, cx.viewer, keys.iter().copied()).await?;
        let rows = in_force(cx.db, visible.iter().map(Visible::uuid)).await?;
        let owners: Vec<Uuid> = rows.iter().map(|v| v.citizen_id).collect();
        Ok(owners
            .into_iter()
            .zip(with_details(cx.db, rows).await?.into_iter().map(Some))
            .collect())
    }
}

/// The plan of each citizen as staff see it: the draft and every version, in six queries.
pub struct StaffPlanByCitizen;

impl BatchLoad for StaffPlanByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Option<CaseworkerPlan>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let plans = plan::Entity::find()
            .filter(scope::plans_visible_to(cx.viewer))
            .filter(plan::Column::CitizenId.is_in(keys.iter().copied()))
            .all(cx.db)
            .await?;
        let mut versions = VersionsByCitizen::load(cx, &(), keys).await?;
        plans
            .into_iter()
            .map(|p| {
                let draft = content_of(&p.draft)?;
                let plan = CaseworkerPlan {
                    draft_version: p.draft_version,
                    draft_updated_at: p.draft_updated_at,
                    draft_goals: draft.goals,
                    draft_activities: draft.activities,
                    draft_offers: draft.offers,
                    draft_appointments: draft.appointments,
                    versions: versions.remove(&p.citizen_id).unwrap_or_default(),
                };
                Ok((p.citizen_id, Some(plan)))
            })
            .collect()
    }
}
