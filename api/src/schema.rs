//! The schema: one root field per audience, mutations flat on the root. Built without a
//! database so `jobbro schema` and the drift test need none.

use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Request, Schema};
use sea_orm::DatabaseConnection;

use crate::{
    absences::mutation::AbsenceMutation,
    audiences::{
        caseworker::CaseworkerQuery, citizen::CitizenQuery, company::CompanyQuery,
        provider::ProviderQuery, viewer::ViewerQuery,
    },
    config::Settings,
    consents::mutation::ConsentMutation,
    kernel::{
        audit::{AuditExtension, AuditLog, RequestId},
        batch::Batches,
        clock::SharedClock,
        files::FileStore,
        limits::ErrorCodes,
        viewer::Viewer,
    },
    meetings::mutation::MeetingMutation,
    plans::mutation::PlanMutation,
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
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .extension(ErrorCodes)
        .extension(AuditExtension);
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

/// Attaches the request-scoped data: viewer, audit log, batch caches, database and clock.
pub fn prepare(
    request: Request,
    shared: &Shared,
    viewer: Option<Viewer>,
    request_id: String,
) -> Request {
    let mut request = request
        .data(AuditLog::new(viewer.clone(), request_id.clone()))
        .data(RequestId(request_id))
        .data(shared.db.clone())
        .data(shared.clock.clone())
        .data(shared.files.clone())
        .data(Batches::default());
    if let Some(v) = viewer {
        request = request.data(v);
    }
    request
}
