//! The protection limits: depth, complexity, aliases, batch size, body size, request timeout,
//! page size, queries only over GET, and what the production profile turns off.

use axum::{
    body::{Body, Bytes},
    http::{Method, Request, StatusCode, header},
};
use jobbro_api::{
    config::{ConfigError, Profile, Settings},
    testing::{TestApp, error_code, world},
};
use jobbro_entities::consent;
use sea_orm::{EntityTrait, PaginatorTrait};
use secrecy::SecretString;
use serde_json::{Value, json};

/// A production secret for HS256 tokens: not the dev secret, long enough.
const PRODUCTION_SECRET: &str = "a-municipality-secret-for-tests-only-0123456789";

/// The first error's message, or "" when there is none.
fn message(answer: &Value) -> &str {
    answer["errors"][0]["message"].as_str().unwrap_or_default()
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A GET request to `/graphql` with the given query-string parameters.
fn get_graphql(token: Option<&str>, params: &[(&str, &str)]) -> anyhow::Result<Request<Body>> {
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let mut req = Request::get(format!("/graphql?{}", query.join("&")));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    Ok(req.body(Body::empty())?)
}

fn get(path: &str) -> anyhow::Result<Request<Body>> {
    Ok(Request::get(path).body(Body::empty())?)
}

// ---------------------------------------------------------------------------------------------
// Depth and complexity
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn query_deeper_than_max_depth_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.max_depth = 3).await?;
    let w = world(&app.db).await?;
    let who = Some(&w.caseworker_a);

    // caseworker (1) > me (2) > jobcentre (3) > name (4)
    let deep = "{ caseworker { me { jobcentre { name } } } }";
    let answer = app.gql(who, deep, json!({})).await;
    assert!(message(&answer).contains("nested too deep"), "{answer}");
    assert_eq!(answer["data"], Value::Null, "{answer}");

    // caseworker (1) > me (2) > name (3)
    let answer = app
        .gql(who, "{ caseworker { me { name } } }", json!({}))
        .await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(
        answer["data"]["caseworker"]["me"]["name"],
        "Karin Sagsbehandler"
    );
    Ok(())
}

#[tokio::test]
async fn deep_query_within_the_default_depth_works() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { me { jobcentre { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(
        answer["data"]["caseworker"]["me"]["jobcentre"]["name"],
        "Jobcenter A"
    );
    Ok(())
}

/// `caseworker { citizens(first: N) { … cases … consents … } }` under `count` aliases.
fn citizens_query(first: i32, count: usize) -> String {
    let one = format!(
        "caseworker {{ citizens(first: {first}) {{ edges {{ node {{ \
         cases {{ id contactGroup targetGroup openedAt }} consents {{ id purpose }} }} }} }} }}"
    );
    let fields: Vec<String> = (0..count).map(|i| format!("c{i}: {one}")).collect();
    format!("{{ {} }}", fields.join(" "))
}

#[tokio::test]
async fn aliased_large_pages_exceed_the_default_max_complexity() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let who = Some(&w.caseworker_a);
    // Per alias: caseworker 1 + citizens first × (edges 1 + node 1 + cases 20 rows × 4 +
    // consents 50 rows × 2), i.e. 1 + 100 × 182 = 18,201 at first: 100; three aliases are
    // 54,603 > 50,000.
    assert_eq!(app.settings.limits.max_complexity, 50_000);

    let answer = app.gql(who, &citizens_query(100, 3), json!({})).await;
    assert!(message(&answer).contains("too complex"), "{answer}");
    assert!(answer.get("data").is_none_or(Value::is_null), "{answer}");

    // Two such aliases (36,402) fit.
    let answer = app.gql(who, &citizens_query(100, 2), json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");

    // `first` is what makes it expensive: the same five aliases asking for one row each pass.
    let answer = app.gql(who, &citizens_query(1, 3), json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    let edges = answer["data"]["c0"]["citizens"]["edges"]
        .as_array()
        .map(Vec::len);
    assert_eq!(edges, Some(1), "{answer}");
    Ok(())
}

#[tokio::test]
async fn first_raises_the_cost_under_a_small_max_complexity() -> anyhow::Result<()> {
    // One row costs 1 + 182 (see above); the default page of 20, 3,641.
    let app = TestApp::spawn_with(|s| s.limits.max_complexity = 500).await?;
    let w = world(&app.db).await?;
    let who = Some(&w.caseworker_a);

    let answer = app.gql(who, &citizens_query(20, 1), json!({})).await;
    assert!(message(&answer).contains("too complex"), "{answer}");

    // Leaving `first` out means the default page (20), which costs the same.
    let no_first = "{ caseworker { citizens { edges { node { \
                    cases { id contactGroup targetGroup openedAt } consents { id purpose } } } } } }";
    let answer = app.gql(who, no_first, json!({})).await;
    assert!(message(&answer).contains("too complex"), "{answer}");

    let answer = app.gql(who, &citizens_query(1, 1), json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert!(
        answer["data"]["c0"]["citizens"]["edges"].is_array(),
        "{answer}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Aliases and batches
// ---------------------------------------------------------------------------------------------

fn aliased_typenames(count: usize) -> String {
    let fields: Vec<String> = (0..count).map(|i| format!("a{i}: __typename")).collect();
    format!("{{ {} }}", fields.join(" "))
}

#[tokio::test]
async fn more_aliases_than_max_aliases_is_400_query_too_large() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_aliases;

    let (status, answer) = app
        .post_json(None, json!({ "query": aliased_typenames(max + 1) }))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&answer), Some("QUERY_TOO_LARGE"), "{answer}");
    assert!(
        message(&answer).contains(&format!("at most {max}")),
        "{answer}"
    );
    assert!(message(&answer).contains(&format!("{} aliases", max + 1)));
    assert_eq!(answer["data"], Value::Null, "{answer}");

    let (_, answer) = app
        .post_json(None, json!({ "query": aliased_typenames(max) }))
        .await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(answer["data"][format!("a{}", max - 1)], "Query");
    Ok(())
}

#[tokio::test]
async fn aliases_inside_fragments_count_too() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.max_aliases = 2).await?;
    let query = "query { ...F x: __typename } fragment F on Query { a: __typename b: __typename }";
    let (_, answer) = app.post_json(None, json!({ "query": query })).await;
    assert_eq!(error_code(&answer), Some("QUERY_TOO_LARGE"), "{answer}");
    assert!(message(&answer).contains("at most 2"), "{answer}");
    Ok(())
}

#[tokio::test]
async fn batch_larger_than_max_batch_is_400_bad_user_input() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let max = app.settings.limits.max_batch;
    let batch: Vec<Value> = (0..=max)
        .map(|_| json!({ "query": "{ __typename }" }))
        .collect();
    let (status, answer) = app.post_json(None, Value::Array(batch)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    assert!(
        message(&answer).contains(&format!("at most {max}")),
        "{answer}"
    );
    Ok(())
}

#[tokio::test]
async fn batch_of_two_gets_two_answers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.caseworker_a);
    let batch = json!([
        { "query": "{ viewer { role } }" },
        { "query": "{ caseworker { me { name } } }" },
    ]);
    let (status, answer) = app.post_json(Some(&token), batch).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let answers = answer.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(answers.len(), 2, "{answer}");
    assert_eq!(
        answers[0]["data"]["viewer"]["role"], "CASEWORKER",
        "{answer}"
    );
    assert_eq!(
        answers[1]["data"]["caseworker"]["me"]["name"], "Karin Sagsbehandler",
        "{answer}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Body size and timeout
// ---------------------------------------------------------------------------------------------

/// A GraphQL request body of well over 256 bytes.
fn large_body() -> String {
    let padding = " ".repeat(1_000);
    json!({ "query": format!("{{ __typename {padding} }}") }).to_string()
}

#[tokio::test]
async fn body_larger_than_max_body_bytes_is_413() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.max_body_bytes = 256).await?;
    let body = large_body();
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))?;
    let (status, _) = app.call(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // A small body is fine.
    let (status, answer) = app
        .post_json(None, json!({ "query": "{ __typename }" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["data"]["__typename"], "Query");
    Ok(())
}

#[tokio::test]
async fn body_over_the_limit_without_content_length_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.max_body_bytes = 256).await?;
    // No Content-Length (as with chunked transfer encoding): the limit applies while the body is
    // read, so the request is refused all the same...
    let (status, answer) = app.send(None, Body::from(large_body())).await;
    assert!(status.is_client_error(), "{status} {answer}");
    assert!(answer.get("data").is_none(), "{answer}");
    Ok(())
}

#[tokio::test]
async fn body_over_the_limit_without_content_length_is_413() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.limits.max_body_bytes = 256).await?;
    let (status, answer) = app.send(None, Body::from(large_body())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    Ok(())
}

#[tokio::test]
async fn request_whose_body_never_arrives_times_out_with_408() -> anyhow::Result<()> {
    // The body stream never yields, so the handler can never finish: the outcome does not depend
    // on how fast the machine is, only the wait does.
    let app = TestApp::spawn_with(|s| s.limits.request_timeout_ms = 50).await?;
    let never = futures::stream::pending::<Result<Bytes, std::io::Error>>();
    let (status, _) = app.send(None, Body::from_stream(never)).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// GET and page size
// ---------------------------------------------------------------------------------------------

const GRANT: &str =
    "mutation M { grantConsent(input: { purpose: SHARE_DATA_AFTER_MOVING }) { consent { id } } }";

#[tokio::test]
async fn mutation_over_get_is_405_and_changes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let before = consent::Entity::find().count(&app.db).await?;

    for mutation in [GRANT, &GRANT.replacen("mutation M", "mutation", 1)] {
        let (status, answer) = app
            .call(get_graphql(Some(&token), &[("query", mutation)])?)
            .await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{answer}");
        assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
        assert!(message(&answer).contains("POST"), "{answer}");
    }

    // The same mutation over POST does run.
    let (status, answer) = app.post_json(Some(&token), json!({ "query": GRANT })).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        answer["data"]["grantConsent"]["consent"]["id"].is_string(),
        "{answer}"
    );
    assert_eq!(consent::Entity::find().count(&app.db).await?, before + 1);
    Ok(())
}

#[tokio::test]
async fn mutation_chosen_by_operation_name_over_get_is_405() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let before = consent::Entity::find().count(&app.db).await?;
    let document = format!("query Q {{ viewer {{ role }} }} {GRANT}");

    // async-graphql 7.2.1 reads the operation name of a GET request from `operation_name`.
    let (status, answer) = app
        .call(get_graphql(
            Some(&token),
            &[("query", &document), ("operation_name", "M")],
        )?)
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{answer}");
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");

    // ...while the query in the same document runs.
    let (status, answer) = app
        .call(get_graphql(
            Some(&token),
            &[("query", &document), ("operation_name", "Q")],
        )?)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["viewer"]["role"], "CITIZEN", "{answer}");

    // With the spelling of the GraphQL-over-HTTP spec (`operationName`, which async-graphql
    // 7.2.1 does not read over GET) the mutation must not run either, whichever operation the
    // method check happens to look at.
    for _ in 0..8 {
        let (status, answer) = app
            .call(get_graphql(
                Some(&token),
                &[("query", &document), ("operationName", "M")],
            )?)
            .await;
        assert!(
            answer["data"]["grantConsent"].is_null(),
            "{status} {answer}"
        );
        assert!(answer["errors"].is_array(), "{status} {answer}");
    }
    assert_eq!(consent::Entity::find().count(&app.db).await?, before);
    Ok(())
}

#[tokio::test]
async fn get_honours_the_standard_operation_name_parameter() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let document = "query Q { viewer { role } } query R { __typename }";
    let (status, answer) = app
        .call(get_graphql(
            Some(&token),
            &[("query", document), ("operationName", "Q")],
        )?)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["viewer"]["role"], "CITIZEN", "{answer}");
    Ok(())
}

#[tokio::test]
async fn query_over_get_works() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let (status, answer) = app
        .call(get_graphql(
            Some(&token),
            &[("query", "{ viewer { role } citizen { givenName } }")],
        )?)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(answer["data"]["viewer"]["role"], "CITIZEN");
    assert_eq!(answer["data"]["citizen"]["givenName"], "Anna");
    Ok(())
}

#[tokio::test]
async fn first_above_the_maximum_page_is_bad_user_input() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let query =
        "query($first: Int) { caseworker { citizens(first: $first) { edges { node { id } } } } }";
    for first in [101, -1] {
        let answer = app
            .gql(Some(&w.caseworker_a), query, json!({ "first": first }))
            .await;
        assert_eq!(
            error_code(&answer),
            Some("BAD_USER_INPUT"),
            "first {first}: {answer}"
        );
        assert!(message(&answer).contains("first"), "{answer}");
    }
    for first in [100, 0] {
        let answer = app
            .gql(Some(&w.caseworker_a), query, json!({ "first": first }))
            .await;
        assert_eq!(answer["errors"], Value::Null, "first {first}: {answer}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Production profile
// ---------------------------------------------------------------------------------------------

async fn production_app() -> anyhow::Result<TestApp> {
    TestApp::spawn_with(|s| {
        s.profile = Profile::Production;
        s.auth.hs256_secret = Some(SecretString::from(PRODUCTION_SECRET));
    })
    .await
}

const INTROSPECTION: &str = "{ __schema { types { name } } }";
const TYPO: &str = "{ viewr { role } }";

#[tokio::test]
async fn production_refuses_introspection_and_suggestions() -> anyhow::Result<()> {
    let app = production_app().await?;
    assert!(app.settings.validate().is_ok());
    let w = world(&app.db).await?;
    let who = Some(&w.caseworker_a);

    // async-graphql answers disabled introspection with null rather than an error: the schema
    // is not disclosed either way.
    let answer = app.gql(who, INTROSPECTION, json!({})).await;
    assert!(answer["data"]["__schema"].is_null(), "{answer}");
    assert!(!answer.to_string().contains("Viewer"), "{answer}");
    let answer = app
        .gql(
            who,
            r#"{ __type(name: "Viewer") { fields { name } } }"#,
            json!({}),
        )
        .await;
    assert!(answer["data"]["__type"].is_null(), "{answer}");
    assert!(!answer.to_string().contains("subjectId"), "{answer}");

    let answer = app.gql(who, TYPO, json!({})).await;
    assert!(answer["errors"].is_array(), "{answer}");
    assert!(!message(&answer).contains("Did you mean"), "{answer}");

    // The API itself works, with tokens signed with the configured secret.
    let answer = app.gql(who, "{ viewer { role } }", json!({})).await;
    assert_eq!(answer["data"]["viewer"]["role"], "CASEWORKER", "{answer}");
    Ok(())
}

#[tokio::test]
async fn dev_allows_introspection_and_suggestions() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let answer = app.gql(None, INTROSPECTION, json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    let types = answer["data"]["__schema"]["types"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert!(types.iter().any(|t| t["name"] == "Viewer"), "{answer}");
    let answer = app
        .gql(
            None,
            r#"{ __type(name: "Viewer") { fields { name } } }"#,
            json!({}),
        )
        .await;
    assert!(answer.to_string().contains("subjectId"), "{answer}");

    let answer = app.gql(None, TYPO, json!({})).await;
    assert!(message(&answer).contains("Did you mean"), "{answer}");
    assert!(message(&answer).contains("viewer"), "{answer}");
    Ok(())
}

/// The standard introspection query, as GraphiQL, Apollo and graphql-codegen send it (with
/// descriptions, `specifiedByURL`, repeatable directives and deprecated input values; nine
/// levels of `ofType`, fifteen levels of fields in all).
const STANDARD_INTROSPECTION: &str = include_str!("fixtures/introspection.graphql");

#[tokio::test]
async fn the_standard_introspection_query_passes_the_default_limits() -> anyhow::Result<()> {
    let defaults = Settings::default().limits;
    let app = TestApp::spawn_with(move |s| s.limits = defaults).await?;
    let answer = app.gql(None, STANDARD_INTROSPECTION, json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(answer["data"]["__schema"]["queryType"]["name"], "Query");
    let types = answer["data"]["__schema"]["types"]
        .as_array()
        .map(Vec::len)
        .unwrap_or_default();
    assert!(types > 50, "{types} types");

    // Data stays limited under the same limits: thirteen levels of fields are refused, before
    // the fields are even looked up.
    let w = world(&app.db).await?;
    let too_deep = format!("{{ viewer {}{} }}", "{ a ".repeat(12), "}".repeat(12));
    let answer = app.gql(Some(&w.caseworker_a), &too_deep, json!({})).await;
    assert!(message(&answer).contains("nested too deep: 13"), "{answer}");
    assert_eq!(
        error_code(&answer),
        Some("GRAPHQL_VALIDATION_FAILED"),
        "{answer}"
    );
    Ok(())
}

#[tokio::test]
async fn production_can_turn_introspection_back_on() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.profile = Profile::Production;
        s.auth.hs256_secret = Some(SecretString::from(PRODUCTION_SECRET));
        s.limits.introspection = true;
        s.limits.suggestions = true;
    })
    .await?;
    let answer = app.gql(None, INTROSPECTION, json!({})).await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    let answer = app.gql(None, TYPO, json!({})).await;
    assert!(message(&answer).contains("Did you mean"), "{answer}");
    Ok(())
}

#[tokio::test]
async fn validate_refuses_the_dev_secret_in_production() -> anyhow::Result<()> {
    let mut settings = Settings::for_tests();
    assert!(settings.validate().is_ok(), "dev may use the dev secret");

    settings.profile = Profile::Production;
    settings.auth.hs256_secret = None;
    assert!(matches!(
        settings.validate(),
        Err(ConfigError::DevSecretInProduction)
    ));

    settings.auth.hs256_secret = Some(SecretString::from("too-short"));
    assert!(matches!(settings.validate(), Err(ConfigError::ShortSecret)));

    settings.auth.hs256_secret = Some(SecretString::from(PRODUCTION_SECRET));
    assert!(settings.validate().is_ok());

    // A JWKS replaces the secret altogether.
    settings.auth.hs256_secret = None;
    settings.auth.jwks_url = Some("https://login.example/jwks.json".into());
    assert!(settings.validate().is_ok());
    Ok(())
}

#[tokio::test]
async fn graphiql_is_served_in_dev_only() -> anyhow::Result<()> {
    let dev = TestApp::spawn().await?;
    let (status, page) = dev.call(get("/graphiql")?).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.as_str()
            .is_some_and(|p| p.contains("/graphiql/start.js")),
        "{page}"
    );
    // The page's files come from the binary, not from a CDN.
    for file in [
        "start.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
    ] {
        let (status, _) = dev.call(get(&format!("/graphiql/{file}"))?).await;
        assert_eq!(status, StatusCode::OK, "{file}");
    }
    let (status, _) = dev.call(get("/graphiql/update.sh")?).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "only the page's files are served"
    );

    let production = production_app().await?;
    let (status, _) = production.call(get("/graphiql")?).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Health
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn healthz_and_readyz_answer_ok_with_a_live_database() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (status, body) = app.call(get("/healthz")?).await;
    assert_eq!((status, body), (StatusCode::OK, json!("ok")));
    let (status, body) = app.call(get("/readyz")?).await;
    assert_eq!((status, body), (StatusCode::OK, json!("ready")));
    Ok(())
}

#[tokio::test]
async fn readyz_is_503_when_the_database_is_gone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.db.clone().close().await?;
    let (status, _) = app.call(get("/readyz")?).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    Ok(())
}

#[tokio::test]
async fn other_methods_on_graphql_are_405() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let req = Request::builder()
        .method(Method::PUT)
        .uri("/graphql")
        .body(Body::empty())?;
    let (status, _) = app.call(req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    Ok(())
}
