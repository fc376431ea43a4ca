//! `/metrics`: the Prometheus metrics ([`crate::kernel::metrics`]) with the database gauges read
//! at scrape time. Served on the public port in dev, or when a token is configured (then only
//! with `Authorization: Bearer <token>`); on a listener of its own when `metrics.listen` is set.

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sea_orm::DbBackend;
use secrecy::ExposeSecret;
use sha2::Digest;

use super::AppState;
use crate::{kernel::metrics, outbox};

/// A router with `/metrics` alone, for a listener of its own.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

/// Whether `/metrics` is served on the public port.
pub fn on_public_port(settings: &crate::config::Settings) -> bool {
    settings.metrics.enabled && (settings.metrics.token.is_some() || !settings.is_production())
}

pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.settings.metrics.token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // Compared as digests, so the time taken tells nothing of the token.
        let digest = |t: &str| sha2::Sha256::digest(t.as_bytes());
        if given.map(digest) != Some(digest(token.expose_secret())) {
            let mut resp = (
                StatusCode::UNAUTHORIZED,
                "send the metrics token as a bearer token",
            )
                .into_response();
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"metrics\""),
            );
            return resp;
        }
    }
    let m = metrics::metrics();
    let db = &state.shared.db;
    let max = state.settings.database_max_connections;
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            m.pool(pool.size() as usize - pool.num_idle(), pool.num_idle(), max);
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            m.pool(pool.size() as usize - pool.num_idle(), pool.num_idle(), max);
        }
        _ => {}
    }
    match outbox::backlog(db).await {
        Ok((pending, oldest)) => {
            let age = oldest
                .map(|t| (state.shared.clock.now() - t).to_std().unwrap_or_default())
                .unwrap_or_default();
            m.outbox(pending, age);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: could not read the outbox backlog"),
    }
    let mut resp = m.encode().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(metrics::CONTENT_TYPE),
    );
    resp
}
