//! Follow-up on goals (`000:171-176`): the citizen sends information and documentation on a
//! goal or activity of the current plan; providers and companies comment on the activities they
//! run or host. Each submission alerts the caseworker.

use jobbro_entities::{enums::FollowUpAuthor, plan_attachment, plan_follow_up, plan_version};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{activities, content::PlanContent, types::*};
use crate::{
    citizens,
    kernel::clock::SharedClock,
    kernel::error::AppResult,
    kernel::files::{FileStore, check_files},
    kernel::ids::CitizenId,
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

pub use crate::kernel::files::{MAX_FILE_BYTES, MAX_FILES, NewFile};

/// A citizen's follow-up as sent.
pub struct NewFollowUp {
    pub item_id: String,
    pub text: String,
    pub files: Vec<NewFile>,
    pub idempotency_key: Option<String>,
}

/// What an idempotency key of `submitPlanFollowUp` stands for: the item, the text and each
/// file's name, type and SHA-256 (not the bytes themselves).
#[derive(Serialize)]
struct Sent<'a> {
    item_id: &'a str,
    text: &'a str,
    files: Vec<(&'a str, &'a str, String)>,
}

impl NewFollowUp {
    fn sent(&self) -> Sent<'_> {
        Sent {
            item_id: &self.item_id,
            text: &self.text,
            files: self
                .files
                .iter()
                .map(|f| {
                    let digest = hex::encode(Sha256::digest(&f.bytes));
                    (f.filename.as_str(), f.content_type.as_str(), digest)
                })
                .collect(),
        }
    }
}

fn error(field: &str, code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(&["input", field], code, message))
}

async fn load(db: &impl ConnectionTrait, id: Option<Uuid>) -> AppResult<Option<FollowUp>> {
    let Some(id) = id else { return Ok(None) };
    let Some(f) = plan_follow_up::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let files = plan_attachment::Entity::find()
        .filter(plan_attachment::Column::FollowUpId.eq(id))
        .order_by_asc(plan_attachment::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(Some(FollowUp::new(f, files)))
}

async fn current_version(
    db: &impl ConnectionTrait,
    citizen_id: CitizenId,
) -> AppResult<Option<(plan_version::Model, PlanContent)>> {
    let Some(v) = super::versions::in_force(db, [citizen_id.0]).await?.pop() else {
        return Ok(None);
    };
    let content = super::versions::content_of(&v.content)?;
    Ok(Some((v, content)))
}

/// `submitPlanFollowUp`: the citizen sends information, with files, on a goal or activity.
pub async fn submit(
    db: &DatabaseConnection,
    clock: &SharedClock,
    store: &dyn FileStore,
    viewer: &Viewer,
    new: NewFollowUp,
) -> AppResult<FollowUpPayload> {
    let now = clock.now();
    let key = new.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "submitPlanFollowUp", &new.sent())?;
    let NewFollowUp {
        item_id,
        text,
        files,
        ..
    } = new;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if text.trim().is_empty() {
            return Ok(error(
                "text",
                UserErrorCode::Invalid,
                "write what you want to tell the job centre",
            ));
        }
        if let Some(e) = check_files(&files) {
            return Ok(Outcome::err(e));
        }
        let own = citizens::scope::own(txn, viewer).await?;
        let current = match &own {
            Some(person) => current_version(txn, person.id()).await?,
            None => None,
        };
        let Some((version, content)) = current else {
            return Ok(error(
                "itemId",
                UserErrorCode::NotFound,
                "you have no plan yet",
            ));
        };
        if !content.has_item(&item_id) {
            return Ok(error(
                "itemId",
                UserErrorCode::NotFound,
                "no goal or activity of your current plan has this id",
            ));
        }
        let id = Uuid::now_v7();
        plan_follow_up::Entity::insert(plan_follow_up::ActiveModel {
            id: Set(id),
            plan_id: Set(version.plan_id),
            jobcentre_id: Set(version.jobcentre_id),
            citizen_id: Set(version.citizen_id),
            plan_version_id: Set(version.id),
            item_id: Set(item_id.clone()),
            author_kind: Set(FollowUpAuthor::Citizen),
            author_subject: Set(viewer.subject().to_string()),
            author_organisation: Set(None),
            text: Set(text.trim().to_string()),
            created_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
        for f in &files {
            let key = store
                .put(txn, &f.content_type, f.bytes.clone(), now)
                .await?;
            plan_attachment::Entity::insert(plan_attachment::ActiveModel {
                id: Set(Uuid::now_v7()),
                follow_up_id: Set(id),
                file_key: Set(key),
                filename: Set(f.filename.clone()),
                content_type: Set(f.content_type.clone()),
                size_bytes: Set(f.bytes.len() as i64),
                created_at: Set(now),
            })
            .exec_without_returning(txn)
            .await?;
        }
        let event = DomainEvent::PlanFollowUpSubmitted {
            follow_up_id: id,
            citizen_id: version.citizen_id,
        };
        outbox::enqueue(txn, now, Some(version.jobcentre_id), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    Ok(FollowUpPayload {
        follow_up: load(db, outcome.id).await?,
        user_errors: outcome.user_errors,
    })
}

/// `commentOnPlanActivity`: a provider or company comments on an activity it runs or hosts.
pub async fn comment(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: CommentOnPlanActivityInput,
) -> AppResult<FollowUpPayload> {
    let now = clock.now();
    let citizen_id = CitizenId::parse(&input.citizen_id, "citizenId")?;
    let key = input.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "commentOnPlanActivity", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if input.text.trim().is_empty() {
            return Ok(error("text", UserErrorCode::Invalid, "write the comment"));
        }
        let not_yours = || {
            error(
                "activityId",
                UserErrorCode::NotFound,
                "no activity of this citizen's current plan is run or hosted by your organisation",
            )
        };
        let no_citizen = || {
            error(
                "citizenId",
                UserErrorCode::NotFound,
                "no citizen you work with has this id",
            )
        };
        // Providers reach the citizens referred to them; companies reach a citizen only through
        // an activity they host in the plan in force.
        let author = match viewer {
            Viewer::Provider(_) => {
                if citizens::scope::find(txn, viewer, citizen_id)
                    .await?
                    .is_none()
                {
                    return Ok(no_citizen());
                }
                FollowUpAuthor::Provider
            }
            Viewer::Company(_) => FollowUpAuthor::Company,
            Viewer::Citizen { .. } | Viewer::Staff(_) | Viewer::Integration { .. } => {
                return Ok(no_citizen());
            }
        };
        let ours = activities::in_force_of(txn, viewer, citizen_id.0).await?;
        if author == FollowUpAuthor::Company && ours.is_empty() {
            return Ok(no_citizen());
        }
        let Some(version) = ours
            .into_iter()
            .find(|a| a.activity_key == input.activity_id)
        else {
            return Ok(not_yours());
        };
        let org = viewer.organisation();
        let id = Uuid::now_v7();
        plan_follow_up::Entity::insert(plan_follow_up::ActiveModel {
            id: Set(id),
            plan_id: Set(version.plan_id),
            jobcentre_id: Set(version.jobcentre_id),
            citizen_id: Set(version.citizen_id),
            plan_version_id: Set(version.plan_version_id),
            item_id: Set(input.activity_id.clone()),
            author_kind: Set(author),
            author_subject: Set(viewer.subject().to_string()),
            author_organisation: Set(org),
            text: Set(input.text.trim().to_string()),
            created_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
        let event = DomainEvent::PlanFollowUpSubmitted {
            follow_up_id: id,
            citizen_id: version.citizen_id,
        };
        outbox::enqueue(txn, now, Some(version.jobcentre_id), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    Ok(FollowUpPayload {
        follow_up: load(db, outcome.id).await?,
        user_errors: outcome.user_errors,
    })
}
