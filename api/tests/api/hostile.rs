//! Requests an attacker would send: documents that make validation work exponentially, too many
//! tokens, directives or characters, nesting past the parser's limit, a multipart request that
//! carries a large document without files. Each is refused with a code before it costs anything,
//! and the server goes on answering.

use std::time::{Duration, Instant};

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use jobbro_api::testing::{TestApp, error_code};
use serde_json::{Value, json};

/// `levels` levels of fragments, each spreading the one below twice: 2^levels spreads once
/// expanded, in about 40 bytes a level.
fn fragment_bomb(levels: usize) -> String {
    let mut doc =
        format!("query Bomb {{ viewer {{ ...F{levels} }} }} fragment F0 on Viewer {{ role }}");
    for i in 1..=levels {
        doc.push_str(&format!(
            " fragment F{i} on Viewer {{ ...F{p} ...F{p} }}",
            p = i - 1
        ));
    }
    doc
}

fn message(answer: &Value) -> &str {
    answer["errors"][0]["message"].as_str().unwrap_or_default()
}

/// A document refused by a document limit: 400, `QUERY_TOO_LARGE`, a message naming the limit.
fn assert_too_large(status: StatusCode, answer: &Value, names: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(error_code(answer), Some("QUERY_TOO_LARGE"), "{answer}");
    assert!(message(answer).contains(names), "{answer}");
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_at_once_and_healthz_answers_meanwhile() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (addr, stop, server) = app.serve().await?;
    let client = reqwest::Client::new();
    let bomb = fragment_bomb(31);
    assert!(bomb.len() < 2_000, "a small document: {} bytes", bomb.len());

    let started = Instant::now();
    let bombs = (0..4).map(|_| {
        client
            .post(format!("http://{addr}/graphql"))
            .json(&json!({ "query": bomb }))
            .send()
    });
    let healthz = client.get(format!("http://{addr}/healthz")).send();
    let (answers, health) = tokio::join!(futures::future::join_all(bombs), healthz);
    // A generous bound for a debug build on a shared machine; without the limit one such
    // document takes minutes of CPU.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(health?.status(), reqwest::StatusCode::OK);
    for answer in answers {
        let answer = answer?;
        assert_eq!(answer.status(), reqwest::StatusCode::BAD_REQUEST);
        let body: Value = answer.json().await?;
        assert_eq!(error_code(&body), Some("QUERY_TOO_LARGE"), "{body}");
        assert!(message(&body).contains("fragment spreads"), "{body}");
    }
    let _ = stop.send(true);
    server.await??;
    Ok(())
}

#[tokio::test]
async fn ordinary_fragments_still_work() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let doc = "query { ...Q ...Q } fragment Q on Query { __typename ...R } fragment R on Query { __typename }";
    let (status, answer) = app.post_json(None, json!({ "query": doc })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["__typename"], "Query", "{answer}");
    Ok(())
}

#[tokio::test]
async fn more_tokens_than_the_limit_is_refused_before_parsing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_tokens;
    // `{`, `}` and a one-letter field per token in between (no such field: validation says so,
    // which shows the document got past the token limit).
    let doc = |n: usize| format!("{{ {} }}", vec!["a"; n - 2].join(" "));
    let (status, answer) = app.post_json(None, json!({ "query": doc(max) })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        error_code(&answer),
        Some("GRAPHQL_VALIDATION_FAILED"),
        "{answer}"
    );
    let (status, answer) = app.post_json(None, json!({ "query": doc(max + 1) })).await;
    assert_too_large(status, &answer, &format!("{max} tokens"));
    Ok(())
}

#[tokio::test]
async fn more_directives_than_the_limit_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_directives;
    let doc = |n: usize| {
        format!(
            "{{ __typename {} }}",
            vec!["@include(if: true)"; n].join(" ")
        )
    };
    let (status, answer) = app.post_json(None, json!({ "query": doc(max + 1) })).await;
    assert_too_large(status, &answer, "directives");
    Ok(())
}

#[tokio::test]
async fn a_document_longer_than_the_limit_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_document_chars;
    // A comment is not a token: only the character limit stops it.
    let doc = format!("{{ __typename }} #{}", "x".repeat(max));
    let (status, answer) = app.post_json(None, json!({ "query": doc })).await;
    assert_too_large(status, &answer, "characters");
    Ok(())
}

#[tokio::test]
async fn nesting_past_the_parser_limit_is_a_parse_error_not_a_crash() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let levels = 600;
    let doc = format!("{}{}", "{ a ".repeat(levels), "}".repeat(levels));
    let (status, answer) = app
        .call(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "application/graphql-response+json")
                .body(Body::from(json!({ "query": doc }).to_string()))?,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(
        error_code(&answer),
        Some("GRAPHQL_PARSE_FAILED"),
        "{answer}"
    );
    let (_, answer) = app
        .post_json(None, json!({ "query": "{ __typename }" }))
        .await;
    assert_eq!(answer["data"]["__typename"], "Query");
    Ok(())
}

/// A multipart request with `operations` of `size` bytes and no file.
fn multipart_without_files(size: usize) -> (String, String) {
    let boundary = "jobbro-test-boundary";
    let padding = " ".repeat(size);
    let operations = format!("{{\"query\": \"{{ __typename }}\"{padding}}}");
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{}}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_multipart_operations_part_gets_the_json_limit() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_body_bytes;
    assert!(app.settings.limits.max_upload_bytes > 2 * max);

    let (content_type, body) = multipart_without_files(100);
    let (status, answer) = app
        .call(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))?,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["__typename"], "Query", "{answer}");

    // Twice the JSON limit, well under the upload limit: refused as soon as the part passes
    // the JSON limit.
    let (content_type, body) = multipart_without_files(2 * max);
    let (status, answer) = app
        .call(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))?,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(
        message(&answer).contains("`operations` part exceeds"),
        "{answer}"
    );
    Ok(())
}

#[tokio::test]
async fn a_multipart_request_with_more_files_than_the_limit_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_files;
    let boundary = "b";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{{\"query\": \"{{ __typename }}\"}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{}}\r\n"
    );
    for i in 0..=max {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{i}\"; filename=\"f{i}.pdf\"\r\n\r\n%PDF-1.4\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let (status, answer) = app
        .call(
            Request::post("/graphql")
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))?,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(
        message(&answer).contains(&format!("at most {max} files")),
        "{answer}"
    );
    Ok(())
}
