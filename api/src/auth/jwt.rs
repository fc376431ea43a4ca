//! Bearer-token verification. Algorithms, issuer and audience are pinned; `exp` is required and
//! `nbf` checked when present. HS256 with a shared secret serves dev and tests; RS256 and ES256
//! keys come from the authorisation server's JWKS (a file, or a URL fetched and cached by `kid`).

use std::{
    collections::HashMap,
    path::PathBuf,
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header,
    errors::ErrorKind,
    jwk::{Jwk, JwkSet},
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use uuid::Uuid;

use super::{Role, Viewer};
use crate::config::AuthSettings;

/// Why a token was refused. The message says what is wrong without echoing the token.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("the Authorization header must be `Bearer <token>`")]
    NotBearer,
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet (nbf is in the future)")]
    NotYetValid,
    #[error("the token's signature does not verify")]
    BadSignature,
    #[error("the token's algorithm is not accepted here")]
    WrongAlgorithm,
    #[error("the token was issued by an issuer this server does not trust")]
    WrongIssuer,
    #[error("the token was issued for another audience")]
    WrongAudience,
    #[error("the token lacks the required claim `{0}`")]
    MissingClaim(String),
    #[error("the token's claim `{0}` has the wrong format")]
    BadClaim(String),
    #[error("the token's role `{0}` is not a jobbro role")]
    UnknownRole(String),
    #[error("the token's signing key (kid) is not known")]
    UnknownKey,
    #[error("the token service's keys could not be loaded")]
    KeysUnavailable,
    #[error("the token is not an access token (an ID token, say): send the access token")]
    NotAnAccessToken,
}

/// The claims jobbro reads beyond the registered ones (which the library validates).
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    /// The role: `citizen`, `caseworker`, `manager`, `provider_coordinator`, `provider_staff`,
    /// `company` or `integration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The organisation the subject acts for (job centre, provider or company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
}

#[derive(Debug, Deserialize)]
struct ReadClaims {
    sub: Option<String>,
    role: Option<String>,
    org: Option<Uuid>,
    /// Every other claim, for a configured `required_claim`.
    #[serde(flatten)]
    other: HashMap<String, serde_json::Value>,
}

/// `typ` values that name a kind of JWT other than an access token.
const OTHER_TOKEN_TYPES: [&str; 4] = ["id+jwt", "logout+jwt", "secevent+jwt", "dpop+jwt"];

/// Which tokens count as access tokens.
#[derive(Debug, Clone, Default)]
struct AccessTokenRule {
    /// The `typ` an access token carries (lower case, without `application/`).
    typ: Option<String>,
    /// A claim and the value it must have.
    claim: Option<(String, String)>,
}

impl AccessTokenRule {
    fn from_settings(auth: &AuthSettings) -> anyhow::Result<Self> {
        Ok(Self {
            typ: auth.required_typ.as_deref().map(normalise_typ),
            claim: auth
                .required_claim()?
                .map(|(n, v)| (n.to_string(), v.to_string())),
        })
    }

    fn check_header(&self, typ: Option<&str>) -> Result<(), AuthError> {
        let typ = typ.map(normalise_typ);
        let refused = match (&self.typ, &typ) {
            (Some(required), Some(typ)) => required != typ,
            (Some(_), None) => true,
            (None, Some(typ)) => OTHER_TOKEN_TYPES.contains(&typ.as_str()),
            (None, None) => false,
        };
        if refused {
            return Err(AuthError::NotAnAccessToken);
        }
        Ok(())
    }

    fn check_claims(&self, claims: &ReadClaims) -> Result<(), AuthError> {
        let Some((name, value)) = &self.claim else {
            return Ok(());
        };
        let holds = match claims.other.get(name) {
            Some(serde_json::Value::String(s)) => s == value,
            // A listed value (`token_use` or `scope` as an array).
            Some(serde_json::Value::Array(items)) => items.iter().any(|i| i == value.as_str()),
            Some(serde_json::Value::Bool(b)) => value.parse::<bool>().is_ok_and(|v| v == *b),
            _ => false,
        };
        if holds {
            Ok(())
        } else {
            Err(AuthError::NotAnAccessToken)
        }
    }
}

/// `application/at+jwt` and `AT+JWT` are the same `typ` (RFC 7515 4.1.9).
fn normalise_typ(typ: &str) -> String {
    let typ = typ.trim().to_ascii_lowercase();
    typ.strip_prefix("application/")
        .map(str::to_string)
        .unwrap_or(typ)
}

enum KeySource {
    Secret(DecodingKey),
    Jwks {
        keys: RwLock<JwksCache>,
        origin: JwksOrigin,
        refresh_every: Duration,
    },
}

#[derive(Debug, Clone)]
enum JwksOrigin {
    File(PathBuf),
    Url(String),
}

struct JwksCache {
    by_kid: HashMap<String, (DecodingKey, Option<Algorithm>)>,
    fetched_at: Option<Instant>,
}

/// Verifies bearer tokens against the configured keys.
pub struct TokenVerifier {
    source: KeySource,
    validation: Validation,
    access: AccessTokenRule,
}

/// Algorithms accepted from a JWKS: asymmetric only, never `none` or HMAC.
const ASYMMETRIC: [Algorithm; 2] = [Algorithm::RS256, Algorithm::ES256];

impl TokenVerifier {
    /// Builds the verifier from settings; loads a JWKS file at once so a bad file stops start-up.
    pub async fn from_settings(auth: &AuthSettings) -> anyhow::Result<Self> {
        let origin = match (&auth.jwks_file, &auth.jwks_url) {
            (Some(path), _) => Some(JwksOrigin::File(path.clone())),
            (None, Some(url)) => Some(JwksOrigin::Url(url.clone())),
            (None, None) => None,
        };
        let (source, algorithms) = match origin {
            None => (
                KeySource::Secret(DecodingKey::from_secret(
                    auth.secret().expose_secret().as_bytes(),
                )),
                vec![Algorithm::HS256],
            ),
            Some(origin) => {
                let cache = JwksCache {
                    by_kid: HashMap::new(),
                    fetched_at: None,
                };
                let source = KeySource::Jwks {
                    keys: RwLock::new(cache),
                    origin: origin.clone(),
                    refresh_every: Duration::from_secs(auth.jwks_refresh_seconds),
                };
                (source, ASYMMETRIC.to_vec())
            }
        };
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = algorithms;
        validation.set_issuer(&[&auth.issuer]);
        validation.set_audience(&[&auth.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = auth.leeway_seconds;
        let verifier = Self {
            source,
            validation,
            access: AccessTokenRule::from_settings(auth)?,
        };
        if let KeySource::Jwks { keys, origin, .. } = &verifier.source
            && let JwksOrigin::File(_) = origin
        {
            let loaded = load_jwks(origin).await?;
            *keys.write().await = loaded;
        }
        Ok(verifier)
    }

    /// Checks an `Authorization` header value and returns the viewer it names.
    pub async fn verify_header(&self, header: &str) -> Result<Viewer, AuthError> {
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::NotBearer)?;
        self.verify(token).await
    }

    /// Checks a token and returns the viewer it names.
    pub async fn verify(&self, token: &str) -> Result<Viewer, AuthError> {
        let header = decode_header(token).map_err(|_| AuthError::Malformed)?;
        if !self.validation.algorithms.contains(&header.alg) {
            return Err(AuthError::WrongAlgorithm);
        }
        self.access.check_header(header.typ.as_deref())?;
        let data = match &self.source {
            KeySource::Secret(key) => decode::<ReadClaims>(token, key, &self.validation),
            KeySource::Jwks {
                keys,
                origin,
                refresh_every,
            } => {
                let kid = header.kid.as_deref().ok_or(AuthError::UnknownKey)?;
                let (key, alg) = self.key_for(keys, origin, *refresh_every, kid).await?;
                if alg.is_some_and(|a| a != header.alg) {
                    return Err(AuthError::WrongAlgorithm);
                }
                // The library refuses a validation whose algorithms span key families (RSA and
                // EC), so pin this one to the header's algorithm, already checked against the
                // allowed list above and the key's own `alg`.
                let mut validation = self.validation.clone();
                validation.algorithms = vec![header.alg];
                decode::<ReadClaims>(token, &key, &validation)
            }
        }
        .map_err(map_error)?;
        self.access.check_claims(&data.claims)?;
        viewer_from(data.claims)
    }

    async fn key_for(
        &self,
        keys: &RwLock<JwksCache>,
        origin: &JwksOrigin,
        refresh_every: Duration,
        kid: &str,
    ) -> Result<(DecodingKey, Option<Algorithm>), AuthError> {
        if let Some(found) = keys.read().await.by_kid.get(kid) {
            return Ok(found.clone());
        }
        // An unknown kid may mean the authorisation server rotated its keys: refetch, but not
        // more often than `refresh_every`, so junk tokens cannot hammer it.
        let mut cache = keys.write().await;
        let stale = cache
            .fetched_at
            .is_none_or(|t| t.elapsed() >= refresh_every);
        if stale && matches!(origin, JwksOrigin::Url(_)) {
            match load_jwks(origin).await {
                Ok(fresh) => *cache = fresh,
                Err(e) => {
                    tracing::warn!(error = format!("{e:#}"), "could not refresh the JWKS");
                    cache.fetched_at = Some(Instant::now());
                    return Err(AuthError::KeysUnavailable);
                }
            }
        }
        cache.by_kid.get(kid).cloned().ok_or(AuthError::UnknownKey)
    }
}

async fn load_jwks(origin: &JwksOrigin) -> anyhow::Result<JwksCache> {
    let set: JwkSet = match origin {
        JwksOrigin::File(path) => {
            let text = tokio::fs::read_to_string(path)
                .await
                .map_err(|e| anyhow::anyhow!("reading JWKS file {}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!("JWKS file {} is not a JWK set: {e}", path.display())
            })?
        }
        JwksOrigin::Url(url) => {
            reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()?
                .get(url)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?
        }
    };
    let mut by_kid = HashMap::new();
    for jwk in &set.keys {
        if let Some((kid, entry)) = usable_key(jwk) {
            by_kid.insert(kid, entry);
        }
    }
    if by_kid.is_empty() {
        anyhow::bail!("the JWKS holds no usable RS256 or ES256 key with a kid");
    }
    Ok(JwksCache {
        by_kid,
        fetched_at: Some(Instant::now()),
    })
}

fn usable_key(jwk: &Jwk) -> Option<(String, (DecodingKey, Option<Algorithm>))> {
    let kid = jwk.common.key_id.clone()?;
    let alg = match jwk.common.key_algorithm {
        Some(a) => Some(a.to_string().parse::<Algorithm>().ok()?),
        None => None,
    };
    if alg.is_some_and(|a| !ASYMMETRIC.contains(&a)) {
        return None;
    }
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some((kid, (key, alg)))
}

fn map_error(e: jsonwebtoken::errors::Error) -> AuthError {
    match e.kind() {
        ErrorKind::ExpiredSignature => AuthError::Expired,
        ErrorKind::ImmatureSignature => AuthError::NotYetValid,
        ErrorKind::InvalidSignature => AuthError::BadSignature,
        ErrorKind::InvalidAlgorithm
        | ErrorKind::InvalidAlgorithmName
        | ErrorKind::UnsupportedAlgorithm
        | ErrorKind::MissingAlgorithm => AuthError::WrongAlgorithm,
        ErrorKind::InvalidIssuer => AuthError::WrongIssuer,
        ErrorKind::InvalidAudience => AuthError::WrongAudience,
        ErrorKind::MissingRequiredClaim(c) => AuthError::MissingClaim(c.clone()),
        ErrorKind::InvalidClaimFormat(c) => AuthError::BadClaim(c.clone()),
        ErrorKind::Json(_) => AuthError::BadClaim("payload".into()),
        _ => AuthError::Malformed,
    }
}

fn viewer_from(claims: ReadClaims) -> Result<Viewer, AuthError> {
    let role_name = claims
        .role
        .ok_or_else(|| AuthError::MissingClaim("role".into()))?;
    let role = Role::ALL
        .iter()
        .copied()
        .find(|r| r.claim() == role_name)
        .ok_or(AuthError::UnknownRole(role_name))?;
    let subject = claims
        .sub
        .as_deref()
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| AuthError::BadClaim("sub".into()))?;
    Viewer::new(role, subject, claims.org).map_err(|_| AuthError::MissingClaim("org".into()))
}

/// Mints an HS256 token with the configured secret: `jobbro token`, `serve --demo` and tests.
pub fn mint_dev_token(
    auth: &AuthSettings,
    role: Role,
    subject: Uuid,
    organisation: Option<Uuid>,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let claims = Claims {
        sub: subject.to_string(),
        iss: auth.issuer.clone(),
        aud: auth.audience.clone(),
        iat: now.timestamp(),
        nbf: now.timestamp(),
        exp: now.timestamp() + auth.dev_token_lifetime_seconds,
        role: Some(role.claim().to_string()),
        org: organisation,
    };
    let key = EncodingKey::from_secret(auth.secret().expose_secret().as_bytes());
    // An access token in the sense of RFC 9068, so a server set to require `typ: at+jwt`
    // accepts the dev tokens too.
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("at+jwt".into());
    Ok(jsonwebtoken::encode(&header, &claims, &key)?)
}
