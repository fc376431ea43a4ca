//! Running placements: follow-ups and internship extensions.
//!
//! - Each placement has its own follow-up interval, or none (`003:3543-3563`: weekly follow-up
//!   is no rule of law, so it is set per citizen). The next follow-up is due the interval after
//!   the start or the last follow-up; due follow-ups are listed, and every follow-up is written
//!   to the placement's log.
//! - An internship extension is requested (by the company or the job centre), decided by the job
//!   centre and confirmed by the company (`003:4506-4514`). Until the company confirms, the
//!   placement's end date stands; an extension still unconfirmed a few workdays (policy,
//!   `extension_alert_policies`) before the end alerts the caseworkers. The company is told of
//!   the decision: the fact and the date.

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{
    enums::{
        CompanyNotificationKind, ExtensionStatus, JobOrderKind, PlacementStatus, PlacementStep,
    },
    extension_alert_policy, placement, placement_extension,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    notifications,
    placements::{self, Placement, PlacementPayload},
};
use crate::{
    kernel::{
        clock::{SharedClock, danish_date},
        db::begin_write,
        error::AppResult,
        ids::{PlacementExtensionId, PlacementId},
        runner,
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{Staff, Viewer},
        workdays::Workdays,
    },
    outbox::{self, DomainEvent},
};

/// The most rows a list of follow-ups or extensions shows.
pub const MAX_ROWS: usize = 100;

/// Input of `recordPlacementFollowUp`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordPlacementFollowUpInput {
    /// A started placement of your job centre.
    pub placement_id: ID,
    /// The day you followed up: from the first day of the placement to today.
    pub followed_up_on: NaiveDate,
    /// What came of it (1 to 2,000 characters).
    pub note: String,
}

/// Input of `setPlacementFollowUp`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SetPlacementFollowUpInput {
    /// A granted or started placement of your job centre.
    pub placement_id: ID,
    /// Weeks between follow-ups (1 to 52), or null for none.
    pub every_weeks: Option<i32>,
}

/// Input of `requestPlacementExtension`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestPlacementExtensionInput {
    /// A granted or started company internship with an end date, that you may see.
    pub placement_id: ID,
    /// The new last day: after the current one.
    pub ends_on: NaiveDate,
    /// Why (1 to 2,000 characters).
    pub reason: String,
}

/// Input of `decidePlacementExtension`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct DecidePlacementExtensionInput {
    /// A requested extension of your job centre's placement.
    pub extension_id: ID,
    /// True to approve (the company then confirms), false to turn it down.
    pub approve: bool,
    /// A note with the decision, kept with it; not sent to the company.
    pub note: Option<String>,
}

/// Input of `confirmPlacementExtension`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct ConfirmPlacementExtensionInput {
    /// An extension the job centre approved, of a placement at a unit you may act for.
    pub extension_id: ID,
}

/// An extension of an internship placement.
#[derive(SimpleObject, Clone)]
pub struct PlacementExtension {
    /// The extension's id.
    pub id: ID,
    /// The placement.
    pub placement_id: ID,
    /// The end date when it was requested; it stands until the company confirms.
    pub previous_ends_on: NaiveDate,
    /// The new last day asked for.
    pub ends_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// Where it stands.
    pub status: ExtensionStatus,
    /// When it was requested.
    pub requested_at: DateTime<Utc>,
    /// When the job centre decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// When the company confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Bumped by every change.
    pub version: i32,
}

impl From<placement_extension::Model> for PlacementExtension {
    fn from(m: placement_extension::Model) -> Self {
        Self {
            id: PlacementExtensionId(m.id).to_id(),
            placement_id: PlacementId(m.placement_id).to_id(),
            previous_ends_on: m.previous_ends_on,
            ends_on: m.ends_on,
            reason: m.reason,
            status: m.status,
            requested_at: m.requested_at,
            decided_at: m.decided_at,
            confirmed_at: m.confirmed_at,
            version: m.version,
        }
    }
}

/// The result of a mutation on an extension.
#[derive(SimpleObject)]
pub struct PlacementExtensionPayload {
    /// The extension as it is now, unless there are user errors.
    pub extension: Option<PlacementExtension>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A condition on `placement_extensions`: those of placements the viewer may see.
pub fn extensions_visible_to(viewer: &Viewer) -> Condition {
    Condition::all().add(
        placement_extension::Column::PlacementId.in_subquery(
            Query::select()
                .column(placement::Column::Id)
                .from(placement::Entity)
                .cond_where(super::scope::placements_visible_to(viewer))
                .to_owned(),
        ),
    )
}

/// The extensions the viewer may see, in `status` when given, newest first: at most `limit`.
pub async fn extensions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    status: Option<ExtensionStatus>,
    limit: u64,
) -> AppResult<Vec<PlacementExtension>> {
    let mut q = placement_extension::Entity::find().filter(extensions_visible_to(viewer));
    if let Some(s) = status {
        q = q.filter(placement_extension::Column::Status.eq(s));
    }
    Ok(q.order_by_desc(placement_extension::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(PlacementExtension::from)
        .collect())
}

/// Started placements of the staff member's job centre whose follow-up is due by `today`, the
/// longest overdue first: at most `limit`.
pub async fn due(
    db: &impl ConnectionTrait,
    staff: &Staff,
    today: NaiveDate,
    limit: u64,
) -> AppResult<Vec<Placement>> {
    Ok(placement::Entity::find()
        .filter(super::scope::placements_visible_to(&Viewer::Staff(*staff)))
        .filter(placement::Column::Status.eq(PlacementStatus::Started))
        .filter(placement::Column::NextFollowUpOn.lte(today))
        .order_by_asc(placement::Column::NextFollowUpOn)
        .order_by_asc(placement::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Placement::from)
        .collect())
}

fn weeks_after(day: NaiveDate, weeks: Option<i32>) -> Option<NaiveDate> {
    weeks.map(|w| day + Duration::weeks(i64::from(w)))
}

/// `recordPlacementFollowUp`: the job centre followed up on a running placement; the next one
/// is due the interval after this one.
pub async fn record_follow_up(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RecordPlacementFollowUpInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = placements::of_staff(txn, staff, id.0).await? else {
            return Ok(Outcome::err(placements::not_found()));
        };
        if row.status != PlacementStatus::Started {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                format!(
                    "the placement is {:?}; follow up on a started one",
                    row.status
                ),
            )));
        }
        if input.followed_up_on > today || row.started_on.is_some_and(|s| input.followed_up_on < s)
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "followedUpOn"],
                UserErrorCode::InvalidPeriod,
                "the day is from the placement's first day to today",
            )));
        }
        if let Some(e) = crate::kernel::user_error::text_error("note", &input.note) {
            return Ok(Outcome::err(e));
        }
        let next = weeks_after(input.followed_up_on, row.follow_up_weeks);
        if !placements::update(
            txn,
            &row,
            None,
            &[(placement::Column::NextFollowUpOn, next.into())],
            now,
        )
        .await?
        {
            return Ok(Outcome::err(placements::stale()));
        }
        placements::log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStep::FollowedUp,
            viewer,
            now,
            Some(format!("{}: {}", input.followed_up_on, input.note.trim())),
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    placements::payload(db, outcome).await
}

/// `setPlacementFollowUp`: changes (or removes) a placement's follow-up interval; a started
/// placement's next follow-up is then due the new interval from today.
pub async fn set_follow_up(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: SetPlacementFollowUpInput,
) -> AppResult<PlacementPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let today = danish_date(now);
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = placements::of_staff(txn, staff, id.0).await? else {
            return Ok(Outcome::err(placements::not_found()));
        };
        if !matches!(
            row.status,
            PlacementStatus::Granted | PlacementStatus::Started
        ) {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                format!("the placement is {:?}; it is over", row.status),
            )));
        }
        if input.every_weeks.is_some_and(|w| !(1..=52).contains(&w)) {
            return Ok(Outcome::err(UserError::new(
                &["input", "everyWeeks"],
                UserErrorCode::Invalid,
                "follow up every 1 to 52 weeks, or give null for none",
            )));
        }
        let next = if row.status == PlacementStatus::Started {
            weeks_after(today, input.every_weeks)
        } else {
            None
        };
        if !placements::update(
            txn,
            &row,
            None,
            &[
                (placement::Column::FollowUpWeeks, input.every_weeks.into()),
                (placement::Column::NextFollowUpOn, next.into()),
            ],
            now,
        )
        .await?
        {
            return Ok(Outcome::err(placements::stale()));
        }
        let note = match input.every_weeks {
            Some(w) => format!("every {w} weeks"),
            None => "no follow-up".to_string(),
        };
        placements::log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStep::FollowUpChanged,
            viewer,
            now,
            Some(note),
        )
        .await?;
        Ok(Outcome::ok(row.id))
    })
    .await?;
    placements::payload(db, outcome).await
}

async fn extension_payload(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<PlacementExtensionPayload> {
    let row = match outcome.id {
        Some(id) => placement_extension::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(PlacementExtensionPayload {
        extension: row.map(PlacementExtension::from),
        user_errors: outcome.user_errors,
    })
}

/// `requestPlacementExtension`: the company or the job centre asks to extend an internship.
pub async fn request_extension(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RequestPlacementExtensionInput,
) -> AppResult<PlacementExtensionPayload> {
    let now = clock.now();
    let id = PlacementId::parse(&input.placement_id, "placementId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(row) = placement::Entity::find_by_id(id.0)
            .filter(super::scope::placements_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::NotFound,
                "no placement you may see has this id",
            )));
        };
        if row.kind != JobOrderKind::CompanyInternship
            || !matches!(
                row.status,
                PlacementStatus::Granted | PlacementStatus::Started
            )
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                "only a company internship that is granted or running is extended",
            )));
        }
        let Some(current) = row.ends_on else {
            return Ok(Outcome::err(UserError::new(
                &["input", "placementId"],
                UserErrorCode::WrongState,
                "the internship has no end date to extend",
            )));
        };
        if input.ends_on <= current {
            return Ok(Outcome::err(UserError::new(
                &["input", "endsOn"],
                UserErrorCode::InvalidPeriod,
                format!("the new last day is after the current one ({current})"),
            )));
        }
        if let Some(e) = crate::kernel::user_error::text_error("reason", &input.reason) {
            return Ok(Outcome::err(e));
        }
        let ext = Uuid::now_v7();
        let new = placement_extension::ActiveModel {
            id: Set(ext),
            jobcentre_id: Set(row.jobcentre_id),
            placement_id: Set(row.id),
            previous_ends_on: Set(current),
            ends_on: Set(input.ends_on),
            reason: Set(input.reason.trim().to_string()),
            status: Set(ExtensionStatus::Requested),
            requested_role: Set(viewer.role().claim().to_string()),
            requested_by: Set(viewer.subject()),
            requested_at: Set(now),
            decided_by: Set(None),
            decided_at: Set(None),
            decision_note: Set(None),
            confirmed_by: Set(None),
            confirmed_at: Set(None),
            alerted_at: Set(None),
            version: Set(1),
        };
        if let Err(e) = runner::insert_or(
            txn,
            new,
            "ux_placement_extensions_open",
            UserError::new(
                &["input", "placementId"],
                UserErrorCode::AlreadyDone,
                "an extension of this placement is already waiting for a decision or a \
                 confirmation",
            ),
        )
        .await?
        {
            return Ok(Outcome::err(e));
        }
        placements::log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStep::ExtensionRequested,
            viewer,
            now,
            Some(format!("to {}", input.ends_on)),
        )
        .await?;
        Ok(Outcome::ok(ext))
    })
    .await?;
    extension_payload(db, outcome).await
}

/// Moves an extension from `from` to `to` with the given columns, guarded by its version.
async fn move_extension(
    txn: &DatabaseTransaction,
    ext: &placement_extension::Model,
    to: ExtensionStatus,
    columns: &[(placement_extension::Column, sea_orm::Value)],
) -> AppResult<bool> {
    use placement_extension::Column as C;
    let mut update = placement_extension::Entity::update_many()
        .col_expr(C::Status, Expr::value(to))
        .col_expr(C::Version, Expr::col(C::Version).add(1));
    for (column, value) in columns {
        update = update.col_expr(*column, Expr::value(value.clone()));
    }
    Ok(update
        .filter(C::Id.eq(ext.id))
        .filter(C::Version.eq(ext.version))
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

fn extension_not_found() -> UserError {
    UserError::new(
        &["input", "extensionId"],
        UserErrorCode::NotFound,
        "no extension of a placement you may see has this id",
    )
}

fn extension_stale() -> UserError {
    UserError::new(
        &["input", "extensionId"],
        UserErrorCode::StaleVersion,
        "the extension changed meanwhile; read it again",
    )
}

/// The extension and its placement, when the viewer may see them.
async fn find_extension(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<(placement_extension::Model, placement::Model)>> {
    let Some(ext) = placement_extension::Entity::find_by_id(id)
        .filter(extensions_visible_to(viewer))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let row = placement::Entity::find_by_id(ext.placement_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the placement of extension {} is gone", ext.id))?;
    Ok(Some((ext, row)))
}

/// `decidePlacementExtension`: the job centre approves or turns down a requested extension;
/// the company is told the fact and the date.
pub async fn decide_extension(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: DecidePlacementExtensionInput,
) -> AppResult<PlacementExtensionPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = PlacementExtensionId::parse(&input.extension_id, "extensionId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some((ext, row)) = find_extension(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(extension_not_found()));
        };
        if ext.status != ExtensionStatus::Requested {
            return Ok(Outcome::err(UserError::new(
                &["input", "extensionId"],
                UserErrorCode::AlreadyDone,
                format!("the extension is already {:?}", ext.status),
            )));
        }
        let (to, step, kind, day) = if input.approve {
            (
                ExtensionStatus::Approved,
                PlacementStep::ExtensionApproved,
                CompanyNotificationKind::ExtensionApproved,
                ext.ends_on,
            )
        } else {
            (
                ExtensionStatus::Rejected,
                PlacementStep::ExtensionRejected,
                CompanyNotificationKind::ExtensionRejected,
                ext.previous_ends_on,
            )
        };
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        use placement_extension::Column as C;
        if !move_extension(
            txn,
            &ext,
            to,
            &[
                (C::DecidedBy, Some(staff.caseworker).into()),
                (C::DecidedAt, Some(now).into()),
                (C::DecisionNote, note.clone().into()),
            ],
        )
        .await?
        {
            return Ok(Outcome::err(extension_stale()));
        }
        placements::log(txn, row.jobcentre_id, row.id, step, viewer, now, note).await?;
        notifications::notify(txn, &row, kind, day, now).await?;
        Ok(Outcome::ok(ext.id))
    })
    .await?;
    extension_payload(db, outcome).await
}

/// `confirmPlacementExtension`: the company confirms an approved extension; the placement's end
/// date moves to the extension's.
pub async fn confirm_extension(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: ConfirmPlacementExtensionInput,
) -> AppResult<PlacementExtensionPayload> {
    let now = clock.now();
    let id = PlacementExtensionId::parse(&input.extension_id, "extensionId")?;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some((ext, row)) = find_extension(txn, viewer, id.0).await? else {
            return Ok(Outcome::err(extension_not_found()));
        };
        if ext.status != ExtensionStatus::Approved {
            return Ok(Outcome::err(UserError::new(
                &["input", "extensionId"],
                UserErrorCode::WrongState,
                format!(
                    "the extension is {:?}; you confirm one the job centre approved",
                    ext.status
                ),
            )));
        }
        if row.ends_on != Some(ext.previous_ends_on)
            || !matches!(
                row.status,
                PlacementStatus::Granted | PlacementStatus::Started
            )
        {
            return Ok(Outcome::err(UserError::new(
                &["input", "extensionId"],
                UserErrorCode::WrongState,
                "the placement changed since the extension was asked for",
            )));
        }
        use placement_extension::Column as C;
        if !move_extension(
            txn,
            &ext,
            ExtensionStatus::Confirmed,
            &[
                (C::ConfirmedBy, Some(viewer.subject()).into()),
                (C::ConfirmedAt, Some(now).into()),
            ],
        )
        .await?
            || !placements::update(
                txn,
                &row,
                None,
                &[(placement::Column::EndsOn, Some(ext.ends_on).into())],
                now,
            )
            .await?
        {
            return Ok(Outcome::err(extension_stale()));
        }
        placements::log(
            txn,
            row.jobcentre_id,
            row.id,
            PlacementStep::ExtensionConfirmed,
            viewer,
            now,
            Some(format!("to {}", ext.ends_on)),
        )
        .await?;
        Ok(Outcome::ok(ext.id))
    })
    .await?;
    extension_payload(db, outcome).await
}

/// The workdays before the end at which an unconfirmed extension alerts, on `day` (5 when no
/// policy is in force).
async fn alert_workdays(db: &impl ConnectionTrait, day: NaiveDate) -> AppResult<u32> {
    let policy = extension_alert_policy::Entity::find()
        .filter(extension_alert_policy::Column::ValidFrom.lte(day))
        .filter(
            Condition::any()
                .add(extension_alert_policy::Column::ValidTo.is_null())
                .add(extension_alert_policy::Column::ValidTo.gte(day)),
        )
        .order_by_desc(extension_alert_policy::Column::ValidFrom)
        .one(db)
        .await?;
    Ok(policy.map_or(5, |p| u32::try_from(p.workdays_before_end).unwrap_or(5)))
}

/// Alerts the caseworkers once about every extension still unconfirmed when its placement is
/// within the policy's workdays of its end; what the server runs every hour. Returns how many
/// it found.
pub async fn alert_unconfirmed(db: &DatabaseConnection, clock: &SharedClock) -> AppResult<usize> {
    let now = clock.now();
    let today = danish_date(now);
    let n = alert_workdays(db, today).await?;
    let calendar = Workdays::around(db, today, n).await?;
    let horizon = calendar.add(today, n);
    let writing = begin_write(db).await?;
    let txn: &DatabaseTransaction = &writing;
    let open = placement_extension::Entity::find()
        .filter(
            placement_extension::Column::Status
                .is_in([ExtensionStatus::Requested, ExtensionStatus::Approved]),
        )
        .filter(placement_extension::Column::AlertedAt.is_null())
        .filter(placement_extension::Column::PreviousEndsOn.lte(horizon))
        .all(txn)
        .await?;
    let rows = placement::Entity::find()
        .filter(placement::Column::Id.is_in(open.iter().map(|e| e.placement_id)))
        .all(txn)
        .await?;
    let mut alerted = 0;
    for ext in &open {
        let Some(row) = rows.iter().find(|r| r.id == ext.placement_id) else {
            continue;
        };
        let Some(ends_on) = row.ends_on else {
            continue;
        };
        let running = matches!(
            row.status,
            PlacementStatus::Granted | PlacementStatus::Started
        );
        if !running || ends_on < today || calendar.between(today, ends_on) > n {
            continue;
        }
        placement_extension::Entity::update_many()
            .col_expr(
                placement_extension::Column::AlertedAt,
                Expr::value(Some(now)),
            )
            .filter(placement_extension::Column::Id.eq(ext.id))
            .exec(txn)
            .await?;
        let event = DomainEvent::PlacementExtensionUnconfirmed {
            extension_id: ext.id,
            placement_id: row.id,
            citizen_id: row.citizen_id,
            ends_on,
        };
        outbox::enqueue(txn, now, Some(row.jobcentre_id), &event).await?;
        alerted += 1;
    }
    writing.commit().await?;
    Ok(alerted)
}
