//! What a company is told about its placements: when one ends, and when the job centre decides
//! an extension. The fact and the date only: no reason, nothing about the citizen's situation.
//! The rows are the company's inbox in the portal (`company { notifications }`); a production
//! channel to the company's digital mailbox would read the same rows.

use async_graphql::{ID, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{company_notification, enums::CompanyNotificationKind, placement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::kernel::{
    error::AppResult,
    ids::{PlacementId, ProductionUnitId},
    viewer::CompanyUser,
};

/// The most notifications a list shows.
pub const MAX_NOTIFICATIONS: usize = 100;

/// A notification to your company about a placement at one of your units.
#[derive(SimpleObject, Clone)]
pub struct CompanyNotification {
    /// What happened.
    pub kind: CompanyNotificationKind,
    /// The placement it is about.
    pub placement_id: ID,
    /// The production unit the placement is at.
    pub production_unit_id: ID,
    /// The date it concerns: the last day of an ended placement, or the end date of an
    /// extension.
    pub on_date: NaiveDate,
    /// When the job centre sent it.
    pub created_at: DateTime<Utc>,
}

/// Tells the placement's company that `kind` happened, concerning `on_date`.
pub async fn notify(
    txn: &impl ConnectionTrait,
    placement: &placement::Model,
    kind: CompanyNotificationKind,
    on_date: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    company_notification::Entity::insert(company_notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        company_id: Set(placement.company_id),
        production_unit_id: Set(placement.production_unit_id),
        placement_id: Set(placement.id),
        kind: Set(kind),
        on_date: Set(on_date),
        created_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The notifications about the units the user may act for, newest first: at most `limit`.
pub async fn of_company(
    db: &impl ConnectionTrait,
    user: &CompanyUser,
    limit: u64,
) -> AppResult<Vec<CompanyNotification>> {
    Ok(company_notification::Entity::find()
        .filter(company_notification::Column::CompanyId.eq(user.company))
        .filter(super::scope::acting_for(
            user,
            company_notification::Column::ProductionUnitId,
        ))
        .order_by_desc(company_notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|n| CompanyNotification {
            kind: n.kind,
            placement_id: PlacementId(n.placement_id).to_id(),
            production_unit_id: ProductionUnitId(n.production_unit_id).to_id(),
            on_date: n.on_date,
            created_at: n.created_at,
        })
        .collect())
}
