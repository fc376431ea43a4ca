//! Drafts and publication: staff edit the draft and publish it as a numbered, hashed, immutable
//! version, delivered in the portal or by Digital Post (rule 5).

use jobbro_entities::{
    enums::{PlanDelivery, VisitationCategory},
    plan, plan_version,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    acknowledgement::load_version, content::PlanContent, loader::StaffPlanByCitizen, types::*,
    versions::content_of,
};
use crate::{
    cases,
    citizens::{self, Visible},
    kernel::batch::{BatchLoad, LoadContext},
    kernel::clock::SharedClock,
    kernel::error::AppResult,
    kernel::ids::CitizenId,
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// The unique index that allows one plan per citizen.
pub const ONE_PLAN_PER_CITIZEN: &str = "ux_plans_citizen_id";
/// The unique index that numbers a plan's versions without gaps or twins.
pub const ONE_VERSION_PER_NUMBER: &str = "ux_plan_versions_plan_id_number";

pub(super) fn error(field: &str, code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(&["input", field], code, message))
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

/// An offer granted elsewhere (a subsidised placement) that the citizen's plan must hold.
#[derive(Debug, Clone)]
pub struct GrantedOffer {
    /// The offer kind's reference-data code, e.g. `LOENTILSKUD`.
    pub offer_kind_code: String,
    /// What the offer is, e.g. "Løntilskud hos Nordby Bageri ApS".
    pub description: String,
    /// The company hosting it.
    pub company_id: Uuid,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: Option<chrono::NaiveDate>,
}

/// Puts a granted offer into the citizen's plan draft (creating the plan when there is none),
/// as an offer and the activity that carries its company and dates, inside the caller's
/// transaction, and returns the draft's new version, or None when someone changed the draft
/// meanwhile (the caller refuses, and the step is tried again). The offer is valid once a
/// published and delivered version holds it (rule 5): the caseworker publishes the draft.
pub async fn add_granted_offer(
    txn: &sea_orm::DatabaseTransaction,
    citizen: &Visible,
    offer: GrantedOffer,
    by: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<i32>> {
    let person = citizen.record();
    let existing = plan::Entity::find()
        .filter(plan::Column::CitizenId.eq(person.id))
        .one(txn)
        .await?;
    let mut content = existing
        .as_ref()
        .map(|p| PlanContent::from_json(&p.draft))
        .unwrap_or_default();
    content.offers.push(super::content::PlanOffer {
        id: super::content::new_id("offer"),
        offer_kind_code: offer.offer_kind_code,
        description: offer.description.clone(),
    });
    content.activities.push(super::content::PlanActivity {
        id: super::content::new_id("activity"),
        description: offer.description,
        goal_id: None,
        starts_on: Some(offer.starts_on),
        ends_on: offer.ends_on,
        provider_id: None,
        company_id: Some(offer.company_id),
    });
    match existing {
        None => {
            let row = plan::ActiveModel {
                id: Set(Uuid::now_v7()),
                jobcentre_id: Set(person.jobcentre_id),
                citizen_id: Set(person.id),
                draft: Set(content.to_json()),
                draft_version: Set(1),
                draft_updated_at: Set(now),
                draft_updated_by: Set(Some(by)),
                created_at: Set(now),
            };
            let raced = UserError::new(&[], UserErrorCode::StaleVersion, "");
            Ok(runner::insert_or(txn, row, ONE_PLAN_PER_CITIZEN, raced)
                .await?
                .ok()
                .map(|()| 1))
        }
        Some(p) => {
            let changed = plan::Entity::update_many()
                .col_expr(plan::Column::Draft, Expr::value(content.to_json()))
                .col_expr(plan::Column::DraftVersion, Expr::value(p.draft_version + 1))
                .col_expr(plan::Column::DraftUpdatedAt, Expr::value(now))
                .col_expr(plan::Column::DraftUpdatedBy, Expr::value(Some(by)))
                .filter(plan::Column::Id.eq(p.id))
                .filter(plan::Column::DraftVersion.eq(p.draft_version))
                .exec(txn)
                .await?
                .rows_affected;
            Ok((changed == 1).then_some(p.draft_version + 1))
        }
    }
}
