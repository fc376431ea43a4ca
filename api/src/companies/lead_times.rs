//! How fast the job centre serves companies: for each job order, when it was sent, when its
//! first candidate was proposed and when its first placement was granted; and the medians over
//! the orders posted in a period. Every figure is read from the rows of job orders, candidates and
//! placements (`003:4719-4722`), never from a counter kept beside them.

use std::collections::HashMap;

use async_graphql::SimpleObject;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{candidate, enums::JobOrderStep, job_order, job_order_log, placement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    sea_query::{Expr, Func, SelectStatement},
};
use uuid::Uuid;

use crate::kernel::{
    clock::danish_midnight,
    error::{AppError, AppResult},
    viewer::Viewer,
};

/// The longest period `jobOrderLeadTimes` covers, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// When an order reached its first steps, as far as the viewer may see.
#[derive(Debug, Clone, Copy, Default)]
pub struct FirstSteps {
    /// When the order was first sent to the job centre.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When its first candidate was proposed.
    pub first_candidate_at: Option<DateTime<Utc>>,
    /// When its first placement was granted.
    pub first_placement_at: Option<DateTime<Utc>>,
}

async fn earliest(
    db: &impl ConnectionTrait,
    statement: SelectStatement,
) -> AppResult<HashMap<Uuid, DateTime<Utc>>> {
    let backend = db.get_database_backend();
    let mut found = HashMap::new();
    for row in db.query_all_raw(backend.build(&statement)).await? {
        let order: Uuid = row.try_get_by_index(0)?;
        let at: DateTime<Utc> = row.try_get_by_index(1)?;
        found.insert(order, at);
    }
    Ok(found)
}

/// The first steps of each of `orders` (already read through the viewer's scope): three
/// statements, whatever the number of orders. Candidates and placements count as far as the
/// viewer may see them.
pub async fn first_steps(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    orders: impl Fn() -> SelectStatement,
) -> AppResult<HashMap<Uuid, FirstSteps>> {
    let submitted = earliest(
        db,
        job_order_log::Entity::find()
            .select_only()
            .column(job_order_log::Column::JobOrderId)
            .column_as(
                Expr::from(Func::min(Expr::col(job_order_log::Column::At))),
                "at",
            )
            .filter(job_order_log::Column::Step.eq(JobOrderStep::Submitted))
            .filter(job_order_log::Column::JobOrderId.in_subquery(orders()))
            .group_by(job_order_log::Column::JobOrderId)
            .into_query(),
    )
    .await?;
    let candidates = earliest(
        db,
        candidate::Entity::find()
            .select_only()
            .column(candidate::Column::JobOrderId)
            .column_as(
                Expr::from(Func::min(Expr::col(candidate::Column::ProposedAt))),
                "at",
            )
            .filter(super::scope::candidates_visible_to(viewer))
            .filter(candidate::Column::JobOrderId.in_subquery(orders()))
            .group_by(candidate::Column::JobOrderId)
            .into_query(),
    )
    .await?;
    let placements = earliest(
        db,
        placement::Entity::find()
            .select_only()
            .column(placement::Column::JobOrderId)
            .column_as(
                Expr::from(Func::min(Expr::col(placement::Column::GrantedAt))),
                "at",
            )
            .filter(super::scope::placements_visible_to(viewer))
            .filter(placement::Column::JobOrderId.in_subquery(orders()))
            .group_by(placement::Column::JobOrderId)
            .into_query(),
    )
    .await?;
    let mut steps: HashMap<Uuid, FirstSteps> = HashMap::new();
    for (order, at) in submitted {
        steps.entry(order).or_default().submitted_at = Some(at);
    }
    for (order, at) in candidates {
        steps.entry(order).or_default().first_candidate_at = Some(at);
    }
    for (order, at) in placements {
        steps.entry(order).or_default().first_placement_at = Some(at);
    }
    Ok(steps)
}

/// How fast the job centre served the job orders posted in a period.
#[derive(Debug, Clone, SimpleObject)]
pub struct JobOrderLeadTimes {
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub to: NaiveDate,
    /// Job orders posted to your job centre in the period (drafts not yet sent are not yours).
    pub orders: i32,
    /// Of those, orders that have had a candidate.
    pub with_candidate: i32,
    /// Of those, orders with a placement granted.
    pub with_placement: i32,
    /// Median days from sending to the first candidate, over the orders that had one; null
    /// when none had.
    pub median_days_to_first_candidate: Option<f64>,
    /// Median days from sending to the first placement granted, over the orders that had one;
    /// null when none had.
    pub median_days_to_first_placement: Option<f64>,
}

fn median_days(mut spans: Vec<Duration>) -> Option<f64> {
    if spans.is_empty() {
        return None;
    }
    spans.sort();
    let days = |d: Duration| d.num_seconds() as f64 / 86_400.0;
    let n = spans.len();
    let m = if n % 2 == 1 {
        days(spans[n / 2])
    } else {
        (days(spans[n / 2 - 1]) + days(spans[n / 2])) / 2.0
    };
    Some((m * 10.0).round() / 10.0)
}

/// The lead times of the orders the viewer sees that were posted from `from` to `to` (Danish
/// days, both included); an order counts from when it was sent. Four statements.
pub async fn of_period(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<JobOrderLeadTimes> {
    if to < from || (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(AppError::BadUserInput(format!(
            "`to` is on or after `from`, and the period is at most {MAX_PERIOD_DAYS} days"
        )));
    }
    let start = danish_midnight(from);
    let end = danish_midnight(to + Duration::days(1));
    let posted_in_period = || {
        job_order::Entity::find()
            .select_only()
            .column(job_order::Column::Id)
            .filter(super::scope::job_orders_visible_to(viewer))
            .filter(job_order::Column::CreatedAt.gte(start))
            .filter(job_order::Column::CreatedAt.lt(end))
            .into_query()
    };
    let posted: Vec<(Uuid, DateTime<Utc>)> = job_order::Entity::find()
        .select_only()
        .column(job_order::Column::Id)
        .column(job_order::Column::CreatedAt)
        .filter(job_order::Column::Id.in_subquery(posted_in_period()))
        .into_tuple()
        .all(db)
        .await?;
    let steps = first_steps(db, viewer, posted_in_period).await?;
    let mut to_candidate = Vec::new();
    let mut to_placement = Vec::new();
    for (order, created_at) in &posted {
        let s = steps.get(order).copied().unwrap_or_default();
        // An order posted as a draft counts from when it was sent.
        let sent = s.submitted_at.unwrap_or(*created_at);
        if let Some(c) = s.first_candidate_at {
            to_candidate.push((c - sent).max(Duration::zero()));
        }
        if let Some(p) = s.first_placement_at {
            to_placement.push((p - sent).max(Duration::zero()));
        }
    }
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(JobOrderLeadTimes {
        from,
        to,
        orders: count(posted.len()),
        with_candidate: count(to_candidate.len()),
        with_placement: count(to_placement.len()),
        median_days_to_first_candidate: median_days(to_candidate),
        median_days_to_first_placement: median_days(to_placement),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let d = |h: i64| Duration::hours(h);
        assert_eq!(median_days(vec![]), None);
        assert_eq!(median_days(vec![d(24)]), Some(1.0));
        assert_eq!(median_days(vec![d(72), d(24), d(48), d(96)]), Some(2.5));
        assert_eq!(median_days(vec![d(1), d(240), d(12)]), Some(0.5));
    }
}
