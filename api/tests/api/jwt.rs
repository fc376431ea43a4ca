//! Bearer-token verification: the [`TokenVerifier`] on its own (HS256 dev secret and a JWKS with
//! ES256 and RS256 keys) and the HTTP answers a refused token gets.

use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use jobbro_api::{
    auth::{
        Role, Viewer,
        jwt::{AuthError, TokenVerifier, mint_dev_token},
    },
    config::{AuthSettings, DEV_SECRET, Settings},
    kernel::viewer::Staff,
    testing::{TestApp, error_code, world},
};
use jsonwebtoken::{
    Algorithm, EncodingKey, Header, encode,
    jwk::{Jwk, JwkSet},
};
use serde_json::{Value, json};
use uuid::Uuid;

const ES256_KEY: &[u8] = include_bytes!("../fixtures/es256-test-key.pem");
const RS256_KEY: &[u8] = include_bytes!("../fixtures/rs256-test-key.pem");
const ES_KID: &str = "test-es256";
const RS_KID: &str = "test-rs256";

async fn dev_verifier() -> anyhow::Result<(AuthSettings, TokenVerifier)> {
    let settings = Settings::for_tests();
    let verifier = TokenVerifier::from_settings(&settings.auth).await?;
    Ok((settings.auth, verifier))
}

/// Claims as the dev issuer would write them for a citizen, valid for an hour from now.
fn claims(auth: &AuthSettings) -> Value {
    let now = Utc::now().timestamp();
    json!({
        "sub": Uuid::now_v7().to_string(),
        "iss": auth.issuer,
        "aud": auth.audience,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "role": "citizen",
    })
}

/// Claims with `key` set to `value` (or removed when `value` is null).
fn with(mut claims: Value, key: &str, value: Value) -> Value {
    if let Some(map) = claims.as_object_mut() {
        if value.is_null() {
            map.remove(key);
        } else {
            map.insert(key.to_string(), value);
        }
    }
    claims
}

/// Signs `claims` with an HMAC algorithm and `secret`.
fn sign_hmac(alg: Algorithm, secret: &str, claims: &Value) -> anyhow::Result<String> {
    Ok(encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )?)
}

/// Signs `claims` with HS256 and the dev secret, as the test settings expect.
fn sign_dev(claims: &Value) -> anyhow::Result<String> {
    sign_hmac(Algorithm::HS256, DEV_SECRET, claims)
}

async fn refusal(verifier: &TokenVerifier, token: &str) -> anyhow::Result<AuthError> {
    match verifier.verify(token).await {
        Ok(viewer) => anyhow::bail!("the token was accepted as {viewer:?}"),
        Err(e) => Ok(e),
    }
}

// ---------------------------------------------------------------------------------------------
// HS256 with the dev secret
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn valid_dev_token_gives_the_expected_viewer() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let (subject, org) = (Uuid::now_v7(), Uuid::now_v7());

    let token = mint_dev_token(&auth, Role::Caseworker, subject, Some(org), Utc::now())?;
    let viewer = verifier.verify(&token).await?;
    assert_eq!(
        viewer,
        Viewer::Staff(Staff {
            caseworker: subject,
            jobcentre: org,
            manager: false,
        })
    );
    // The header form gives the same viewer.
    assert_eq!(
        verifier.verify_header(&format!("Bearer {token}")).await?,
        viewer
    );

    let token = mint_dev_token(&auth, Role::Manager, subject, Some(org), Utc::now())?;
    let viewer = verifier.verify(&token).await?;
    assert_eq!(
        viewer,
        Viewer::Staff(Staff {
            caseworker: subject,
            jobcentre: org,
            manager: true,
        }),
        "managers work in their job centre"
    );

    let token = mint_dev_token(&auth, Role::ProviderStaff, subject, Some(org), Utc::now())?;
    let viewer = verifier.verify(&token).await?;
    assert_eq!(viewer.role(), Role::ProviderStaff);
    assert_eq!(viewer.organisation(), Some(org));
    assert!(
        matches!(viewer, Viewer::Provider(p) if p.provider == org && !p.coordinator),
        "a provider is not a job centre"
    );

    let token = mint_dev_token(&auth, Role::Citizen, subject, None, Utc::now())?;
    assert_eq!(
        verifier.verify(&token).await?,
        Viewer::Citizen { citizen: subject }
    );
    Ok(())
}

#[tokio::test]
async fn expired_token_is_refused_as_expired() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let past = Utc::now().timestamp() - i64::try_from(auth.leeway_seconds)? - 60;
    let token = sign_dev(&with(claims(&auth), "exp", json!(past)))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::Expired);
    Ok(())
}

#[tokio::test]
async fn token_expired_within_the_leeway_is_still_accepted() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    assert!(auth.leeway_seconds >= 10, "the test needs some leeway");
    let just_now = Utc::now().timestamp() - 5;
    let token = sign_dev(&with(claims(&auth), "exp", json!(just_now)))?;
    assert_eq!(verifier.verify(&token).await?.role(), Role::Citizen);
    Ok(())
}

#[tokio::test]
async fn future_nbf_is_not_yet_valid() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let later = Utc::now().timestamp() + i64::try_from(auth.leeway_seconds)? + 600;
    let token = sign_dev(&with(claims(&auth), "nbf", json!(later)))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::NotYetValid);
    Ok(())
}

#[tokio::test]
async fn exp_as_a_string_is_refused_as_a_missing_exp_claim() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let exp = (Utc::now().timestamp() + 3600).to_string();
    let token = sign_dev(&with(claims(&auth), "exp", json!(exp)))?;
    // jsonwebtoken checks the required claims first and counts an `exp` it cannot read as a
    // number as absent, so this is MissingClaim("exp") rather than BadClaim("exp").
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::MissingClaim("exp".into())
    );
    Ok(())
}

#[tokio::test]
async fn missing_exp_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "exp", Value::Null))?;
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::MissingClaim("exp".into())
    );
    Ok(())
}

#[tokio::test]
async fn alg_none_token_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(&auth))?);
    let unsigned = format!("{header}.{payload}.");
    let err = refusal(&verifier, &unsigned).await?;
    // `none` is not an algorithm jsonwebtoken knows, so the header itself does not parse.
    assert_eq!(err, AuthError::Malformed);

    // Also with the signature of a genuine HS256 token pasted on.
    let genuine = sign_dev(&claims(&auth))?;
    let signature = genuine.rsplit('.').next().context("no signature")?;
    let forged = format!("{header}.{payload}.{signature}");
    assert!(verifier.verify(&forged).await.is_err());
    Ok(())
}

#[tokio::test]
async fn hs384_token_with_the_dev_secret_is_wrong_algorithm() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_hmac(Algorithm::HS384, DEV_SECRET, &claims(&auth))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongAlgorithm);
    Ok(())
}

#[tokio::test]
async fn wrong_issuer_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "iss", json!("someone-else")))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongIssuer);
    Ok(())
}

#[tokio::test]
async fn wrong_audience_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "aud", json!("another-service")))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongAudience);
    Ok(())
}

#[tokio::test]
async fn token_signed_with_another_secret_is_bad_signature() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let other = "another-secret-that-is-also-long-enough-0123456789";
    let token = sign_hmac(Algorithm::HS256, other, &claims(&auth))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::BadSignature);
    Ok(())
}

#[tokio::test]
async fn garbage_token_is_malformed() -> anyhow::Result<()> {
    let (_, verifier) = dev_verifier().await?;
    assert_eq!(refusal(&verifier, "not-a-jwt").await?, AuthError::Malformed);
    Ok(())
}

#[tokio::test]
async fn missing_role_claim_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "role", Value::Null))?;
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::MissingClaim("role".into())
    );
    Ok(())
}

#[tokio::test]
async fn unknown_role_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "role", json!("superuser")))?;
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::UnknownRole("superuser".into())
    );
    Ok(())
}

#[tokio::test]
async fn caseworker_token_without_org_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "role", json!("caseworker")))?;
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::MissingClaim("org".into())
    );
    Ok(())
}

#[tokio::test]
async fn sub_that_is_not_a_uuid_is_a_bad_claim() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&with(claims(&auth), "sub", json!("0101901234")))?;
    assert_eq!(
        refusal(&verifier, &token).await?,
        AuthError::BadClaim("sub".into())
    );
    Ok(())
}

#[tokio::test]
async fn authorization_header_that_is_not_bearer_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = dev_verifier().await?;
    let token = sign_dev(&claims(&auth))?;
    for header in ["Basic xyz", &token, "Bearer ", "Bearer    "] {
        assert_eq!(
            verifier.verify_header(header).await,
            Err(AuthError::NotBearer),
            "{header:?}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Over HTTP
// ---------------------------------------------------------------------------------------------

/// Checks a 401 answer: the GraphQL-shaped body with code UNAUTHENTICATED and the expected
/// message, and no trace of the token.
fn assert_unauthenticated(
    status: StatusCode,
    body: &Value,
    expected: &AuthError,
    token: &str,
) -> anyhow::Result<()> {
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(error_code(body), Some("UNAUTHENTICATED"), "{body}");
    assert_eq!(
        body["errors"][0]["message"].as_str(),
        Some(expected.to_string().as_str())
    );
    assert!(body.get("data").is_none(), "{body}");
    let text = serde_json::to_string(body)?;
    assert!(!text.contains(token), "the answer echoes the token: {text}");
    for part in token.split('.').filter(|p| p.len() > 8) {
        assert!(!text.contains(part), "the answer echoes part of the token");
    }
    Ok(())
}

#[tokio::test]
async fn http_valid_token_reaches_the_schema() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ viewer { role subjectId organisationId } }",
            json!({}),
        )
        .await;
    assert_eq!(answer["errors"], Value::Null, "{answer}");
    assert_eq!(answer["data"]["viewer"]["role"], "CASEWORKER");
    assert_eq!(
        answer["data"]["viewer"]["subjectId"],
        w.caseworker_a.subject.to_string()
    );
    assert_eq!(
        answer["data"]["viewer"]["organisationId"],
        w.jobcentre_a.to_string()
    );
    Ok(())
}

#[tokio::test]
async fn http_expired_token_is_401_unauthenticated() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let past = Utc::now().timestamp() - i64::try_from(app.settings.auth.leeway_seconds)? - 60;
    let token = sign_dev(&with(claims(&app.settings.auth), "exp", json!(past)))?;
    let (status, body) = app
        .post_json(Some(&token), json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_unauthenticated(status, &body, &AuthError::Expired, &token)
}

#[tokio::test]
async fn http_bad_signature_is_401_unauthenticated() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let other = "another-secret-that-is-also-long-enough-0123456789";
    let token = sign_hmac(Algorithm::HS256, other, &claims(&app.settings.auth))?;
    let (status, body) = app
        .post_json(Some(&token), json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_unauthenticated(status, &body, &AuthError::BadSignature, &token)
}

#[tokio::test]
async fn http_bad_token_over_get_is_401_unauthenticated() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let token = sign_hmac(Algorithm::HS384, DEV_SECRET, &claims(&app.settings.auth))?;
    let req = Request::get("/graphql?query=%7B__typename%7D")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())?;
    let (status, body) = app.call(req).await;
    assert_unauthenticated(status, &body, &AuthError::WrongAlgorithm, &token)
}

#[tokio::test]
async fn http_basic_authorization_is_401_not_bearer() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Basic xyz")
        .body(Body::from(json!({ "query": "{ __typename }" }).to_string()))?;
    let (status, body) = app.call(req).await;
    assert_unauthenticated(status, &body, &AuthError::NotBearer, "xyz")
}

#[tokio::test]
async fn http_anonymous_viewer_query_is_200_with_unauthenticated_error() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (status, body) = app
        .post_json(None, json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["viewer"]));
    assert_eq!(body["data"], Value::Null);
    // Fields open to everyone still answer without a token.
    let (status, body) = app
        .post_json(None, json!({ "query": "{ __typename }" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// JWKS: ES256 and RS256 keys of an authorisation server
// ---------------------------------------------------------------------------------------------

fn es_key() -> anyhow::Result<EncodingKey> {
    Ok(EncodingKey::from_ec_pem(ES256_KEY)?)
}

fn rs_key() -> anyhow::Result<EncodingKey> {
    Ok(EncodingKey::from_rsa_pem(RS256_KEY)?)
}

/// The public half of the fixture keys as a JWK set: ES256 under [`ES_KID`], RS256 under
/// [`RS_KID`].
fn jwk_set() -> anyhow::Result<JwkSet> {
    let mut es = Jwk::from_encoding_key(&es_key()?, Algorithm::ES256)?;
    es.common.key_id = Some(ES_KID.into());
    let mut rs = Jwk::from_encoding_key(&rs_key()?, Algorithm::RS256)?;
    rs.common.key_id = Some(RS_KID.into());
    Ok(JwkSet { keys: vec![es, rs] })
}

/// A JWKS file in the temp directory, removed when dropped.
struct TempJwks(PathBuf);

impl TempJwks {
    fn write(set: &JwkSet) -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("jobbro-test-jwks-{}.json", Uuid::now_v7()));
        std::fs::write(&path, serde_json::to_vec(set)?)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempJwks {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A verifier that trusts the fixture keys (and so no longer the dev secret).
async fn jwks_verifier() -> anyhow::Result<(AuthSettings, TokenVerifier)> {
    let file = TempJwks::write(&jwk_set()?)?;
    let mut settings = Settings::for_tests();
    settings.auth.jwks_file = Some(file.path().to_path_buf());
    // The file is read once, here.
    let verifier = TokenVerifier::from_settings(&settings.auth).await?;
    Ok((settings.auth, verifier))
}

fn sign_with(
    alg: Algorithm,
    kid: Option<&str>,
    key: &EncodingKey,
    claims: &Value,
) -> anyhow::Result<String> {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    Ok(encode(&header, claims, key)?)
}

#[tokio::test]
async fn jwks_es256_token_with_known_kid_verifies() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let (subject, org) = (Uuid::now_v7(), Uuid::now_v7());
    let claims = with(
        with(
            with(claims(&auth), "sub", json!(subject)),
            "role",
            json!("manager"),
        ),
        "org",
        json!(org),
    );
    let token = sign_with(Algorithm::ES256, Some(ES_KID), &es_key()?, &claims)?;
    assert_eq!(
        verifier.verify(&token).await?,
        Viewer::Staff(Staff {
            caseworker: subject,
            jobcentre: org,
            manager: true,
        })
    );
    Ok(())
}

#[tokio::test]
async fn jwks_rs256_token_with_known_kid_verifies() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let subject = Uuid::now_v7();
    let claims = with(claims(&auth), "sub", json!(subject));
    let token = sign_with(Algorithm::RS256, Some(RS_KID), &rs_key()?, &claims)?;
    let viewer = verifier.verify(&token).await?;
    assert_eq!((viewer.role(), viewer.subject()), (Role::Citizen, subject));
    Ok(())
}

#[tokio::test]
async fn jwks_token_with_unknown_kid_is_unknown_key() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let token = sign_with(
        Algorithm::ES256,
        Some("rotated-away"),
        &es_key()?,
        &claims(&auth),
    )?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::UnknownKey);
    Ok(())
}

#[tokio::test]
async fn jwks_token_without_kid_is_unknown_key() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let token = sign_with(Algorithm::ES256, None, &es_key()?, &claims(&auth))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::UnknownKey);
    Ok(())
}

#[tokio::test]
async fn jwks_refuses_hs256_tokens_signed_with_the_dev_secret() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let plain = sign_dev(&claims(&auth))?;
    assert_eq!(refusal(&verifier, &plain).await?, AuthError::WrongAlgorithm);
    // Algorithm confusion: HS256 naming a JWKS kid, keyed with the dev secret.
    for kid in [ES_KID, RS_KID] {
        let token = sign_with(
            Algorithm::HS256,
            Some(kid),
            &EncodingKey::from_secret(DEV_SECRET.as_bytes()),
            &claims(&auth),
        )?;
        assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongAlgorithm);
    }
    Ok(())
}

#[tokio::test]
async fn jwks_es256_token_naming_the_rsa_kid_is_refused() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let token = sign_with(Algorithm::ES256, Some(RS_KID), &es_key()?, &claims(&auth))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongAlgorithm);
    // And the other way round.
    let token = sign_with(Algorithm::RS256, Some(ES_KID), &rs_key()?, &claims(&auth))?;
    assert_eq!(refusal(&verifier, &token).await?, AuthError::WrongAlgorithm);
    Ok(())
}

#[tokio::test]
async fn jwks_token_with_tampered_payload_is_bad_signature() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let token = sign_with(Algorithm::ES256, Some(ES_KID), &es_key()?, &claims(&auth))?;
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let forged = with(claims(&auth), "role", json!("manager"));
    let forged = with(forged, "org", json!(Uuid::now_v7()));
    if let Some(payload) = parts.get_mut(1) {
        *payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged)?);
    }
    assert_eq!(
        refusal(&verifier, &parts.join(".")).await?,
        AuthError::BadSignature
    );
    Ok(())
}

#[tokio::test]
async fn jwks_still_checks_expiry_issuer_and_audience() -> anyhow::Result<()> {
    let (auth, verifier) = jwks_verifier().await?;
    let key = es_key()?;
    let past = Utc::now().timestamp() - i64::try_from(auth.leeway_seconds)? - 60;
    for (claims, expected) in [
        (with(claims(&auth), "exp", json!(past)), AuthError::Expired),
        (
            with(claims(&auth), "iss", json!("elsewhere")),
            AuthError::WrongIssuer,
        ),
        (
            with(claims(&auth), "aud", json!("elsewhere")),
            AuthError::WrongAudience,
        ),
    ] {
        let token = sign_with(Algorithm::ES256, Some(ES_KID), &key, &claims)?;
        assert_eq!(refusal(&verifier, &token).await?, expected);
    }
    Ok(())
}

#[tokio::test]
async fn http_with_jwks_accepts_es256_and_refuses_dev_tokens() -> anyhow::Result<()> {
    let file = TempJwks::write(&jwk_set()?)?;
    let path = file.path().to_path_buf();
    let app = TestApp::spawn_with(|s| s.auth.jwks_file = Some(path)).await?;
    let w = world(&app.db).await?;
    let claims = with(
        claims(&app.settings.auth),
        "sub",
        json!(w.citizen_1.subject),
    );
    let token = sign_with(Algorithm::ES256, Some(ES_KID), &es_key()?, &claims)?;
    let (status, body) = app
        .post_json(
            Some(&token),
            json!({ "query": "{ viewer { role subjectId } }" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "CITIZEN", "{body}");
    assert_eq!(
        body["data"]["viewer"]["subjectId"],
        w.citizen_1.subject.to_string()
    );

    // The harness's dev tokens are HS256 and so refused once a JWKS is configured.
    let dev = app.token(&w.citizen_1);
    let (status, body) = app
        .post_json(Some(&dev), json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_unauthenticated(status, &body, &AuthError::WrongAlgorithm, &dev)
}

#[tokio::test]
async fn jwks_file_that_does_not_exist_stops_start_up() -> anyhow::Result<()> {
    let path = std::env::temp_dir().join(format!("jobbro-no-such-jwks-{}.json", Uuid::now_v7()));
    let mut settings = Settings::for_tests();
    settings.auth.jwks_file = Some(path.clone());
    let err = match TokenVerifier::from_settings(&settings.auth).await {
        Ok(_) => anyhow::bail!("a missing JWKS file was accepted"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains(&path.display().to_string()),
        "the error does not name the file: {err}"
    );
    Ok(())
}

#[tokio::test]
async fn jwks_file_without_usable_keys_stops_start_up() -> anyhow::Result<()> {
    // Only an HMAC key: never accepted from a JWKS.
    let mut oct = Jwk::from_encoding_key(
        &EncodingKey::from_secret(DEV_SECRET.as_bytes()),
        Algorithm::HS256,
    )?;
    oct.common.key_id = Some("hmac".into());
    let file = TempJwks::write(&JwkSet { keys: vec![oct] })?;
    let mut settings = Settings::for_tests();
    settings.auth.jwks_file = Some(file.path().to_path_buf());
    assert!(TokenVerifier::from_settings(&settings.auth).await.is_err());

    std::fs::write(file.path(), b"not json")?;
    let err = match TokenVerifier::from_settings(&settings.auth).await {
        Ok(_) => anyhow::bail!("a JWKS file that is not JSON was accepted"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains(&file.path().display().to_string()), "{err}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Access tokens only: ID tokens are refused by `typ` or by a configured claim
// ---------------------------------------------------------------------------------------------

/// A verifier on the fixture JWKS, adjusted by `configure`.
async fn jwks_verifier_with(
    configure: impl FnOnce(&mut AuthSettings),
) -> anyhow::Result<(AuthSettings, TokenVerifier, TempJwks)> {
    let file = TempJwks::write(&jwk_set()?)?;
    let mut settings = Settings::for_tests();
    settings.auth.jwks_file = Some(file.path().to_path_buf());
    configure(&mut settings.auth);
    let verifier = TokenVerifier::from_settings(&settings.auth).await?;
    Ok((settings.auth, verifier, file))
}

fn sign_typed(typ: Option<&str>, claims: &Value) -> anyhow::Result<String> {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(ES_KID.into());
    header.typ = typ.map(str::to_string);
    Ok(encode(&header, claims, &es_key()?)?)
}

#[tokio::test]
async fn with_a_required_typ_only_access_tokens_are_accepted() -> anyhow::Result<()> {
    let (auth, verifier, _file) =
        jwks_verifier_with(|a| a.required_typ = Some("at+jwt".into())).await?;
    let claims = claims(&auth);
    for typ in ["at+jwt", "application/at+jwt", "AT+JWT"] {
        let token = sign_typed(Some(typ), &claims)?;
        assert_eq!(
            verifier.verify(&token).await?.role(),
            Role::Citizen,
            "{typ}"
        );
    }
    // An ID token: typ JWT, or none at all.
    for typ in [Some("JWT"), None] {
        let token = sign_typed(typ, &claims)?;
        assert_eq!(
            refusal(&verifier, &token).await?,
            AuthError::NotAnAccessToken,
            "{typ:?}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn without_a_required_typ_tokens_typed_as_something_else_are_refused() -> anyhow::Result<()> {
    let (auth, verifier, _file) = jwks_verifier_with(|_| {}).await?;
    let claims = claims(&auth);
    for typ in [Some("JWT"), Some("at+jwt"), None] {
        let token = sign_typed(typ, &claims)?;
        assert!(verifier.verify(&token).await.is_ok(), "{typ:?}");
    }
    for typ in ["id+jwt", "logout+jwt", "application/dpop+jwt"] {
        let token = sign_typed(Some(typ), &claims)?;
        assert_eq!(
            refusal(&verifier, &token).await?,
            AuthError::NotAnAccessToken,
            "{typ}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_required_claim_tells_access_tokens_from_id_tokens() -> anyhow::Result<()> {
    let (auth, verifier, _file) =
        jwks_verifier_with(|a| a.required_claim = Some("token_use=access".into())).await?;
    let access = with(claims(&auth), "token_use", json!("access"));
    assert!(verifier.verify(&sign_typed(None, &access)?).await.is_ok());
    let id = with(claims(&auth), "token_use", json!("id"));
    assert_eq!(
        refusal(&verifier, &sign_typed(None, &id)?).await?,
        AuthError::NotAnAccessToken
    );
    assert_eq!(
        refusal(&verifier, &sign_typed(None, &claims(&auth))?).await?,
        AuthError::NotAnAccessToken,
        "a token without the claim is refused too"
    );
    Ok(())
}

#[tokio::test]
async fn http_refuses_an_id_token_with_401_and_says_why() -> anyhow::Result<()> {
    let file = TempJwks::write(&jwk_set()?)?;
    let path = file.path().to_path_buf();
    let app = TestApp::spawn_with(|s| {
        s.auth.jwks_file = Some(path);
        s.auth.required_typ = Some("at+jwt".into());
    })
    .await?;
    let id_token = sign_typed(Some("JWT"), &claims(&app.settings.auth))?;
    let (status, body) = app
        .post_json(Some(&id_token), json!({ "query": "{ viewer { role } }" }))
        .await;
    assert_unauthenticated(status, &body, &AuthError::NotAnAccessToken, &id_token)
}

#[test]
fn a_required_claim_must_read_name_equals_value() {
    let mut settings = Settings::for_tests();
    settings.auth.required_claim = Some("token_use".into());
    assert!(matches!(
        settings.validate(),
        Err(jobbro_api::config::ConfigError::BadRequiredClaim)
    ));
}
