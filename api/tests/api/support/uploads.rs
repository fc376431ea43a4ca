//! Files as the portals send and read them: GraphQL multipart requests, and `GET /files/{id}`.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use jobbro_api::testing::{Principal, TestApp};
use serde_json::{Value, json};

// Multipart (https://github.com/jaydenseric/graphql-multipart-request-spec).

/// A file part of a multipart request.
pub(crate) struct Upload {
    pub(crate) filename: &'static str,
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

const BOUNDARY: &str = "jobbro-plan-test-5b1c0e9a";

/// A small PDF: the header, a catalogue with an empty page tree, and the end marker.
pub(crate) fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
      2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
      trailer << /Root 1 0 R >>\n%%EOF\n"
        .to_vec()
}

/// A 1x1 transparent PNG.
pub(crate) fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
        0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00,
        0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// Builds the multipart body: `operations`, `map` (file `i` to `<files_at>.<i>`), then one part
/// per file.
fn multipart_body(operations: &Value, files_at: &str, files: &[Upload]) -> Vec<u8> {
    let map: serde_json::Map<String, Value> = (0..files.len())
        .map(|i| (i.to_string(), json!([format!("{files_at}.{i}")])))
        .collect();
    let mut body = Vec::new();
    let mut part = |disposition: String, content_type: Option<&str>, bytes: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(
            format!("Content-Disposition: form-data; {disposition}\r\n").as_bytes(),
        );
        if let Some(t) = content_type {
            body.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "name=\"operations\"".into(),
        None,
        operations.to_string().as_bytes(),
    );
    part(
        "name=\"map\"".into(),
        None,
        Value::Object(map).to_string().as_bytes(),
    );
    for (i, f) in files.iter().enumerate() {
        part(
            format!("name=\"{i}\"; filename=\"{}\"", f.filename),
            Some(f.content_type),
            &f.bytes,
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs a GraphQL multipart request as `who`.
pub(crate) async fn post_multipart(
    app: &TestApp,
    who: &Principal,
    operations: &Value,
    files_at: &str,
    files: &[Upload],
) -> anyhow::Result<(StatusCode, Value)> {
    let req = Request::post("/graphql")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token(who)))
        .body(Body::from(multipart_body(operations, files_at, files)))?;
    Ok(app.call(req).await)
}

/// `GET` of a file path with an optional bearer token: status, headers and bytes.
pub(crate) async fn download(
    app: &TestApp,
    who: Option<&Principal>,
    path: &str,
) -> anyhow::Result<(StatusCode, axum::http::HeaderMap, Vec<u8>)> {
    use tower::ServiceExt;
    let mut req = Request::get(path);
    if let Some(who) = who {
        req = req.header(header::AUTHORIZATION, format!("Bearer {}", app.token(who)));
    }
    let resp = match app.router().oneshot(req.body(Body::empty())?).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await?.to_vec();
    Ok((parts.status, parts.headers, bytes))
}
