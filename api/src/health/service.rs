//! Requesting health information, the thread with the clinician, and the integration's
//! deliveries: each one transaction, answered with user errors for bad input.

use std::collections::HashSet;

use jobbro_entities::{
    enums::{HealthMessageSender, HealthRequestState},
    health_certificate_type, health_document, health_message, health_question_template,
    health_request, health_request_question,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

use super::{loader::Listed, scope, views::*};
use crate::{
    cases,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        ids::{CaseId, HealthRequestId},
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::{Staff, Viewer},
    },
    outbox::{self, DomainEvent},
};

/// The most questions a request may ask.
pub const MAX_QUESTIONS: usize = 10;
/// The longest question, in characters.
pub const MAX_QUESTION_LEN: usize = 2_000;
/// The longest id of a delivered document, in characters.
pub const MAX_EXTERNAL_ID_LEN: usize = 200;
/// The longest message, in characters.
pub const MAX_MESSAGE_LEN: usize = 4_000;

fn error(field: &[&str], code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(field, code, message))
}

/// A question as compared with the help questions: words only, in lower case.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The certificate types with their help questions, by code.
pub async fn certificate_types(db: &impl ConnectionTrait) -> AppResult<Vec<HealthCertificateType>> {
    let types = health_certificate_type::Entity::find()
        .order_by_asc(health_certificate_type::Column::Code)
        .all(db)
        .await?;
    let templates = health_question_template::Entity::find()
        .order_by_asc(health_question_template::Column::CertificateTypeCode)
        .order_by_asc(health_question_template::Column::Position)
        .all(db)
        .await?;
    Ok(types
        .into_iter()
        .map(|t| HealthCertificateType {
            question_templates: templates
                .iter()
                .filter(|q| q.certificate_type_code == t.code)
                .map(|q| q.text.clone())
                .collect(),
            code: t.code,
            label: t.label,
            answer_days: t.answer_days,
        })
        .collect())
}

/// The request `id` whose content `staff` may read.
async fn readable(
    db: &impl ConnectionTrait,
    staff: &Staff,
    id: Uuid,
) -> AppResult<Option<health_request::Model>> {
    Ok(health_request::Entity::find_by_id(id)
        .filter(scope::readable(staff))
        .one(db)
        .await?)
}

/// The questions' user errors, if any: one to ten, each written for the case.
fn question_errors(questions: &[String], templates: &HashSet<String>) -> Option<Outcome> {
    if questions.is_empty() || questions.len() > MAX_QUESTIONS {
        return Some(error(
            &["input", "questions"],
            UserErrorCode::Invalid,
            format!("ask 1 to {MAX_QUESTIONS} questions"),
        ));
    }
    for (i, question) in questions.iter().enumerate() {
        let at = i.to_string();
        let field = ["input", "questions", at.as_str()];
        let text = question.trim();
        if text.is_empty() || text.chars().count() > MAX_QUESTION_LEN {
            return Some(error(
                &field,
                UserErrorCode::Invalid,
                format!("a question has 1 to {MAX_QUESTION_LEN} characters"),
            ));
        }
        if templates.contains(&normalised(text)) {
            return Some(error(
                &field,
                UserErrorCode::Invalid,
                "this is a help question: write the question for this citizen's case",
            ));
        }
    }
    None
}

/// `requestHealthInformation`: asks a clinician for a certificate on a case assigned to the
/// caseworker, with questions written for the case; due after the type's answer days.
pub async fn request(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RequestHealthInformationInput,
) -> AppResult<HealthRequestPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let case_id = CaseId::parse(&input.case_id, "caseId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "requestHealthInformation",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let Some(case) = cases::service::visible(txn, viewer, case_id).await? else {
            return Ok(error(
                &["input", "caseId"],
                UserErrorCode::NotFound,
                "no case of your job centre has this id",
            ));
        };
        if !cases::service::is_assigned_to(txn, staff, case.id).await? {
            return Ok(error(
                &["input", "caseId"],
                UserErrorCode::NotAssigned,
                "only the caseworker assigned to the case may ask for health information on it",
            ));
        }
        if case.closed_at.is_some() {
            return Ok(error(
                &["input", "caseId"],
                UserErrorCode::WrongState,
                "the case is closed",
            ));
        }
        let recipient = input.recipient_name.trim();
        if recipient.is_empty() {
            return Ok(error(
                &["input", "recipientName"],
                UserErrorCode::Invalid,
                "name the clinician or department asked",
            ));
        }
        let Some(kind) =
            health_certificate_type::Entity::find_by_id(input.certificate_type.clone())
                .one(txn)
                .await?
        else {
            return Ok(error(
                &["input", "certificateType"],
                UserErrorCode::NotFound,
                "no certificate type has this code; see caseworker { healthCertificateTypes }",
            ));
        };
        let templates: HashSet<String> = health_question_template::Entity::find()
            .all(txn)
            .await?
            .iter()
            .map(|t| normalised(&t.text))
            .collect();
        if let Some(errors) = question_errors(&input.questions, &templates) {
            return Ok(errors);
        }
        let id = Uuid::now_v7();
        health_request::Entity::insert(health_request::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(case.jobcentre_id),
            citizen_id: Set(case.citizen_id),
            case_id: Set(case.id),
            requested_by: Set(staff.caseworker),
            recipient_kind: Set(input.recipient_kind),
            recipient_name: Set(recipient.to_string()),
            certificate_type_code: Set(kind.code),
            status: Set(HealthRequestState::Requested),
            requested_at: Set(now),
            due_on: Set(danish_date(now) + chrono::Duration::days(kind.answer_days.into())),
            received_at: Set(None),
            filed_at: Set(None),
            version: Set(1),
        })
        .exec_without_returning(txn)
        .await?;
        health_request_question::Entity::insert_many(input.questions.iter().enumerate().map(
            |(i, q)| health_request_question::ActiveModel {
                request_id: Set(id),
                position: Set(i as i32 + 1),
                text: Set(q.trim().to_string()),
            },
        ))
        .exec_without_returning(txn)
        .await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    let health_request = match outcome.id {
        Some(id) => readable(db, staff, id).await?.map(|row| HealthRequest {
            listed: Listed {
                row,
                readable: true,
            },
            person: None,
            fresh: Some(
                input
                    .questions
                    .iter()
                    .map(|q| q.trim().to_string())
                    .collect(),
            ),
        }),
        None => None,
    };
    Ok(HealthRequestPayload {
        health_request,
        user_errors: outcome.user_errors,
    })
}

/// A message's user error, if any.
fn body_error(body: &str) -> Option<Outcome> {
    let len = body.trim().chars().count();
    (len == 0 || len > MAX_MESSAGE_LEN).then(|| {
        error(
            &["input", "body"],
            UserErrorCode::Invalid,
            format!("a message has 1 to {MAX_MESSAGE_LEN} characters"),
        )
    })
}

async fn insert_message(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    sender: HealthMessageSender,
    caseworker: Option<Uuid>,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    health_message::Entity::insert(health_message::ActiveModel {
        id: Set(id),
        request_id: Set(request_id),
        sender: Set(sender),
        caseworker_id: Set(caseworker),
        body: Set(body.trim().to_string()),
        sent_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// `sendHealthMessage`: the caseworker on the case writes to the clinician.
pub async fn send_message(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: SendHealthMessageInput,
) -> AppResult<HealthMessagePayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = HealthRequestId::parse(&input.health_request_id, "healthRequestId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "sendHealthMessage",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if let Some(e) = body_error(&input.body) {
            return Ok(e);
        }
        let Some(request) = readable(txn, staff, id.0).await? else {
            return Ok(error(
                &["input", "healthRequestId"],
                UserErrorCode::NotFound,
                "no request on a case assigned to you has this id",
            ));
        };
        let message = insert_message(
            txn,
            request.id,
            HealthMessageSender::Caseworker,
            Some(staff.caseworker),
            &input.body,
            now,
        )
        .await?;
        Ok(Outcome::ok(message))
    })
    .await?;
    let health_message = match outcome.id {
        Some(id) => health_message::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(HealthMessage),
        None => None,
    };
    Ok(HealthMessagePayload {
        health_message,
        user_errors: outcome.user_errors,
    })
}

/// The request another system delivers to: any, since the clinicians' system is trusted with
/// the ids it was sent.
async fn delivered_to(
    txn: &impl ConnectionTrait,
    id: HealthRequestId,
) -> AppResult<Result<health_request::Model, Outcome>> {
    Ok(health_request::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or_else(|| {
            error(
                &["input", "healthRequestId"],
                UserErrorCode::NotFound,
                "no request has this id",
            )
        }))
}

fn delivery_payload(outcome: Outcome) -> HealthDeliveryPayload {
    HealthDeliveryPayload {
        health_request_id: outcome.id.map(|id| HealthRequestId(id).to_id()),
        user_errors: outcome.user_errors,
    }
}

/// `deliverHealthDocument` (integration): the clinician's document arrives; the request is
/// received and the outbox files the document on the case and alerts the caseworker. A second
/// delivery of the same document changes nothing.
pub async fn deliver_document(
    db: &DatabaseConnection,
    clock: &SharedClock,
    input: DeliverHealthDocumentInput,
) -> AppResult<HealthDeliveryPayload> {
    let now = clock.now();
    let id = HealthRequestId::parse(&input.health_request_id, "healthRequestId")?;
    // No idempotency key: the document's own id is one (a second delivery of it changes
    // nothing, by the unique index on request and external id).
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let external = input.external_id.trim();
        if external.chars().count() > MAX_EXTERNAL_ID_LEN {
            return Ok(error(
                &["input", "externalId"],
                UserErrorCode::Invalid,
                format!("externalId has at most {MAX_EXTERNAL_ID_LEN} characters"),
            ));
        }
        for (field, value) in [
            ("externalId", external),
            ("title", input.title.trim()),
            ("body", input.body.trim()),
        ] {
            if value.is_empty() {
                return Ok(error(
                    &["input", field],
                    UserErrorCode::Invalid,
                    format!("{field} cannot be empty"),
                ));
            }
        }
        let request = match delivered_to(txn, id).await? {
            Ok(request) => request,
            Err(e) => return Ok(e),
        };
        let document = Uuid::now_v7();
        let stored = health_document::Entity::insert(health_document::ActiveModel {
            id: Set(document),
            request_id: Set(request.id),
            jobcentre_id: Set(request.jobcentre_id),
            citizen_id: Set(request.citizen_id),
            case_id: Set(request.case_id),
            external_id: Set(external.to_string()),
            title: Set(input.title.trim().to_string()),
            body: Set(input.body.trim().to_string()),
            received_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                health_document::Column::RequestId,
                health_document::Column::ExternalId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        if stored == 0 {
            return Ok(Outcome::ok(request.id));
        }
        advance(txn, request.id, HealthRequestState::Received, now).await?;
        let event = DomainEvent::HealthDocumentReceived {
            document_id: document,
            health_request_id: request.id,
            citizen_id: request.citizen_id,
            case_id: request.case_id,
        };
        outbox::enqueue(txn, now, Some(request.jobcentre_id), &event).await?;
        Ok(Outcome::ok(request.id))
    })
    .await?;
    Ok(delivery_payload(outcome))
}

/// `postClinicianMessage` (integration): the clinician writes in a request's thread; the
/// caseworker is alerted.
pub async fn post_clinician_message(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: PostClinicianMessageInput,
) -> AppResult<HealthDeliveryPayload> {
    let now = clock.now();
    let id = HealthRequestId::parse(&input.health_request_id, "healthRequestId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "postClinicianMessage",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        if let Some(e) = body_error(&input.body) {
            return Ok(e);
        }
        let request = match delivered_to(txn, id).await? {
            Ok(request) => request,
            Err(e) => return Ok(e),
        };
        let message = insert_message(
            txn,
            request.id,
            HealthMessageSender::Clinician,
            None,
            &input.body,
            now,
        )
        .await?;
        let event = DomainEvent::ClinicianMessageReceived {
            message_id: message,
            health_request_id: request.id,
            citizen_id: request.citizen_id,
            case_id: request.case_id,
        };
        outbox::enqueue(txn, now, Some(request.jobcentre_id), &event).await?;
        Ok(Outcome::ok(request.id))
    })
    .await?;
    Ok(delivery_payload(outcome))
}

/// Moves the request `request_id` to `state` at `now`, stamping the state's time: `RECEIVED`
/// from any state (a supplement arrives after filing too), `FILED` only from `RECEIVED`;
/// nothing moves back to `REQUESTED`.
async fn advance(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    state: HealthRequestState,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let mut update = health_request::Entity::update_many()
        .col_expr(health_request::Column::Status, Expr::value(state))
        .col_expr(
            health_request::Column::Version,
            Expr::col(health_request::Column::Version).add(1),
        )
        .filter(health_request::Column::Id.eq(request_id));
    update = match state {
        HealthRequestState::Requested => return Ok(()),
        HealthRequestState::Received => {
            update.col_expr(health_request::Column::ReceivedAt, Expr::value(Some(now)))
        }
        HealthRequestState::Filed => update
            .col_expr(health_request::Column::FiledAt, Expr::value(Some(now)))
            .filter(health_request::Column::Status.eq(HealthRequestState::Received)),
    };
    update.exec(db).await?;
    Ok(())
}

/// Files the received document of `request_id` on its case: the request becomes `FILED`.
/// Run by the outbox once per delivery, in the transaction that records it done.
pub async fn file(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    advance(db, request_id, HealthRequestState::Filed, now).await
}
