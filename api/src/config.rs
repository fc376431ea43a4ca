//! Typed settings, loaded once at start-up from defaults, an optional TOML file and `JOBBRO_*`
//! environment variables (in that order; later wins). Nested keys use a double underscore:
//! `JOBBRO_AUTH__ISSUER`, `JOBBRO_LIMITS__MAX_DEPTH`.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The HS256 secret used when none is configured. Good for a laptop, refused in production.
pub const DEV_SECRET: &str = "jobbro-dev-secret-not-for-production-use-0123456789";

/// Which kind of installation this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A developer's machine or a test: GraphiQL, introspection and dev tokens are on.
    #[default]
    Dev,
    /// A municipality's installation: dev secret refused, introspection and suggestions off
    /// unless enabled, JSON logs.
    Production,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Every setting jobbro reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub profile: Profile,
    /// `sqlite://jobbro.db?mode=rwc` (the default, a file in the working directory) or
    /// `postgres://user:password@host/database`.
    pub database_url: String,
    /// Maximum open database connections.
    pub database_max_connections: u32,
    /// PostgreSQL schema to use instead of `public`.
    pub database_schema: Option<String>,
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Log format; defaults to pretty in dev and JSON in production.
    pub log_format: Option<LogFormat>,
    /// `tracing` filter, e.g. `info,jobbro_api=debug`.
    pub log_filter: String,
    /// Seconds `serve` waits, after Ctrl-C or SIGTERM, for in-flight requests and the worker's
    /// current pass before it exits anyway.
    pub shutdown_grace_seconds: u64,
    pub auth: AuthSettings,
    pub limits: Limits,
    pub rate_limit: RateLimitSettings,
    pub worker: WorkerSettings,
    pub http: HttpSettings,
    pub metrics: MetricsSettings,
    pub trusted_documents: TrustedDocumentSettings,
    pub tracing: TracingSettings,
}

/// Traces: each request is a span (request id, operation, role); they can be exported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TracingSettings {
    /// An OTLP/HTTP endpoint to export spans to, e.g. `http://127.0.0.1:4318/v1/traces`.
    /// Unset (the default): no export. Needs a build with the `otlp` feature.
    pub otlp_endpoint: Option<String>,
    /// The `service.name` the spans carry.
    pub service_name: String,
}

/// What browsers and HTTP clients get besides GraphQL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpSettings {
    /// Origins (`scheme://host[:port]`, exactly as the browser sends them) whose pages may call
    /// the API. In dev, pages on `localhost`, `127.0.0.1` and `[::1]` are allowed on any port as
    /// well; in production only these.
    pub cors_origins: Vec<String>,
    /// Compress answers with brotli or gzip when the client accepts it.
    pub compression: bool,
}

/// Prometheus metrics at `/metrics`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MetricsSettings {
    /// Collect and serve metrics at all.
    pub enabled: bool,
    /// A listener of their own for `/metrics` (e.g. `127.0.0.1:9464`), off the public port.
    pub listen: Option<SocketAddr>,
    /// A bearer token that `/metrics` on the public port asks for. In production `/metrics` is
    /// served on the public port only when one is set; in dev it is served there without one.
    #[serde(skip_serializing)]
    pub token: Option<SecretString>,
}

/// Trusted documents: the operations of the portals, known by the hash of their text
/// (`portals/*/*.graphql`, see `jobbro trusted-documents`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrustedDocumentSettings {
    /// Accept only trusted documents (sent as `documentId`) from anonymous callers and every
    /// role not named in `full_documents_for`.
    pub required: bool,
    /// Roles (as in the token's `role` claim, e.g. `caseworker`) that may still send documents
    /// of their own while `required` is on: third-party front ends.
    pub full_documents_for: Vec<String>,
}

/// How bearer tokens are verified.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthSettings {
    /// Expected `iss` claim.
    pub issuer: String,
    /// Expected `aud` claim.
    pub audience: String,
    /// Shared secret for HS256 tokens (dev and tests); the built-in dev secret when unset.
    /// Ignored when a JWKS is configured.
    #[serde(skip_serializing)]
    pub hs256_secret: Option<SecretString>,
    /// Path to a JWKS file with the public keys (RS256/ES256) of the authorisation server.
    pub jwks_file: Option<PathBuf>,
    /// URL of the authorisation server's JWKS; keys are cached by `kid` and refetched when an
    /// unknown `kid` arrives (at most once per `jwks_refresh_seconds`).
    pub jwks_url: Option<String>,
    pub jwks_refresh_seconds: u64,
    /// Allowed clock skew for `exp` and `nbf`, in seconds.
    pub leeway_seconds: u64,
    /// Lifetime of tokens minted by `jobbro token` and `serve --demo`, in seconds.
    pub dev_token_lifetime_seconds: i64,
    /// The JOSE header `typ` an access token must carry, e.g. `at+jwt` (RFC 9068), when the
    /// identity provider sets it: ID tokens (`JWT` or none) are then refused. Unset: any `typ`
    /// but the ones that name another kind of token (`id+jwt`, `logout+jwt`, ...).
    pub required_typ: Option<String>,
    /// A claim an access token must carry, as `name=value` (e.g. `token_use=access`), for
    /// identity providers that mark their access tokens with a claim rather than `typ`.
    pub required_claim: Option<String>,
}

/// Protection limits for the GraphQL endpoint and the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Limits {
    /// Deepest allowed nesting of data fields (`{ a { b } }` is 2); introspection is not counted.
    pub max_depth: usize,
    /// Highest allowed query complexity: about the most values an answer may hold. A field counts
    /// 1, a connection `first` times its selection, a plain list its bound times its selection.
    pub max_complexity: usize,
    /// Most aliases allowed in one document.
    pub max_aliases: usize,
    /// Most operations in one batched request.
    pub max_batch: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest multipart request (a GraphQL request with file uploads), in bytes.
    pub max_upload_bytes: usize,
    /// Time a request may take before it is answered with 408, in milliseconds.
    pub request_timeout_ms: u64,
    /// Time one SQL statement may take on PostgreSQL, in milliseconds.
    pub statement_timeout_ms: u64,
    /// Longest GraphQL document, in characters.
    pub max_document_chars: usize,
    /// Most lexical tokens (names, punctuation, values) in one GraphQL document.
    pub max_tokens: usize,
    /// Most directives (`@include`, `@skip`, ...) in one GraphQL document.
    pub max_directives: usize,
    /// Most fragment spreads in one operation once every fragment is expanded.
    pub max_fragment_spreads: usize,
    /// Most files in one multipart request (a transport bound; each mutation has its own rule,
    /// e.g. five files for a plan follow-up).
    pub max_files: usize,
    /// Turn introspection on in production (always on in dev).
    pub introspection: bool,
    /// Turn "did you mean" suggestions for unknown fields on in production (always on in dev).
    pub suggestions: bool,
}

/// How many requests one principal, or one client address, may make. Buckets refill
/// continuously: `per_minute` a minute, up to `burst` at once. Authenticated requests count per
/// principal (role and subject); anonymous requests and requests with a refused token count per
/// client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateLimitSettings {
    /// Apply the limits at all.
    pub enabled: bool,
    pub principal_per_minute: u32,
    pub principal_burst: u32,
    pub address_per_minute: u32,
    pub address_burst: u32,
    /// The header a trusted reverse proxy puts the client's address in, e.g. `x-forwarded-for`
    /// (the last address in it is used). Unset: the address of the TCP peer. Set it only behind
    /// a proxy that overwrites the header, or clients can choose their own address.
    pub client_address_header: Option<String>,
}

/// The background worker that turns outbox events into alerts and letters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerSettings {
    /// Run the worker inside `jobbro serve`.
    pub enabled: bool,
    /// Pause between polls when the outbox is empty, in milliseconds.
    pub poll_interval_ms: u64,
    /// Events claimed per poll.
    pub batch_size: u64,
    /// How long a claim lasts before another worker may take the event, in seconds.
    pub lease_seconds: i64,
    /// First retry delay after a failure, in seconds; doubles per attempt up to `max_backoff_seconds`.
    pub base_backoff_seconds: i64,
    pub max_backoff_seconds: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            profile: Profile::Dev,
            database_url: "sqlite://jobbro.db?mode=rwc".into(),
            database_max_connections: 10,
            database_schema: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            log_format: None,
            log_filter: "info".into(),
            shutdown_grace_seconds: 20,
            auth: AuthSettings {
                issuer: "jobbro-dev".into(),
                audience: "jobbro".into(),
                hs256_secret: None,
                jwks_file: None,
                jwks_url: None,
                jwks_refresh_seconds: 60,
                leeway_seconds: 30,
                dev_token_lifetime_seconds: 12 * 3600,
                required_typ: None,
                required_claim: None,
            },
            limits: Limits {
                max_depth: 12,
                max_complexity: 50_000,
                max_aliases: 30,
                max_batch: 10,
                max_body_bytes: 1024 * 1024,
                max_upload_bytes: 26 * 1024 * 1024,
                request_timeout_ms: 15_000,
                statement_timeout_ms: 5_000,
                max_document_chars: 20_000,
                max_tokens: 2_000,
                max_directives: 50,
                max_fragment_spreads: 200,
                max_files: 10,
                introspection: false,
                suggestions: false,
            },
            rate_limit: RateLimitSettings {
                enabled: true,
                principal_per_minute: 600,
                principal_burst: 200,
                address_per_minute: 300,
                address_burst: 100,
                client_address_header: None,
            },
            worker: WorkerSettings {
                enabled: true,
                poll_interval_ms: 500,
                batch_size: 50,
                lease_seconds: 60,
                base_backoff_seconds: 5,
                max_backoff_seconds: 3600,
            },
            http: HttpSettings {
                cors_origins: Vec::new(),
                compression: true,
            },
            metrics: MetricsSettings {
                enabled: true,
                listen: None,
                token: None,
            },
            trusted_documents: TrustedDocumentSettings {
                required: false,
                full_documents_for: Vec::new(),
            },
            tracing: TracingSettings {
                otlp_endpoint: None,
                service_name: "jobbro".into(),
            },
        }
    }
}

/// Why settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read settings: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error(
        "the production profile refuses the built-in dev secret: set JOBBRO_AUTH__JWKS_FILE or \
         JOBBRO_AUTH__JWKS_URL (or at least JOBBRO_AUTH__HS256_SECRET)"
    )]
    DevSecretInProduction,
    #[error("JOBBRO_AUTH__HS256_SECRET must be at least 32 characters")]
    ShortSecret,
    #[error("JOBBRO_AUTH__REQUIRED_CLAIM must read `name=value`, e.g. `token_use=access`")]
    BadRequiredClaim,
    #[error(
        "JOBBRO_HTTP__CORS_ORIGINS: `{0}` is not an origin; write `scheme://host` or \
         `scheme://host:port`, without a path (e.g. `https://borger.example.dk`)"
    )]
    BadCorsOrigin(String),
}

impl Settings {
    /// Loads defaults, then `jobbro.toml` (or the file named by `JOBBRO_CONFIG`), then the
    /// environment, and checks the result.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("JOBBRO_CONFIG").unwrap_or_else(|_| "jobbro.toml".into());
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("JOBBRO_").ignore(&["CONFIG"]).split("__"))
            .extract()
            .map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks rules that span several settings.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let uses_secret = self.auth.jwks_file.is_none() && self.auth.jwks_url.is_none();
        let secret = self.auth.secret();
        if uses_secret && secret.expose_secret().len() < 32 {
            return Err(ConfigError::ShortSecret);
        }
        if self.is_production() && uses_secret && secret.expose_secret() == DEV_SECRET {
            return Err(ConfigError::DevSecretInProduction);
        }
        if self.auth.required_claim().is_err() {
            return Err(ConfigError::BadRequiredClaim);
        }
        if let Some(bad) = self.http.cors_origins.iter().find(|o| !is_origin(o)) {
            return Err(ConfigError::BadCorsOrigin(bad.clone()));
        }
        Ok(())
    }

    pub fn is_production(&self) -> bool {
        self.profile == Profile::Production
    }

    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or(match self.profile {
            Profile::Dev => LogFormat::Pretty,
            Profile::Production => LogFormat::Json,
        })
    }

    /// Settings for a test: an in-memory SQLite database unless `JOBBRO_TEST_DATABASE_URL` says
    /// otherwise (the test harness replaces the URL), no background worker, no rate limits
    /// (tests that exercise them turn them on).
    pub fn for_tests() -> Self {
        let defaults = Settings::default();
        Settings {
            database_url: "sqlite::memory:".into(),
            rate_limit: RateLimitSettings {
                enabled: false,
                ..defaults.rate_limit.clone()
            },
            worker: WorkerSettings {
                enabled: false,
                ..defaults.worker.clone()
            },
            ..defaults
        }
    }
}

/// Whether `text` is a web origin: `http(s)://host[:port]`, nothing after it.
fn is_origin(text: &str) -> bool {
    let text = text.trim_end_matches('/');
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && axum::http::HeaderValue::from_str(text).is_ok()
}

impl AuthSettings {
    /// The required claim as `(name, value)`, if one is configured.
    pub fn required_claim(&self) -> Result<Option<(&str, &str)>, ConfigError> {
        match &self.required_claim {
            None => Ok(None),
            Some(text) => match text.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
                    Ok(Some((name.trim(), value.trim())))
                }
                _ => Err(ConfigError::BadRequiredClaim),
            },
        }
    }

    /// The HS256 secret: the configured one, or the built-in dev secret.
    pub fn secret(&self) -> SecretString {
        self.hs256_secret
            .clone()
            .unwrap_or_else(|| SecretString::from(DEV_SECRET))
    }
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

impl Settings {
    /// How long `serve` waits for in-flight work once asked to stop.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_seconds)
    }
}
