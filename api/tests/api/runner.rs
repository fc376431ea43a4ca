//! The mutation runner (`kernel::runner`): an outcome with `userErrors` rolls its transaction
//! back, an attempt that ended in `userErrors` leaves its idempotency key free, and `insert_or`
//! turns exactly the named unique index into a `userError`, on SQLite and PostgreSQL alike.

use jobbro_api::{
    kernel::clock::Clock,
    kernel::error::{AppError, ErrorCode},
    kernel::runner::{self, IdempotencyKey},
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    plans::service,
    testing::{TestApp, world},
};
use jobbro_entities::{
    consent,
    enums::{ConsentPurpose, PlanDelivery},
    idempotency_key, meeting, meeting_slot, plan, plan_version,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    TransactionTrait, sea_query::Expr,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, ok, user_error},
    meetings::{booked, cancel, new_slot},
    time::tomorrow,
};

const CONSENT_IN_FORCE: &str = "ux_consents_active_citizen_purpose";

fn consent_row(citizen: Uuid, jobcentre: Uuid, purpose: ConsentPurpose) -> consent::ActiveModel {
    consent::ActiveModel {
        id: Set(Uuid::now_v7()),
        jobcentre_id: Set(jobcentre),
        citizen_id: Set(citizen),
        purpose: Set(purpose),
        granted_at: Set(jobbro_api::testing::test_epoch()),
        revoked_at: Set(None),
    }
}

fn already() -> UserError {
    UserError::new(
        &["input", "purpose"],
        UserErrorCode::AlreadyDone,
        "in force",
    )
}

#[tokio::test]
async fn a_user_error_rolls_back_what_the_mutation_wrote_before_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (citizen, now) = (w.citizen_2.subject, app.clock.now());
    let outcome = runner::run(&app.db, None, now, Outcome::err, async |txn| {
        let row = consent_row(citizen, w.jobcentre_a, ConsentPurpose::ShareDataAfterMoving);
        consent::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
        consent::Entity::update_many()
            .col_expr(consent::Column::RevokedAt, Expr::value(Some(now)))
            .filter(consent::Column::Id.eq(w.citizen_1_consent))
            .exec(txn)
            .await?;
        // A later step finds a problem the caller can fix.
        Ok(Outcome::err(already()))
    })
    .await?;
    assert_eq!(outcome.user_errors, vec![already()]);
    let mine = consent::Entity::find()
        .filter(consent::Column::CitizenId.eq(citizen))
        .count(&app.db)
        .await?;
    assert_eq!(mine, 0, "the consent written before the userError is gone");
    let revoked = consent::Entity::find_by_id(w.citizen_1_consent)
        .one(&app.db)
        .await?
        .and_then(|c| c.revoked_at);
    assert_eq!(revoked, None, "and so is the revocation");
    Ok(())
}

#[tokio::test]
async fn an_attempt_that_ended_in_a_user_error_stores_nothing_under_its_key() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let viewer = Viewer::Citizen {
        citizen: w.citizen_2.subject,
    };
    let now = app.clock.now();
    let key = || IdempotencyKey::new(&viewer, Some("k-1"), "test", &json!({ "n": 1 }));
    let refused = runner::run(&app.db, key()?, now, Outcome::err, async |_| {
        Ok(Outcome::err(already()))
    })
    .await?;
    assert_eq!(refused.user_errors, vec![already()]);
    assert_eq!(idempotency_key::Entity::find().count(&app.db).await?, 0);

    // The retry with the same key and input runs for real, and its result is what is kept.
    let id = Uuid::now_v7();
    let done = runner::run(&app.db, key()?, now, Outcome::err, async |_| {
        Ok(Outcome::ok(id))
    })
    .await?;
    assert_eq!((done.id, done.user_errors.len()), (Some(id), 0));
    let replayed = runner::run(&app.db, key()?, now, Outcome::err, async |_| {
        Ok(Outcome::ok(Uuid::now_v7()))
    })
    .await?;
    assert_eq!(replayed.id, Some(id), "a replay returns the stored outcome");
    Ok(())
}

const BOOK_WITH_KEY: &str = "mutation($slot: ID!, $key: String) {
  bookMeeting(input: {slotId: $slot, idempotencyKey: $key}) {
    meeting { id status }
    userErrors { field code message }
  }
}";

/// The documented rule through a real mutation: a booking refused as `SLOT_FULL` keeps no
/// record of its key, so once a seat frees up the same request (same key) books it; after that
/// the key replays the booking.
#[tokio::test]
async fn a_key_refused_with_slot_full_books_once_a_seat_is_free() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({ "capacity": 1 })).await?;
    let taken = booked(&app, &w.citizen_2, &slot).await?;
    let vars = json!({ "slot": slot, "key": "book-1" });
    let book_with_key = async || -> anyhow::Result<Value> {
        let answer = app
            .gql(Some(&w.citizen_1), BOOK_WITH_KEY, vars.clone())
            .await;
        anyhow::ensure!(answer.get("errors").is_none(), "{answer}");
        Ok(answer["data"]["bookMeeting"].clone())
    };

    let full = book_with_key().await?;
    assert_eq!(
        user_error(&full),
        (json!("SLOT_FULL"), json!(["input", "slotId"]))
    );
    assert_eq!(idempotency_key::Entity::find().count(&app.db).await?, 0);

    ok(&cancel(&app, &w.citizen_2, &id_of(&taken)?, "syg").await?)?;
    let retry = book_with_key().await?;
    ok(&retry)?;
    let again = book_with_key().await?;
    assert_eq!(again, retry, "the key now replays the booking");
    let slot_row = meeting_slot::Entity::find_by_id(Uuid::parse_str(&slot)?)
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("slot gone"))?;
    assert_eq!(slot_row.booked, 1);
    let live = meeting::Entity::find()
        .filter(meeting::Column::CitizenId.eq(w.citizen_1.subject))
        .count(&app.db)
        .await?;
    assert_eq!(live, 1, "one booking, not two");
    Ok(())
}

#[tokio::test]
async fn insert_or_turns_the_named_index_into_the_user_error_and_the_transaction_goes_on()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, a) = (w.citizen_1.subject, w.jobcentre_a);
    let txn = app.db.begin().await?;
    // Citizen 1 already consents to sharing the CV.
    let twin = consent_row(c1, a, ConsentPurpose::ShareCvWithCompanies);
    let refused = runner::insert_or(&txn, twin, CONSENT_IN_FORCE, already()).await?;
    assert_eq!(refused, Err(already()));
    // The savepoint was rolled back, not the transaction: it still takes writes.
    let other = consent_row(c1, a, ConsentPurpose::ShareDataAfterMoving);
    assert_eq!(
        runner::insert_or(&txn, other, CONSENT_IN_FORCE, already()).await?,
        Ok(())
    );
    txn.commit().await?;
    let mine = consent::Entity::find()
        .filter(consent::Column::CitizenId.eq(c1))
        .count(&app.db)
        .await?;
    assert_eq!(mine, 2);
    Ok(())
}

fn internal(result: Result<Result<(), UserError>, AppError>) -> bool {
    matches!(result, Err(e) if e.code() == ErrorCode::Internal)
}

#[tokio::test]
async fn insert_or_leaves_any_other_unique_violation_an_internal_error() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, a) = (w.citizen_1.subject, w.jobcentre_a);
    let txn = app.db.begin().await?;

    // The primary key, not the named index.
    let mut same_id = consent_row(c1, a, ConsentPurpose::ShareDataAfterMoving);
    same_id.id = Set(w.citizen_1_consent);
    let result = runner::insert_or(&txn, same_id, CONSENT_IN_FORCE, already()).await;
    assert!(
        internal(result),
        "a primary-key clash is not the named index"
    );

    // The consent index, while another index is named.
    let twin = consent_row(c1, a, ConsentPurpose::ShareCvWithCompanies);
    let result = runner::insert_or(&txn, twin, "ux_plans_citizen_id", already()).await;
    assert!(
        internal(result),
        "a violation of another index is not the named one"
    );

    // A name that is no index at all.
    let twin = consent_row(c1, a, ConsentPurpose::ShareCvWithCompanies);
    let result = runner::insert_or(&txn, twin, "ux_no_such_index", already()).await;
    assert!(internal(result));
    Ok(())
}

/// The plans' two races are settled by `insert_or` with these index names; the names must match
/// indexes of the database, or the races would end in internal errors.
#[tokio::test]
async fn the_plan_index_names_the_services_use_match_the_database() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, a, now) = (w.citizen_1.subject, w.jobcentre_a, app.clock.now());
    let new_plan = || plan::Model {
        id: Uuid::now_v7(),
        jobcentre_id: a,
        citizen_id: c1,
        draft: "{}".into(),
        draft_version: 1,
        draft_updated_at: now,
        draft_updated_by: None,
        created_at: now,
    };
    let first = new_plan();
    let version = |n: i32| plan_version::Model {
        id: Uuid::now_v7(),
        plan_id: first.id,
        jobcentre_id: a,
        citizen_id: c1,
        number: n,
        content: "{}".into(),
        content_hash: String::new(),
        published_by: w.caseworker_a.subject,
        published_at: now,
        delivery: PlanDelivery::Portal,
        acknowledgement_requested: false,
        delivered_at: Some(now),
        superseded_at: None,
    };
    let txn = app.db.begin().await?;
    let (one_plan, one_number) = (
        service::ONE_PLAN_PER_CITIZEN,
        service::ONE_VERSION_PER_NUMBER,
    );
    let rows = [
        (first.clone().into_active_model(), Ok(())),
        (new_plan().into_active_model(), Err(already())),
    ];
    for (row, expected) in rows {
        assert_eq!(
            runner::insert_or(&txn, row, one_plan, already()).await?,
            expected
        );
    }
    let rows = [
        (version(1).into_active_model(), Ok(())),
        (version(1).into_active_model(), Err(already())),
        (version(2).into_active_model(), Ok(())),
    ];
    for (row, expected) in rows {
        assert_eq!(
            runner::insert_or(&txn, row, one_number, already()).await?,
            expected
        );
    }
    Ok(())
}

/// A client that goes away mid-request drops its wait for the answer, not the work: the
/// mutation runs to its commit (and its audit rows are written) instead of being cut off
/// between two statements with its transaction left to the driver's clean-up.
#[tokio::test]
async fn a_mutation_whose_client_goes_away_is_completed_not_cut_off() -> anyhow::Result<()> {
    let app = TestApp::spawn_on_file().await?;
    let w = world(&app.db).await?;
    let token = app.token(&w.citizen_1);
    let request = app.post_json(
        Some(&token),
        json!({ "query": "mutation { grantConsent(input: { purpose: SHARE_DATA_AFTER_MOVING }) { userErrors { code } } }" }),
    );
    // Polled once, then dropped: the client hung up.
    let gone = tokio::time::timeout(std::time::Duration::ZERO, request).await;
    assert!(gone.is_err(), "the request answered at its first poll");
    let granted = || {
        consent::Entity::find()
            .filter(consent::Column::CitizenId.eq(w.citizen_1.subject))
            .filter(consent::Column::Purpose.eq(ConsentPurpose::ShareDataAfterMoving))
            .count(&app.db)
    };
    let waited = std::time::Instant::now();
    while granted().await? == 0 {
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(10),
            "the mutation was cut off when its client went away"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The connection it used serves the next mutation: withdrawing that consent.
    let consent = consent::Entity::find()
        .filter(consent::Column::CitizenId.eq(w.citizen_1.subject))
        .filter(consent::Column::Purpose.eq(ConsentPurpose::ShareDataAfterMoving))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no consent"))?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "mutation($id: ID!) { revokeConsent(input: { consentId: $id }) { consent { active } userErrors { code } } }",
            json!({ "id": consent.id.to_string() }),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
    assert_eq!(
        answer["data"]["revokeConsent"]["userErrors"],
        json!([]),
        "{answer}"
    );
    assert_eq!(answer["data"]["revokeConsent"]["consent"]["active"], false);
    Ok(())
}
