//! The request id: sent back on every response, taken from the caller only when it is sane.

use axum::{
    body::Body,
    http::{Request, header},
};
use jobbro_api::testing::TestApp;

async fn echoed(app: &TestApp, sent: Option<&str>) -> anyhow::Result<String> {
    let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(id) = sent {
        req = req.header("x-request-id", id);
    }
    let resp = tower::ServiceExt::oneshot(
        app.router(),
        req.body(Body::from(r#"{"query":"{ __typename }"}"#))?,
    )
    .await?;
    Ok(resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string())
}

#[tokio::test]
async fn a_sane_caller_id_is_kept_and_anything_else_replaced() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    assert_eq!(echoed(&app, Some("lb-7f3a:42")).await?, "lb-7f3a:42");
    let generated = echoed(&app, None).await?;
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    for junk in [
        "x".repeat(65),
        "with space".to_string(),
        "semi;colon".to_string(),
    ] {
        let got = echoed(&app, Some(&junk)).await?;
        assert_ne!(got, junk);
        assert_eq!(got.len(), 36, "replaced by a UUID: {got}");
    }
    Ok(())
}
