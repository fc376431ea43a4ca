//! Plan types, inputs and payloads.

use async_graphql::{
    ComplexObject, Context, ID, InputObject, MergedObject, Result, SimpleObject, Upload,
};
use chrono::{DateTime, Utc};
use jobbro_entities::{
    enums::{
        AcknowledgementChannel, AuditCategory, FollowUpAuthor, LanguageRequestStatus, PlanDelivery,
    },
    plan_acknowledgement, plan_attachment, plan_follow_up, plan_language_request, plan_version,
};
use serde::Serialize;

use super::content::MAX_ITEMS;
use super::content::{PlanActivity, PlanAppointment, PlanContent, PlanGoal};
use crate::{
    citizens::scope::audit,
    kernel::{pagination, user_error::UserError},
};

/// The most versions a plan's list shows (the newest).
pub const MAX_VERSIONS: usize = 20;
/// The most follow-ups a version lists (the latest).
pub const MAX_FOLLOW_UPS: usize = 20;
/// The most language requests a version lists (the latest).
pub const MAX_LANGUAGE_REQUESTS: usize = 10;

/// One published version of a citizen's plan (Min Plan): immutable, numbered, hashed; as the
/// citizen and job-centre staff see it.
#[derive(Clone, MergedObject)]
pub struct PlanVersion(pub VersionContent, pub VersionFollowUps);

/// A participant's plan version as a provider sees it: the plan and what was agreed, never the
/// follow-ups (which may hold what only the job centre may read).
#[derive(Clone, MergedObject)]
pub struct ProviderPlanVersion(pub VersionContent);

/// The content and state of a published version, shown to everyone who sees the version.
#[derive(Clone, SimpleObject)]
#[graphql(complex)]
pub struct VersionContent {
    /// The version's id, for `acknowledgePlan`.
    pub id: ID,
    /// 1 for the first published version, then 2, 3, …
    pub number: i32,
    /// SHA-256 of the version's content; an acknowledgement confirms exactly this.
    pub content_hash: String,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// The caseworker who published it.
    pub published_by: ID,
    /// How it reaches the citizen: in the portal (citizens obliged to use it) or by Digital Post.
    pub delivery: PlanDelivery,
    /// When it reached the citizen; null while a Digital Post letter is on its way.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Whether the citizen is asked to acknowledge it (only citizens obliged to use the portal).
    pub acknowledgement_requested: bool,
    /// When a newer version replaced it; null for the current version.
    pub superseded_at: Option<DateTime<Utc>>,
    /// The citizen's acknowledgement (kvittering), if given.
    pub acknowledgement: Option<PlanAcknowledgement>,
    /// Goals: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub goals: Vec<PlanGoal>,
    /// Agreed activities: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub activities: Vec<PlanActivity>,
    /// Appointments: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub appointments: Vec<PlanAppointment>,
    /// Requests for the version in another language, oldest first: the latest 10.
    #[graphql(complexity = "pagination::list_cost(MAX_LANGUAGE_REQUESTS, child_complexity)")]
    pub language_requests: Vec<LanguageRequest>,
    #[graphql(skip)]
    pub content: PlanContent,
}

#[ComplexObject]
impl VersionContent {
    /// Valid only once delivered (`003:401-438`): a version not delivered binds nobody.
    async fn valid(&self) -> bool {
        self.delivered_at.is_some()
    }
    /// The offers, each valid only if the version is: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    async fn offers(&self) -> Vec<PlanVersionOffer> {
        self.content
            .offers
            .iter()
            .map(|o| PlanVersionOffer {
                id: o.id.clone(),
                offer_kind_code: o.offer_kind_code.clone(),
                description: o.description.clone(),
                valid: self.delivered_at.is_some(),
            })
            .collect()
    }
}

/// The follow-ups of a version (for the citizen and job-centre staff only).
#[derive(Clone, SimpleObject)]
pub struct VersionFollowUps {
    /// Information, documentation and comments sent on the goals and activities of this
    /// version, oldest first: the latest 20.
    #[graphql(complexity = "pagination::list_cost(MAX_FOLLOW_UPS, child_complexity)")]
    pub follow_ups: Vec<FollowUp>,
}

impl PlanVersion {
    /// The id of the version.
    pub fn id(&self) -> &ID {
        &self.0.id
    }

    /// What a provider may see of it.
    pub fn for_provider(self) -> ProviderPlanVersion {
        ProviderPlanVersion(self.0)
    }

    pub fn new(
        v: plan_version::Model,
        content: PlanContent,
        ack: Option<plan_acknowledgement::Model>,
        languages: Vec<plan_language_request::Model>,
        follow_ups: Vec<FollowUp>,
    ) -> Self {
        let content = VersionContent {
            id: ID(v.id.to_string()),
            number: v.number,
            content_hash: v.content_hash,
            published_at: v.published_at,
            published_by: ID(v.published_by.to_string()),
            delivery: v.delivery,
            delivered_at: v.delivered_at,
            acknowledgement_requested: v.acknowledgement_requested,
            superseded_at: v.superseded_at,
            acknowledgement: ack.map(PlanAcknowledgement::from),
            goals: content.goals.clone(),
            activities: content.activities.clone(),
            appointments: content.appointments.clone(),
            language_requests: latest(languages, MAX_LANGUAGE_REQUESTS)
                .into_iter()
                .map(LanguageRequest::from)
                .collect(),
            content,
        };
        let follow_ups = latest(follow_ups, MAX_FOLLOW_UPS);
        Self(content, VersionFollowUps { follow_ups })
    }
}

/// An offer in a published version, with its validity.
#[derive(Clone, SimpleObject)]
pub struct PlanVersionOffer {
    /// Stable id of the offer within the plan.
    pub id: String,
    /// The offer kind's reference-data code.
    pub offer_kind_code: String,
    /// What the offer is.
    pub description: String,
    /// False while the version is not delivered: the offer is not yet in force.
    pub valid: bool,
}

/// A citizen's acknowledgement of one plan version (kvittering).
#[derive(Clone, SimpleObject)]
pub struct PlanAcknowledgement {
    /// The content hash acknowledged.
    pub content_hash: String,
    /// Where it was given.
    pub channel: AcknowledgementChannel,
    /// When.
    pub acknowledged_at: DateTime<Utc>,
}

impl From<plan_acknowledgement::Model> for PlanAcknowledgement {
    fn from(a: plan_acknowledgement::Model) -> Self {
        Self {
            content_hash: a.content_hash,
            channel: a.channel,
            acknowledged_at: a.acknowledged_at,
        }
    }
}

/// A request for a plan version in another language. Recorded and shown; nothing is translated
/// automatically.
#[derive(Clone, SimpleObject)]
pub struct LanguageRequest {
    /// ISO 639-1 code, e.g. `en`.
    pub language: String,
    /// Requested, or provided by the job centre.
    pub status: LanguageRequestStatus,
    /// When it was requested.
    pub requested_at: DateTime<Utc>,
}

impl From<plan_language_request::Model> for LanguageRequest {
    fn from(r: plan_language_request::Model) -> Self {
        Self {
            language: r.language,
            status: r.status,
            requested_at: r.requested_at,
        }
    }
}

/// Information sent on a goal or an activity, by the citizen, a provider or a company.
#[derive(Clone, SimpleObject)]
pub struct FollowUp {
    /// The follow-up's id.
    pub id: ID,
    /// The goal or activity it concerns.
    pub item_id: String,
    /// Who sent it.
    pub author: FollowUpAuthor,
    /// The text.
    pub text: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Files sent with it: at most 5.
    #[graphql(complexity = "pagination::list_cost(super::follow_up::MAX_FILES, child_complexity)")]
    pub attachments: Vec<Attachment>,
}

impl FollowUp {
    pub fn new(f: plan_follow_up::Model, attachments: Vec<plan_attachment::Model>) -> Self {
        Self {
            id: ID(f.id.to_string()),
            item_id: f.item_id,
            author: f.author_kind,
            text: f.text,
            created_at: f.created_at,
            attachments: attachments.into_iter().map(Attachment::from).collect(),
        }
    }
}

/// A file sent with a follow-up.
#[derive(Clone, SimpleObject)]
pub struct Attachment {
    /// The attachment's id.
    pub id: ID,
    /// The file name as sent.
    pub filename: String,
    /// Its type: PDF, JPEG or PNG.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// Where to read the file: `GET` this path on the API's host with the same bearer token.
    /// The answer is the file itself (`Content-Disposition: attachment`), or 404 for anyone who
    /// may not read it.
    pub url: String,
}

impl From<plan_attachment::Model> for Attachment {
    fn from(a: plan_attachment::Model) -> Self {
        Self {
            url: super::files::url(a.id),
            id: ID(a.id.to_string()),
            filename: a.filename,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
        }
    }
}

/// A citizen's plan as staff see it: the draft being edited and every published version.
#[derive(Clone, SimpleObject)]
pub struct CaseworkerPlan {
    /// The draft's version for `expectedDraftVersion`.
    pub draft_version: i32,
    /// When the draft was last changed.
    pub draft_updated_at: DateTime<Utc>,
    /// The draft's goals: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub draft_goals: Vec<PlanGoal>,
    /// The draft's activities: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub draft_activities: Vec<PlanActivity>,
    /// The draft's offers: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub draft_offers: Vec<super::content::PlanOffer>,
    /// The draft's appointments: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_ITEMS, child_complexity)")]
    pub draft_appointments: Vec<PlanAppointment>,
    /// Published versions, newest first; invalid (undelivered) ones included and marked. The
    /// newest 20.
    #[graphql(complexity = "pagination::list_cost(MAX_VERSIONS, child_complexity)")]
    pub versions: Vec<PlanVersion>,
}

/// A version waiting for the citizen's acknowledgement.
pub struct PlanAwaitingAcknowledgement {
    pub version_id: uuid::Uuid,
    pub citizen_id: uuid::Uuid,
    pub jobcentre_id: uuid::Uuid,
    pub version: PlanVersion,
    pub days_waiting: i64,
}

impl PlanAwaitingAcknowledgement {
    /// Which citizen is waiting is itself case data: every field leaves an access-log row.
    fn audit(&self, ctx: &Context<'_>) -> Result<()> {
        audit(ctx, self.citizen_id, self.jobcentre_id, AuditCategory::Case)
    }
}

/// A version waiting for the citizen's acknowledgement.
#[async_graphql::Object]
impl PlanAwaitingAcknowledgement {
    /// The citizen.
    async fn citizen_id(&self, ctx: &Context<'_>) -> Result<ID> {
        self.audit(ctx)?;
        Ok(ID(self.citizen_id.to_string()))
    }
    /// The version.
    async fn version(&self, ctx: &Context<'_>) -> Result<&PlanVersion> {
        self.audit(ctx)?;
        Ok(&self.version)
    }
    /// Days since it was published.
    async fn days_waiting(&self, ctx: &Context<'_>) -> Result<i64> {
        self.audit(ctx)?;
        Ok(self.days_waiting)
    }
}

/// Input of `updatePlanDraft`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct UpdatePlanDraftInput {
    /// The citizen whose plan it is.
    pub citizen_id: ID,
    /// The whole new draft content.
    pub content: super::content::PlanContentInput,
    /// The `draftVersion` you read (0 when the citizen has no plan yet).
    pub expected_draft_version: i32,
}

/// Result of `updatePlanDraft`.
#[derive(SimpleObject)]
pub struct UpdatePlanDraftPayload {
    /// The plan with the saved draft; null when `userErrors` is not empty.
    pub plan: Option<CaseworkerPlan>,
    /// What prevented saving, if anything.
    pub user_errors: Vec<UserError>,
}

/// Input of `publishPlan`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PublishPlanInput {
    /// The citizen whose draft to publish.
    pub citizen_id: ID,
    /// The `draftVersion` you reviewed; a newer draft is not published unseen.
    pub expected_draft_version: i32,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `publishPlan`.
#[derive(SimpleObject)]
pub struct PublishPlanPayload {
    /// The new version; null when `userErrors` is not empty.
    pub version: Option<PlanVersion>,
    /// What prevented publishing, if anything.
    pub user_errors: Vec<UserError>,
}

/// Input of `acknowledgePlan`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct AcknowledgePlanInput {
    /// The version you read; only the current one can be acknowledged.
    pub version_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `requestPlanLanguage`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestPlanLanguageInput {
    /// The version wanted in another language.
    pub version_id: ID,
    /// ISO 639-1 code, e.g. `en`, `ar`, `uk`.
    pub language: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `acknowledgePlan` and `requestPlanLanguage`.
#[derive(SimpleObject)]
pub struct PlanVersionPayload {
    /// The version as it now stands; null when `userErrors` is not empty.
    pub version: Option<PlanVersion>,
    /// What prevented it, if anything.
    pub user_errors: Vec<UserError>,
}

/// Input of `submitPlanFollowUp`.
#[derive(InputObject)]
pub struct SubmitPlanFollowUpInput {
    /// The goal or activity of your current plan the information concerns.
    pub item_id: String,
    /// The information.
    pub text: String,
    /// Documentation: PDF, JPEG or PNG files (multipart upload), at most 5 files.
    pub attachments: Option<Vec<Upload>>,
    /// Any unique string; sending the same follow-up (same text and files) again with the same
    /// key returns the first follow-up instead of sending it twice.
    pub idempotency_key: Option<String>,
}

/// Input of `commentOnPlanActivity`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CommentOnPlanActivityInput {
    /// The citizen.
    pub citizen_id: ID,
    /// The activity of the citizen's current plan that your organisation runs or hosts.
    pub activity_id: String,
    /// The comment.
    pub text: String,
    /// Any unique string; a retry with the same key returns the first comment instead of
    /// posting it twice.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Result of `submitPlanFollowUp` and `commentOnPlanActivity`.
#[derive(SimpleObject)]
pub struct FollowUpPayload {
    /// The follow-up; null when `userErrors` is not empty.
    pub follow_up: Option<FollowUp>,
    /// What prevented it, if anything.
    pub user_errors: Vec<UserError>,
}

/// An activity of a citizen's plan that the company hosts: all a company sees of plans.
pub struct CompanyPlanActivity {
    pub citizen_id: uuid::Uuid,
    pub jobcentre_id: uuid::Uuid,
    pub activity: PlanActivity,
}

/// An activity of a citizen's plan that the company hosts: all a company sees of plans.
#[async_graphql::Object]
impl CompanyPlanActivity {
    /// The citizen, for `commentOnPlanActivity`.
    async fn citizen_id(&self, ctx: &Context<'_>) -> Result<ID> {
        audit(ctx, self.citizen_id, self.jobcentre_id, AuditCategory::Case)?;
        Ok(ID(self.citizen_id.to_string()))
    }
    /// The activity.
    async fn activity(&self, ctx: &Context<'_>) -> Result<&PlanActivity> {
        audit(ctx, self.citizen_id, self.jobcentre_id, AuditCategory::Case)?;
        Ok(&self.activity)
    }
}

/// The last `n` of a list kept oldest first.
fn latest<T>(mut rows: Vec<T>, n: usize) -> Vec<T> {
    let skip = rows.len().saturating_sub(n);
    rows.drain(..skip);
    rows
}
