//! The HTTP surface: `/graphql` (POST; GET for queries only), GraphiQL at `/graphiql` in dev,
//! `/healthz` and `/readyz`, with request ids, one log line per request, CORS, body limits, rate
//! limits and a timeout. What GraphQL-over-HTTP asks of media types and status codes is in
//! [`media`]; the checks on the document before it is validated, in [`crate::kernel::limits`].

mod access_log;
mod exports;
mod files;
mod graphiql;
mod media;
pub mod metrics;
mod multipart;
mod rate;
pub mod trusted;

use std::{collections::HashMap, net::SocketAddr, sync::Arc, time::Duration};

use async_graphql::{BatchRequest, ServerError, parser::types::OperationType};
use async_graphql_axum::{GraphQLRequest, rejection::GraphQLRejection};
use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, Query, Request as AxumRequest, State},
    http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate},
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
};

pub use access_log::RequestFacts;
pub use media::Media;

use crate::{
    auth::jwt::TokenVerifier,
    config::Settings,
    kernel::{
        limits::{self, DocumentLimits},
        viewer::Viewer,
    },
    schema::{self, JobbroSchema, PreparedBatch, Shared},
};
use media::BodyKind;
use rate::{Caller, RateLimits};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    pub schema: JobbroSchema,
    pub shared: Shared,
    pub verifier: Arc<TokenVerifier>,
    pub settings: Arc<Settings>,
    /// The rate limits' buckets; `None` when rate limiting is off.
    pub rate: Option<Arc<RateLimits>>,
}

impl AppState {
    pub fn new(
        schema: JobbroSchema,
        shared: Shared,
        verifier: TokenVerifier,
        settings: &Settings,
    ) -> Self {
        Self {
            schema,
            shared,
            verifier: Arc::new(verifier),
            rate: RateLimits::from_settings(&settings.rate_limit).map(Arc::new),
            settings: Arc::new(settings.clone()),
        }
    }
}

/// The router with every route and protection layer.
pub fn router(state: AppState) -> Router {
    let limits = state.settings.limits.clone();
    let mut app = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/files/{id}", get(files::download))
        .route("/exports/invoice-basis/{file}", get(exports::invoice_basis))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz));
    if metrics::on_public_port(&state.settings) {
        app = app.route("/metrics", get(metrics::scrape));
    }
    if !state.settings.is_production() {
        app = app
            .route("/graphiql", get(graphiql::page))
            .route("/graphiql/{name}", get(graphiql::file));
    }
    let compression = state.settings.http.compression;
    let cors = cors(&state.settings);
    app.with_state(state).layer(
        ServiceBuilder::new()
            .layer(axum::middleware::map_request(drop_unusable_request_id))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(axum::middleware::from_fn(access_log::record))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(
                CompressionLayer::new().compress_when(
                    DefaultPredicate::new()
                        .and(move |_: StatusCode, _: _, _: &HeaderMap, _: &_| compression),
                ),
            )
            // Answers carry personal data: no cache keeps them, unless a route says otherwise
            // (GraphiQL's files).
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            .layer(cors)
            .layer(axum::middleware::from_fn_with_state(
                (limits.max_body_bytes, limits.max_upload_bytes),
                limit_body,
            ))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                limits.request_timeout(),
            )),
    )
}

/// CORS: pages from the configured origins (and, in dev, from this machine on any port) may
/// call the API with a bearer token; no other page may read its answers.
fn cors(settings: &Settings) -> CorsLayer {
    let listed: Vec<HeaderValue> = settings
        .http
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    let local_too = !settings.is_production();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            listed.contains(origin) || (local_too && is_local_origin(origin))
        }))
        .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            REQUEST_ID,
        ])
        .expose_headers([REQUEST_ID, header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600))
}

/// An origin on this machine: `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port.
fn is_local_origin(origin: &HeaderValue) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    };
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// Keeps a client's (or load balancer's) `x-request-id` only when it is a short token; anything
/// else is replaced by a fresh id, since the id ends up in logs and audit rows.
async fn drop_unusable_request_id(mut req: Request<Body>) -> Request<Body> {
    let usable = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    if !usable {
        req.headers_mut().remove(REQUEST_ID);
    }
    req
}

/// Limits the request body: `max_body` bytes, or `max_upload` for a multipart request (file
/// uploads, whose parts [`multipart`] limits one by one). A declared length over the limit is
/// refused at once with 413; a body without one is cut off while it is read, which the GraphQL
/// handler also answers with 413.
async fn limit_body(
    State((max_body, max_upload)): State<(usize, usize)>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let limit = if media::body_kind(req.headers()) == Some(BodyKind::Multipart) {
        max_upload
    } else {
        max_body
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Media::negotiate(req.headers()).error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_USER_INPUT",
            &format!("the request body exceeds {limit} bytes"),
        );
    }
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Attaches what the log line needs to a response.
fn with_facts(mut resp: Response, role: &'static str, operation: String) -> Response {
    resp.extensions_mut()
        .insert(RequestFacts { role, operation });
    resp
}

/// The TCP peer's address, when the server was started with it (tests call the router without).
struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| *addr),
        ))
    }
}

/// Who is calling: the viewer named by the bearer token (`None` for anonymous requests), after
/// the caller's rate limit. A refused token is 401, a caller over its limit 429; either way the
/// response carries the role for the log line.
async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    media: Media,
) -> Result<(Option<Viewer>, Caller), Response> {
    let authenticated = authenticate(state, headers, media).await;
    let (caller, role) = match &authenticated {
        Ok(Some(viewer)) => (Caller::principal(viewer), viewer.role().claim()),
        Ok(None) => (address(state, headers, peer), "anonymous"),
        Err(_) => (address(state, headers, peer), "refused"),
    };
    if let Some(rate) = &state.rate
        && let Err(wait) = rate.check(&caller)
    {
        return Err(with_facts(
            rate_limited(media, wait, matches!(caller, Caller::Principal(_))),
            role,
            String::new(),
        ));
    }
    match authenticated {
        Ok(viewer) => Ok((viewer, caller)),
        Err(resp) => Err(with_facts(resp, role, String::new())),
    }
}

/// 429 with the time until the caller's bucket has room again.
fn rate_limited(media: Media, wait: Duration, principal: bool) -> Response {
    crate::kernel::metrics::metrics().rate_limited(principal);
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let mut resp = media.error(
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        &format!("too many requests; try again in {seconds} s"),
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    resp
}

fn address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> Caller {
    Caller::Address(
        state
            .rate
            .as_ref()
            .and_then(|r| r.client_address(headers, peer)),
    )
}

/// The viewer named by the bearer token; `Ok(None)` for anonymous requests, a 401 response for a
/// bad token.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    media: Media,
) -> Result<Option<Viewer>, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| {
        media.error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "the Authorization header is not valid text",
        )
    })?;
    state
        .verifier
        .verify_header(value)
        .await
        .map(Some)
        .map_err(|e| {
            tracing::info!(reason = %e, "bearer token refused");
            media.error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", &e.to_string())
        })
}

/// Checks a request's document before anything else reads it: puts in the text of a trusted
/// document named by id, refuses an untrusted one where only trusted ones run, checks the
/// limits, and parses it (the parse is kept for execution). Returns the operation's name for
/// the log line.
fn check(
    state: &AppState,
    role: Option<&str>,
    request: &mut async_graphql::Request,
) -> Result<String, ServerError> {
    trusted::resolve(request)?;
    trusted::enforce(&state.settings, role, request)?;
    let limits = DocumentLimits::from(&state.settings.limits);
    limits.check_text(&request.query)?;
    let name = request.operation_name.clone();
    let doc = request.parsed_query().map_err(|e| {
        let mut e = e;
        e.extensions
            .get_or_insert_with(Default::default)
            .set("code", limits::PARSE_FAILED);
        e
    })?;
    limits.check_document(doc)?;
    let mut names = doc.operations.iter().map(|(n, _)| n.map(|n| n.to_string()));
    let found = match name {
        Some(name) => names
            .find(|n| n.as_deref() == Some(name.as_str()))
            .flatten(),
        None => names.next().flatten(),
    };
    Ok(found.unwrap_or_default())
}

/// A refused document: 400, whatever the media type, since nothing was run.
fn refused_document(media: Media, e: &ServerError) -> Response {
    let code = e
        .extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .and_then(|c| match c {
            async_graphql::Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| limits::TOO_LARGE.to_string());
    if [
        limits::PARSE_FAILED,
        limits::VALIDATION_FAILED,
        trusted::NOT_FOUND,
        trusted::REQUIRED,
    ]
    .contains(&code.as_str())
    {
        // A document that does not parse or validate, or is not one the server may run, is an
        // ordinary GraphQL request error: 400 or 200 by media type.
        return media.answer(async_graphql::BatchResponse::Single(
            async_graphql::Response::from_errors(vec![e.clone()]),
        ));
    }
    let mut body = serde_json::json!({ "errors": [e] });
    if media == Media::Json {
        body["data"] = serde_json::Value::Null;
    }
    media.body(StatusCode::BAD_REQUEST, &body)
}

async fn graphql_post(
    State(state): State<AppState>,
    Peer(peer): Peer,
    req: AxumRequest,
) -> Response {
    let (parts, body) = req.into_parts();
    let headers = &parts.headers;
    let media = Media::negotiate(headers);
    let Some(kind) = media::body_kind(headers) else {
        return media.error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            "send the request as `Content-Type: application/json` (or `multipart/form-data` with \
             files)",
        );
    };
    let (viewer, caller) = match admit(&state, headers, peer, media).await {
        Ok(admitted) => admitted,
        Err(resp) => return resp,
    };
    let role = viewer.as_ref().map_or("anonymous", |v| v.role().claim());
    let limits = &state.settings.limits;
    let batch = match kind {
        BodyKind::Json => read_json(body, limits.max_body_bytes).await,
        BodyKind::Multipart => multipart::read(
            headers,
            body,
            multipart::PartLimits {
                json_bytes: limits.max_body_bytes,
                upload_bytes: limits.max_upload_bytes,
                max_files: limits.max_files,
            },
        )
        .await
        .map_err(|r| (r.status, r.message)),
    };
    let batch = batch.and_then(|b| require_queries(&b).map(|()| b));
    let batch = match batch {
        Ok(b) => b,
        Err((status, message)) => {
            return with_facts(
                media.error(status, "BAD_REQUEST", &message),
                role,
                String::new(),
            );
        }
    };
    let rid = request_id(headers);
    let caller_role = viewer.as_ref().map(|v| v.role().claim());
    let response = match batch {
        BatchRequest::Single(mut r) => {
            let operation = match check(&state, caller_role, &mut r) {
                Ok(op) => op,
                Err(e) => return with_facts(refused_document(media, &e), role, String::new()),
            };
            let r = schema::prepare(r, &state.shared, viewer, rid, &operation);
            let response = schema::execute_detached(
                &state.schema,
                &state.shared,
                PreparedBatch::Single(Box::new(r)),
            )
            .await;
            return with_facts(media.answer(response), role, operation);
        }
        BatchRequest::Batch(list) => {
            let max = limits.max_batch;
            if list.len() > max {
                let message = format!(
                    "a batch may hold at most {max} operations; this one holds {}",
                    list.len()
                );
                return with_facts(
                    media.error(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", &message),
                    role,
                    String::new(),
                );
            }
            // A batch counts as many requests as it holds operations.
            if let Some(rate) = &state.rate
                && let Err(wait) = rate.check_n(&caller, list.len().saturating_sub(1))
            {
                return with_facts(
                    rate_limited(media, wait, matches!(caller, Caller::Principal(_))),
                    role,
                    "batch".into(),
                );
            }
            let mut prepared = Vec::with_capacity(list.len());
            for mut r in list {
                let operation = match check(&state, caller_role, &mut r) {
                    Ok(op) => op,
                    Err(e) => {
                        return with_facts(refused_document(media, &e), role, "batch".into());
                    }
                };
                prepared.push(schema::prepare(
                    r,
                    &state.shared,
                    viewer.clone(),
                    rid.clone(),
                    &operation,
                ));
            }
            schema::execute_detached(&state.schema, &state.shared, PreparedBatch::Batch(prepared))
                .await
        }
    };
    with_facts(media.answer(response), role, "batch".into())
}

/// Reads a JSON body (one request or a batch): 413 over the limit, 400 when it is not JSON or
/// not a GraphQL request.
async fn read_json(body: Body, limit: usize) -> Result<BatchRequest, (StatusCode, String)> {
    let bytes = axum::body::to_bytes(body, usize::MAX).await.map_err(|e| {
        let too_large = std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
            .any(|e| e.to_string().contains("length limit exceeded"));
        if too_large {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body exceeds {limit} bytes"),
            )
        } else {
            (
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {e}"),
            )
        }
    })?;
    let not_graphql = |e: serde_json::Error| {
        (
            StatusCode::BAD_REQUEST,
            format!("the request is not a GraphQL request: {e}"),
        )
    };
    let mut body = serde_json::from_slice::<serde_json::Value>(&bytes).map_err(not_graphql)?;
    trusted::lift_document_ids(&mut body);
    serde_json::from_value::<BatchRequest>(body).map_err(not_graphql)
}

/// Refuses a request without a document (a misspelt `query`, say) as malformed, rather than
/// answering it as a document that does not parse.
fn require_queries(batch: &BatchRequest) -> Result<(), (StatusCode, String)> {
    let requests = match batch {
        BatchRequest::Single(r) => std::slice::from_ref(r),
        BatchRequest::Batch(list) => list.as_slice(),
    };
    if requests
        .iter()
        .any(|r| r.query.trim().is_empty() && !trusted::names_a_document(r))
    {
        return Err((
            StatusCode::BAD_REQUEST,
            "the request has no `query`: send the GraphQL document as `query`, or a trusted \
             document's id as `documentId`"
                .into(),
        ));
    }
    Ok(())
}

async fn graphql_get(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let media = Media::negotiate(&headers);
    let viewer = match admit(&state, &headers, peer, media).await {
        Ok((viewer, _)) => viewer,
        Err(resp) => return resp,
    };
    let role = viewer.as_ref().map_or("anonymous", |v| v.role().claim());
    let by_id = params
        .get("documentId")
        .map(|id| document_by_id(id, &params));
    let mut request = match (by_id, request) {
        (Some(Ok(request)), _) => request,
        (Some(Err(message)), _) => {
            return with_facts(
                media.error(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message),
                role,
                String::new(),
            );
        }
        (None, Ok(request)) => request.into_inner(),
        (None, Err(rejection)) => {
            let message = format!("the request is not a GraphQL request: {}", rejection.0);
            return with_facts(
                media.error(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message),
                role,
                String::new(),
            );
        }
    };
    // The GraphQL-over-HTTP name is `operationName`; async-graphql reads `operation_name`.
    if request.operation_name.is_none() {
        request.operation_name = params.get("operationName").cloned();
    }
    let operation = match check(
        &state,
        viewer.as_ref().map(|v| v.role().claim()),
        &mut request,
    ) {
        Ok(op) => op,
        Err(e) => return with_facts(refused_document(media, &e), role, String::new()),
    };
    if is_mutation(&mut request) {
        let mut resp = media.error(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_USER_INPUT",
            "mutations must be sent with POST",
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return with_facts(resp, role, operation);
    }
    let request = schema::prepare(
        request,
        &state.shared,
        viewer,
        request_id(&headers),
        &operation,
    );
    let response = schema::execute_detached(
        &state.schema,
        &state.shared,
        PreparedBatch::Single(Box::new(request)),
    )
    .await;
    with_facts(media.answer(response), role, operation)
}

/// A GET request naming a trusted document: `documentId`, with `variables` (JSON) and
/// `operationName` as for a document sent as text.
fn document_by_id(
    id: &str,
    params: &HashMap<String, String>,
) -> Result<async_graphql::Request, String> {
    let mut request = async_graphql::Request::new("");
    if let Some(variables) = params.get("variables") {
        let variables: serde_json::Value =
            serde_json::from_str(variables).map_err(|e| format!("`variables` is not JSON: {e}"))?;
        request = request.variables(async_graphql::Variables::from_json(variables));
    }
    if let Some(name) = params.get("operationName") {
        request = request.operation_name(name.clone());
    }
    request.extensions.insert(
        "documentId".into(),
        async_graphql::Value::String(id.to_string()),
    );
    Ok(request)
}

/// Whether the operation the request would run is a mutation. Without an operation name in a
/// document of several operations, any mutation among them counts.
fn is_mutation(request: &mut async_graphql::Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    let mut operations = document.operations.iter();
    match name {
        Some(name) => operations
            .find(|(n, _)| n.map(|n| n.as_str()) == Some(name.as_str()))
            .is_some_and(|(_, op)| op.node.ty == OperationType::Mutation),
        None => operations.any(|(_, op)| op.node.ty == OperationType::Mutation),
    }
}

async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.shared.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database did not answer in time",
        )
            .into_response(),
    }
}
