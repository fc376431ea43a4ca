//! `/metrics` after traffic: the figures a production operator watches move, and the endpoint
//! is where the settings put it.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use jobbro_api::{
    config::Profile,
    testing::{TestApp, world},
};
use secrecy::SecretString;
use serde_json::json;

/// The value of the first sample line starting with `prefix` (name and labels), or 0.
fn sample(text: &str, prefix: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

async fn scrape(app: &TestApp, token: Option<&str>) -> anyhow::Result<(StatusCode, String)> {
    let mut req = Request::get("/metrics");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, body) = app.call(req.body(Body::empty())?).await;
    Ok((status, body.as_str().unwrap_or_default().to_string()))
}

#[tokio::test]
async fn metrics_move_with_traffic() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (status, before) = scrape(&app, None).await?;
    assert_eq!(status, StatusCode::OK);

    // A read that audits, a mutation answered with a userError, and an invalid document.
    let read = app
        .gql(
            Some(&w.caseworker_a),
            "query MetricsCaseload { caseworker { caseload(first: 5) { nodes { givenName } } } }",
            json!({}),
        )
        .await;
    assert!(read["errors"].is_null(), "{read}");
    let refused = app
        .gql(
            Some(&w.citizen_1),
            "mutation MetricsBadBooking { bookMeeting(input: {slotId: \"00000000-0000-7000-8000-000000000000\"}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    let code = refused["data"]["bookMeeting"]["userErrors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!code.is_empty(), "{refused}");
    let invalid = app
        .gql(
            Some(&w.caseworker_a),
            "query MetricsTypo { viewr { role } }",
            json!({}),
        )
        .await;
    assert!(invalid["errors"].is_array());

    let (_, after) = scrape(&app, None).await?;
    let moved = |prefix: &str| sample(&after, prefix) - sample(&before, prefix);
    assert_eq!(
        moved("jobbro_graphql_operations_total{operation=\"MetricsCaseload\",outcome=\"ok\"}"),
        1.0,
        "{after}"
    );
    assert_eq!(
        moved(
            "jobbro_graphql_operation_duration_seconds_count{operation=\"MetricsCaseload\",outcome=\"ok\"}"
        ),
        1.0
    );
    assert_eq!(
        moved(
            "jobbro_graphql_operations_total{operation=\"MetricsBadBooking\",outcome=\"user_errors\"}"
        ),
        1.0
    );
    assert!(moved(&format!("jobbro_user_errors_total{{code=\"{code}\"}}")) >= 1.0);
    assert!(moved("jobbro_graphql_errors_total{code=\"GRAPHQL_VALIDATION_FAILED\"}") >= 1.0);
    assert!(
        moved("jobbro_audit_reads_written_total") >= 1.0,
        "the caseload read was audited"
    );
    assert!(moved("jobbro_request_statements_count") >= 3.0);
    for gauge in [
        "jobbro_db_pool_connections_max ",
        "jobbro_db_pool_connections_in_use ",
        "jobbro_outbox_pending_events ",
        "jobbro_http_requests_in_flight ",
        "jobbro_outbox_oldest_pending_age_seconds ",
    ] {
        assert!(after.contains(gauge), "{gauge} missing:\n{after}");
    }
    assert!(sample(&after, "jobbro_db_pool_connections_max ") >= 1.0);
    assert!(after.trim_end().ends_with("# EOF"), "OpenMetrics text");
    Ok(())
}

#[tokio::test]
async fn production_serves_metrics_on_the_public_port_only_with_a_token() -> anyhow::Result<()> {
    let secret = "a-municipality-secret-for-tests-only-0123456789";
    let closed = TestApp::spawn_with(|s| {
        s.profile = Profile::Production;
        s.auth.hs256_secret = Some(SecretString::from(secret));
    })
    .await?;
    let (status, _) = scrape(&closed, None).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let guarded = TestApp::spawn_with(|s| {
        s.profile = Profile::Production;
        s.auth.hs256_secret = Some(SecretString::from(secret));
        s.metrics.token = Some(SecretString::from("scrape-token-for-tests"));
    })
    .await?;
    assert_eq!(scrape(&guarded, None).await?.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        scrape(&guarded, Some("wrong")).await?.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, text) = scrape(&guarded, Some("scrape-token-for-tests")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("jobbro_graphql_operations"), "{text}");
    Ok(())
}
