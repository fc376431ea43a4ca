//! Drafts, publication, delivery, acknowledgement and language requests.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jobbro_entities::{
    enums::{AcknowledgementChannel, LanguageRequestStatus, PlanDelivery, VisitationCategory},
    plan, plan_acknowledgement, plan_attachment, plan_follow_up, plan_language_request,
    plan_version,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use async_graphql::connection::Connection;

use super::{content::PlanContent, scope, types::*};
use crate::{
    cases,
    citizens::{self, Visible},
    kernel::batch::{BatchLoad, LoadContext},
    kernel::clock::{SharedClock, danish_date},
    kernel::error::{AppError, AppResult},
    kernel::ids::{CitizenId, PlanVersionId},
    kernel::pagination::{self, Direction, IdCursor, PageRequest},
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// The unique index that allows one plan per citizen.
pub const ONE_PLAN_PER_CITIZEN: &str = "ux_plans_citizen_id";
/// The unique index that numbers a plan's versions without gaps or twins.
pub const ONE_VERSION_PER_NUMBER: &str = "ux_plan_versions_plan_id_number";

fn error(field: &str, code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(&["input", field], code, message))
}

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
        let owners: Vec<Uuid> = rows.iter().map(|v| v.citizen_id).collect();
        let mut by_citizen: HashMap<Uuid, Self::Value> = HashMap::new();
        for (owner, v) in owners.into_iter().zip(with_details(cx.db, rows).await?) {
            by_citizen.entry(owner).or_default().push(v);
        }
        Ok(by_citizen)
    }
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

/// `updatePlanDraft`: replaces the draft, if the caller read the latest draft.
pub async fn update_draft(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: UpdatePlanDraftInput,
) -> AppResult<UpdatePlanDraftPayload> {
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let content = match input.content.clone().into_content()? {
        Ok(c) => c,
        Err((field, message)) => {
            let field: Vec<&str> = field.iter().map(String::as_str).collect();
            return Ok(UpdatePlanDraftPayload {
                plan: None,
                user_errors: vec![UserError::new(&field, UserErrorCode::Invalid, message)],
            });
        }
    };
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            ));
        };
        if let Some(e) = super::content::unknown_organisation(txn, &content).await? {
            return Ok(Outcome::err(e));
        }
        let person = person.record();
        let existing = plan::Entity::find()
            .filter(plan::Column::CitizenId.eq(person.id))
            .one(txn)
            .await?;
        let stale = || {
            UserError::new(
                &["input", "expectedDraftVersion"],
                UserErrorCode::StaleVersion,
                "the draft changed since you read it; reload and try again",
            )
        };
        match existing {
            None if input.expected_draft_version != 0 => Ok(Outcome::err(stale())),
            None => {
                let id = Uuid::now_v7();
                let row = plan::ActiveModel {
                    id: Set(id),
                    jobcentre_id: Set(person.jobcentre_id),
                    citizen_id: Set(person.id),
                    draft: Set(content.to_json()),
                    draft_version: Set(1),
                    draft_updated_at: Set(now),
                    draft_updated_by: Set(Some(viewer.subject())),
                    created_at: Set(now),
                };
                // One plan per citizen: two first drafts racing meet the unique index.
                if let Err(e) = runner::insert_or(txn, row, ONE_PLAN_PER_CITIZEN, stale()).await? {
                    return Ok(Outcome::err(e));
                }
                Ok(Outcome::ok(person.id))
            }
            Some(p) => {
                let changed = plan::Entity::update_many()
                    .col_expr(plan::Column::Draft, Expr::value(content.to_json()))
                    .col_expr(
                        plan::Column::DraftVersion,
                        Expr::value(input.expected_draft_version + 1),
                    )
                    .col_expr(plan::Column::DraftUpdatedAt, Expr::value(now))
                    .col_expr(
                        plan::Column::DraftUpdatedBy,
                        Expr::value(Some(viewer.subject())),
                    )
                    .filter(plan::Column::Id.eq(p.id))
                    .filter(plan::Column::DraftVersion.eq(input.expected_draft_version))
                    .exec(txn)
                    .await?
                    .rows_affected;
                Ok(if changed == 1 {
                    Outcome::ok(person.id)
                } else {
                    Outcome::err(stale())
                })
            }
        }
    })
    .await?;
    let plan = match outcome.id {
        Some(citizen_id) => {
            let cx = LoadContext { db, viewer, now };
            StaffPlanByCitizen::load(&cx, &(), &[citizen_id])
                .await?
                .remove(&citizen_id)
                .flatten()
        }
        None => None,
    };
    Ok(UpdatePlanDraftPayload {
        plan,
        user_errors: outcome.user_errors,
    })
}

/// Rule 5: only citizens obliged to use the portal are asked to acknowledge there, and an
/// activity-ready citizen is never treated as obliged (`003:417`).
async fn obliged(db: &impl ConnectionTrait, person: &Visible) -> AppResult<bool> {
    if !person.record().obliged_digital {
        return Ok(false);
    }
    let activity_ready = cases::service::open_cases(db, &[person])
        .await?
        .values()
        .any(|c| c.visitation_category == Some(VisitationCategory::ActivityReady));
    Ok(!activity_ready)
}

/// `publishPlan`: freezes the draft as the next numbered version and delivers it.
pub async fn publish(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: PublishPlanInput,
) -> AppResult<PublishPlanPayload> {
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "publishPlan",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(person) = citizens::scope::find(txn, viewer, citizen_id).await? else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen of your job centre has this id",
            ));
        };
        let visible = person;
        let person = visible.record();
        let Some(p) = plan::Entity::find()
            .filter(plan::Column::CitizenId.eq(person.id))
            .one(txn)
            .await?
        else {
            return Ok(error(
                "citizenId",
                UserErrorCode::NotFound,
                "the citizen has no plan draft yet; save one with updatePlanDraft",
            ));
        };
        if p.draft_version != input.expected_draft_version {
            return Ok(error(
                "expectedDraftVersion",
                UserErrorCode::StaleVersion,
                "the draft changed since you read it; review it and try again",
            ));
        }
        let draft = content_of(&p.draft)?;
        if draft.goals.is_empty() {
            return Ok(error(
                "citizenId",
                UserErrorCode::Invalid,
                "a plan needs at least one goal before it is published",
            ));
        }
        let latest = plan_version::Entity::find()
            .filter(plan_version::Column::PlanId.eq(p.id))
            .order_by_desc(plan_version::Column::Number)
            .one(txn)
            .await?;
        let number = latest.as_ref().map_or(1, |v| v.number + 1);
        let obliged = obliged(txn, &visible).await?;
        let id = Uuid::now_v7();
        let json = draft.to_json();
        let version = plan_version::Model {
            id,
            plan_id: p.id,
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            number,
            content_hash: PlanContent::hash(&json),
            content: json,
            published_by: viewer.subject(),
            published_at: now,
            delivery: if obliged {
                PlanDelivery::Portal
            } else {
                PlanDelivery::DigitalPost
            },
            acknowledgement_requested: obliged,
            // Shown in the portal at once; a Digital Post version counts once the letter is sent.
            delivered_at: obliged.then_some(now),
            superseded_at: None,
        };
        let row = sea_orm::IntoActiveModel::into_active_model(version.clone());
        // The unique (plan, number) index settles two publications racing.
        let raced = UserError::new(
            &["input", "expectedDraftVersion"],
            UserErrorCode::StaleVersion,
            "another version was just published; reload",
        );
        if let Err(e) = runner::insert_or(txn, row, ONE_VERSION_PER_NUMBER, raced).await? {
            return Ok(Outcome::err(e));
        }
        // The activities as rows beside the hashed snapshot: who runs or hosts them is a join.
        super::activities::write(txn, &version, &draft).await?;
        if let Some(previous) = latest {
            plan_version::Entity::update_many()
                .col_expr(plan_version::Column::SupersededAt, Expr::value(Some(now)))
                .filter(plan_version::Column::Id.eq(previous.id))
                .exec(txn)
                .await?;
        }
        let event = DomainEvent::PlanPublished {
            version_id: id,
            citizen_id: person.id,
            by_digital_post: !obliged,
        };
        outbox::enqueue(txn, now, Some(person.jobcentre_id), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    Ok(PublishPlanPayload {
        version: load_version(db, outcome.id).await?,
        user_errors: outcome.user_errors,
    })
}

async fn load_version(
    db: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> AppResult<Option<PlanVersion>> {
    match id {
        Some(id) => Ok(
            with_details(db, plan_version::Entity::find_by_id(id).all(db).await?)
                .await?
                .pop(),
        ),
        None => Ok(None),
    }
}

/// The citizen's current version (the newest published), if any.
async fn current_of(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Option<plan_version::Model>> {
    Ok(plan_version::Entity::find()
        .filter(plan_version::Column::CitizenId.eq(citizen_id))
        .order_by_desc(plan_version::Column::Number)
        .one(db)
        .await?)
}

/// `acknowledgePlan`: the citizen confirms receipt of the current version; a replay is harmless.
pub async fn acknowledge(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: AcknowledgePlanInput,
) -> AppResult<PlanVersionPayload> {
    let now = clock.now();
    let version_id = PlanVersionId::parse(&input.version_id, "versionId")?;
    let key = input.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "acknowledgePlan", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(v) = plan_version::Entity::find_by_id(version_id)
            .filter(scope::versions_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(error(
                "versionId",
                UserErrorCode::NotFound,
                "no plan version of yours has this id",
            ));
        };
        let current = current_of(txn, v.citizen_id).await?;
        if current.as_ref().map(|c| c.id) != Some(v.id) {
            return Ok(error(
                "versionId",
                UserErrorCode::StaleVersion,
                "a newer version of your plan exists; read and acknowledge that one",
            ));
        }
        if !v.acknowledgement_requested {
            return Ok(error(
                "versionId",
                UserErrorCode::Invalid,
                "this version was sent by Digital Post and needs no acknowledgement",
            ));
        }
        let row = plan_acknowledgement::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_version_id: Set(v.id),
            citizen_id: Set(v.citizen_id),
            content_hash: Set(v.content_hash.clone()),
            channel: Set(AcknowledgementChannel::Portal),
            acknowledged_at: Set(now),
        };
        // Acknowledging twice (or two taps racing) keeps the first acknowledgement.
        plan_acknowledgement::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(plan_acknowledgement::Column::PlanVersionId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        Ok(Outcome::ok(v.id))
    })
    .await?;
    Ok(PlanVersionPayload {
        version: load_version(db, outcome.id).await?,
        user_errors: outcome.user_errors,
    })
}

/// `requestPlanLanguage`: records a request for a version in another language.
pub async fn request_language(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RequestPlanLanguageInput,
) -> AppResult<PlanVersionPayload> {
    let now = clock.now();
    let version_id = PlanVersionId::parse(&input.version_id, "versionId")?;
    let language = input.language.trim().to_lowercase();
    let key = input.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "requestPlanLanguage", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            return Ok(error(
                "language",
                UserErrorCode::Invalid,
                "give a two-letter ISO 639-1 code such as `en` or `ar`",
            ));
        }
        if language == "da" {
            return Ok(error(
                "language",
                UserErrorCode::Invalid,
                "plans are written in Danish; ask for another language",
            ));
        }
        // A citizen sees a version once it is delivered; staff see every version.
        let Some(v) = plan_version::Entity::find_by_id(version_id)
            .filter(scope::versions_visible_to(viewer))
            .one(txn)
            .await?
        else {
            return Ok(error(
                "versionId",
                UserErrorCode::NotFound,
                "no plan version of yours has this id",
            ));
        };
        let row = plan_language_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_version_id: Set(v.id),
            citizen_id: Set(v.citizen_id),
            language: Set(language.clone()),
            requested_by_role: Set(viewer.role().claim().to_string()),
            requested_at: Set(now),
            status: Set(LanguageRequestStatus::Requested),
        };
        plan_language_request::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([
                    plan_language_request::Column::PlanVersionId,
                    plan_language_request::Column::Language,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        Ok(Outcome::ok(v.id))
    })
    .await?;
    Ok(PlanVersionPayload {
        version: load_version(db, outcome.id).await?,
        user_errors: outcome.user_errors,
    })
}

/// Current versions still waiting for an acknowledgement on the cases the viewer works on (a
/// caseworker's caseload, a manager's job centre), longest waiting first, a page at a time.
pub async fn awaiting_acknowledgement(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Connection<IdCursor, PlanAwaitingAcknowledgement>> {
    let page = PageRequest::new(first, after)?;
    let select = plan_version::Entity::find()
        .filter(scope::versions_visible_to(viewer))
        .filter(
            plan_version::Column::CitizenId.in_subquery(cases::scope::citizens_worked_by(viewer)),
        )
        .filter(plan_version::Column::AcknowledgementRequested.eq(true))
        .filter(plan_version::Column::SupersededAt.is_null())
        .filter(
            plan_version::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(plan_acknowledgement::Column::PlanVersionId)
                    .from(plan_acknowledgement::Entity)
                    .to_owned(),
            ),
        );
    // Version ids are time-ordered (UUID v7, made at publication): oldest id, longest waiting.
    let (rows, more) = pagination::fetch_page(
        db,
        select,
        plan_version::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let owners: Vec<(Uuid, Uuid, Uuid)> = rows
        .iter()
        .map(|v| (v.id, v.citizen_id, v.jobcentre_id))
        .collect();
    let today = danish_date(now);
    let items: Vec<PlanAwaitingAcknowledgement> = with_details(db, rows)
        .await?
        .into_iter()
        .zip(owners)
        .map(
            |(v, (version_id, citizen_id, jobcentre_id))| PlanAwaitingAcknowledgement {
                version_id,
                days_waiting: (today - danish_date(v.0.published_at)).num_days(),
                citizen_id,
                jobcentre_id,
                version: v,
            },
        )
        .collect();
    Ok(pagination::connection(
        items,
        more,
        page,
        |a| a.version_id,
        |a| a,
    ))
}
