//! What browsers and HTTP clients get besides GraphQL: CORS for the configured origins only,
//! compressed answers when the client accepts them, and no caching of answers that carry
//! personal data.

use axum::{
    body::{Body, to_bytes},
    http::{Request, StatusCode, header},
};
use jobbro_api::{
    config::{ConfigError, Profile, Settings},
    testing::{TestApp, world},
};
use secrecy::SecretString;
use serde_json::json;
use tower::ServiceExt;

async fn respond(app: &TestApp, req: Request<Body>) -> axum::response::Response {
    match app.router().oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

fn preflight(origin: &str) -> anyhow::Result<Request<Body>> {
    Ok(Request::builder()
        .method("OPTIONS")
        .uri("/graphql")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())?)
}

fn allowed_origin(resp: &axum::response::Response) -> Option<String> {
    resp.headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn cors_admits_the_configured_origins_and_this_machine_in_dev() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.http.cors_origins = vec!["https://borger.example.dk".into()];
    })
    .await?;
    let resp = respond(&app, preflight("https://borger.example.dk")?).await;
    assert_eq!(
        allowed_origin(&resp).as_deref(),
        Some("https://borger.example.dk")
    );
    let headers = resp
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );

    let resp = respond(&app, preflight("http://localhost:5173")?).await;
    assert_eq!(
        allowed_origin(&resp).as_deref(),
        Some("http://localhost:5173"),
        "a dev front end on this machine"
    );
    for stranger in ["https://evil.example", "http://localhost.evil.example"] {
        let resp = respond(&app, preflight(stranger)?).await;
        assert_eq!(allowed_origin(&resp), None, "{stranger}");
    }
    Ok(())
}

#[tokio::test]
async fn production_admits_no_origin_unless_configured() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.profile = Profile::Production;
        s.auth.hs256_secret = Some(SecretString::from(
            "a-municipality-secret-for-tests-only-0123456789",
        ));
    })
    .await?;
    for origin in ["http://localhost:5173", "https://borger.example.dk"] {
        let resp = respond(&app, preflight(origin)?).await;
        assert_eq!(allowed_origin(&resp), None, "{origin}");
    }
    Ok(())
}

#[test]
fn a_cors_origin_with_a_path_is_refused_at_start() {
    let mut settings = Settings::for_tests();
    settings.http.cors_origins = vec!["https://borger.example.dk/app".into()];
    assert!(matches!(
        settings.validate(),
        Err(ConfigError::BadCorsOrigin(o)) if o.ends_with("/app")
    ));
    settings.http.cors_origins = vec!["https://borger.example.dk:8443".into()];
    assert!(settings.validate().is_ok());
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it_and_never_cached() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.caseworker_a);
    // The schema's types: an answer large enough to be worth compressing.
    let body = json!({ "query": "{ __schema { types { name description } } }" }).to_string();
    for (encoding, expected) in [
        ("br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ] {
        let req = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_ENCODING, encoding)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body.clone()))?;
        let resp = respond(&app, req).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let got = resp
            .headers()
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        assert_eq!(got.as_deref(), expected, "{encoding}");
        assert_eq!(
            resp.headers()
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        let bytes = to_bytes(resp.into_body(), usize::MAX).await?;
        if expected.is_none() {
            assert!(bytes.starts_with(b"{"), "plain JSON without compression");
        }
    }
    Ok(())
}
