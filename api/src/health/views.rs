//! Health requests as the caseworker on the case, a manager and the citizen see them, the
//! certificate types staff may ask for, and the inputs and payloads of the mutations.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, HealthMessageSender, HealthRecipientKind, HealthRequestState},
    health_document, health_message,
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    loader::{
        DocumentsByCitizen, Listed, MessagesByCitizen, QuestionsByCitizen, RequestsByCitizen,
    },
    service,
};
use crate::{
    citizens::Visible,
    kernel::{
        audit::AuditLog,
        batch,
        clock::danish_date,
        context::{clock, db},
        pagination,
        user_error::UserError,
    },
};

/// The most requests a citizen's list shows.
pub const MAX_REQUESTS: usize = 50;
/// The most documents, messages or questions a request shows.
pub const MAX_CONTENT: usize = 50;
/// The most certificate types listed.
pub const MAX_TYPES: usize = 50;

/// Where a request for health information stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum HealthRequestStatus {
    /// Sent to the clinician; the answer is not due yet.
    Requested,
    /// Sent to the clinician and not answered by its due date.
    Overdue,
    /// The clinician's document arrived and is being filed on the case.
    Received,
    /// The document is filed on the case.
    Filed,
}

impl HealthRequestStatus {
    /// The status of a request stored as `state`, due on `due_on`, on `today`.
    pub fn of(state: HealthRequestState, due_on: NaiveDate, today: NaiveDate) -> Self {
        match state {
            HealthRequestState::Requested if today > due_on => Self::Overdue,
            HealthRequestState::Requested => Self::Requested,
            HealthRequestState::Received => Self::Received,
            HealthRequestState::Filed => Self::Filed,
        }
    }
}

/// A citizen's health requests as job-centre staff see them.
pub struct StaffHealth(pub Visible);

#[Object]
impl StaffHealth {
    /// Requests for health information about the citizen, newest first: at most 50. A
    /// caseworker sees those on cases assigned to them, with their content; a manager sees every
    /// request of the job centre without content (status, dates and certificate type).
    #[graphql(complexity = "pagination::list_cost(MAX_REQUESTS, child_complexity)")]
    async fn health_requests(&self, ctx: &Context<'_>) -> Result<Vec<HealthRequest>> {
        requests(ctx, &self.0).await
    }
}

/// The signed-in citizen's health requests.
pub struct OwnHealth(pub Visible);

#[Object]
impl OwnHealth {
    /// Requests the job centre sent to a clinician for health information about you, newest
    /// first: at most 50. You see that they exist and where they stand; the clinician's answer
    /// is read by your caseworker (ask the job centre for access to your records to see it).
    #[graphql(complexity = "pagination::list_cost(MAX_REQUESTS, child_complexity)")]
    async fn health_requests(&self, ctx: &Context<'_>) -> Result<Vec<HealthRequest>> {
        requests(ctx, &self.0).await
    }
}

/// The person's requests the viewer may list; that they exist is case information.
async fn requests(ctx: &Context<'_>, person: &Visible) -> Result<Vec<HealthRequest>> {
    person.read(ctx, AuditCategory::Case)?;
    let rows = batch::load::<RequestsByCitizen>(ctx, person.uuid(), person.peers()).await?;
    Ok(pagination::capped(
        rows.into_iter().map(|listed| HealthRequest {
            listed,
            person: Some(person.clone()),
            fresh: None,
        }),
        MAX_REQUESTS,
    ))
}

/// A request for health information to one clinician (UC2).
pub struct HealthRequest {
    pub listed: Listed,
    /// The citizen, for loading the content with the rest of the page; none in a payload.
    pub person: Option<Visible>,
    /// The content read directly, in a mutation's payload.
    pub fresh: Option<Vec<String>>,
}

/// A request for health information to one clinician (UC2).
#[Object]
impl HealthRequest {
    /// The request's id.
    async fn id(&self) -> ID {
        ID(self.listed.row.id.to_string())
    }
    /// The case it is for; the clinician's documents are filed there.
    async fn case_id(&self) -> ID {
        ID(self.listed.row.case_id.to_string())
    }
    /// Who was asked.
    async fn recipient_kind(&self) -> HealthRecipientKind {
        self.listed.row.recipient_kind
    }
    /// The clinician or department asked.
    async fn recipient_name(&self) -> &str {
        &self.listed.row.recipient_name
    }
    /// What was asked for: a code of `caseworker { healthCertificateTypes }`.
    async fn certificate_type(&self) -> &str {
        &self.listed.row.certificate_type_code
    }
    /// Where it stands today (Danish time): `OVERDUE` once the due date has passed unanswered.
    async fn status(&self, ctx: &Context<'_>) -> Result<HealthRequestStatus> {
        Ok(HealthRequestStatus::of(
            self.listed.row.status,
            self.listed.row.due_on,
            danish_date(clock(ctx)?.now()),
        ))
    }
    /// When it was sent.
    async fn requested_at(&self) -> DateTime<Utc> {
        self.listed.row.requested_at
    }
    /// The caseworker who sent it.
    async fn requested_by_id(&self) -> ID {
        ID(self.listed.row.requested_by.to_string())
    }
    /// The day the answer is due (the certificate type's days after sending).
    async fn due_on(&self) -> NaiveDate {
        self.listed.row.due_on
    }
    /// When the clinician's latest document arrived.
    async fn received_at(&self) -> Option<DateTime<Utc>> {
        self.listed.row.received_at
    }
    /// When it was filed on the case.
    async fn filed_at(&self) -> Option<DateTime<Utc>> {
        self.listed.row.filed_at
    }
    /// The questions, the clinician's documents and the thread: null unless you are the
    /// caseworker assigned to the request's case. Every document read is logged in the
    /// citizen's access log (category `HEALTH`).
    async fn content(&self) -> Option<HealthRequestContent> {
        self.listed.readable.then(|| HealthRequestContent {
            request_id: self.listed.row.id,
            citizen_id: self.listed.row.citizen_id,
            jobcentre_id: self.listed.row.jobcentre_id,
            person: self.person.clone(),
            fresh: self.fresh.clone(),
        })
    }
}

/// What was asked and answered in a request: health information, for the caseworker on the
/// case only.
pub struct HealthRequestContent {
    request_id: Uuid,
    citizen_id: Uuid,
    jobcentre_id: Uuid,
    person: Option<Visible>,
    fresh: Option<Vec<String>>,
}

impl HealthRequestContent {
    /// Notes a read of the request's health information (the thread, the questions).
    fn audit(&self, ctx: &Context<'_>, record: Uuid) -> Result<()> {
        ctx.data::<AuditLog>()?
            .record_health(self.citizen_id, self.jobcentre_id, record);
        Ok(())
    }
}

/// What was asked and answered in a request.
#[Object]
impl HealthRequestContent {
    /// The request this is the content of.
    async fn request_id(&self) -> ID {
        ID(self.request_id.to_string())
    }
    /// The questions put to the clinician, in order (at most 10).
    async fn questions(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        self.audit(ctx, self.request_id)?;
        if let Some(fresh) = &self.fresh {
            return Ok(fresh.clone());
        }
        let Some(person) = &self.person else {
            return Ok(Vec::new());
        };
        let mut all = batch::load::<QuestionsByCitizen>(ctx, person.uuid(), person.peers()).await?;
        Ok(all.remove(&self.request_id).unwrap_or_default())
    }
    /// The clinician's documents, oldest first: at most 50. Each read is a row of its own in
    /// the citizen's access log.
    #[graphql(complexity = "pagination::list_cost(MAX_CONTENT, child_complexity)")]
    async fn documents(&self, ctx: &Context<'_>) -> Result<Vec<HealthDocument>> {
        let Some(person) = &self.person else {
            return Ok(Vec::new());
        };
        let mut all = batch::load::<DocumentsByCitizen>(ctx, person.uuid(), person.peers()).await?;
        let docs = pagination::capped(
            all.remove(&self.request_id).unwrap_or_default(),
            MAX_CONTENT,
        );
        let log = ctx.data::<AuditLog>()?;
        for doc in &docs {
            log.record_health(doc.citizen_id, doc.jobcentre_id, doc.id);
        }
        Ok(docs.into_iter().map(HealthDocument).collect())
    }
    /// The messages with the clinician about this request, oldest first: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_CONTENT, child_complexity)")]
    async fn messages(&self, ctx: &Context<'_>) -> Result<Vec<HealthMessage>> {
        self.audit(ctx, self.request_id)?;
        let Some(person) = &self.person else {
            return Ok(Vec::new());
        };
        let mut all = batch::load::<MessagesByCitizen>(ctx, person.uuid(), person.peers()).await?;
        Ok(pagination::capped(
            all.remove(&self.request_id)
                .unwrap_or_default()
                .into_iter()
                .map(HealthMessage),
            MAX_CONTENT,
        ))
    }
}

/// A clinician's document (a certificate, a statement), filed on the case.
pub struct HealthDocument(pub health_document::Model);

/// A clinician's document (a certificate, a statement), filed on the case.
#[Object]
impl HealthDocument {
    /// The document's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Its text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// When it arrived.
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at
    }
}

/// A message between the caseworker and the clinician about one request.
pub struct HealthMessage(pub health_message::Model);

/// A message between the caseworker and the clinician about one request.
#[Object]
impl HealthMessage {
    /// The message's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Who wrote it.
    async fn sender(&self) -> HealthMessageSender {
        self.0.sender
    }
    /// The caseworker who wrote it; null for the clinician.
    async fn caseworker_id(&self) -> Option<ID> {
        self.0.caseworker_id.map(|id| ID(id.to_string()))
    }
    /// The text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// When it was sent.
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
}

/// The certificate types job-centre staff may ask for.
#[derive(Default)]
pub struct StaffHealthReference;

#[Object]
impl StaffHealthReference {
    /// What a caseworker may ask a clinician for, with the days the clinician has to answer and
    /// help questions: at most 50. Help questions inspire the request's own questions; a
    /// question equal to one is refused.
    #[graphql(complexity = "pagination::list_cost(MAX_TYPES, child_complexity)")]
    async fn health_certificate_types(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<HealthCertificateType>> {
        Ok(pagination::capped(
            service::certificate_types(db(ctx)?).await?,
            MAX_TYPES,
        ))
    }
}

/// A kind of certificate or statement a clinician may be asked for.
#[derive(SimpleObject, Clone)]
pub struct HealthCertificateType {
    /// The code, e.g. `LAE_265`.
    pub code: String,
    /// Its name, in Danish.
    pub label: String,
    /// Calendar days from the request to the answer's due date.
    pub answer_days: i32,
    /// Help questions, in order (never sent as they are).
    pub question_templates: Vec<String>,
}

/// The result of `requestHealthInformation`.
#[derive(SimpleObject)]
pub struct HealthRequestPayload {
    /// The request sent, unless there are user errors.
    pub health_request: Option<HealthRequest>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `sendHealthMessage`.
#[derive(SimpleObject)]
pub struct HealthMessagePayload {
    /// The message sent, unless there are user errors.
    pub health_message: Option<HealthMessage>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of the integration's deliveries (`deliverHealthDocument`,
/// `postClinicianMessage`).
#[derive(SimpleObject)]
pub struct HealthDeliveryPayload {
    /// The request delivered to; null when there are user errors.
    pub health_request_id: Option<ID>,
    /// What was wrong with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `requestHealthInformation`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RequestHealthInformationInput {
    /// The case, of your job centre, open and assigned to you.
    pub case_id: ID,
    /// Who is asked.
    pub recipient_kind: HealthRecipientKind,
    /// The clinician or department asked (e.g. "Lægerne i Søndergade"); not empty.
    pub recipient_name: String,
    /// What is asked for: a code of `caseworker { healthCertificateTypes }`.
    pub certificate_type: String,
    /// One to ten questions written for this case, each up to 2,000 characters; a question equal
    /// to a help question of the certificate type is refused.
    pub questions: Vec<String>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `sendHealthMessage`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SendHealthMessageInput {
    /// The request, on a case assigned to you.
    pub health_request_id: ID,
    /// The message to the clinician; 1 to 4,000 characters.
    pub body: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `deliverHealthDocument`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct DeliverHealthDocumentInput {
    /// The request the clinician answers.
    pub health_request_id: ID,
    /// The sending system's id of the document (1 to 200 characters): a second delivery with
    /// the same id changes nothing.
    pub external_id: String,
    /// The document's title; not empty.
    pub title: String,
    /// The document's text; not empty.
    pub body: String,
}

/// Input of `postClinicianMessage`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PostClinicianMessageInput {
    /// The request the message is about.
    pub health_request_id: ID,
    /// The clinician's message; 1 to 4,000 characters.
    pub body: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}
