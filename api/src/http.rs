//! The HTTP surface: `/graphql` (POST; GET for queries only), GraphiQL at `/graphiql` in dev,
//! `/healthz` and `/readyz`, with request ids, tracing, CORS, a body limit and a timeout.

use std::{collections::HashMap, sync::Arc, time::Duration};

use async_graphql::{
    BatchRequest, BatchResponse, ServerError, http::GraphiQLSource, parser::types::OperationType,
};
use async_graphql_axum::{
    GraphQLBatchRequest, GraphQLRequest, GraphQLResponse, rejection::GraphQLRejection,
};
use axum::{
    Json, Router,
    extract::{Query, State},
    http::{HeaderMap, HeaderName, Request, StatusCode, header::AUTHORIZATION},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::{
    cors::CorsLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    auth::jwt::TokenVerifier,
    config::Settings,
    kernel::viewer::Viewer,
    schema::{self, JobbroSchema, Shared},
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    pub schema: JobbroSchema,
    pub shared: Shared,
    pub verifier: Arc<TokenVerifier>,
    pub settings: Arc<Settings>,
}

/// The router with every route and protection layer.
pub fn router(state: AppState) -> Router {
    let limits = state.settings.limits.clone();
    let mut app = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz));
    if !state.settings.is_production() {
        app = app.route("/graphiql", get(graphiql));
    }
    app.with_state(state).layer(
        ServiceBuilder::new()
            .layer(axum::middleware::map_request(drop_unusable_request_id))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CorsLayer::permissive())
            .layer(axum::middleware::from_fn_with_state(
                (limits.max_body_bytes, limits.max_upload_bytes),
                limit_body,
            ))
            .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout())),
    )
}

/// Keeps a client's (or load balancer's) `x-request-id` only when it is a short token; anything
/// else is replaced by a fresh id, since the id ends up in logs and audit rows.
async fn drop_unusable_request_id(mut req: Request<axum::body::Body>) -> Request<axum::body::Body> {
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
/// uploads). A declared length over the limit is refused at once with 413; a body without one
/// is cut off while it is read, which the GraphQL handler also answers with 413.
async fn limit_body(
    State((max_body, max_upload)): State<(usize, usize)>,
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    let limit = if is_multipart(req.headers()) {
        max_upload
    } else {
        max_body
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_USER_INPUT",
            &format!("the request body exceeds {limit} bytes"),
        );
    }
    let req = req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

/// The body limit that applies to a request: multipart requests (uploads) have their own.
fn body_limit(state: &AppState, headers: &HeaderMap) -> usize {
    let limits = &state.settings.limits;
    if is_multipart(headers) {
        limits.max_upload_bytes
    } else {
        limits.max_body_bytes
    }
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"))
}

/// A GraphQL-shaped error response with a status code.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The viewer named by the bearer token; `Ok(None)` for anonymous requests, a 401 response for a
/// bad token.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Option<Viewer>, Response> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| {
        error_response(
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
            error_response(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", &e.to_string())
        })
}

async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    batch: Result<GraphQLBatchRequest, GraphQLRejection>,
) -> Response {
    let viewer = match authenticate(&state, &headers).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let batch = match batch {
        Ok(batch) => batch.into_inner(),
        Err(rejection) => return rejected(&rejection, body_limit(&state, &headers)),
    };
    let rid = request_id(&headers);
    let prepare = |r| schema::prepare(r, &state.shared, viewer.clone(), rid.clone());
    let batch = match batch {
        BatchRequest::Single(r) => BatchRequest::Single(prepare(r)),
        BatchRequest::Batch(list) => {
            let max = state.settings.limits.max_batch;
            if list.len() > max {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!(
                        "a batch may hold at most {max} operations; this one holds {}",
                        list.len()
                    ),
                );
            }
            BatchRequest::Batch(list.into_iter().map(prepare).collect())
        }
    };
    let response: BatchResponse = state.schema.execute_batch(batch).await;
    GraphQLResponse::from(response).into_response()
}

async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let viewer = match authenticate(&state, &headers).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let mut request = match request {
        Ok(request) => request.into_inner(),
        Err(rejection) => return rejected(&rejection, body_limit(&state, &headers)),
    };
    // The GraphQL-over-HTTP name is `operationName`; async-graphql reads `operation_name`.
    if request.operation_name.is_none() {
        request.operation_name = params.get("operationName").cloned();
    }
    match is_mutation(&mut request) {
        Ok(false) => {}
        Ok(true) => {
            return error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "BAD_USER_INPUT",
                "mutations must be sent with POST",
            );
        }
        Err(e) => {
            return GraphQLResponse::from(async_graphql::Response::from_errors(vec![e]))
                .into_response();
        }
    }
    let request = schema::prepare(request, &state.shared, viewer, request_id(&headers));
    GraphQLResponse::from(state.schema.execute(request).await).into_response()
}

/// Whether the operation the request would run is a mutation. Without an operation name in a
/// document of several operations, any mutation among them counts.
fn is_mutation(request: &mut async_graphql::Request) -> Result<bool, ServerError> {
    let name = request.operation_name.clone();
    let document = request.parsed_query()?;
    let mut operations = document.operations.iter();
    Ok(match name {
        Some(name) => operations
            .find(|(n, _)| n.map(|n| n.as_str()) == Some(name.as_str()))
            .is_some_and(|(_, op)| op.node.ty == OperationType::Mutation),
        None => operations.any(|(_, op)| op.node.ty == OperationType::Mutation),
    })
}

/// A request body that could not be read as GraphQL: 413 when it was too large, else 400.
fn rejected(rejection: &GraphQLRejection, max_body_bytes: usize) -> Response {
    // The body limit surfaces as an I/O error from deep inside the body reader when the client
    // sent no Content-Length (the limit layer answers 413 itself when it did).
    let too_large =
        std::iter::successors(Some(&rejection.0 as &dyn std::error::Error), |e| e.source())
            .any(|e| e.to_string().contains("length limit exceeded"));
    if too_large {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_USER_INPUT",
            &format!("the request body exceeds {max_body_bytes} bytes"),
        );
    }
    error_response(
        StatusCode::BAD_REQUEST,
        "BAD_USER_INPUT",
        &format!("the request is not a GraphQL request: {}", rejection.0),
    )
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

async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}
