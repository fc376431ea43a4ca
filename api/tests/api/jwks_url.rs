//! Keys from the authorisation server's JWKS URL: fetched on demand, cached by `kid`, refetched
//! for an unknown `kid` (key rotation) but not more often than the refresh interval. The JWKS is
//! served from loopback by the test.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};

use axum::{Json, Router, routing::get};
use jobbro_api::{
    auth::jwt::{AuthError, Claims, TokenVerifier},
    config::Settings,
};
use jsonwebtoken::{
    Algorithm, EncodingKey, Header,
    jwk::{Jwk, JwkSet},
};

const ES256_KEY: &[u8] = include_bytes!("../fixtures/es256-test-key.pem");

struct Jwks {
    set: Mutex<JwkSet>,
    fetches: AtomicUsize,
}

fn jwk(kid: &str) -> anyhow::Result<Jwk> {
    let mut jwk = Jwk::from_encoding_key(&EncodingKey::from_ec_pem(ES256_KEY)?, Algorithm::ES256)?;
    jwk.common.key_id = Some(kid.into());
    Ok(jwk)
}

async fn serve(jwks: Arc<Jwks>) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = Router::new().route(
        "/jwks.json",
        get(move || {
            let jwks = jwks.clone();
            async move {
                jwks.fetches.fetch_add(1, Ordering::SeqCst);
                let set = jwks
                    .set
                    .lock()
                    .map(|s| s.clone())
                    .unwrap_or(JwkSet { keys: vec![] });
                Json(set)
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{addr}/jwks.json"))
}

fn token(settings: &Settings, kid: &str) -> anyhow::Result<String> {
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: uuid::Uuid::now_v7().to_string(),
        iss: settings.auth.issuer.clone(),
        aud: settings.auth.audience.clone(),
        exp: now + 300,
        nbf: now,
        iat: now,
        role: Some("citizen".into()),
        org: None,
    };
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.into());
    Ok(jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_ec_pem(ES256_KEY)?,
    )?)
}

#[tokio::test]
async fn keys_are_cached_by_kid_and_refetched_for_a_rotated_key() -> anyhow::Result<()> {
    let jwks = Arc::new(Jwks {
        set: Mutex::new(JwkSet {
            keys: vec![jwk("k1")?],
        }),
        fetches: AtomicUsize::new(0),
    });
    let mut settings = Settings::for_tests();
    settings.auth.jwks_url = Some(serve(jwks.clone()).await?);
    settings.auth.jwks_refresh_seconds = 3600;
    let verifier = TokenVerifier::from_settings(&settings.auth).await?;

    verifier.verify(&token(&settings, "k1")?).await?;
    verifier.verify(&token(&settings, "k1")?).await?;
    assert_eq!(
        jwks.fetches.load(Ordering::SeqCst),
        1,
        "the key is cached after the first fetch"
    );

    // A rotated key appears; within the refresh interval an unknown kid does not refetch.
    if let Ok(mut set) = jwks.set.lock() {
        set.keys.push(jwk("k2")?);
    }
    let refused = verifier.verify(&token(&settings, "k2")?).await;
    assert_eq!(refused.err(), Some(AuthError::UnknownKey));
    assert_eq!(
        jwks.fetches.load(Ordering::SeqCst),
        1,
        "junk kids cannot hammer the JWKS"
    );

    // With the interval passed (0 s here), the unknown kid triggers one refetch and verifies.
    settings.auth.jwks_refresh_seconds = 0;
    let eager = TokenVerifier::from_settings(&settings.auth).await?;
    eager.verify(&token(&settings, "k1")?).await?;
    eager.verify(&token(&settings, "k2")?).await?;
    assert_eq!(
        jwks.fetches.load(Ordering::SeqCst),
        2,
        "k1 and k2 both came in the first fetch of the new verifier"
    );
    Ok(())
}

#[tokio::test]
async fn an_unreachable_jwks_url_refuses_tokens_without_crashing() -> anyhow::Result<()> {
    let mut settings = Settings::for_tests();
    settings.auth.jwks_url = Some("http://127.0.0.1:9/jwks.json".into());
    let verifier = TokenVerifier::from_settings(&settings.auth).await?;
    let refused = verifier.verify(&token(&settings, "k1")?).await;
    assert_eq!(refused.err(), Some(AuthError::KeysUnavailable));
    Ok(())
}
