//! The HTTP surface itself: request ids and authentication.

use anyhow::{Context as _, Result, ensure};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{Reply, Server, string};

const VIEWER: &str = "query Viewer { viewer { role } }";

fn request_id(reply: &Reply) -> Result<&str> {
    reply
        .headers
        .get("x-request-id")
        .context("no x-request-id header")?
        .to_str()
        .context("x-request-id is not text")
}

fn error_code(body: &Value) -> Result<&str> {
    string(body, "/errors/0/extensions/code")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_request_id() -> Result<()> {
    let server = Server::start().await?;
    let bearer = format!("Bearer {}", server.token(&server.world.citizen_1));
    let body = json!({ "query": VIEWER });

    // One is made up when the client sends none...
    let reply = server.post_raw(Some(&bearer), &[], &body).await?;
    ensure!(
        reply.status == StatusCode::OK,
        "HTTP {}: {}",
        reply.status,
        reply.body
    );
    let made_up = request_id(&reply)?;
    ensure!(
        uuid::Uuid::parse_str(made_up).is_ok(),
        "the generated request id is not a UUID: {made_up:?}"
    );

    // ... and the client's own is sent back.
    let mine = format!("e2e-{}", uuid::Uuid::now_v7());
    let reply = server
        .post_raw(Some(&bearer), &[("x-request-id", &mine)], &body)
        .await?;
    ensure!(request_id(&reply)? == mine, "the request id was not echoed");

    // Refused requests carry one too.
    let reply = server.post_raw(Some("Bearer nonsense"), &[], &body).await?;
    request_id(&reply)?;

    server.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_is_refused_with_401() -> Result<()> {
    let server = Server::start().await?;
    let body = json!({ "query": VIEWER });
    let good = server.token(&server.world.citizen_1);
    // The same claims with a signature that does not match them. (A character in the middle
    // of the signature: the last one may carry only padding bits.)
    let sig = good.rfind('.').context("the token has no signature")? + 5;
    let flipped = if good[sig..].starts_with('A') {
        "B"
    } else {
        "A"
    };
    let forged = format!("{}{flipped}{}", &good[..sig], &good[sig + 1..]);

    for authorization in [
        "Bearer not-a-jwt".to_string(),
        format!("Bearer {forged}"),
        format!("Basic {good}"),
    ] {
        let reply = server.post_raw(Some(&authorization), &[], &body).await?;
        ensure!(
            reply.status == StatusCode::UNAUTHORIZED,
            "{authorization:?}: expected 401, got {} {}",
            reply.status,
            reply.body
        );
        ensure!(
            error_code(&reply.body)? == "UNAUTHENTICATED",
            "{authorization:?}: {}",
            reply.body
        );
        ensure!(
            reply.body.get("data").is_none(),
            "data with a bad token: {}",
            reply.body
        );
    }

    // Without any token the request is served, and the guarded field says UNAUTHENTICATED.
    let reply = server.post_raw(None, &[], &body).await?;
    ensure!(
        reply.status == StatusCode::OK,
        "anonymous: HTTP {}",
        reply.status
    );
    ensure!(
        error_code(&reply.body)? == "UNAUTHENTICATED",
        "anonymous: {}",
        reply.body
    );

    // And the good token works.
    let reply = server
        .post_raw(Some(&format!("Bearer {good}")), &[], &body)
        .await?;
    ensure!(
        string(&reply.body, "/data/viewer/role")? == "CITIZEN",
        "good token: {}",
        reply.body
    );

    server.stop().await
}
