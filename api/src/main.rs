//! The `jobbro` command: serve, migrate, seed, schema, token.

use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use jobbro_api::{
    app,
    auth::{Role, jwt::mint_dev_token},
    config::{LogFormat, Settings},
    demo,
    kernel::clock::{SharedClock, SystemClock},
    kernel::db::redact,
    schema,
};
use tokio::{net::TcpListener, sync::watch};
use uuid::Uuid;

/// jobbro: the GraphQL backend for Danish job centres.
///
/// Settings come from `jobbro.toml` (or the file in JOBBRO_CONFIG) and JOBBRO_* environment
/// variables; with none, jobbro uses a SQLite file `jobbro.db` in the working directory.
#[derive(Parser)]
#[command(name = "jobbro", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve GraphQL (worker included).
    Serve {
        /// Load the synthetic demo municipality (if not loaded yet) and print a token per role.
        #[arg(long)]
        demo: bool,
        /// Citizens in the demo municipality.
        #[arg(long, default_value_t = demo::DEFAULT_CITIZENS, requires = "demo")]
        citizens: usize,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Load data into the database.
    Seed {
        /// Load the deterministic synthetic demo municipality.
        #[arg(long, required = true)]
        demo: bool,
        /// Number of citizens (scale it up for benchmarks).
        #[arg(long, default_value_t = demo::DEFAULT_CITIZENS)]
        citizens: usize,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Mint a development token (refused in the production profile).
    Token {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The subject id: a citizen, caseworker, provider user or company user.
        #[arg(long)]
        subject: Uuid,
        /// The organisation: job centre (caseworker, manager), provider or company.
        #[arg(long)]
        org: Option<Uuid>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Citizen,
    Caseworker,
    Manager,
    ProviderCoordinator,
    ProviderStaff,
    Company,
    Integration,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Citizen => Role::Citizen,
            RoleArg::Caseworker => Role::Caseworker,
            RoleArg::Manager => Role::Manager,
            RoleArg::ProviderCoordinator => Role::ProviderCoordinator,
            RoleArg::ProviderStaff => Role::ProviderStaff,
            RoleArg::Company => Role::Company,
            RoleArg::Integration => Role::Integration,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Schema = cli.command {
        print!("{}", schema::sdl());
        return Ok(());
    }
    let settings = Settings::load()?;
    init_logging(&settings);
    let clock: SharedClock = Arc::new(SystemClock);
    match cli.command {
        Command::Schema => {}
        Command::Token { role, subject, org } => {
            if settings.is_production() {
                anyhow::bail!(
                    "`jobbro token` mints dev tokens and is refused in the production profile"
                );
            }
            let role = Role::from(role);
            if role.needs_organisation() && org.is_none() {
                anyhow::bail!(
                    "the role {} needs --org (its job centre, provider or company id)",
                    role.claim()
                );
            }
            println!(
                "{}",
                mint_dev_token(&settings.auth, role, subject, org, clock.now())?
            );
        }
        Command::Migrate => {
            let db = app::open_database(&settings).await?;
            migrate(&db, &settings).await?;
        }
        Command::Seed { demo: _, citizens } => {
            let db = app::open_database(&settings).await?;
            migrate(&db, &settings).await?;
            let summary = demo::seed(
                &db,
                &demo::DemoOptions {
                    citizens,
                    today: jobbro_api::kernel::clock::danish_date(clock.now()),
                },
                |msg| eprintln!("{msg}"),
            )
            .await?;
            eprintln!("{summary}");
        }
        Command::Serve { demo, citizens } => {
            if demo && settings.is_production() {
                anyhow::bail!(
                    "`jobbro serve --demo` prints dev tokens and is refused in the production profile; load the synthetic data with `jobbro seed --demo` if you need it"
                );
            }
            let db = app::open_database(&settings).await?;
            migrate(&db, &settings).await?;
            if demo {
                if demo::is_loaded(&db).await? {
                    eprintln!("demo data already loaded; keeping it");
                } else {
                    let summary = demo::seed(
                        &db,
                        &demo::DemoOptions {
                            citizens,
                            today: jobbro_api::kernel::clock::danish_date(clock.now()),
                        },
                        |msg| eprintln!("{msg}"),
                    )
                    .await?;
                    eprintln!("{summary}");
                }
            }
            let listener = TcpListener::bind(settings.listen).await.with_context(|| {
                format!(
                    "could not listen on {} (set JOBBRO_LISTEN)",
                    settings.listen
                )
            })?;
            let addr = listener.local_addr()?;
            if demo {
                print_demo_banner(&settings, &db, &clock, addr).await?;
            }
            tracing::info!(%addr, "jobbro listening; GraphQL at /graphql");
            let state = app::state(&settings, db, clock).await?;
            let (tx, rx) = watch::channel(false);
            tokio::spawn(async move {
                stop_requested().await;
                let _ = tx.send(true);
            });
            app::serve(&settings, listener, state, rx).await?;
        }
    }
    Ok(())
}

/// Waits for Ctrl-C or, on Unix, SIGTERM (what a container runtime or systemd sends to stop the
/// server): either stops accepting connections and lets the in-flight requests and the worker's
/// current pass finish.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                tracing::info!("stopping: finishing in-flight requests");
                return;
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for SIGTERM; stop with Ctrl-C"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("stopping: finishing in-flight requests");
}

async fn migrate(db: &sea_orm::DatabaseConnection, settings: &Settings) -> anyhow::Result<()> {
    jobbro_migration::run(db)
        .await
        .with_context(|| format!("migrating {}", redact(&settings.database_url)))?;
    tracing::info!("database schema is up to date");
    Ok(())
}

async fn print_demo_banner(
    settings: &Settings,
    db: &sea_orm::DatabaseConnection,
    clock: &SharedClock,
    addr: std::net::SocketAddr,
) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    // Written in one piece, so whoever reads the output never sees half a banner.
    let mut banner = String::new();
    writeln!(banner)?;
    writeln!(banner, "jobbro demo is running.")?;
    writeln!(banner, "  GraphiQL: http://{addr}/graphiql")?;
    writeln!(banner, "  GraphQL:  http://{addr}/graphql")?;
    writeln!(banner)?;
    writeln!(
        banner,
        "Tokens (paste into GraphiQL's Headers as {{\"Authorization\": \"Bearer <token>\"}}):"
    )?;
    for p in demo::principals(db).await? {
        let token = mint_dev_token(
            &settings.auth,
            p.role,
            p.subject,
            p.organisation,
            clock.now(),
        )?;
        writeln!(banner)?;
        writeln!(banner, "  {} ({}):", p.label, p.role.claim())?;
        writeln!(banner, "  {token}")?;
    }
    writeln!(banner)?;
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, banner.as_bytes())?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&settings.log_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match settings.log_format() {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}
