//! Wiring: settings in, a running server (and outbox worker) out.

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context as _;
use sea_orm::DatabaseConnection;
use tokio::{net::TcpListener, sync::watch};

use crate::{
    absences::events::AbsenceEvents,
    attendance,
    auth::jwt::TokenVerifier,
    changes,
    changes::events::ChangeEvents,
    companies,
    companies::events::CompanyEvents,
    config::{Settings, WorkerSettings},
    consents::events::ConsentEvents,
    health::events::HealthEvents,
    http::{self, AppState},
    invoicing,
    kernel::clock::SharedClock,
    kernel::db::{self, DbOptions},
    kernel::files::DatabaseFileStore,
    markings::events::MarkingEvents,
    meetings::events::MeetingEvents,
    outbox::{
        Handlers,
        benefits::{BenefitsGateway, RecordingBenefitsGateway},
        fund::{FundGateway, RecordingFundGateway},
        letters::{LetterSender, RecordingSender},
        worker::Worker,
    },
    plans::events::PlanEvents,
    providers::events::ProviderEvents,
    reports::events::ReportEvents,
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
    Ok(AppState::new(
        schema::build(settings),
        Shared {
            db,
            clock,
            files: Arc::new(DatabaseFileStore),
        },
        TokenVerifier::from_settings(&settings.auth).await?,
        settings,
    ))
}

/// The production letter sender. Replace [`RecordingSender`] here with a Digital Post, SMS or
/// e-mail gateway client when one is available.
pub fn letter_sender() -> Arc<dyn LetterSender> {
    Arc::new(RecordingSender)
}

/// The production gateway to the unemployment funds. Replace [`RecordingFundGateway`] here with
/// the national exchange's client when one is available.
pub fn fund_gateway() -> Arc<dyn FundGateway> {
    Arc::new(RecordingFundGateway)
}

/// The production gateway to the benefits service. Replace [`RecordingBenefitsGateway`] here
/// with the municipality's benefits system client when one is available.
pub fn benefits_gateway() -> Arc<dyn BenefitsGateway> {
    Arc::new(RecordingBenefitsGateway)
}

/// Every domain's reactions to events. A domain that starts reacting to events adds its
/// handler here.
pub fn handlers() -> Handlers {
    Handlers::new(vec![
        Arc::new(ConsentEvents),
        Arc::new(AbsenceEvents),
        Arc::new(MeetingEvents),
        Arc::new(PlanEvents),
        Arc::new(ProviderEvents),
        Arc::new(ReportEvents),
        Arc::new(ChangeEvents),
        Arc::new(CompanyEvents),
        Arc::new(MarkingEvents),
        Arc::new(HealthEvents),
    ])
}

// The worker lives below the domains and cannot name their handlers; its usual constructor is
// therefore here, in the one module that knows them all.
impl Worker {
    /// A worker that reacts to events with every domain's [`handlers`].
    pub fn new(
        db: DatabaseConnection,
        clock: SharedClock,
        sender: Arc<dyn LetterSender>,
        settings: WorkerSettings,
    ) -> Self {
        Worker::with_handlers(db, clock, sender, handlers(), settings)
    }
}

/// Serves until `shutdown` turns true, running the outbox worker alongside when enabled. Then
/// stops accepting connections and waits for the requests in flight and the worker's current
/// pass, for at most the configured grace period.
pub async fn serve(
    settings: &Settings,
    listener: TcpListener,
    state: AppState,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let worker = settings.worker.enabled.then(|| {
        let worker = Worker::new(
            state.shared.db.clone(),
            state.shared.clock.clone(),
            letter_sender(),
            settings.worker.clone(),
        )
        .with_fund_gateway(fund_gateway())
        .with_benefits_gateway(benefits_gateway());
        tokio::spawn(worker.run(shutdown.clone()))
    });
    if settings.worker.enabled {
        tokio::spawn(check_deliveries(state.shared.clone(), shutdown.clone()));
    }
    if settings.metrics.enabled
        && let Some(addr) = settings.metrics.listen
    {
        let listener = TcpListener::bind(addr).await.with_context(|| {
            format!("could not listen on {addr} for metrics (set JOBBRO_METRICS__LISTEN)")
        })?;
        tracing::info!(%addr, "metrics at /metrics");
        let metrics = axum::serve(listener, http::metrics::router(state.clone()))
            .with_graceful_shutdown(stopped(shutdown.clone()));
        tokio::spawn(async move {
            if let Err(e) = metrics.await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(stopped(shutdown.clone()));
    let grace = settings.shutdown_grace();
    // The grace period starts when the stop is asked for, not before.
    let deadline = async {
        stopped(shutdown).await;
        tokio::time::Instant::now() + grace
    };
    tokio::pin!(deadline);
    let mut until = None;
    let finished = async {
        server.await?;
        if let Some(handle) = worker {
            handle.await?;
        }
        anyhow::Ok(())
    };
    tokio::pin!(finished);
    loop {
        tokio::select! {
            done = &mut finished => return done,
            at = &mut deadline, if until.is_none() => until = Some(at),
            () = async { if let Some(at) = until { tokio::time::sleep_until(at).await } else { std::future::pending().await } } => {
                tracing::warn!(
                    grace_seconds = grace.as_secs(),
                    "stopping: the grace period is over; requests still in flight are cut off"
                );
                return Ok(());
            }
        }
    }
}

/// Every hour until `shutdown`, judges the delivery of every started order, so that a provider
/// who records no attendance at all is noticed as surely as one who records too little, and
/// alerts the caseworkers about change requests left undecided past their due day, and, from
/// each job centre's day after a month's end, generates the month's invoicing bases.
async fn check_deliveries(shared: Shared, shutdown: watch::Receiver<bool>) {
    let hour = std::time::Duration::from_secs(3600);
    loop {
        match attendance::service::check_all_deliveries(&shared.db, &shared.clock).await {
            Ok(orders) => tracing::debug!(orders, "delivery of started orders checked"),
            Err(e) => tracing::warn!(error = %e, "checking the delivery of orders failed"),
        }
        match changes::service::alert_overdue(&shared.db, &shared.clock).await {
            Ok(late) => tracing::debug!(late, "overdue change requests alerted"),
            Err(e) => tracing::warn!(error = %e, "checking change requests failed"),
        }
        match companies::follow_up::alert_unconfirmed(&shared.db, &shared.clock).await {
            Ok(found) => tracing::debug!(found, "unconfirmed internship extensions alerted"),
            Err(e) => tracing::warn!(error = %e, "checking internship extensions failed"),
        }
        match invoicing::service::generate_due(&shared.db, &shared.clock).await {
            Ok(0) => {}
            Ok(made) => tracing::info!(made, "last month's invoicing bases generated"),
            Err(e) => tracing::warn!(error = %e, "generating invoicing bases failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(hour) => {}
            () = stopped(shutdown.clone()) => return,
        }
    }
}

/// Resolves when `shutdown` turns true (or its sender is gone).
async fn stopped(mut shutdown: watch::Receiver<bool>) {
    while !*shutdown.borrow() {
        if shutdown.changed().await.is_err() {
            break;
        }
    }
}
