//! What GraphQL-over-HTTP asks of requests and responses: which request bodies are accepted
//! (415 otherwise), which media type the answer is written in (the client's `Accept`), and the
//! status code that goes with it.
//!
//! Under `application/graphql-response+json` a request that never ran (it could not be parsed,
//! did not validate, or broke a document limit) answers 4xx without `data`; under
//! `application/json` (what clients get when they ask for nothing else) every GraphQL answer is
//! 200, as legacy clients expect.

use async_graphql::BatchResponse;
use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::kernel::limits;

/// The media types a GraphQL answer can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponse,
    /// `application/json`: 200 for every GraphQL answer.
    Json,
}

impl Media {
    const GRAPHQL_RESPONSE: &'static str = "application/graphql-response+json; charset=utf-8";
    const JSON: &'static str = "application/json; charset=utf-8";

    /// The type the client asked for: `application/graphql-response+json` when its `Accept`
    /// lists it, `application/json` otherwise (also without an `Accept`, as the spec says).
    pub fn negotiate(headers: &HeaderMap) -> Self {
        let accepts_graphql_response = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let ty = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                ty.eq_ignore_ascii_case("application/graphql-response+json") && !refused
            });
        if accepts_graphql_response {
            Media::GraphqlResponse
        } else {
            Media::Json
        }
    }

    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Media::GraphqlResponse => Self::GRAPHQL_RESPONSE,
            Media::Json => Self::JSON,
        })
    }

    /// A JSON body with this media type.
    pub fn body(self, status: StatusCode, body: &Value) -> Response {
        let mut resp = (status, body.to_string()).into_response();
        resp.headers_mut()
            .insert(header::CONTENT_TYPE, self.content_type());
        resp
    }

    /// A GraphQL-shaped error refused before any operation ran.
    pub fn error(self, status: StatusCode, code: &str, message: &str) -> Response {
        self.body(
            status,
            &json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }),
        )
    }

    /// The answer to a request (or a batch), with the status its media type calls for.
    pub fn answer(self, response: BatchResponse) -> Response {
        let mut headers = HeaderMap::new();
        let single = match &response {
            BatchResponse::Single(r) => Some(r),
            BatchResponse::Batch(_) => None,
        };
        if let Some(r) = single {
            headers.extend(r.http_headers.clone());
        }
        let request_error = single.is_some_and(is_request_error);
        let mut body = serde_json::to_value(&response).unwrap_or(Value::Null);
        let status = if request_error && self == Media::GraphqlResponse {
            // The request never ran, so there is no `data` at all.
            if let Some(o) = body.as_object_mut() {
                o.remove("data");
            }
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        let mut resp = self.body(status, &body);
        for (name, value) in &headers {
            if name != header::CONTENT_TYPE {
                resp.headers_mut().insert(name, value.clone());
            }
        }
        resp
    }
}

/// Whether an answer is a request error: nothing ran, because the document could not be parsed,
/// did not validate, or broke a limit.
fn is_request_error(r: &async_graphql::Response) -> bool {
    r.data == async_graphql::Value::Null
        && !r.errors.is_empty()
        && r.errors.iter().all(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|c| {
                    [
                        limits::PARSE_FAILED,
                        limits::VALIDATION_FAILED,
                        limits::TOO_LARGE,
                    ]
                    .iter()
                    .any(|code| *c == async_graphql::Value::from(*code))
                })
        })
}

/// The kinds of request body `/graphql` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`: one request or a batch.
    Json,
    /// `multipart/form-data`: a request with file uploads.
    Multipart,
}

/// What a POST body is, from its `Content-Type`; `None` for a missing or unsupported one (415).
pub fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = value.split(';').map(str::trim);
    let ty = parts.next()?.to_ascii_lowercase();
    let charset_ok = parts.all(|p| {
        p.split_once('=').is_none_or(|(k, v)| {
            !k.trim().eq_ignore_ascii_case("charset")
                || v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        })
    });
    match ty.as_str() {
        "application/json" if charset_ok => Some(BodyKind::Json),
        "multipart/form-data" => Some(BodyKind::Multipart),
        _ => None,
    }
}
