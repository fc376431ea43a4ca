//! The `jobbro` command as a user runs it.

use std::process::{Command, Output};

use jobbro_api::{
    auth::jwt::TokenVerifier,
    config::Settings,
    kernel::viewer::{Staff, Viewer},
};

fn jobbro(args: &[&str], env: &[(&str, &str)], dir: &std::path::Path) -> anyhow::Result<Output> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobbro"));
    cmd.args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0");
    for (k, _) in std::env::vars() {
        if k.starts_with("JOBBRO_") {
            cmd.env_remove(k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    Ok(cmd.output()?)
}

fn scratch_dir(name: &str) -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("jobbro-cli-{name}-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[test]
fn schema_prints_the_committed_sdl() -> anyhow::Result<()> {
    let out = jobbro(&["schema"], &[], &std::env::temp_dir())?;
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout)?, jobbro_api::schema::sdl());
    Ok(())
}

#[tokio::test]
async fn token_mints_a_dev_token_the_server_accepts() -> anyhow::Result<()> {
    let (subject, org) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let out = jobbro(
        &[
            "token",
            "--role",
            "caseworker",
            "--subject",
            &subject.to_string(),
            "--org",
            &org.to_string(),
        ],
        &[],
        &std::env::temp_dir(),
    )?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout)?;
    let viewer = TokenVerifier::from_settings(&Settings::default().auth)
        .await?
        .verify(token.trim())
        .await?;
    assert_eq!(
        viewer,
        Viewer::Staff(Staff {
            caseworker: subject,
            jobcentre: org,
            manager: false,
        })
    );
    Ok(())
}

#[test]
fn token_for_staff_without_org_says_what_is_missing() -> anyhow::Result<()> {
    let out = jobbro(
        &[
            "token",
            "--role",
            "caseworker",
            "--subject",
            &uuid::Uuid::now_v7().to_string(),
        ],
        &[],
        &std::env::temp_dir(),
    )?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --org"));
    Ok(())
}

#[test]
fn production_refuses_dev_tokens_and_the_dev_secret() -> anyhow::Result<()> {
    let dir = std::env::temp_dir();
    let subject = uuid::Uuid::now_v7().to_string();
    let secret = (
        "JOBBRO_AUTH__HS256_SECRET",
        "a-production-secret-of-more-than-32-characters",
    );
    let prod = ("JOBBRO_PROFILE", "production");

    let out = jobbro(
        &["token", "--role", "citizen", "--subject", &subject],
        &[prod, secret],
        &dir,
    )?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused in the production profile"));

    let out = jobbro(&["migrate"], &[prod], &dir)?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refuses the built-in dev secret"));
    Ok(())
}

#[test]
fn production_never_serves_the_demo_with_its_tokens() -> anyhow::Result<()> {
    let dir = scratch_dir("prod-demo")?;
    let secret = (
        "JOBBRO_AUTH__HS256_SECRET",
        "a-production-secret-of-more-than-32-characters",
    );
    let prod = ("JOBBRO_PROFILE", "production");
    let out = jobbro(&["serve", "--demo"], &[prod, secret], &dir)?;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refused in the production profile"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("eyJ") && !stderr.contains("eyJ"),
        "no token: {stdout}"
    );
    assert!(
        !dir.join("jobbro.db").exists(),
        "refused before it opened a database"
    );
    Ok(())
}

#[test]
fn migrate_and_seed_build_a_demo_database_in_the_working_directory() -> anyhow::Result<()> {
    let dir = scratch_dir("seed")?;
    let out = jobbro(&["seed", "--demo", "--citizens", "40"], &[], &dir)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("40 citizens"),
        "progress and a summary are printed: {stderr}"
    );
    assert!(
        dir.join("jobbro.db").exists(),
        "the default database is a file in the working directory"
    );

    let again = jobbro(&["seed", "--demo"], &[], &dir)?;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already loaded"));

    let migrate = jobbro(&["migrate"], &[], &dir)?;
    assert!(migrate.status.success());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// `jobbro audit prune` says what it removed, and refuses a retention of no months.
#[test]
fn audit_prune_reports_what_it_removed() -> anyhow::Result<()> {
    let dir = scratch_dir("prune")?;
    let out = jobbro(&["audit", "prune"], &[], &dir)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("0 partitions dropped, 0 rows deleted"),
        "{stdout}"
    );
    let none = jobbro(&["audit", "prune", "--keep-months", "0"], &[], &dir)?;
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("--keep-months"));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn a_bad_database_url_is_explained() -> anyhow::Result<()> {
    let out = jobbro(
        &["migrate"],
        &[("JOBBRO_DATABASE_URL", "mysql://nope")],
        &std::env::temp_dir(),
    )?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("must start with sqlite: or postgres:"));
    Ok(())
}

/// A `jobbro serve` in a scratch directory, its output in files there.
#[cfg(unix)]
struct Server {
    child: std::process::Child,
    port: u16,
    dir: std::path::PathBuf,
}

#[cfg(unix)]
impl Server {
    fn start(name: &str, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Self> {
        use std::{
            net::{TcpListener, TcpStream},
            process::Stdio,
            time::{Duration, Instant},
        };
        let dir = scratch_dir(name)?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobbro"));
        cmd.arg("serve").args(args).current_dir(&dir);
        for (k, _) in std::env::vars() {
            if k.starts_with("JOBBRO_") || k == "RUST_LOG" {
                cmd.env_remove(k);
            }
        }
        cmd.env("JOBBRO_LISTEN", format!("127.0.0.1:{port}"))
            .envs(env.iter().copied())
            .stdout(Stdio::from(std::fs::File::create(dir.join("stdout"))?))
            .stderr(Stdio::from(std::fs::File::create(dir.join("stderr"))?));
        let mut server = Self {
            child: cmd.spawn()?,
            port,
            dir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = server.child.try_wait()? {
                anyhow::bail!("the server exited with {status}: {}", server.stderr());
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(120),
                "the server did not start listening"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/graphql", self.port)
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(self.dir.join("stdout")).unwrap_or_default()
    }

    /// Waits until the output holds `marker`: the port opens before the demo banner is printed.
    fn wait_for_stdout(&self, marker: &str) -> anyhow::Result<String> {
        let started = std::time::Instant::now();
        loop {
            let out = self.stdout();
            if out.contains(marker) {
                return Ok(out);
            }
            anyhow::ensure!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "{marker:?} never printed; stdout: {out}\nstderr: {}",
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.join("stderr")).unwrap_or_default()
    }

    fn terminate(&self) -> anyhow::Result<()> {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        anyhow::ensure!(killed.success(), "kill -TERM failed");
        Ok(())
    }

    /// Waits for the process to exit, at most `limit`.
    fn wait(&mut self, limit: std::time::Duration) -> anyhow::Result<std::process::ExitStatus> {
        let stopping = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            if stopping.elapsed() > limit {
                let _ = self.child.kill();
                anyhow::bail!("the server did not stop within {limit:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

#[cfg(unix)]
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A container runtime stops the server with SIGTERM: it stops accepting, finishes, and exits 0.
#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() -> anyhow::Result<()> {
    let mut server = Server::start("sigterm", &[], &[])?;
    server.terminate()?;
    let status = server.wait(std::time::Duration::from_secs(20))?;
    assert!(status.success(), "exit status {status}");
    Ok(())
}

/// A request whose body is still arriving when SIGTERM comes: new connections are refused at
/// once, the request is answered in full, then the server exits 0.
#[cfg(unix)]
#[test]
fn sigterm_lets_the_request_in_flight_finish() -> anyhow::Result<()> {
    use std::{
        io::{Read, Write},
        net::TcpStream,
        time::{Duration, Instant},
    };
    let mut server = Server::start("in-flight", &[], &[])?;
    let body = r#"{"query": "query InFlight { __typename }"}"#;
    let (head, tail) = body.split_at(10);
    let mut conn = TcpStream::connect(("127.0.0.1", server.port))?;
    write!(
        conn,
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{head}",
        body.len()
    )?;
    conn.flush()?;
    std::thread::sleep(Duration::from_millis(300));
    server.terminate()?;

    let asked = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", server.port)).is_err() {
            break;
        }
        anyhow::ensure!(
            asked.elapsed() < Duration::from_secs(5),
            "still accepting connections after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.child.try_wait()?.is_none(),
        "the server waits for the request in flight"
    );
    conn.write_all(tail.as_bytes())?;
    let mut answer = String::new();
    conn.read_to_string(&mut answer)?;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""__typename":"Query""#), "{answer}");
    let status = server.wait(Duration::from_secs(20))?;
    assert!(status.success(), "exit status {status}");
    Ok(())
}

/// A request that never finishes does not keep the server from stopping: after the grace period
/// it exits 0 anyway.
#[cfg(unix)]
#[test]
fn the_grace_period_bounds_the_wait_for_requests_in_flight() -> anyhow::Result<()> {
    use std::{
        io::Write,
        net::TcpStream,
        time::{Duration, Instant},
    };
    let mut server = Server::start("grace", &[], &[("JOBBRO_SHUTDOWN_GRACE_SECONDS", "1")])?;
    let mut conn = TcpStream::connect(("127.0.0.1", server.port))?;
    write!(
        conn,
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
    )?;
    conn.flush()?;
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    server.terminate()?;
    // The request timeout (15 s) would end the request much later than the grace period.
    let status = server.wait(Duration::from_secs(10))?;
    assert!(status.success(), "exit status {status}");
    assert!(
        asked.elapsed() >= Duration::from_millis(900),
        "it waited for the grace period first: {:?}",
        asked.elapsed()
    );
    assert!(
        server.stderr().contains("grace period is over"),
        "{}",
        server.stderr()
    );
    Ok(())
}

/// The tokens `serve --demo` prints, by role claim.
fn demo_tokens(banner: &str) -> std::collections::HashMap<String, String> {
    let lines: Vec<&str> = banner.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let role = pair[0].strip_suffix("):")?.rsplit_once('(')?.1;
            pair[1]
                .starts_with("eyJ")
                .then(|| (role.to_string(), pair[1].to_string()))
        })
        .collect()
}

/// Every request is logged once, as one structured line with its id, role, operation, status,
/// duration and statement count, and nothing a request read or wrote reaches the log: no CPR
/// number, no name, no token, no variable.
#[cfg(unix)]
#[tokio::test]
async fn every_request_is_logged_once_and_nothing_personal_is() -> anyhow::Result<()> {
    use regex::Regex;
    let mut server = Server::start(
        "logs",
        &["--demo", "--citizens", "30"],
        &[("JOBBRO_LOG_FORMAT", "json")],
    )?;
    let tokens = demo_tokens(&server.wait_for_stdout("jobbro demo is running.")?);
    let token = |role: &str| {
        tokens
            .get(role)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no {role} token in {tokens:?}"))
    };
    let client = reqwest::Client::new();
    let post = |token: Option<String>, body: serde_json::Value| {
        let mut req = client.post(server.url()).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };

    let mut requests = 0;
    let mut personal: Vec<String> = Vec::new();
    // The caseworker reads names and CPR numbers of the caseload.
    let caseload: serde_json::Value = post(
        Some(token("caseworker")?),
        serde_json::json!({ "operationName": "Caseload", "query":
            "query Caseload { caseworker { caseload(first: 20) { nodes { id givenName familyName cpr } } } }" }),
    )
    .await?
    .json()
    .await?;
    requests += 1;
    let nodes = caseload["data"]["caseworker"]["caseload"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    anyhow::ensure!(!nodes.is_empty(), "{caseload}");
    for n in &nodes {
        for field in ["givenName", "familyName", "cpr"] {
            if let Some(v) = n[field].as_str() {
                personal.push(v.to_string());
            }
        }
    }
    // The citizen reads their own record and writes a consent.
    let me: serde_json::Value = post(
        Some(token("citizen")?),
        serde_json::json!({ "query": "query Me { citizen { givenName familyName cpr } }" }),
    )
    .await?
    .json()
    .await?;
    requests += 1;
    for field in ["givenName", "familyName", "cpr"] {
        if let Some(v) = me["data"]["citizen"][field].as_str() {
            personal.push(v.to_string());
        }
    }
    let granted: serde_json::Value = post(
        Some(token("citizen")?),
        serde_json::json!({
            "query": "mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { userErrors { code } } }",
            "variables": { "input": { "purpose": "SHARE_DATA_AFTER_MOVING" } }
        }),
    )
    .await?
    .json()
    .await?;
    requests += 1;
    anyhow::ensure!(granted["errors"].is_null(), "{granted}");
    // Variables with personal data in a request that fails validation, a refused token, and a
    // GET whose query string holds a name.
    let secret_cpr = "311299-9876";
    let _ = post(
        Some(token("caseworker")?),
        serde_json::json!({ "query": "query Find($cpr: String!) { nothing(cpr: $cpr) }",
            "variables": { "cpr": secret_cpr } }),
    )
    .await?;
    let _ = post(
        Some("not.a.token".into()),
        serde_json::json!({ "query": "{ __typename }" }),
    )
    .await?;
    let _ = client
        .get(format!(
            "{}?query=%7B%20__typename%20%23%20Hemmeligsen%20%7D",
            server.url()
        ))
        .send()
        .await?;
    requests += 3;
    personal.push(secret_cpr.into());
    personal.push("Hemmeligsen".into());

    server.terminate()?;
    server.wait(std::time::Duration::from_secs(20))?;
    let log = server.stderr();

    let access: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["target"] == "jobbro::access")
        .collect();
    assert_eq!(access.len(), requests, "one line per request:\n{log}");
    for line in &access {
        let f = &line["fields"];
        for key in [
            "request_id",
            "method",
            "path",
            "status",
            "duration_ms",
            "role",
            "operation",
            "statements",
        ] {
            assert!(!f[key].is_null(), "{key} missing in {line}");
        }
    }
    let caseload_line = &access[0]["fields"];
    assert_eq!(caseload_line["role"], "caseworker");
    assert_eq!(caseload_line["operation"], "Caseload");
    assert_eq!(caseload_line["status"], 200);
    assert!(
        caseload_line["statements"].as_u64().is_some_and(|n| n > 0),
        "{caseload_line}"
    );
    assert_eq!(access[4]["fields"]["role"], "refused");
    assert_eq!(access[4]["fields"]["status"], 401);

    let cpr_shaped = Regex::new(r"\b\d{6}-?\d{4}\b")?;
    assert!(
        cpr_shaped.find(&log).is_none(),
        "a CPR-shaped value in the log: {:?}",
        cpr_shaped.find(&log)
    );
    for value in personal.iter().filter(|v| v.len() >= 3) {
        let word = Regex::new(&format!(r"\b{}\b", regex::escape(value)))?;
        assert!(!word.is_match(&log), "{value} is in the log:\n{log}");
    }
    for t in tokens.values() {
        assert!(!log.contains(t.as_str()), "a token is in the log");
    }
    Ok(())
}

/// A plain HTTP/1.1 GET on loopback: the status and the body.
#[cfg(unix)]
fn http_get(port: u16, path: &str) -> anyhow::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    Ok((status, body.unwrap_or_default()))
}

/// Production keeps `/metrics` off the public port and serves it on the listener configured for
/// it.
#[cfg(unix)]
#[test]
fn production_serves_metrics_on_their_own_listener() -> anyhow::Result<()> {
    use std::time::{Duration, Instant};
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let listen = format!("127.0.0.1:{metrics_port}");
    let server = Server::start(
        "metrics-listener",
        &[],
        &[
            ("JOBBRO_PROFILE", "production"),
            (
                "JOBBRO_AUTH__HS256_SECRET",
                "a-municipality-secret-for-tests-only-0123456789",
            ),
            ("JOBBRO_METRICS__LISTEN", listen.as_str()),
        ],
    )?;
    let (status, _) = http_get(server.port, "/metrics")?;
    assert_eq!(status, 404, "not on the public port");
    let started = Instant::now();
    let (status, body) = loop {
        match http_get(metrics_port, "/metrics") {
            Ok(answer) => break answer,
            Err(e) if started.elapsed() > Duration::from_secs(20) => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("jobbro_db_pool_connections_max"), "{body}");
    Ok(())
}
