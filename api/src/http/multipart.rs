//! Multipart GraphQL requests (the GraphQL multipart request spec: an `operations` part, a `map`
//! part, then the files). Each part has its own limit: `operations` and `map` are JSON and get
//! the JSON body limit, so a request without files cannot smuggle a large document past it;
//! only file parts get the upload limit, and there may be at most `max_files` of them.

use std::collections::HashMap;

use async_graphql::{BatchRequest, UploadValue};
use axum::{
    body::Body,
    http::{HeaderMap, StatusCode, header},
};
use multer::{Constraints, Multipart, SizeLimit};

/// Why a multipart body could not be read: the status and the message for the client.
#[derive(Debug)]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
}

impl Refused {
    fn bad(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn too_large(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: message.into(),
        }
    }
}

/// The limits that apply to one multipart request.
#[derive(Debug, Clone, Copy)]
pub struct PartLimits {
    /// For `operations` and `map`.
    pub json_bytes: usize,
    /// For the whole request.
    pub upload_bytes: usize,
    pub max_files: usize,
}

/// Reads a multipart body into a GraphQL request with its uploads.
pub async fn read(
    headers: &HeaderMap,
    body: Body,
    limits: PartLimits,
) -> Result<BatchRequest, Refused> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| Refused::bad("the multipart Content-Type has no boundary"))?;
    let json = limits.json_bytes as u64;
    let constraints = Constraints::new().size_limit(
        SizeLimit::new()
            .whole_stream(limits.upload_bytes as u64)
            .per_field(limits.upload_bytes as u64)
            .for_field("operations", json)
            .for_field("map", json),
    );
    let mut multipart = Multipart::with_constraints(body.into_data_stream(), boundary, constraints);

    let mut operations = None;
    let mut map: Option<HashMap<String, Vec<String>>> = None;
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(refusal)? {
        match field.name() {
            Some("operations") => {
                let bytes = field.bytes().await.map_err(refusal)?;
                let not_graphql = |e: serde_json::Error| {
                    Refused::bad(format!(
                        "the `operations` part is not a GraphQL request: {e}"
                    ))
                };
                let mut body =
                    serde_json::from_slice::<serde_json::Value>(&bytes).map_err(not_graphql)?;
                super::trusted::lift_document_ids(&mut body);
                operations =
                    Some(serde_json::from_value::<BatchRequest>(body).map_err(not_graphql)?);
            }
            Some("map") => {
                let bytes = field.bytes().await.map_err(refusal)?;
                map = Some(serde_json::from_slice(&bytes).map_err(|e| {
                    Refused::bad(format!(
                        "the `map` part must map file names to variable paths: {e}"
                    ))
                })?);
            }
            Some(name) => {
                if files.len() == limits.max_files {
                    return Err(Refused::too_large(format!(
                        "a request may carry at most {} files",
                        limits.max_files
                    )));
                }
                let name = name.to_string();
                let filename = field.file_name().unwrap_or(&name).to_string();
                let content_type = field.content_type().map(ToString::to_string);
                let content = field.bytes().await.map_err(refusal)?;
                files.push((name, filename, content_type, content));
            }
            None => return Err(Refused::bad("a multipart part has no name")),
        }
    }

    let mut request =
        operations.ok_or_else(|| Refused::bad("the multipart request has no `operations` part"))?;
    let mut map = map.ok_or_else(|| Refused::bad("the multipart request has no `map` part"))?;
    for (name, filename, content_type, content) in files {
        let Some(paths) = map.remove(&name) else {
            return Err(Refused::bad(format!(
                "the file part `{name}` is not named in `map`"
            )));
        };
        for path in paths {
            let upload = UploadValue {
                filename: filename.clone(),
                content_type: content_type.clone(),
                content: content.clone(),
            };
            match &mut request {
                BatchRequest::Single(r) => r.set_upload(&path, upload),
                BatchRequest::Batch(list) => {
                    let (index, rest) = path.split_once('.').unwrap_or((path.as_str(), ""));
                    let r = index
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| list.get_mut(i))
                        .ok_or_else(|| {
                            Refused::bad(format!("`map` names no operation for `{path}`"))
                        })?;
                    r.set_upload(rest, upload);
                }
            }
        }
    }
    if let Some(name) = map.keys().next() {
        return Err(Refused::bad(format!(
            "`map` names the file `{name}`, which the request does not carry"
        )));
    }
    Ok(request)
}

fn refusal(e: multer::Error) -> Refused {
    match e {
        multer::Error::FieldSizeExceeded { limit, field_name } => {
            let name = field_name.unwrap_or_default();
            if name == "operations" || name == "map" {
                Refused::too_large(format!(
                    "the `{name}` part exceeds {limit} bytes, the limit for JSON"
                ))
            } else {
                Refused::too_large(format!("the file `{name}` exceeds {limit} bytes"))
            }
        }
        multer::Error::StreamSizeExceeded { limit } => {
            Refused::too_large(format!("the request body exceeds {limit} bytes"))
        }
        other => {
            let too_large =
                std::iter::successors(Some(&other as &dyn std::error::Error), |e| e.source())
                    .any(|e| e.to_string().contains("length limit exceeded"));
            if too_large {
                Refused::too_large("the request body exceeds the upload limit")
            } else {
                Refused::bad(format!("the multipart body could not be read: {other}"))
            }
        }
    }
}
