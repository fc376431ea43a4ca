//! Follow-up cadence (rule 12, `003:2604-2627`): how often a citizen must have a job
//! conversation is a policy per contact group, the law's minimum or a stricter local one, held as
//! data with validity dates. The next due conversation is the last attended one (or the case's
//! opening) plus the strictest interval in force.

pub mod loader;
pub mod scope;
pub mod views;

use std::collections::HashMap;

use async_graphql::SimpleObject;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{
    cadence_policy, case,
    enums::{CadenceSource, MeetingStatus},
};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{
    absences::situation::valid_on,
    cases,
    kernel::{error::AppResult, viewer::Viewer},
    meetings::attendance::job_conversation_times as conversation_times,
};

/// When a citizen's next job conversation is due.
#[derive(Debug, Clone, SimpleObject)]
pub struct NextConversation {
    /// The last day the next conversation may be held.
    pub due_on: NaiveDate,
    /// The interval in force, in days.
    pub interval_days: i32,
    /// Whether the interval is the law's minimum or a stricter local policy.
    pub source: CadenceSource,
    /// The last attended job conversation; null when there has been none in this case.
    pub last_conversation_at: Option<DateTime<Utc>>,
    /// The next scheduled job conversation, if one is booked.
    pub next_scheduled_at: Option<DateTime<Utc>>,
}

/// A citizen whose job conversation is past due.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub citizen_id: Uuid,
    pub next: NextConversation,
    pub days_overdue: i64,
}

/// The strictest interval in force per contact group on `day`.
async fn intervals(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> AppResult<HashMap<String, (i32, CadenceSource)>> {
    let mut by_group: HashMap<String, (i32, CadenceSource)> = HashMap::new();
    for p in cadence_policy::Entity::find().all(db).await? {
        if !valid_on(p.valid_from, p.valid_to, day) {
            continue;
        }
        let entry = by_group
            .entry(p.contact_group_code.clone())
            .or_insert((p.interval_days, p.source));
        if p.interval_days < entry.0 {
            *entry = (p.interval_days, p.source);
        }
    }
    Ok(by_group)
}

/// Per citizen, the latest (or earliest) start of their job conversations with `status`,
/// counting only those starting at or after `from` when given.
pub(super) async fn compute(
    db: &impl ConnectionTrait,
    cases: Vec<case::Model>,
    now: DateTime<Utc>,
) -> AppResult<Vec<(case::Model, NextConversation)>> {
    let today = crate::kernel::clock::danish_date(now);
    let policies = intervals(db, today).await?;
    let ids: Vec<Uuid> = cases.iter().map(|c| c.citizen_id).collect();
    let last = conversation_times(db, &ids, MeetingStatus::Attended, true, None).await?;
    // The next one ahead: a past meeting still awaiting its registration is not "next".
    let scheduled =
        conversation_times(db, &ids, MeetingStatus::Scheduled, false, Some(now)).await?;
    Ok(cases
        .into_iter()
        .filter_map(|c| {
            let (interval, source) = *policies.get(&c.contact_group_code)?;
            let last_at = last
                .get(&c.citizen_id)
                .copied()
                .filter(|t| *t >= c.opened_at);
            let base = last_at.unwrap_or(c.opened_at);
            let next = NextConversation {
                due_on: crate::kernel::clock::danish_date(base)
                    + Duration::days(i64::from(interval)),
                interval_days: interval,
                source,
                last_conversation_at: last_at,
                next_scheduled_at: scheduled.get(&c.citizen_id).copied().filter(|t| *t >= now),
            };
            Some((c, next))
        })
        .collect())
}

/// Citizens whose job conversation is past due, most overdue first: the viewer's caseload, or
/// the whole job centre for a manager.
pub async fn overdue(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> AppResult<Vec<Overdue>> {
    let today = crate::kernel::clock::danish_date(now);
    let mut list: Vec<Overdue> = compute(db, cases::service::worked_by(db, viewer).await?, now)
        .await?
        .into_iter()
        .filter(|(_, n)| n.due_on < today)
        .map(|(c, next)| Overdue {
            citizen_id: c.citizen_id,
            days_overdue: (today - next.due_on).num_days(),
            next,
        })
        .collect();
    list.sort_by_key(|o| (std::cmp::Reverse(o.days_overdue), o.citizen_id));
    Ok(list)
}
