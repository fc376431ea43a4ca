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

/// A container runtime stops the server with SIGTERM: it stops accepting, finishes, and exits 0.
#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() -> anyhow::Result<()> {
    use std::{
        net::{TcpListener, TcpStream},
        process::{Command, Stdio},
        time::{Duration, Instant},
    };

    let dir = scratch_dir("sigterm")?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_jobbro"))
        .arg("serve")
        .current_dir(&dir)
        .env("JOBBRO_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start listening"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()?;
    anyhow::ensure!(killed.success(), "kill -TERM failed");
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait()? {
            break status;
        }
        if stopping.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            anyhow::bail!("the server did not stop within 20 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    Ok(())
}
