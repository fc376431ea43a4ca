//! One log line per request: request id, method, path, status, duration, the principal's role,
//! the operation's name and the number of SQL statements it ran. Never the query string (a GET
//! carries the document and its variables there), the body, a token or any value a client sent:
//! those hold personal data.

use std::time::Instant;

use axum::{extract::Request, http::HeaderMap, middleware::Next, response::Response};
use tracing::Instrument;

use crate::kernel::statements;

use super::REQUEST_ID;

/// What the GraphQL handler learnt about a request, handed to the log line through the
/// response's extensions.
#[derive(Debug, Clone, Default)]
pub struct RequestFacts {
    /// The principal's role, `anonymous`, or `refused` for a refused token.
    pub role: &'static str,
    /// The operation's name as the document gives it (`-` when it has none), or `batch` for a
    /// batch.
    pub operation: String,
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string()
}

/// The middleware that writes the line, and a span with the request id around everything else
/// a request logs.
pub async fn record(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let _in_flight = crate::kernel::metrics::metrics().request_started();
    let id = request_id(req.headers());
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        operation = tracing::field::Empty,
        role = tracing::field::Empty,
    );
    let (resp, statements) = statements::counting(next.run(req))
        .instrument(span.clone())
        .await;
    crate::kernel::metrics::metrics().statements(statements);
    let facts = resp
        .extensions()
        .get::<RequestFacts>()
        .cloned()
        .unwrap_or_default();
    span.record("operation", facts.operation.as_str());
    span.record("role", facts.role);
    let _entered = span.enter();
    tracing::info!(
        target: "jobbro::access",
        request_id = %id,
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        // Microsecond precision is plenty, and keeps the line short.
        duration_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
        role = if facts.role.is_empty() { "-" } else { facts.role },
        operation = if facts.operation.is_empty() { "-" } else { facts.operation.as_str() },
        statements,
        "request"
    );
    resp
}
