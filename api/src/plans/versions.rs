//! Reading published versions: their stored content, their details (acknowledgement, language
//! requests, follow-ups with files) for many versions at once, and the version in force.

use super::{content::PlanContent, types::*};
use crate::kernel::error::{AppError, AppResult};
use jobbro_entities::{
    plan_acknowledgement, plan_attachment, plan_follow_up, plan_language_request, plan_version,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Reads stored plan content; unreadable content is our fault, not the caller's.
pub(crate) fn content_of(json: &str) -> AppResult<PlanContent> {
    serde_json::from_str(json)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored plan content is unreadable: {e}")))
}

/// Versions with their acknowledgements, language requests and follow-ups, in four queries.
pub async fn with_details(
    db: &impl ConnectionTrait,
    rows: Vec<plan_version::Model>,
) -> AppResult<Vec<PlanVersion>> {
    let ids: Vec<Uuid> = rows.iter().map(|v| v.id).collect();
    let mut acks: HashMap<Uuid, plan_acknowledgement::Model> = plan_acknowledgement::Entity::find()
        .filter(plan_acknowledgement::Column::PlanVersionId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.plan_version_id, a))
        .collect();
    let mut languages: HashMap<Uuid, Vec<plan_language_request::Model>> = HashMap::new();
    for r in plan_language_request::Entity::find()
        .filter(plan_language_request::Column::PlanVersionId.is_in(ids.clone()))
        .order_by_asc(plan_language_request::Column::RequestedAt)
        .all(db)
        .await?
    {
        languages.entry(r.plan_version_id).or_default().push(r);
    }
    let follow_ups = plan_follow_up::Entity::find()
        .filter(plan_follow_up::Column::PlanVersionId.is_in(ids))
        .order_by_asc(plan_follow_up::Column::CreatedAt)
        .all(db)
        .await?;
    let mut attachments: HashMap<Uuid, Vec<plan_attachment::Model>> = HashMap::new();
    for a in plan_attachment::Entity::find()
        .filter(plan_attachment::Column::FollowUpId.is_in(follow_ups.iter().map(|f| f.id)))
        .order_by_asc(plan_attachment::Column::CreatedAt)
        .all(db)
        .await?
    {
        attachments.entry(a.follow_up_id).or_default().push(a);
    }
    let mut by_version: HashMap<Uuid, Vec<FollowUp>> = HashMap::new();
    for f in follow_ups {
        let files = attachments.remove(&f.id).unwrap_or_default();
        by_version
            .entry(f.plan_version_id)
            .or_default()
            .push(FollowUp::new(f, files));
    }
    rows.into_iter()
        .map(|v| {
            let content = content_of(&v.content)?;
            let (ack, langs, fups) = (
                acks.remove(&v.id),
                languages.remove(&v.id).unwrap_or_default(),
                by_version.remove(&v.id).unwrap_or_default(),
            );
            Ok(PlanVersion::new(v, content, ack, langs, fups))
        })
        .collect()
}

/// The version in force for each of the given citizens: the newest delivered one. A newer version
/// still on its way by Digital Post is not valid yet (rule 5), so the one it supersedes still
/// counts. Two queries, whatever the number of citizens.
pub async fn in_force(
    db: &impl ConnectionTrait,
    citizen_ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<Vec<plan_version::Model>> {
    let newest: Vec<(Uuid, i32)> = plan_version::Entity::find()
        .select_only()
        .column(plan_version::Column::CitizenId)
        .column_as(plan_version::Column::Number.max(), "number")
        .filter(plan_version::Column::CitizenId.is_in(citizen_ids))
        .filter(plan_version::Column::DeliveredAt.is_not_null())
        .group_by(plan_version::Column::CitizenId)
        .into_tuple()
        .all(db)
        .await?;
    if newest.is_empty() {
        return Ok(vec![]);
    }
    let mut which = Condition::any();
    for (citizen, number) in newest {
        which = which.add(
            Condition::all()
                .add(plan_version::Column::CitizenId.eq(citizen))
                .add(plan_version::Column::Number.eq(number)),
        );
    }
    Ok(plan_version::Entity::find().filter(which).all(db).await?)
}
