//! After publication: the citizen acknowledges the current version (rule 5, `003:401-438`) or
//! asks for it in another language, and staff follow who has not acknowledged yet.

use super::{scope, service::error, types::*, versions::with_details};
use crate::{
    cases,
    kernel::clock::{SharedClock, danish_date},
    kernel::error::AppResult,
    kernel::ids::PlanVersionId,
    kernel::pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserErrorCode},
    kernel::viewer::Viewer,
};
use chrono::{DateTime, Utc};
use jobbro_entities::{
    enums::{AcknowledgementChannel, LanguageRequestStatus},
    plan_acknowledgement, plan_language_request, plan_version,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

pub(super) async fn load_version(
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
pub(super) async fn current_of(
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
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    args: PageArgs,
) -> AppResult<IdConnection<PlanAwaitingAcknowledgement>> {
    let page = PageRequest::new(args)?;
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
    let mut page = pagination::fetch_page(
        db,
        select,
        plan_version::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let rows = std::mem::take(&mut page.rows);
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
        page.with_rows(items),
        |a| a.version_id,
        |a| a,
    ))
}
