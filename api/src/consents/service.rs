//! Consent rules. Each mutation is one transaction: the change, its idempotency record and its
//! outbox event commit together or not at all.

use jobbro_entities::{citizen, consent};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{scope, types::*};
use crate::{
    citizens,
    kernel::clock::SharedClock,
    kernel::error::{AppError, AppResult},
    kernel::ids::ConsentId,
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    outbox::{self, DomainEvent},
};

/// The unique index that keeps one consent in force per citizen and purpose.
const ONE_IN_FORCE: &str = "ux_consents_active_citizen_purpose";

/// The consent an outcome names (re-read, so a replay shows its state now) and its errors.
async fn load(
    db: &impl ConnectionTrait,
    outcome: Outcome,
) -> AppResult<(Option<Consent>, Vec<UserError>)> {
    let consent = match outcome.id {
        Some(id) => consent::Entity::find_by_id(id).one(db).await?.map(Consent),
        None => None,
    };
    Ok((consent, outcome.user_errors))
}

async fn signed_in_citizen(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<citizen::Model> {
    Ok(citizens::scope::own(db, viewer)
        .await?
        .ok_or_else(|| AppError::not_found("citizen"))?
        .record()
        .clone())
}

/// `grantConsent`.
pub async fn grant(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: GrantConsentInput,
) -> AppResult<GrantConsentPayload> {
    let now = clock.now();
    let key = input.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "grantConsent", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let person = signed_in_citizen(txn, viewer).await?;
        let id = Uuid::now_v7();
        let row = consent::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(person.jobcentre_id),
            citizen_id: Set(person.id),
            purpose: Set(input.purpose),
            granted_at: Set(now),
            revoked_at: Set(None),
        };
        // The partial unique index (one consent in force per purpose) settles races.
        let in_force = UserError::new(
            &["input", "purpose"],
            UserErrorCode::AlreadyDone,
            "a consent for this purpose is already in force",
        );
        if let Err(e) = runner::insert_or(txn, row, ONE_IN_FORCE, in_force).await? {
            return Ok(Outcome::err(e));
        }
        let event = DomainEvent::ConsentGranted {
            consent_id: id,
            citizen_id: person.id,
            purpose: input.purpose,
        };
        outbox::enqueue(txn, now, Some(person.jobcentre_id), &event).await?;
        Ok(Outcome::ok(id))
    })
    .await?;
    let (consent, user_errors) = load(db, outcome).await?;
    Ok(GrantConsentPayload {
        consent,
        user_errors,
    })
}

/// `revokeConsent`.
pub async fn revoke(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    input: RevokeConsentInput,
) -> AppResult<RevokeConsentPayload> {
    let consent_id = ConsentId::parse(&input.consent_id, "consentId")?;
    let now = clock.now();
    let key = input.idempotency_key.as_deref();
    let key = IdempotencyKey::new(viewer, key, "revokeConsent", &input)?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        // A conditional update settles concurrent revocations: exactly one changes the row.
        let changed = consent::Entity::update_many()
            .col_expr(consent::Column::RevokedAt, Expr::value(Some(now)))
            .filter(consent::Column::Id.eq(consent_id))
            .filter(scope::visible_to(viewer))
            .filter(consent::Column::RevokedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        let own = consent::Entity::find_by_id(consent_id)
            .filter(scope::visible_to(viewer))
            .one(txn)
            .await?;
        let field = &["input", "consentId"];
        Ok(match (changed, own) {
            (1, Some(row)) => {
                let event = DomainEvent::ConsentRevoked {
                    consent_id: consent_id.0,
                    citizen_id: row.citizen_id,
                    purpose: row.purpose,
                };
                outbox::enqueue(txn, now, Some(row.jobcentre_id), &event).await?;
                Outcome::ok(consent_id)
            }
            (_, None) => Outcome::err(UserError::new(
                field,
                UserErrorCode::NotFound,
                "no consent of yours has this id",
            )),
            (_, Some(_)) => Outcome::err(UserError::new(
                field,
                UserErrorCode::AlreadyDone,
                "this consent is already revoked",
            )),
        })
    })
    .await?;
    let (consent, user_errors) = load(db, outcome).await?;
    Ok(RevokeConsentPayload {
        consent,
        user_errors,
    })
}
