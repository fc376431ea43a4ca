//! `GET /files/{id}`: a stored file, to those allowed to read it: a plan follow-up's attachment
//! (see [`crate::plans::files`]) or a message's on an order (see [`crate::messages::files`]).
//! Without a token the answer is 401; with one, a file the caller may not read is 404 exactly
//! like a file that does not exist, so ids cannot be probed. Every read by someone other than the
//! citizen who sent the file is written to the citizen's access log before the file is sent.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use jobbro_entities::enums::AuditCategory;
use uuid::Uuid;

use super::{AppState, Media, Peer, admit, request_id, with_facts};
use crate::{kernel::audit::AuditLog, messages, plans};

/// A file the caller may read, whatever sent it, and the citizen it is about.
struct Found {
    file_key: String,
    filename: String,
    content_type: String,
    citizen_id: Uuid,
    jobcentre_id: Uuid,
}

/// The name the access log and audit rows give this kind of request.
const OPERATION: &str = "GET /files";

pub async fn download(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let media = Media::negotiate(&headers);
    let viewer = match admit(&state, &headers, peer, media).await {
        Ok((Some(viewer), _)) => viewer,
        Ok((None, _)) => {
            let resp = media.error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "send a bearer token in the Authorization header to read a file",
            );
            return with_facts(resp, "anonymous", OPERATION.into());
        }
        Err(resp) => return resp,
    };
    let role = viewer.role().claim();
    let not_found = || {
        with_facts(
            (StatusCode::NOT_FOUND, "no such file").into_response(),
            role,
            OPERATION.into(),
        )
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return not_found();
    };
    let db = &state.shared.db;
    let found = match plans::files::readable(db, &viewer, id).await {
        Ok(Some(r)) => Some(Found {
            file_key: r.attachment.file_key,
            filename: r.attachment.filename,
            content_type: r.attachment.content_type,
            citizen_id: r.owner.uuid(),
            jobcentre_id: r.owner.jobcentre_id(),
        }),
        Ok(None) => match messages::files::readable(db, &viewer, id).await {
            Ok(r) => r.map(|r| Found {
                file_key: r.file_key,
                filename: r.filename,
                content_type: r.content_type,
                citizen_id: r.citizen_id,
                jobcentre_id: r.jobcentre_id,
            }),
            Err(e) => return internal(e, role, "could not read a file"),
        },
        Err(e) => return internal(e, role, "could not read a file"),
    };
    let Some(found) = found else {
        return not_found();
    };
    let bytes = match state.shared.files.get(db, &found.file_key).await {
        Ok(Some(b)) => b,
        Ok(None) => return not_found(),
        Err(e) => return internal(e, role, "could not read a file"),
    };
    // The read is logged before the file leaves, and the file does not leave without it.
    let audit = AuditLog::new(Some(viewer), request_id(&headers));
    audit.record(found.citizen_id, found.jobcentre_id, AuditCategory::Case);
    if let Err(e) = audit.flush(db, &state.shared.clock, OPERATION).await {
        return internal(
            e,
            role,
            "could not write the audit trail; withholding the file",
        );
    }
    let a = &found;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&a.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&a.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    with_facts(resp, role, OPERATION.into())
}

/// 500: the details go to the log under `what`, not to the client.
fn internal(e: impl std::fmt::Display, role: &'static str, what: &str) -> Response {
    tracing::error!(error = %e, "{what}");
    with_facts(
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the file cannot be sent now",
        )
            .into_response(),
        role,
        OPERATION.into(),
    )
}

/// `attachment` with the file name: an ASCII fallback and the exact name (RFC 6266, RFC 8187).
fn content_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn file_names_are_quoted_safely() {
        assert_eq!(
            content_disposition("kørekort \"ny\".pdf"),
            "attachment; filename=\"k_rekort _ny_.pdf\"; \
             filename*=UTF-8''k%C3%B8rekort%20%22ny%22.pdf"
        );
    }
}
