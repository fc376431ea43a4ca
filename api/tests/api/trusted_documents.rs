//! Trusted documents: the portals' operations by id (`documentId`, or Apollo's persisted-query
//! hash), unknown ids refused with `PERSISTED_QUERY_NOT_FOUND`, and, where the settings require
//! it, nothing else run for the roles they name.

use axum::{body::Body, http::Request};
use jobbro_api::{
    http::trusted,
    testing::{TestApp, error_code, world},
};
use serde_json::{Value, json};

fn document(path: &str) -> &'static trusted::TrustedDocument {
    trusted::all()
        .iter()
        .find(|d| d.path == path)
        .unwrap_or_else(|| panic!("no trusted document {path}"))
}

#[tokio::test]
async fn a_portal_operation_runs_by_its_id_as_by_its_text() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let me = document("citizen/Me.graphql");

    let (_, by_text) = app
        .post_json(Some(&token), json!({ "query": me.text }))
        .await;
    assert!(by_text["errors"].is_null(), "{by_text}");
    let (_, by_id) = app
        .post_json(Some(&token), json!({ "documentId": me.id }))
        .await;
    assert_eq!(by_id, by_text);
    // Apollo's persisted-query extension: the bare hex digest.
    let hex = me.id.trim_start_matches("sha256:");
    let (_, by_hash) = app
        .post_json(
            Some(&token),
            json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hex } } }),
        )
        .await;
    assert_eq!(by_hash, by_text);
    // And over GET.
    let req = Request::get(format!("/graphql?documentId={}&operationName=Me", me.id))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())?;
    let (_, by_get) = app.call(req).await;
    assert_eq!(by_get, by_text);

    let (_, unknown) = app
        .post_json(
            Some(&token),
            json!({ "documentId": format!("sha256:{}", "0".repeat(64)) }),
        )
        .await;
    assert_eq!(
        error_code(&unknown),
        Some("PERSISTED_QUERY_NOT_FOUND"),
        "{unknown}"
    );
    Ok(())
}

#[tokio::test]
async fn where_trusted_documents_are_required_nothing_else_runs_for_the_roles_named()
-> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.trusted_documents.required = true;
        s.trusted_documents.full_documents_for = vec!["caseworker".into()];
    })
    .await?;
    let w = world(&app.db).await?;
    let citizen = app.token(&w.citizen_1);
    let me = document("citizen/Me.graphql");
    let ad_hoc = json!({ "query": "{ citizen { givenName cpr } }" });

    let (_, refused) = app.post_json(Some(&citizen), ad_hoc.clone()).await;
    assert_eq!(
        error_code(&refused),
        Some("TRUSTED_DOCUMENT_REQUIRED"),
        "{refused}"
    );
    assert_eq!(refused["data"], Value::Null);
    let (_, refused) = app
        .post_json(None, json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_eq!(
        error_code(&refused),
        Some("TRUSTED_DOCUMENT_REQUIRED"),
        "anonymous"
    );

    // A portal's document runs, by id or by its exact text.
    let (_, by_id) = app
        .post_json(Some(&citizen), json!({ "documentId": me.id }))
        .await;
    assert!(by_id["errors"].is_null(), "{by_id}");
    let (_, by_text) = app
        .post_json(Some(&citizen), json!({ "query": me.text }))
        .await;
    assert_eq!(by_text, by_id);

    // A third-party front end for caseworkers may still send its own documents.
    let caseworker = app.token(&w.caseworker_a);
    let (_, own) = app
        .post_json(
            Some(&caseworker),
            json!({ "query": "{ caseworker { me { name } } }" }),
        )
        .await;
    assert!(own["errors"].is_null(), "{own}");
    Ok(())
}
