//! GraphQL over HTTP: the media type answers are written in (the client's `Accept`), the status
//! codes that go with each, the codes of parse and validation errors, and the request bodies
//! `/graphql` takes (415 for others).

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
    response::Response,
};
use jobbro_api::testing::{TestApp, error_code};
use serde_json::{Value, json};
use tower::ServiceExt;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// POSTs `body` with the given headers; returns status, content type and JSON answer.
async fn post(
    app: &TestApp,
    headers: &[(header::HeaderName, &str)],
    body: &str,
) -> anyhow::Result<(StatusCode, String, Value)> {
    let mut req = Request::post("/graphql");
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    let resp: Response = app
        .router()
        .oneshot(req.body(Body::from(body.to_string()))?)
        .await?;
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await?;
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok((status, content_type, value))
}

fn query(q: &str) -> String {
    json!({ "query": q }).to_string()
}

#[tokio::test]
async fn answers_are_written_in_the_media_type_the_client_accepts() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let json_ct = (header::CONTENT_TYPE, "application/json");
    for (accept, expected) in [
        (Some("application/json"), "application/json"),
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            GRAPHQL_RESPONSE,
        ),
        (Some("*/*"), "application/json"),
        (None, "application/json"),
    ] {
        let mut headers = vec![json_ct.clone()];
        if let Some(a) = accept {
            headers.push((header::ACCEPT, a));
        }
        let (status, ct, body) = post(&app, &headers, &query("{ __typename }")).await?;
        assert_eq!(status, StatusCode::OK, "{accept:?}");
        assert!(ct.starts_with(expected), "{accept:?}: {ct}");
        assert!(ct.contains("charset=utf-8"), "{ct}");
        assert_eq!(body["data"]["__typename"], "Query");
    }
    Ok(())
}

#[tokio::test]
async fn parse_and_validation_errors_have_codes_and_400_under_graphql_response_json()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let cases = [
        ("{", "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
    ];
    for (doc, code) in cases {
        let (status, ct, body) = post(
            &app,
            &[
                (header::CONTENT_TYPE, "application/json"),
                (header::ACCEPT, GRAPHQL_RESPONSE),
            ],
            &query(doc),
        )
        .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{doc}: {body}");
        assert!(ct.starts_with(GRAPHQL_RESPONSE));
        assert_eq!(error_code(&body), Some(code), "{body}");
        assert!(
            body.get("data").is_none(),
            "no data when nothing ran: {body}"
        );

        // Legacy clients asking for JSON get 200, as the spec says.
        let (status, ct, body) = post(
            &app,
            &[
                (header::CONTENT_TYPE, "application/json"),
                (header::ACCEPT, "application/json"),
            ],
            &query(doc),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{doc}: {body}");
        assert!(ct.starts_with("application/json"));
        assert_eq!(error_code(&body), Some(code), "{body}");
    }
    Ok(())
}

#[tokio::test]
async fn an_error_while_executing_is_200_with_data_under_either_media_type() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for accept in ["application/json", GRAPHQL_RESPONSE] {
        let (status, _, body) = post(
            &app,
            &[
                (header::CONTENT_TYPE, "application/json"),
                (header::ACCEPT, accept),
            ],
            &query("{ viewer { role } }"),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
        assert!(body.get("data").is_some(), "{body}");
    }
    Ok(())
}

#[tokio::test]
async fn a_post_without_a_json_content_type_is_415() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json; charset=latin1"),
    ] {
        let mut headers = vec![(header::ACCEPT, "application/json")];
        if let Some(ct) = content_type {
            headers.push((header::CONTENT_TYPE, ct));
        }
        let (status, _, body) = post(&app, &headers, &query("{ __typename }")).await?;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}: {body}"
        );
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("application/json"))
        );
    }
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
    ] {
        let (status, _, body) = post(
            &app,
            &[(header::CONTENT_TYPE, content_type)],
            &query("{ __typename }"),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{content_type}: {body}");
    }
    Ok(())
}

#[tokio::test]
async fn a_body_that_is_not_a_graphql_request_is_400() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for body in [
        "{ not json",
        r#"{"query": 1}"#,
        r#"{"query": "{ __typename }", "variables": "x"}"#,
        r#"{"qeury": "{ __typename }"}"#,
        "",
    ] {
        let (status, _, answer) = post(
            &app,
            &[
                (header::CONTENT_TYPE, "application/json"),
                (header::ACCEPT, GRAPHQL_RESPONSE),
            ],
            body,
        )
        .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(answer.get("data").is_none());
    }
    Ok(())
}
