//! The outbox worker as the tests run it, and the alerts it leaves for caseworkers.

use std::sync::Arc;

use jobbro_api::{
    kernel::clock::SharedClock,
    outbox::{
        letters::{LetterSender, RecordingSender},
        worker::Worker,
    },
    testing::{Principal, TestApp},
};
use jobbro_entities::outbox_event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::graphql::query;

/// More passes than any test needs; an outbox still busy after them is a bug.
const MAX_PASSES: usize = 1000;

/// A worker over the test app's database and clock, sending letters with `sender`.
pub(crate) fn worker(app: &TestApp, sender: Arc<dyn LetterSender>) -> Worker {
    let clock: SharedClock = Arc::new(app.clock.clone());
    Worker::new(app.db.clone(), clock, sender, app.settings.worker.clone())
}

/// Runs the outbox worker until nothing is due; any failed event fails the test, and so does an
/// outbox that does not drain.
pub(crate) async fn run_worker(app: &TestApp) -> anyhow::Result<()> {
    let worker = worker(app, Arc::new(RecordingSender));
    for _ in 0..MAX_PASSES {
        let pass = worker.run_once().await?;
        if pass.failed > 0 {
            let errors: Vec<Option<String>> = outbox_event::Entity::find()
                .filter(outbox_event::Column::LastError.is_not_null())
                .all(&app.db)
                .await?
                .into_iter()
                .map(|e| e.last_error)
                .collect();
            anyhow::bail!("outbox events failed: {errors:?}");
        }
        if pass.handled == 0 {
            return Ok(());
        }
    }
    anyhow::bail!("the outbox did not drain in {MAX_PASSES} passes")
}

/// The alerts of a caseworker, newest first, as `{kind, message, citizenId}`.
pub(crate) async fn alerts(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<Value>> {
    let data = query(
        app,
        who,
        "{ caseworker { alerts(first: 100) { edges { node { kind message citizenId } } } } }",
        json!({}),
    )
    .await?;
    Ok(data["caseworker"]["alerts"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default())
}

/// The kinds of `alerts`, in order.
pub(crate) fn kinds(alerts: &[Value]) -> Vec<String> {
    alerts
        .iter()
        .filter_map(|a| a["kind"].as_str().map(str::to_string))
        .collect()
}
