//! Prometheus metrics: what the server counts while it works, served at `/metrics` in the
//! OpenMetrics text format. The counters are process-wide (one registry, as Prometheus clients
//! keep it); gauges that describe the database (pool, outbox backlog) are read when scraped.
//!
//! Names follow Prometheus conventions: `jobbro_` first, `_total` on counters (added by the
//! encoder), the unit last (`_seconds`). Label values a client chooses (the operation name) are
//! bounded: at most [`MAX_OPERATIONS`] distinct names, each at most 64 characters, the rest
//! counted as `other`, so a client cannot grow the registry without end.

use std::{
    collections::HashSet,
    sync::{LazyLock, Mutex},
    time::Duration,
};

use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

/// Most distinct operation names kept as label values.
pub const MAX_OPERATIONS: usize = 200;

/// An operation and how it ended.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    pub operation: String,
    /// `ok`, `user_errors` (a mutation answered with userErrors) or `errors`.
    pub outcome: &'static str,
}

/// An error or userError code.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabels {
    pub code: String,
}

/// Who a rate limit refused: `principal` or `address`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CallerLabels {
    pub caller: &'static str,
}

/// A letter's channel and what became of it (`sent`, `failed`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LetterLabels {
    pub channel: String,
    pub result: &'static str,
}

/// Every metric jobbro keeps.
pub struct Metrics {
    registry: Registry,
    operations: Family<OperationLabels, Counter>,
    operation_seconds: Family<OperationLabels, Histogram>,
    errors: Family<CodeLabels, Counter>,
    user_errors: Family<CodeLabels, Counter>,
    statements: Histogram,
    audit_reads: Counter,
    rate_limited: Family<CallerLabels, Counter>,
    letters: Family<LetterLabels, Counter>,
    in_flight: Gauge,
    pool_in_use: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    outbox_pending: Gauge,
    outbox_oldest_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    known_operations: Mutex<HashSet<String>>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    &METRICS
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::default();
        let operations = Family::<OperationLabels, Counter>::default();
        registry.register(
            "jobbro_graphql_operations",
            "GraphQL operations run, by operation name and outcome",
            operations.clone(),
        );
        let operation_seconds = Family::<OperationLabels, Histogram>::new_with_constructor(|| {
            // 1 ms to about 16 s.
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        registry.register(
            "jobbro_graphql_operation_duration_seconds",
            "Time to run a GraphQL operation and write its audit rows, by operation and outcome",
            operation_seconds.clone(),
        );
        let errors = Family::<CodeLabels, Counter>::default();
        registry.register(
            "jobbro_graphql_errors",
            "GraphQL errors answered, by extensions.code",
            errors.clone(),
        );
        let user_errors = Family::<CodeLabels, Counter>::default();
        registry.register(
            "jobbro_user_errors",
            "userErrors answered by mutations, by code",
            user_errors.clone(),
        );
        let statements = Histogram::new(exponential_buckets(1.0, 2.0, 8));
        registry.register(
            "jobbro_request_statements",
            "SQL statements run per HTTP request",
            statements.clone(),
        );
        let audit_reads = Counter::default();
        registry.register(
            "jobbro_audit_reads_written",
            "Citizens' personal-data reads written to the audit trail (one per citizen and kind of data)",
            audit_reads.clone(),
        );
        let rate_limited = Family::<CallerLabels, Counter>::default();
        registry.register(
            "jobbro_rate_limit_refusals",
            "Requests refused by a rate limit (429), by kind of caller",
            rate_limited.clone(),
        );
        let letters = Family::<LetterLabels, Counter>::default();
        registry.register(
            "jobbro_letters",
            "Letters handed to a sending port, by channel and result",
            letters.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "jobbro_http_requests_in_flight",
            "HTTP requests being answered; more than the pool's connections in use means requests \
             wait for a connection",
            in_flight.clone(),
        );
        let pool_in_use = Gauge::default();
        registry.register(
            "jobbro_db_pool_connections_in_use",
            "Database connections lent out when scraped",
            pool_in_use.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "jobbro_db_pool_connections_idle",
            "Open database connections waiting in the pool when scraped",
            pool_idle.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "jobbro_db_pool_connections_max",
            "The most connections the pool opens",
            pool_max.clone(),
        );
        let outbox_pending = Gauge::default();
        registry.register(
            "jobbro_outbox_pending_events",
            "Outbox events not yet processed when scraped",
            outbox_pending.clone(),
        );
        let outbox_oldest_seconds = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "jobbro_outbox_oldest_pending_age_seconds",
            "Age of the oldest unprocessed outbox event when scraped (0 when none)",
            outbox_oldest_seconds.clone(),
        );
        Self {
            registry,
            operations,
            operation_seconds,
            errors,
            user_errors,
            statements,
            audit_reads,
            rate_limited,
            letters,
            in_flight,
            pool_in_use,
            pool_idle,
            pool_max,
            outbox_pending,
            outbox_oldest_seconds,
            known_operations: Mutex::new(HashSet::new()),
        }
    }

    /// The label for an operation name: the name itself while few are known, else `other`.
    fn operation_label(&self, name: &str) -> String {
        if name.len() > 64 {
            return "other".into();
        }
        let mut known = self
            .known_operations
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if known.contains(name) || (known.len() < MAX_OPERATIONS && known.insert(name.into())) {
            name.into()
        } else {
            "other".into()
        }
    }

    /// One GraphQL operation ran: its time, its errors' codes and its userErrors' codes.
    pub fn operation(
        &self,
        name: &str,
        took: Duration,
        error_codes: &[String],
        user_error_codes: &[String],
    ) {
        let outcome = if !error_codes.is_empty() {
            "errors"
        } else if !user_error_codes.is_empty() {
            "user_errors"
        } else {
            "ok"
        };
        let labels = OperationLabels {
            operation: self.operation_label(name),
            outcome,
        };
        self.operations.get_or_create(&labels).inc();
        self.operation_seconds
            .get_or_create(&labels)
            .observe(took.as_secs_f64());
        for code in error_codes {
            self.errors
                .get_or_create(&CodeLabels { code: code.clone() })
                .inc();
        }
        for code in user_error_codes {
            self.user_errors
                .get_or_create(&CodeLabels { code: code.clone() })
                .inc();
        }
    }

    /// A request ran `n` SQL statements.
    pub fn statements(&self, n: usize) {
        self.statements.observe(n as f64);
    }

    /// `n` citizens' reads were written to the audit trail.
    pub fn audit_reads(&self, n: usize) {
        self.audit_reads.inc_by(n as u64);
    }

    /// A rate limit refused a request of a principal (`true`) or a client address.
    pub fn rate_limited(&self, principal: bool) {
        let caller = if principal { "principal" } else { "address" };
        self.rate_limited
            .get_or_create(&CallerLabels { caller })
            .inc();
    }

    /// A letter was handed over (`sent`) or its port failed (`failed`).
    pub fn letter(&self, channel: &str, sent: bool) {
        let result = if sent { "sent" } else { "failed" };
        self.letters
            .get_or_create(&LetterLabels {
                channel: channel.to_string(),
                result,
            })
            .inc();
    }

    /// A request began; the guard counts it as ended when dropped, however it ends.
    pub fn request_started(&self) -> InFlight<'_> {
        self.in_flight.inc();
        InFlight(&self.in_flight)
    }

    /// The database pool as it is now.
    pub fn pool(&self, in_use: usize, idle: usize, max: u32) {
        self.pool_in_use.set(in_use as i64);
        self.pool_idle.set(idle as i64);
        self.pool_max.set(i64::from(max));
    }

    /// The outbox backlog as it is now.
    pub fn outbox(&self, pending: u64, oldest_age: Duration) {
        self.outbox_pending
            .set(i64::try_from(pending).unwrap_or(i64::MAX));
        self.outbox_oldest_seconds.set(oldest_age.as_secs_f64());
    }

    /// Every metric in the OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String does not fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// A request in flight; see [`Metrics::request_started`].
pub struct InFlight<'a>(&'a Gauge);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The media type of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_chosen_operation_names_cannot_grow_the_registry_without_end() {
        let m = Metrics::new();
        for i in 0..(MAX_OPERATIONS + 50) {
            m.operation(&format!("Op{i}"), Duration::from_millis(1), &[], &[]);
        }
        m.operation(&"x".repeat(65), Duration::from_millis(1), &[], &[]);
        let text = m.encode();
        let names: HashSet<&str> = text
            .lines()
            .filter(|l| l.starts_with("jobbro_graphql_operations_total{"))
            .filter_map(|l| l.split("operation=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(
            names.len(),
            MAX_OPERATIONS + 1,
            "the names kept and `other`"
        );
        assert!(names.contains("other"));
    }
}
