//! The outbox worker: events become letters and alerts; a failing channel is retried with
//! backoff and the event is never lost or handled twice.

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use jobbro_api::{
    kernel::clock::{Clock, SharedClock},
    outbox::{
        letters::{LetterSender, RecordingSender, SendError},
        worker::{Pass, Worker},
    },
    testing::{TestApp, world},
};
use jobbro_entities::{alert, enums::LetterStatus, letter, outbox_event};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

/// A channel that is down until switched on.
#[derive(Default)]
struct FlakySender {
    up: AtomicBool,
    calls: AtomicUsize,
}

#[async_trait::async_trait]
impl LetterSender for FlakySender {
    async fn send(&self, _: &letter::Model) -> Result<(), SendError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.up.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(SendError("Digital Post is unavailable".into()))
        }
    }
}

fn worker(app: &TestApp, sender: Arc<dyn LetterSender>) -> Worker {
    let clock: SharedClock = Arc::new(app.clock.clone());
    Worker::new(app.db.clone(), clock, sender, app.settings.worker.clone())
}

async fn revoke_citizen_1_consent(app: &TestApp) -> anyhow::Result<()> {
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { code } } }",
            json!({ "id": w.citizen_1_consent.to_string() }),
        )
        .await;
    anyhow::ensure!(
        answer["data"]["revokeConsent"]["userErrors"] == json!([]),
        "revoke failed: {answer}"
    );
    Ok(())
}

#[tokio::test]
async fn a_revocation_becomes_a_sent_receipt_and_an_alert_for_the_assigned_caseworker()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { code } } }",
            json!({ "id": w.citizen_1_consent.to_string() }),
        )
        .await;
    assert_eq!(
        answer["data"]["revokeConsent"]["userErrors"],
        json!([]),
        "{answer}"
    );

    let pass = worker(&app, Arc::new(RecordingSender)).run_once().await?;
    assert_eq!(
        pass,
        Pass {
            handled: 1,
            failed: 0
        }
    );

    let letters = letter::Entity::find().all(&app.db).await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].citizen_id, w.citizen_1.subject);
    assert_eq!(letters[0].status, LetterStatus::Sent);
    assert_eq!(letters[0].kind, "CONSENT_REVOKED_RECEIPT");

    let alerts = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { alerts { edges { node { kind message citizenId } } } } }",
            json!({}),
        )
        .await;
    let node = &alerts["data"]["caseworker"]["alerts"]["edges"][0]["node"];
    assert_eq!(node["kind"], "CONSENT_REVOKED", "{alerts}");
    assert_eq!(node["citizenId"], json!(w.citizen_1.subject.to_string()));
    let message = node["message"].as_str().unwrap_or_default();
    assert!(
        !message.contains("Anna") && !message.contains("6101"),
        "an alert carries no personal data: {message}"
    );

    let others = app
        .gql(
            Some(&w.caseworker_a2),
            "{ caseworker { alerts { edges { node { id } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        others["data"]["caseworker"]["alerts"]["edges"],
        json!([]),
        "only the assigned caseworker is alerted"
    );

    assert_eq!(
        worker(&app, Arc::new(RecordingSender)).run_once().await?,
        Pass::default(),
        "handled once"
    );
    Ok(())
}

#[tokio::test]
async fn a_failing_channel_is_retried_with_backoff_and_nothing_is_lost() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    revoke_citizen_1_consent(&app).await?;
    let sender = Arc::new(FlakySender::default());
    let w = worker(&app, sender.clone());

    assert_eq!(
        w.run_once().await?,
        Pass {
            handled: 0,
            failed: 1
        }
    );
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert_eq!(event.attempts, 1);
    assert!(event.processed_at.is_none());
    assert!(
        event
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("Digital Post is unavailable")
    );
    let base = app.settings.worker.base_backoff_seconds;
    assert_eq!(
        event.next_attempt_at,
        app.clock.now() + chrono::Duration::seconds(base)
    );
    assert_eq!(
        letter::Entity::find().count(&app.db).await?,
        0,
        "the failed attempt left no letter behind"
    );
    assert_eq!(alert::Entity::find().count(&app.db).await?, 0);

    // Not due yet: nothing happens.
    assert_eq!(w.run_once().await?, Pass::default());

    // Due again but still down: the delay doubles.
    app.clock.advance(chrono::Duration::seconds(base));
    assert_eq!(
        w.run_once().await?,
        Pass {
            handled: 0,
            failed: 1
        }
    );
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert_eq!(event.attempts, 2);
    assert_eq!(
        event.next_attempt_at,
        app.clock.now() + chrono::Duration::seconds(2 * base)
    );

    // The channel comes back: the event is handled, exactly once.
    sender.up.store(true, Ordering::SeqCst);
    app.clock.advance(chrono::Duration::seconds(2 * base));
    assert_eq!(
        w.run_once().await?,
        Pass {
            handled: 1,
            failed: 0
        }
    );
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert!(event.processed_at.is_some());
    assert!(event.last_error.is_none());
    assert_eq!(letter::Entity::find().count(&app.db).await?, 1);
    assert_eq!(alert::Entity::find().count(&app.db).await?, 1);
    assert_eq!(sender.calls.load(Ordering::SeqCst), 3);
    Ok(())
}

#[tokio::test]
async fn an_unreadable_event_stays_in_the_outbox_with_its_error() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let now = app.clock.now();
    outbox_event::Entity::insert(outbox_event::ActiveModel {
        id: sea_orm::Set(uuid::Uuid::now_v7()),
        jobcentre_id: sea_orm::Set(None),
        event_type: sea_orm::Set("SomethingNew".into()),
        aggregate_id: sea_orm::Set(uuid::Uuid::now_v7()),
        payload: sea_orm::Set("{\"type\":\"SomethingNew\"}".into()),
        created_at: sea_orm::Set(now),
        attempts: sea_orm::Set(0),
        next_attempt_at: sea_orm::Set(now),
        locked_until: sea_orm::Set(None),
        processed_at: sea_orm::Set(None),
        last_error: sea_orm::Set(None),
    })
    .exec_without_returning(&app.db)
    .await?;
    let pass = worker(&app, Arc::new(RecordingSender)).run_once().await?;
    assert_eq!(
        pass,
        Pass {
            handled: 0,
            failed: 1
        }
    );
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert!(event.processed_at.is_none());
    assert!(
        event
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("unreadable payload")
    );
    Ok(())
}

/// Counts hand-overs per letter.
#[derive(Default)]
struct CountingSender {
    calls: AtomicUsize,
}

#[async_trait::async_trait]
impl LetterSender for CountingSender {
    async fn send(&self, _: &letter::Model) -> Result<(), SendError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn two_workers_share_the_outbox_and_no_event_is_handled_twice() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.worker.batch_size = 3).await?;
    let w = world(&app.db).await?;
    let now = app.clock.now();
    for _ in 0..20 {
        let event = jobbro_api::outbox::DomainEvent::ConsentGranted {
            consent_id: uuid::Uuid::now_v7(),
            citizen_id: w.citizen_1.subject,
            purpose: jobbro_entities::enums::ConsentPurpose::ShareDataAfterMoving,
        };
        jobbro_api::outbox::enqueue(&app.db, now, Some(w.jobcentre_a), &event).await?;
    }
    let sender = Arc::new(CountingSender::default());
    let (one, two) = (worker(&app, sender.clone()), worker(&app, sender.clone()));
    let mut handled = 0;
    for _ in 0..20 {
        let (a, b) = tokio::join!(one.run_once(), two.run_once());
        let (a, b) = (a?, b?);
        assert_eq!(a.failed + b.failed, 0);
        handled += a.handled + b.handled;
        if a.handled + b.handled == 0 {
            break;
        }
    }
    assert_eq!(handled, 20);
    assert_eq!(
        sender.calls.load(Ordering::SeqCst),
        20,
        "every letter handed over exactly once"
    );
    assert_eq!(letter::Entity::find().count(&app.db).await?, 20);
    Ok(())
}
