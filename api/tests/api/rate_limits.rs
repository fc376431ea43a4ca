//! Rate limits: per principal for authenticated requests, per client address for anonymous ones
//! and for refused tokens; 429 with `RATE_LIMITED` and `Retry-After` over the limit.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
    response::Response,
};
use jobbro_api::testing::{TestApp, error_code, world};
use serde_json::{Value, json};
use tower::ServiceExt;

/// One request: `token` as bearer (if any), `forwarded` as `X-Forwarded-For` (if any).
async fn ask(
    app: &TestApp,
    token: Option<&str>,
    forwarded: Option<&str>,
) -> anyhow::Result<(StatusCode, Option<String>, Value)> {
    let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let body = Body::from(json!({ "query": "{ __typename }" }).to_string());
    let resp: Response = app.router().oneshot(req.body(body)?).await?;
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await?;
    Ok((status, retry_after, serde_json::from_slice(&bytes)?))
}

fn assert_limited(status: StatusCode, retry_after: Option<String>, body: &Value) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(error_code(body), Some("RATE_LIMITED"), "{body}");
    let seconds: u64 = retry_after
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    // Two a minute: the next one is free within 30 seconds.
    assert!((1..=30).contains(&seconds), "Retry-After: {retry_after:?}");
}

#[tokio::test]
async fn each_principal_has_its_own_bucket() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.principal_per_minute = 2;
        s.rate_limit.principal_burst = 3;
    })
    .await?;
    let w = world(&app.db).await?;
    let citizen = app.token(&w.citizen_1);
    for _ in 0..3 {
        let (status, _, body) = ask(&app, Some(&citizen), None).await?;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, retry_after, body) = ask(&app, Some(&citizen), None).await?;
    assert_limited(status, retry_after, &body);

    // Another principal has a bucket of its own; a fresh token of the same principal shares
    // the first one's.
    let (status, _, _) = ask(&app, Some(&app.token(&w.citizen_2)), None).await?;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = ask(&app, Some(&app.token(&w.citizen_1)), None).await?;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a fresh token of the same principal shares its bucket"
    );
    Ok(())
}

#[tokio::test]
async fn a_batch_counts_as_many_requests_as_it_holds_operations() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.principal_per_minute = 2;
        s.rate_limit.principal_burst = 5;
    })
    .await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.caseworker_a);
    let batch = |n: usize| json!(vec![json!({ "query": "{ __typename }" }); n]);
    let (status, answer) = app.post_json(Some(&token), batch(4)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // One left in the bucket (a batch of four took four): a batch of two is over it.
    let (status, answer) = app.post_json(Some(&token), batch(2)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{answer}");
    assert_eq!(error_code(&answer), Some("RATE_LIMITED"));
    Ok(())
}

#[tokio::test]
async fn anonymous_and_refused_token_requests_count_per_client_address() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.address_per_minute = 2;
        s.rate_limit.address_burst = 2;
        s.rate_limit.client_address_header = Some("X-Forwarded-For".into());
    })
    .await?;
    let w = world(&app.db).await?;
    let a = "203.0.113.7";
    for _ in 0..2 {
        let (status, _, body) = ask(&app, None, Some(a)).await?;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, retry_after, body) = ask(&app, None, Some(a)).await?;
    assert_limited(status, retry_after, &body);

    // Guessing tokens from the same address is limited by the same bucket.
    let (status, retry_after, body) = ask(&app, Some("not.a.token"), Some(a)).await?;
    assert_limited(status, retry_after, &body);

    // The proxy appends the address it saw last: that one counts, not what the client wrote.
    let (status, _, _) = ask(&app, None, Some(&format!("198.51.100.1, {a}"))).await?;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // One IPv6 client rotating through its /64 shares one bucket.
    for host in 1..=2 {
        let (status, _, _) = ask(&app, None, Some(&format!("2001:db8:1:2::{host}"))).await?;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, _) = ask(&app, None, Some("2001:db8:1:2:ffff::9")).await?;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // Another address, and an authenticated principal behind the exhausted one, go on.
    let (status, _, _) = ask(&app, None, Some("203.0.113.8")).await?;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = ask(&app, Some(&app.token(&w.caseworker_a)), Some(a)).await?;
    assert_eq!(status, StatusCode::OK);

    // A refused token from a fresh address is 401, and uses up that address's bucket.
    let b = "203.0.113.9";
    for _ in 0..2 {
        let (status, _, body) = ask(&app, Some("not.a.token"), Some(b)).await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    let (status, retry_after, body) = ask(&app, None, Some(b)).await?;
    assert_limited(status, retry_after, &body);
    Ok(())
}

#[tokio::test]
async fn without_a_trusted_proxy_header_the_peer_address_counts() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.address_per_minute = 2;
        s.rate_limit.address_burst = 2;
    })
    .await?;
    let (addr, stop, server) = app.serve().await?;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for i in 0..3 {
        // A client naming itself another address each time does not get a fresh bucket.
        let resp = client
            .post(format!("http://{addr}/graphql"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await?;
        statuses.push(resp.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 429]);
    let _ = stop.send(true);
    server.await??;
    Ok(())
}

#[tokio::test]
async fn the_defaults_are_on_and_generous() {
    let defaults = jobbro_api::config::Settings::default().rate_limit;
    assert!(defaults.enabled);
    assert!(defaults.principal_burst >= 100 && defaults.principal_per_minute >= 300);
    assert!(defaults.address_burst >= 50);
    assert!(defaults.client_address_header.is_none());
}
