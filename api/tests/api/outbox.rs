//! The outbox worker: events become letters and alerts; a failing channel is retried with
//! backoff and the event is never lost or handled twice.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use jobbro_api::{
    kernel::clock::Clock,
    outbox::{
        fund::FundGateway,
        letters::{LetterSender, RecordingSender, SendError},
        worker::Pass,
    },
    testing::{TestApp, world},
};
use jobbro_entities::{
    alert,
    enums::{LetterStatus, NoticeStatus},
    fund_notification, letter, outbox_event,
};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::support::outbox::worker;

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
    // The letter and the alert were written and committed before the hand-over was tried; the
    // letter waits, pending, to be handed over again under the same id.
    let letters = letter::Entity::find().all(&app.db).await?;
    assert_eq!(letters.len(), 1, "the failed attempt wrote the letter once");
    assert_eq!(
        letters[0].status,
        LetterStatus::Pending,
        "the failed attempt sent no letter"
    );
    let letter_id = letters[0].id;
    assert_eq!(alert::Entity::find().count(&app.db).await?, 1);

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
    let letters = letter::Entity::find().all(&app.db).await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].id, letter_id, "the retries kept the letter's id");
    assert_eq!(letters[0].status, LetterStatus::Sent);
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

/// A port that remembers the id of every letter handed to it. The first hand-over never returns:
/// the port has the letter, and the worker dies before it can record that.
#[derive(Default)]
struct CrashAfterSend {
    seen: Mutex<Vec<Uuid>>,
    took_first: Notify,
}

impl CrashAfterSend {
    fn seen(&self) -> Vec<Uuid> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl LetterSender for CrashAfterSend {
    async fn send(&self, letter: &letter::Model) -> Result<(), SendError> {
        let first = {
            let mut seen = self.seen.lock().map_err(|e| SendError(e.to_string()))?;
            seen.push(letter.id);
            seen.len() == 1
        };
        if first {
            self.took_first.notify_one();
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_crash_between_send_and_record_hands_the_port_the_same_letter_id_again()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    revoke_citizen_1_consent(&app).await?;
    let sender = Arc::new(CrashAfterSend::default());
    let w = worker(&app, sender.clone());

    // The worker runs until the port has taken the letter, and is dropped there: a crash after
    // the send and before the record.
    tokio::select! {
        pass = w.run_once() => anyhow::bail!("the worker was to crash, but finished: {pass:?}"),
        () = sender.took_first.notified() => {}
    }
    let letters = letter::Entity::find().all(&app.db).await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(
        letters[0].status,
        LetterStatus::Pending,
        "the crash came before the record"
    );
    assert_eq!(sender.seen(), vec![letters[0].id]);
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert!(event.processed_at.is_none());

    // While the crashed worker's lease runs, no other worker takes the event.
    assert_eq!(w.run_once().await?, Pass::default());

    // Then a worker retries it: the port is handed the same letter id, and it is recorded once.
    app.clock.advance(chrono::Duration::seconds(
        app.settings.worker.lease_seconds + 1,
    ));
    assert_eq!(
        w.run_once().await?,
        Pass {
            handled: 1,
            failed: 0
        }
    );
    let letters = letter::Entity::find().all(&app.db).await?;
    assert_eq!(letters.len(), 1, "one letter row, whatever the retries");
    assert_eq!(
        sender.seen(),
        vec![letters[0].id, letters[0].id],
        "both hand-overs carried the same idempotency key"
    );
    assert_eq!(letters[0].status, LetterStatus::Sent);
    assert_eq!(alert::Entity::find().count(&app.db).await?, 1);
    let event = outbox_event::Entity::find()
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("event gone"))?;
    assert!(event.processed_at.is_some());
    assert_eq!(w.run_once().await?, Pass::default(), "handled once");
    Ok(())
}

/// A fund gateway that takes every notice but loses the first acknowledgement.
#[derive(Default)]
struct LostAcknowledgement {
    seen: Mutex<Vec<Uuid>>,
}

#[async_trait::async_trait]
impl FundGateway for LostAcknowledgement {
    async fn notify(&self, notice: &fund_notification::Model) -> Result<(), SendError> {
        let mut seen = self.seen.lock().map_err(|e| SendError(e.to_string()))?;
        seen.push(notice.id);
        if seen.len() == 1 {
            return Err(SendError("no answer from the fund".into()));
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_fund_notice_retried_after_a_lost_acknowledgement_keeps_its_id() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "mutation { reportSick(input: {}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        answer["data"]["reportSick"]["userErrors"],
        json!([]),
        "{answer}"
    );
    let fund = Arc::new(LostAcknowledgement::default());
    let worker = worker(&app, Arc::new(RecordingSender)).with_fund_gateway(fund.clone());

    assert_eq!(
        worker.run_once().await?,
        Pass {
            handled: 0,
            failed: 1
        }
    );
    app.clock.advance(chrono::Duration::seconds(
        app.settings.worker.base_backoff_seconds,
    ));
    assert_eq!(
        worker.run_once().await?,
        Pass {
            handled: 1,
            failed: 0
        }
    );

    let notices = fund_notification::Entity::find().all(&app.db).await?;
    assert_eq!(notices.len(), 1, "one notice, whatever the retries");
    assert_eq!(notices[0].status, NoticeStatus::Sent);
    let seen = fund.seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen, vec![notices[0].id, notices[0].id]);
    Ok(())
}
