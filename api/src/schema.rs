//! The schema: one root field per audience, mutations flat on the root. Built without a
//! database so `jobbro schema` and the drift test need none.

use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Request, Response, Schema};
use sea_orm::DatabaseConnection;

use crate::{
    absences::mutation::AbsenceMutation,
    alerts::tasks::TaskMutation,
    attendance::mutation::AttendanceMutation,
    audiences::{
        caseworker::CaseworkerQuery, citizen::CitizenQuery, company::CompanyQuery,
        provider::ProviderQuery, viewer::ViewerQuery,
    },
    cases::{mutation::CaseMutation, outcomes::OutcomeMutation},
    changes::mutation::ChangeMutation,
    companies::mutation::{
        CandidateMutation, CompanyServiceMutation, JobOrderMutation, PlacementMutation,
    },
    config::Settings,
    consents::mutation::ConsentMutation,
    cvs::mutation::CvMutation,
    health::mutation::HealthMutation,
    invoicing::mutation::InvoiceMutation,
    kernel::{
        audit::{AuditLog, RequestId},
        batch::Batches,
        clock::SharedClock,
        error::{ErrorCode, INTERNAL_MESSAGE},
        files::FileStore,
        limits,
        metrics::metrics,
        statements,
        viewer::Viewer,
    },
    markings::mutation::MarkingMutation,
    meetings::mutation::MeetingMutation,
    messages::mutation::MessageMutation,
    plans::mutation::PlanMutation,
    providers::mutation::ProviderMutation,
    reports::mutation::ReportMutation,
};

/// Every query root field.
#[derive(MergedObject, Default)]
pub struct Query(
    ViewerQuery,
    CitizenQuery,
    CaseworkerQuery,
    ProviderQuery,
    CompanyQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    ConsentMutation,
    MeetingMutation,
    AbsenceMutation,
    PlanMutation,
    ProviderMutation,
    AttendanceMutation,
    MarkingMutation,
    CaseMutation,
    TaskMutation,
    ReportMutation,
    ChangeMutation,
    MessageMutation,
    OutcomeMutation,
    InvoiceMutation,
    JobOrderMutation,
    CandidateMutation,
    PlacementMutation,
    CompanyServiceMutation,
    CvMutation,
    HealthMutation,
);

pub type JobbroSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema with limits from settings; shared state (database, clock) is added per request.
/// The limits on the document itself ([`crate::kernel::limits`]) are checked before it gets
/// here, by the HTTP layer.
pub fn build(settings: &Settings) -> JobbroSchema {
    builder(settings).finish()
}

/// The schema's builder with limits from settings, for [`build`] and for tests that add an
/// extension of their own.
pub fn builder(
    settings: &Settings,
) -> async_graphql::SchemaBuilder<Query, Mutation, EmptySubscription> {
    let limits = &settings.limits;
    // Depth is checked with the other document limits (`kernel::limits`), where introspection
    // is told apart from data.
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_complexity(limits.max_complexity);
    if settings.is_production() {
        if !limits.introspection {
            builder = builder.disable_introspection();
        }
        if !limits.suggestions {
            builder = builder.disable_suggestions();
        }
    }
    builder
}

/// The SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build(&Settings::default()).sdl()
}

/// What every request carries besides its viewer.
#[derive(Clone)]
pub struct Shared {
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    /// Where attachments are stored.
    pub files: Arc<dyn FileStore>,
}

/// A request with its request-scoped data attached, ready for [`execute_detached`].
pub struct Prepared {
    request: Request,
    audit: AuditLog,
    /// The operation's name, for the audit rows.
    operation: String,
}

/// Attaches the request-scoped data: viewer, audit log, batch caches, database and clock.
/// `operation` is the operation's name as the document gives it (empty when it has none).
pub fn prepare(
    request: Request,
    shared: &Shared,
    viewer: Option<Viewer>,
    request_id: String,
    operation: &str,
) -> Prepared {
    let audit = AuditLog::new(viewer.clone(), request_id.clone());
    let mut request = request
        .data(audit.clone())
        .data(RequestId(request_id))
        .data(shared.db.clone())
        .data(shared.clock.clone())
        .data(shared.files.clone())
        .data(Batches::default());
    if let Some(v) = viewer {
        request = request.data(v);
    }
    let operation = if operation.is_empty() {
        "anonymous".to_string()
    } else {
        operation.to_string()
    };
    Prepared {
        request,
        audit,
        operation,
    }
}

/// Runs a prepared request, then writes the personal-data reads it made to the audit trail in
/// one batch. If they cannot be written, the answer is withheld: data is never shown without
/// its audit row. Errors the request got before it ran carry their codes
/// ([`limits::code_request_errors`]).
///
/// This is done here, once per request, rather than by async-graphql extensions: with any
/// extension registered, async-graphql wraps the resolution of every field.
async fn execute(schema: &JobbroSchema, shared: &Shared, prepared: Prepared) -> Response {
    let Prepared {
        request,
        audit,
        operation,
    } = prepared;
    let started = std::time::Instant::now();
    let mut response = schema.execute(request).await;
    limits::code_request_errors(&mut response);
    let response = match audit.flush(&shared.db, &shared.clock, &operation).await {
        Ok(_) => response,
        Err(e) => {
            tracing::error!(error = %e, "could not write the audit trail; withholding the response");
            internal_error().http_headers(response.http_headers)
        }
    };
    metrics().operation(
        &operation,
        started.elapsed(),
        &error_codes(&response),
        &user_error_codes(&response),
    );
    response
}

/// The codes of a response's errors (`UNCODED` for one without a code).
fn error_codes(response: &Response) -> Vec<String> {
    response
        .errors
        .iter()
        .map(
            |e| match e.extensions.as_ref().and_then(|x| x.get("code")) {
                Some(async_graphql::Value::String(code)) => code.clone(),
                Some(async_graphql::Value::Enum(code)) => code.to_string(),
                _ => "UNCODED".to_string(),
            },
        )
        .collect()
}

/// The codes of the userErrors in a mutation's payloads (each root field's `userErrors`).
fn user_error_codes(response: &Response) -> Vec<String> {
    let async_graphql::Value::Object(root) = &response.data else {
        return Vec::new();
    };
    root.values()
        .filter_map(|payload| match payload {
            async_graphql::Value::Object(p) => p.get("userErrors"),
            _ => None,
        })
        .filter_map(|list| match list {
            async_graphql::Value::List(items) => Some(items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            async_graphql::Value::Object(e) => match e.get("code") {
                Some(async_graphql::Value::Enum(code)) => Some(code.to_string()),
                Some(async_graphql::Value::String(code)) => Some(code.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Runs the requests of a batch one after the other, as [`execute`] does each.
async fn execute_batch(
    schema: &JobbroSchema,
    shared: &Shared,
    batch: Vec<Prepared>,
) -> async_graphql::BatchResponse {
    let mut responses = Vec::with_capacity(batch.len());
    for prepared in batch {
        responses.push(execute(schema, shared, prepared).await);
    }
    async_graphql::BatchResponse::Batch(responses)
}

/// One prepared request, or a batch of them.
pub enum PreparedBatch {
    Single(Box<Prepared>),
    Batch(Vec<Prepared>),
}

/// Runs a request, or a batch, on a task of its own and waits for it. A client that goes away
/// mid-request drops the wait, not the work: a mutation's transaction always ends in its commit
/// or its rollback, never cut off between two statements (which would leave the connection's
/// transaction state to the driver's clean-up), and its audit rows are written.
pub async fn execute_detached(
    schema: &JobbroSchema,
    shared: &Shared,
    batch: PreparedBatch,
) -> async_graphql::BatchResponse {
    use tracing::Instrument;
    let (schema, shared) = (schema.clone(), shared.clone());
    let work = statements::counting(async move {
        match batch {
            PreparedBatch::Single(prepared) => {
                async_graphql::BatchResponse::Single(execute(&schema, &shared, *prepared).await)
            }
            PreparedBatch::Batch(list) => execute_batch(&schema, &shared, list).await,
        }
    });
    match tokio::spawn(work.in_current_span()).await {
        Ok((response, statements)) => {
            statements::add(statements);
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "a request's task ended without an answer");
            async_graphql::BatchResponse::Single(internal_error())
        }
    }
}

/// An answer that is only the `INTERNAL` error: what a client gets when the server cannot
/// answer (the details are in the log, not in the answer).
fn internal_error() -> Response {
    Response::from_errors(vec![limits::coded(
        INTERNAL_MESSAGE,
        ErrorCode::Internal.as_str(),
    )])
}
