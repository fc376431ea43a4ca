//! Wiring: settings in, a running server (and outbox worker) out.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::{net::TcpListener, sync::watch};

use crate::{
    auth::jwt::TokenVerifier,
    config::Settings,
    http::{self, AppState},
    kernel::clock::SharedClock,
    kernel::db::{self, DbOptions},
    kernel::files::DatabaseFileStore,
    outbox::{
        letters::{LetterSender, RecordingSender},
        worker::Worker,
    },
    schema::{self, Shared},
};

/// Opens the database named in settings.
pub async fn open_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    db::connect(&DbOptions {
        url: settings.database_url.clone(),
        max_connections: settings.database_max_connections,
        statement_timeout_ms: settings.limits.statement_timeout_ms,
        schema: settings.database_schema.clone(),
    })
    .await
}

/// The router state for a database and clock.
pub async fn state(
    settings: &Settings,
    db: DatabaseConnection,
    clock: SharedClock,
) -> anyhow::Result<AppState> {
    Ok(AppState {
        schema: schema::build(settings),
        shared: Shared {
            db,
            clock,
            files: Arc::new(DatabaseFileStore),
        },
        verifier: Arc::new(TokenVerifier::from_settings(&settings.auth).await?),
        settings: Arc::new(settings.clone()),
    })
}

/// The production letter sender. Replace [`RecordingSender`] here with a Digital Post, SMS or
/// e-mail gateway client when one is available.
pub fn letter_sender() -> Arc<dyn LetterSender> {
    Arc::new(RecordingSender)
}

/// Serves until `shutdown` turns true, running the outbox worker alongside when enabled.
pub async fn serve(
    settings: &Settings,
    listener: TcpListener,
    state: AppState,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let worker = settings.worker.enabled.then(|| {
        let worker = Worker::new(
            state.shared.db.clone(),
            state.shared.clock.clone(),
            letter_sender(),
            settings.worker.clone(),
        );
        tokio::spawn(worker.run(shutdown.clone()))
    });
    let app = http::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            while !*shutdown.borrow() {
                if shutdown.changed().await.is_err() {
                    break;
                }
            }
        })
        .await?;
    if let Some(handle) = worker {
        handle.await?;
    }
    Ok(())
}
