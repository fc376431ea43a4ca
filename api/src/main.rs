//! The `jobbro` command: serve, migrate, seed, schema, token, bench.

use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use jobbro_api::{
    app,
    auth::{Role, jwt::mint_dev_token},
    config::Settings,
    demo,
    kernel::clock::{SharedClock, SystemClock},
    kernel::db::redact,
    schema,
};
use jobbro_migration::audit_partitions;
use tokio::{net::TcpListener, sync::watch};
use uuid::Uuid;

/// mimalloc instead of the system allocator: a request allocates many small objects, and the
/// benchmark measured the difference (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Print the trusted documents (the portals' operations) as a manifest: id (`sha256:` and
    /// the hex SHA-256 of the text), name, type and text of each. Clients send the id as
    /// `documentId` instead of the text.
    TrustedDocuments,
    /// Look after the audit trail of personal-data reads.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Measure jobbro on its own, in a database it makes for the run and removes afterwards (a
    /// schema of the configured PostgreSQL database, or a temporary SQLite file).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
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

#[derive(Subcommand)]
enum AuditCommand {
    /// Remove the audit rows past the retention, a whole month at a time (on PostgreSQL by
    /// dropping the month's partition), and make the partitions of the coming year. A month goes
    /// once all of it is older than the retention, so rows are kept at least `--keep-months`
    /// months and less than one month longer. Run it daily or monthly, from cron or a timer.
    Prune {
        /// Whole months to keep before the current one.
        #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..))]
        keep_months: u32,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Generate the invoicing basis of one contract for a month, from no earlier version, at
    /// two sizes taken in turn (a tenth of the participants, then all of them), and print the
    /// time, statements, lines and total of each.
    Invoicing {
        /// Participants (citizens referred under the contract) of the larger size.
        #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(10..=100_000))]
        participants: u32,
        /// Generations of each size; the median is reported.
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=100))]
        rounds: u32,
    },
    /// Rank a job centre's citizens for one job order (its best 20, as
    /// `caseworker { candidatesFor }` does), at two sizes taken in turn (a tenth of the citizens,
    /// then all of them), and print the time and statements of each.
    Matching {
        /// Citizens of the job centre at the larger size.
        #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u32).range(100..=500_000))]
        citizens: u32,
        /// Rankings of each size; the median is reported.
        #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u32).range(1..=100))]
        rounds: u32,
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
    match cli.command {
        Command::Schema => {
            print!("{}", schema::sdl());
            return Ok(());
        }
        Command::TrustedDocuments => {
            println!(
                "{}",
                serde_json::to_string_pretty(&jobbro_api::http::trusted::manifest())?
            );
            return Ok(());
        }
        _ => {}
    }
    let settings = Settings::load()?;
    let telemetry = jobbro_api::telemetry::init(&settings)?;
    let outcome = run(cli.command, settings).await;
    telemetry.shutdown();
    outcome
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    let clock: SharedClock = Arc::new(SystemClock);
    match command {
        Command::Schema | Command::TrustedDocuments => {}
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
        Command::Bench {
            command:
                BenchCommand::Invoicing {
                    participants,
                    rounds,
                },
        } => bench_invoicing(settings, participants as usize, rounds as usize).await?,
        Command::Bench {
            command: BenchCommand::Matching { citizens, rounds },
        } => bench_matching(settings, citizens as usize, rounds as usize).await?,
        Command::Migrate => {
            let db = app::open_database(&settings).await?;
            migrate(&db, &settings).await?;
        }
        Command::Audit {
            command: AuditCommand::Prune { keep_months },
        } => {
            let db = app::open_database(&settings).await?;
            migrate(&db, &settings).await?;
            let this_month = audit_partitions::month_of(clock.now().date_naive());
            let before = audit_partitions::months_before(this_month, keep_months);
            let pruned = audit_partitions::prune(&db, before)
                .await
                .context("pruning the audit trail")?;
            for (partition, rows) in &pruned.dropped {
                println!("dropped {partition} ({rows} rows)");
            }
            println!(
                "audit rows before {before} removed: {} partitions dropped, {} rows deleted",
                pruned.dropped.len(),
                pruned.deleted
            );
            for partition in ensure_audit_partitions(&db, &clock).await? {
                println!("created {partition}");
            }
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
            ensure_audit_partitions(&db, &clock).await?;
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
            let stop = stop_requested();
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
                stop.await;
                let _ = tx.send(true);
            });
            app::serve(&settings, listener, state, rx).await?;
        }
    }
    Ok(())
}

/// Starts listening for Ctrl-C and, on Unix, SIGTERM (what a container runtime or systemd sends to
/// stop the server), and returns what waits for either: then the server stops accepting
/// connections and lets the in-flight requests and the worker's current pass finish. Called
/// before the port opens, so a signal that arrives as soon as it is open is handled, not fatal.
fn stop_requested() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(term) => Some(term),
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; stop with Ctrl-C");
                None
            }
        }
    };
    // Registered now: tokio installs the Ctrl-C handler when the future is first polled, so it
    // is polled once here.
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    let _ = futures::FutureExt::now_or_never(&mut ctrl_c);
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = &mut ctrl_c => {}
                _ = term.recv() => {}
            }
            tracing::info!("stopping: finishing in-flight requests");
            return;
        }
        let _ = ctrl_c.await;
        tracing::info!("stopping: finishing in-flight requests");
    }
}

/// Makes the audit trail's partitions of this month and the coming year (PostgreSQL); returns
/// the names of those it made.
async fn ensure_audit_partitions(
    db: &sea_orm::DatabaseConnection,
    clock: &SharedClock,
) -> anyhow::Result<Vec<String>> {
    let created = audit_partitions::ensure_ahead(db, clock.now().date_naive())
        .await
        .context("making the audit trail's partitions")?;
    if !created.is_empty() {
        tracing::info!(partitions = created.len(), "audit partitions created");
    }
    Ok(created)
}

async fn migrate(db: &sea_orm::DatabaseConnection, settings: &Settings) -> anyhow::Result<()> {
    jobbro_migration::run(db)
        .await
        .with_context(|| format!("migrating {}", redact(&settings.database_url)))?;
    tracing::info!("database schema is up to date");
    Ok(())
}

/// `jobbro bench invoicing`: loads the two workloads into a database of the run's own, then
/// generates their bases in turn (small, large, small, large…) so that both see the same
/// machine, and prints the medians.
async fn bench_invoicing(
    mut settings: Settings,
    participants: usize,
    rounds: usize,
) -> anyhow::Result<()> {
    use jobbro_api::invoicing::bench;
    let scratch = Scratch::open(&mut settings).await?;
    let outcome = async {
        let db = app::open_database(&settings).await?;
        migrate(&db, &settings).await?;
        let sizes = [participants / 10, participants];
        let mut workloads = Vec::new();
        for n in sizes {
            eprintln!("loading a contract with {n} participants…");
            workloads.push(bench::load(&db, n).await.map_err(detail)?);
        }
        // One generation of each first, unmeasured: caches and query plans warm up.
        for w in &workloads {
            bench::generate_once(&db, w).await.map_err(detail)?;
        }
        let mut measured: Vec<Vec<bench::Round>> = vec![Vec::new(); workloads.len()];
        for round in 1..=rounds {
            eprintln!("round {round} of {rounds}");
            for (w, rounds) in workloads.iter().zip(measured.iter_mut()) {
                rounds.push(bench::generate_once(&db, w).await.map_err(detail)?);
            }
        }
        println!(
            "invoicing basis of one contract for {} on {} ({} rounds, medians)",
            bench::MONTH,
            scratch.describe(),
            rounds
        );
        println!(
            "{:>12} {:>7} {:>16} {:>11} {:>10} {:>8} {:>8}",
            "participants", "lines", "total (kr)", "statements", "median ms", "min ms", "max ms"
        );
        for (w, rounds) in workloads.iter().zip(measured) {
            let mut ms: Vec<f64> = rounds
                .iter()
                .map(|r| r.elapsed.as_secs_f64() * 1_000.0)
                .collect();
            ms.sort_by(f64::total_cmp);
            let median = ms[ms.len() / 2];
            let first = rounds[0];
            let statements: Vec<usize> = rounds.iter().map(|r| r.statements).collect();
            let statements = if statements.iter().all(|s| *s == first.statements) {
                first.statements.to_string()
            } else {
                format!("{statements:?}")
            };
            println!(
                "{:>12} {:>7} {:>16} {:>11} {:>10.1} {:>8.1} {:>8.1}",
                w.participants,
                first.lines,
                format!("{:.2}", first.total_ore as f64 / 100.0),
                statements,
                median,
                ms[0],
                ms[ms.len() - 1]
            );
        }
        db.close().await?;
        anyhow::Ok(())
    }
    .await;
    scratch.remove().await?;
    outcome
}

/// `jobbro bench matching`: loads two job centres into a database of the run's own, then ranks
/// their citizens for their order in turn (small, large, small, large…) and prints the medians.
async fn bench_matching(
    mut settings: Settings,
    citizens: usize,
    rounds: usize,
) -> anyhow::Result<()> {
    use jobbro_api::companies::bench;
    let scratch = Scratch::open(&mut settings).await?;
    let outcome = async {
        let db = app::open_database(&settings).await?;
        migrate(&db, &settings).await?;
        let mut workloads = Vec::new();
        for n in [citizens / 10, citizens] {
            eprintln!("loading a job centre of {n} citizens…");
            workloads.push(bench::load(&db, n).await.map_err(detail)?);
        }
        for w in &workloads {
            bench::rank_once(&db, w).await.map_err(detail)?;
        }
        let mut measured: Vec<Vec<bench::Round>> = vec![Vec::new(); workloads.len()];
        for round in 1..=rounds {
            eprintln!("round {round} of {rounds}");
            for (w, rounds) in workloads.iter().zip(measured.iter_mut()) {
                rounds.push(bench::rank_once(&db, w).await.map_err(detail)?);
            }
        }
        println!(
            "the best {} candidates for one job order on {} ({} rounds, medians)",
            bench::ASKED,
            scratch.describe(),
            rounds
        );
        println!(
            "{:>9} {:>8} {:>6} {:>5} {:>11} {:>10} {:>8} {:>8}",
            "citizens", "with CV", "found", "best", "statements", "median ms", "min ms", "max ms"
        );
        for (w, rounds) in workloads.iter().zip(measured) {
            let mut ms: Vec<f64> = rounds
                .iter()
                .map(|r| r.elapsed.as_secs_f64() * 1_000.0)
                .collect();
            ms.sort_by(f64::total_cmp);
            let first = rounds[0];
            println!(
                "{:>9} {:>8} {:>6} {:>5} {:>11} {:>10.1} {:>8.1} {:>8.1}",
                w.citizens,
                w.with_cv,
                first.found,
                first.best,
                first.statements,
                ms[ms.len() / 2],
                ms[0],
                ms[ms.len() - 1]
            );
        }
        db.close().await?;
        anyhow::Ok(())
    }
    .await;
    scratch.remove().await?;
    outcome
}

/// An application error with its cause: the command's user is the operator, not a client.
fn detail(e: jobbro_api::kernel::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

/// The database a benchmark runs in: a schema of its own in the configured PostgreSQL database,
/// or a temporary SQLite file, so that it never touches the data it is pointed at.
enum Scratch {
    Schema { url: String, schema: String },
    File(std::path::PathBuf),
}

impl Scratch {
    async fn open(settings: &mut Settings) -> anyhow::Result<Self> {
        let tag = Uuid::now_v7().simple().to_string();
        if settings.database_url.starts_with("postgres") {
            let schema = format!("jobbro_bench_{}", &tag[20..]);
            let admin = sea_orm::Database::connect(&settings.database_url)
                .await
                .with_context(|| format!("connecting to {}", redact(&settings.database_url)))?;
            sea_orm::ConnectionTrait::execute_unprepared(
                &admin,
                &format!("CREATE SCHEMA \"{schema}\""),
            )
            .await?;
            admin.close().await?;
            settings.database_schema = Some(schema.clone());
            Ok(Self::Schema {
                url: settings.database_url.clone(),
                schema,
            })
        } else {
            let file = std::env::temp_dir().join(format!("jobbro-bench-{tag}.db"));
            settings.database_url = format!("sqlite://{}?mode=rwc", file.display());
            Ok(Self::File(file))
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Schema { url, schema } => format!("PostgreSQL {} (schema {schema})", redact(url)),
            Self::File(file) => format!("SQLite {}", file.display()),
        }
    }

    async fn remove(self) -> anyhow::Result<()> {
        match self {
            Self::Schema { url, schema } => {
                let admin = sea_orm::Database::connect(&url).await?;
                sea_orm::ConnectionTrait::execute_unprepared(
                    &admin,
                    &format!("DROP SCHEMA \"{schema}\" CASCADE"),
                )
                .await?;
                admin.close().await?;
            }
            Self::File(file) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
        }
        Ok(())
    }
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
    let principals = demo::principals(db).await?;
    for p in &principals {
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
        // The token rides in the fragment, which the browser never sends to the server.
        writeln!(
            banner,
            "  GraphiQL as {}: http://{addr}/graphiql#token={token}",
            p.role.claim()
        )?;
    }
    if let Some(citizen) = principals.iter().find(|p| p.role == Role::Citizen) {
        let viewer = jobbro_api::kernel::viewer::Viewer::Citizen {
            citizen: citizen.subject,
        };
        let now = clock.now();
        let slots = jobbro_api::meetings::slots::available(
            db,
            &viewer,
            now,
            now,
            now + jobbro_api::meetings::slots::DEFAULT_RANGE,
            None,
        )
        .await?;
        let in_person = slots
            .iter()
            .find(|s| s.channel == jobbro_entities::enums::MeetingChannel::InPerson);
        writeln!(banner)?;
        match in_person {
            Some(slot) => writeln!(
                banner,
                "A free in-person slot for the demo citizen (bookMeeting's slotId): {}, {} \
                 Copenhagen time, {}.",
                slot.id.as_str(),
                slot.starts_at
                    .with_timezone(&chrono_tz::Europe::Copenhagen)
                    .format("%Y-%m-%d %H:%M"),
                slot.location
            )?,
            None => writeln!(
                banner,
                "The demo citizen has no free in-person slot in the next four weeks."
            )?,
        }
    }
    writeln!(banner)?;
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, banner.as_bytes())?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}
