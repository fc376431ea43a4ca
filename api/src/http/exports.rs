//! `GET /exports/invoice-basis/{id}.csv`: an invoicing basis as CSV (`invoicing::csv`), to those
//! who may read it (the job centre's staff, the provider organisation's coordinators). Without a
//! token the answer is 401; a basis the caller may not read is 404 exactly like one that does
//! not exist. The citizens it names are written to their access logs before it is sent.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use jobbro_entities::enums::AuditCategory;
use uuid::Uuid;

use super::{AppState, Media, Peer, admit, request_id, with_facts};
use crate::{
    invoicing,
    kernel::{audit::AuditLog, ids::InvoiceBasisId},
};

/// The name the access log and audit rows give this kind of request.
const OPERATION: &str = "GET /exports/invoice-basis";

pub async fn invoice_basis(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let media = Media::negotiate(&headers);
    let viewer = match admit(&state, &headers, peer, media).await {
        Ok((Some(viewer), _)) => viewer,
        Ok((None, _)) => {
            let resp = media.error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "send a bearer token in the Authorization header to export a basis",
            );
            return with_facts(resp, "anonymous", OPERATION.into());
        }
        Err(resp) => return resp,
    };
    let role = viewer.role().claim();
    let not_found = || {
        with_facts(
            (StatusCode::NOT_FOUND, "no such invoicing basis").into_response(),
            role,
            OPERATION.into(),
        )
    };
    let Some(id) = file
        .strip_suffix(".csv")
        .and_then(|id| Uuid::parse_str(id).ok())
    else {
        return not_found();
    };
    let db = &state.shared.db;
    let export = match invoicing::csv::export(db, &viewer, InvoiceBasisId(id)).await {
        Ok(Some(e)) => e,
        Ok(None) => return not_found(),
        Err(e) => return internal(e, role),
    };
    let audit = AuditLog::new(Some(viewer), request_id(&headers));
    for (citizen, jobcentre) in &export.citizens {
        audit.record(*citizen, *jobcentre, AuditCategory::Identity);
    }
    if let Err(e) = audit.flush(db, &state.shared.clock, OPERATION).await {
        return internal(e, role);
    }
    let mut resp = export.body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", export.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    with_facts(resp, role, OPERATION.into())
}

/// 500: the details go to the log, not to the client.
fn internal(e: impl std::fmt::Display, role: &'static str) -> Response {
    tracing::error!(error = %e, "could not export an invoicing basis");
    with_facts(
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the export cannot be made now",
        )
            .into_response(),
        role,
        OPERATION.into(),
    )
}
