//! Test support, used by this crate's tests and the end-to-end tests: a fresh database per test
//! (SQLite in memory, or a schema of its own in the PostgreSQL database named by
//! `JOBBRO_TEST_DATABASE_URL`), a fixed clock, dev tokens, and a small two-job-centre world.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, StatusCode, header},
};
use chrono::{TimeZone, Utc};
use jobbro_entities::{
    candidate, case, caseworker, citizen, company, company_user, company_user_unit, consent,
    enums::{
        CandidateStatus, Channel, ConsentPurpose, JobOrderKind, JobOrderStatus, ProviderUserRole,
        ServiceOrderStatus,
    },
    job_order, jobcentre, production_unit, provider, provider_user, service_order,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use serde_json::{Value, json};
use tokio::{net::TcpListener, sync::watch, task::JoinHandle};
use tower::ServiceExt;
use uuid::Uuid;

use crate::{
    app,
    auth::{Role, jwt::mint_dev_token},
    config::Settings,
    http::{self, AppState},
    kernel::clock::{FixedClock, SharedClock},
};

/// A running test instance: its settings, database, clock and router state.
pub struct TestApp {
    pub settings: Settings,
    pub db: DatabaseConnection,
    pub clock: FixedClock,
    pub state: AppState,
    /// SQL statements run so far on `db` (for N+1 checks).
    pub statements: Arc<AtomicUsize>,
    /// The last statements run on `db`, with their values (for query-plan checks).
    recent: Arc<std::sync::Mutex<std::collections::VecDeque<sea_orm::Statement>>>,
}

/// Statements [`TestApp::recent_statements`] keeps.
const RECENT_STATEMENTS: usize = 500;

/// Someone to sign in as.
#[derive(Debug, Clone, Copy)]
pub struct Principal {
    pub role: Role,
    pub subject: Uuid,
    pub organisation: Option<Uuid>,
}

/// The moment tests start at: Monday 2 November 2026, 09:00 UTC.
pub fn test_epoch() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

impl TestApp {
    /// A fresh, migrated database and an app on it.
    pub async fn spawn() -> anyhow::Result<Self> {
        Self::spawn_with(|_| {}).await
    }

    /// As [`TestApp::spawn`], but on a database file with a pool of connections, as `jobbro
    /// serve` runs by default, so concurrent requests really run at once (the in-memory database
    /// has one connection). On PostgreSQL when `JOBBRO_TEST_DATABASE_URL` is set, as usual.
    pub async fn spawn_on_file() -> anyhow::Result<Self> {
        let file = std::env::temp_dir().join(format!("jobbro-test-{}.db", Uuid::now_v7().simple()));
        let url = format!("sqlite://{}?mode=rwc", file.display());
        Self::spawn_with(move |s| {
            if s.database_url.starts_with("sqlite") {
                s.database_url = url;
                s.database_max_connections = 10;
            }
        })
        .await
    }

    /// As [`TestApp::spawn`], with settings adjusted first.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> anyhow::Result<Self> {
        let mut settings = Settings::for_tests();
        if let Ok(url) = std::env::var("JOBBRO_TEST_DATABASE_URL")
            && !url.is_empty()
        {
            let schema = format!("t_{}", Uuid::now_v7().simple());
            let admin = sea_orm::Database::connect(&url).await?;
            admin
                .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
                .await?;
            admin.close().await?;
            settings.database_url = url;
            settings.database_schema = Some(schema);
            settings.database_max_connections = 5;
        }
        configure(&mut settings);
        let mut db = app::open_database(&settings).await?;
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        let recent = Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
        let log = recent.clone();
        // Replaces the connection's own callback, so it does that callback's work too.
        db.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::Relaxed);
            crate::kernel::statements::record();
            let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
            if log.len() == RECENT_STATEMENTS {
                log.pop_front();
            }
            log.push_back(info.statement.clone());
        });
        jobbro_migration::run(&db).await?;
        let clock = FixedClock::at(test_epoch());
        let shared_clock: SharedClock = Arc::new(clock.clone());
        let state = app::state(&settings, db.clone(), shared_clock).await?;
        Ok(Self {
            settings,
            db,
            clock,
            state,
            statements,
            recent,
        })
    }

    /// The router, to call in-process.
    pub fn router(&self) -> Router {
        http::router(self.state.clone())
    }

    /// A dev token for `who`. Minted at the wall clock's now, since the verifier checks `exp`
    /// and `nbf` against real time, not the test clock.
    // Test support only (behind the `testing` feature): settings that cannot mint a token are a
    // broken test setup, and a panic says so where it happens.
    #[allow(clippy::expect_used)]
    pub fn token(&self, who: &Principal) -> String {
        mint_dev_token(
            &self.settings.auth,
            who.role,
            who.subject,
            who.organisation,
            Utc::now(),
        )
        .expect("the test settings' dev secret mints tokens")
    }

    /// POSTs a JSON body to `/graphql` in-process; returns the status and the JSON answer.
    pub async fn post_json(&self, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.send(token, Body::from(body.to_string())).await
    }

    /// POSTs raw bytes to `/graphql` in-process.
    pub async fn send(&self, token: Option<&str>, body: Body) -> (StatusCode, Value) {
        let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        match req.body(body) {
            Ok(req) => self.call(req).await,
            Err(e) => (StatusCode::BAD_REQUEST, json!({ "harness": e.to_string() })),
        }
    }

    /// Runs any request through the router in-process.
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, Value) {
        let resp = match self.router().oneshot(req).await {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let status = resp.status();
        let bytes = to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value)
    }

    /// Runs a GraphQL operation as `who` (anonymous when `None`) and returns the JSON answer.
    pub async fn gql(&self, who: Option<&Principal>, query: &str, variables: Value) -> Value {
        let token = who.map(|w| self.token(w));
        self.post_json(
            token.as_deref(),
            json!({ "query": query, "variables": variables }),
        )
        .await
        .1
    }

    /// Serves on a free loopback port until the returned sender sends `true`.
    pub async fn serve(
        &self,
    ) -> anyhow::Result<(
        SocketAddr,
        watch::Sender<bool>,
        JoinHandle<anyhow::Result<()>>,
    )> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = watch::channel(false);
        let settings = self.settings.clone();
        let state = self.state.clone();
        let handle = tokio::spawn(async move { app::serve(&settings, listener, state, rx).await });
        Ok((addr, tx, handle))
    }

    /// The statements run since the last call (at most the last 500), oldest first.
    pub fn recent_statements(&self) -> Vec<sea_orm::Statement> {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
            .collect()
    }

    /// SQL statements run since the app started.
    pub fn statement_count(&self) -> usize {
        self.statements.load(Ordering::Relaxed)
    }
}

/// The error code of the first GraphQL error in an answer, if any.
pub fn error_code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

/// A small world with two job centres, so that every "may not see" has something to not see.
#[derive(Debug, Clone)]
pub struct World {
    pub jobcentre_a: Uuid,
    pub jobcentre_b: Uuid,
    /// Caseworker in A; C1 is on their caseload.
    pub caseworker_a: Principal,
    /// Another caseworker in A; C2 is on their caseload.
    pub caseworker_a2: Principal,
    pub manager_a: Principal,
    /// Caseworker in B; C3 is on their caseload.
    pub caseworker_b: Principal,
    /// Citizen of A, referred to provider P (staff 1), candidate at company K unit 1, consents
    /// to share the CV.
    pub citizen_1: Principal,
    /// Citizen of A, referred to provider P (staff 2), candidate at company K unit 2, no consent.
    pub citizen_2: Principal,
    /// Citizen of B.
    pub citizen_3: Principal,
    pub provider_p_coordinator: Principal,
    pub provider_p_staff1: Principal,
    pub provider_p_staff2: Principal,
    pub provider_q_coordinator: Principal,
    /// Company K user acting for every unit.
    pub company_k: Principal,
    /// Company K user limited to unit 2.
    pub company_k_unit2: Principal,
    /// Company K's first production unit (company K's user acts for it; the limited one not).
    pub company_k_unit1: Uuid,
    pub company_l: Principal,
    pub integration: Principal,
    pub citizen_1_consent: Uuid,
}

impl World {
    /// One principal per role, labelled, for role matrices.
    pub fn one_per_role(&self) -> Vec<Principal> {
        vec![
            self.citizen_1,
            self.caseworker_a,
            self.manager_a,
            self.provider_p_coordinator,
            self.provider_p_staff1,
            self.company_k,
            self.integration,
        ]
    }
}

fn person(jobcentre_id: Uuid, n: u32, given: &str, family: &str) -> citizen::Model {
    let now = test_epoch();
    citizen::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        cpr: format!("6{n}0190-{:04}", 1000 + n),
        given_name: given.into(),
        family_name: family.into(),
        street: format!("Testvej {n}"),
        postal_code: "9901".into(),
        city: "Nordby".into(),
        protected_address: false,
        phone: Some(format!("9000000{n}")),
        email: Some(format!("borger{n}@mail.example")),
        preferred_channel: Channel::DigitalPost,
        obliged_digital: true,
        created_at: now,
        updated_at: now,
        co_name: None,
        co_street: None,
        co_postal_code: None,
        co_city: None,
    }
}

/// Builds the [`World`].
pub async fn world(db: &DatabaseConnection) -> anyhow::Result<World> {
    let now = test_epoch();
    let new = Uuid::now_v7;
    let (a, b) = (new(), new());
    for (id, name, code) in [(a, "Jobcenter A", "0901"), (b, "Jobcenter B", "0902")] {
        jobcentre::Entity::insert(
            jobcentre::Model {
                id,
                name: name.into(),
                municipality_code: code.into(),
                created_at: now,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let staff = |jc: Uuid, name: &str, manager: bool| caseworker::Model {
        id: new(),
        jobcentre_id: jc,
        name: name.into(),
        email: format!("{}@jc.example", name.to_lowercase().replace(' ', ".")),
        team: None,
        is_manager: manager,
        created_at: now,
    };
    let (cw_a, cw_a2, mgr_a, cw_b) = (
        staff(a, "Karin Sagsbehandler", false),
        staff(a, "Ole Sagsbehandler", false),
        staff(a, "Lise Leder", true),
        staff(b, "Bent Sagsbehandler", false),
    );
    for m in [&cw_a, &cw_a2, &mgr_a, &cw_b] {
        caseworker::Entity::insert(m.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
    }
    let (c1, c2, c3) = (
        person(a, 1, "Anna", "Testesen"),
        person(a, 2, "Bo", "Prøvesen"),
        person(b, 3, "Cecilie", "Eksempel"),
    );
    for m in [&c1, &c2, &c3] {
        citizen::Entity::insert(m.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
    }
    for (c, cw) in [(&c1, &cw_a), (&c2, &cw_a2), (&c3, &cw_b)] {
        case::Entity::insert(
            case::Model {
                id: new(),
                jobcentre_id: c.jobcentre_id,
                citizen_id: c.id,
                contact_group_code: "DAGPENGE".into(),
                target_group_code: "DAGPENGE".into(),
                visitation_category: None,
                assigned_caseworker_id: Some(cw.id),
                opened_at: now,
                closed_at: None,
                secondary_since: None,
                deadline: None,
                version: 1,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let (p, q) = (new(), new());
    for (id, name, cvr) in [(p, "Provider P", "90000001"), (q, "Provider Q", "90000002")] {
        provider::Entity::insert(
            provider::Model {
                id,
                name: name.into(),
                cvr: cvr.into(),
                internal: false,
                created_at: now,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let puser = |prov: Uuid, role: ProviderUserRole, n: u32| provider_user::Model {
        id: new(),
        provider_id: prov,
        name: format!("Aktørbruger {n}"),
        email: format!("u{n}@aktoer.example"),
        role,
    };
    let (pc, ps1, ps2, qc) = (
        puser(p, ProviderUserRole::Coordinator, 1),
        puser(p, ProviderUserRole::Staff, 2),
        puser(p, ProviderUserRole::Staff, 3),
        puser(q, ProviderUserRole::Coordinator, 4),
    );
    for m in [&pc, &ps1, &ps2, &qc] {
        provider_user::Entity::insert(m.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
    }
    for (c, staff_user) in [(&c1, &ps1), (&c2, &ps2)] {
        service_order::Entity::insert(
            service_order::Model {
                id: new(),
                jobcentre_id: a,
                citizen_id: c.id,
                provider_id: p,
                assigned_user_id: Some(staff_user.id),
                offer_kind_code: "MENTOR".into(),
                justification: "Behov for mentorstøtte.".into(),
                goal: "Stabilt fremmøde.".into(),
                remark: "Mødes på adressen i henvisningen.".into(),
                starts_on: now.date_naive(),
                ends_on: None,
                status: ServiceOrderStatus::Started,
                created_at: now,
                contract_service_id: None,
                minutes_per_week: None,
                weeks: None,
                accepted_at: None,
                started_on: Some(now.date_naive()),
                finished_on: None,
                cancel_reason: None,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let (k, l) = (new(), new());
    for (id, name, cvr) in [
        (k, "Virksomhed K", "80000001"),
        (l, "Virksomhed L", "80000002"),
    ] {
        company::Entity::insert(
            company::Model {
                id,
                name: name.into(),
                cvr: cvr.into(),
                created_at: now,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let unit = |co: Uuid, p: &str| production_unit::Model {
        id: new(),
        company_id: co,
        p_number: p.into(),
        name: format!("Enhed {p}"),
        street: "Industrivej 1".into(),
        postal_code: "9901".into(),
        city: "Nordby".into(),
    };
    let (k1, k2, l1) = (
        unit(k, "1000000001"),
        unit(k, "1000000002"),
        unit(l, "1000000003"),
    );
    for m in [&k1, &k2, &l1] {
        production_unit::Entity::insert(m.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
    }
    let cuser = |co: Uuid, all: bool, n: u32| company_user::Model {
        id: new(),
        company_id: co,
        name: format!("Virksomhedsbruger {n}"),
        email: format!("v{n}@firma.example"),
        all_units: all,
    };
    let (ku, ku2, lu) = (cuser(k, true, 1), cuser(k, false, 2), cuser(l, true, 3));
    for m in [&ku, &ku2, &lu] {
        company_user::Entity::insert(m.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
    }
    company_user_unit::Entity::insert(
        company_user_unit::Model {
            company_user_id: ku2.id,
            production_unit_id: k2.id,
        }
        .into_active_model(),
    )
    .exec_without_returning(db)
    .await?;
    for (unit, c) in [(&k1, &c1), (&k2, &c2)] {
        let order = job_order::Model {
            id: new(),
            jobcentre_id: a,
            company_id: k,
            production_unit_id: unit.id,
            title: "Lagermedarbejder".into(),
            positions: 1,
            status: JobOrderStatus::InProgress,
            created_at: now,
            kind: JobOrderKind::Ordinary,
            occupation_code: Some("4321".into()),
            description: "Pluk og pak på lageret.".into(),
            minutes_per_week: Some(37 * 60),
            starts_on: None,
            apply_by: None,
            contact_name: Some("Lone Lager".into()),
            contact_phone: None,
            contact_email: Some("lager@virksomhed.example".into()),
            required_skills: "[\"Truckcertifikat\"]".into(),
            updated_at: now,
            version: 1,
        };
        job_order::Entity::insert(order.clone().into_active_model())
            .exec_without_returning(db)
            .await?;
        candidate::Entity::insert(
            candidate::Model {
                id: new(),
                jobcentre_id: a,
                job_order_id: order.id,
                citizen_id: c.id,
                presented_at: Some(now),
                status: CandidateStatus::Presented,
                proposed_at: now,
                proposed_by: None,
                outcome_at: None,
                version: 1,
            }
            .into_active_model(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let consent_id = new();
    consent::Entity::insert(
        consent::Model {
            id: consent_id,
            jobcentre_id: a,
            citizen_id: c1.id,
            purpose: ConsentPurpose::ShareCvWithCompanies,
            granted_at: now,
            revoked_at: None,
        }
        .into_active_model(),
    )
    .exec_without_returning(db)
    .await?;

    let who = |role, subject, organisation| Principal {
        role,
        subject,
        organisation,
    };
    Ok(World {
        jobcentre_a: a,
        jobcentre_b: b,
        caseworker_a: who(Role::Caseworker, cw_a.id, Some(a)),
        caseworker_a2: who(Role::Caseworker, cw_a2.id, Some(a)),
        manager_a: who(Role::Manager, mgr_a.id, Some(a)),
        caseworker_b: who(Role::Caseworker, cw_b.id, Some(b)),
        citizen_1: who(Role::Citizen, c1.id, None),
        citizen_2: who(Role::Citizen, c2.id, None),
        citizen_3: who(Role::Citizen, c3.id, None),
        provider_p_coordinator: who(Role::ProviderCoordinator, pc.id, Some(p)),
        provider_p_staff1: who(Role::ProviderStaff, ps1.id, Some(p)),
        provider_p_staff2: who(Role::ProviderStaff, ps2.id, Some(p)),
        provider_q_coordinator: who(Role::ProviderCoordinator, qc.id, Some(q)),
        company_k: who(Role::Company, ku.id, Some(k)),
        company_k_unit2: who(Role::Company, ku2.id, Some(k)),
        company_k_unit1: k1.id,
        company_l: who(Role::Company, lu.id, Some(l)),
        integration: who(Role::Integration, new(), None),
        citizen_1_consent: consent_id,
    })
}

/// Measures the complexity async-graphql computes for a document, as the complexity limit sees
/// it, without running it against a database.
pub struct ComplexityProbe {
    schema: crate::schema::JobbroSchema,
    seen: Arc<std::sync::Mutex<Option<usize>>>,
}

struct Probe(Arc<std::sync::Mutex<Option<usize>>>);

impl async_graphql::extensions::ExtensionFactory for Probe {
    fn create(&self) -> Arc<dyn async_graphql::extensions::Extension> {
        Arc::new(Probe(self.0.clone()))
    }
}

#[async_trait::async_trait]
impl async_graphql::extensions::Extension for Probe {
    async fn validation(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        next: async_graphql::extensions::NextValidation<'_>,
    ) -> Result<async_graphql::ValidationResult, Vec<async_graphql::ServerError>> {
        let result = next.run(ctx).await?;
        if let Ok(mut seen) = self.0.lock() {
            *seen = Some(result.complexity);
        }
        Ok(result)
    }
}

impl Default for ComplexityProbe {
    fn default() -> Self {
        let mut settings = Settings::for_tests();
        settings.limits.max_complexity = usize::MAX;
        settings.limits.max_depth = usize::MAX;
        let seen = Arc::new(std::sync::Mutex::new(None));
        let schema = crate::schema::builder(&settings)
            .extension(Probe(seen.clone()))
            .finish();
        Self { schema, seen }
    }
}

impl ComplexityProbe {
    /// The complexity of `query`, or the validation errors. Anonymous: root fields refuse to
    /// run, so nothing touches a database.
    pub async fn measure(&self, query: &str) -> Result<usize, String> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = None;
        }
        let answer = self.schema.execute(query).await;
        let seen = self.seen.lock().ok().and_then(|s| *s);
        seen.ok_or_else(|| format!("{:?}", answer.errors))
    }
}

/// Puts the open case of `citizen` in the target group `group`: a world whose citizen receives
/// another benefit, without the case history `changeBenefit` writes.
pub async fn set_target_group(
    db: &DatabaseConnection,
    citizen: Uuid,
    group: &str,
) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    case::Entity::update_many()
        .col_expr(case::Column::TargetGroupCode, Expr::value(group))
        .filter(case::Column::CitizenId.eq(citizen))
        .filter(case::Column::ClosedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
