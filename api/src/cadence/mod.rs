//! Follow-up cadence (rule 12, `003:2604-2627`): how often a citizen must have a job
//! conversation is a policy per contact group, the law's minimum or a stricter local one, held as
//! data with validity dates. The next due conversation is the last attended one (or the case's
//! opening) plus the strictest interval in force.

use std::collections::HashMap;

use async_graphql::SimpleObject;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{
    cadence_policy, case, citizen,
    enums::{CadenceSource, MeetingStatus, MeetingType},
    meeting,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::{
    absences::situation::valid_on,
    auth::{Role, Viewer},
    citizens::types::CaseworkerCitizen,
    error::AppResult,
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
#[derive(SimpleObject)]
pub struct OverdueConversation {
    /// The citizen.
    pub citizen: CaseworkerCitizen,
    /// When the conversation was due, and what is known about it.
    pub next: NextConversation,
    /// Days past the due date.
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
async fn conversation_times(
    db: &impl ConnectionTrait,
    citizen_ids: &[Uuid],
    status: MeetingStatus,
    latest: bool,
    from: Option<DateTime<Utc>>,
) -> AppResult<HashMap<Uuid, DateTime<Utc>>> {
    let column = Expr::col(meeting::Column::StartsAt);
    let aggregate = if latest {
        Func::max(column)
    } else {
        Func::min(column)
    };
    let mut select = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::CitizenId)
        .expr(aggregate)
        .filter(meeting::Column::CitizenId.is_in(citizen_ids.iter().copied()))
        .filter(meeting::Column::MeetingType.eq(MeetingType::JobConversation))
        .filter(meeting::Column::Status.eq(status));
    if let Some(from) = from {
        select = select.filter(meeting::Column::StartsAt.gte(from));
    }
    let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = select
        .group_by(meeting::Column::CitizenId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, t)| t.map(|t| (id, t)))
        .collect())
}

/// Next due conversations for the open cases given, in four queries whatever their number.
async fn compute(
    db: &impl ConnectionTrait,
    cases: Vec<case::Model>,
    now: DateTime<Utc>,
) -> AppResult<Vec<(case::Model, NextConversation)>> {
    let today = crate::clock::danish_date(now);
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
                due_on: crate::clock::danish_date(base) + Duration::days(i64::from(interval)),
                interval_days: interval,
                source,
                last_conversation_at: last_at,
                next_scheduled_at: scheduled.get(&c.citizen_id).copied().filter(|t| *t >= now),
            };
            Some((c, next))
        })
        .collect())
}

/// The next due conversation of one citizen (already admitted by the caller), if their group
/// has a cadence.
pub async fn next_due(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Option<NextConversation>> {
    let cases = case::Entity::find()
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .all(db)
        .await?;
    Ok(compute(db, cases, now)
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .min_by_key(|n| n.due_on))
}

/// Citizens past due, most overdue first: a caseworker's own caseload, a manager's whole job
/// centre.
pub async fn overdue(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> AppResult<Vec<OverdueConversation>> {
    let mut select = case::Entity::find()
        .filter(case::Column::JobcentreId.eq(viewer.jobcentre_id()))
        .filter(case::Column::ClosedAt.is_null());
    if viewer.role != Role::Manager {
        select = select.filter(case::Column::AssignedCaseworkerId.eq(viewer.subject));
    }
    let today = crate::clock::danish_date(now);
    let due: Vec<(case::Model, NextConversation)> = compute(db, select.all(db).await?, now)
        .await?
        .into_iter()
        .filter(|(_, n)| n.due_on < today)
        .collect();
    let people: HashMap<Uuid, citizen::Model> = citizen::Entity::find()
        .filter(citizen::Column::Id.is_in(due.iter().map(|(c, _)| c.citizen_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut list: Vec<OverdueConversation> = due
        .into_iter()
        .filter_map(|(c, next)| {
            let person = people.get(&c.citizen_id)?.clone();
            Some(OverdueConversation {
                days_overdue: (today - next.due_on).num_days(),
                citizen: CaseworkerCitizen(person),
                next,
            })
        })
        .collect();
    list.sort_by_key(|o| std::cmp::Reverse(o.days_overdue));
    Ok(list)
}
