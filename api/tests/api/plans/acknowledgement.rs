//! Acknowledgement (kvittering, `003:401-438`).

use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{TestApp, test_epoch, world},
};
use serde_json::{Value, json};

use crate::support::{
    graphql::{id_of, ok, time_of, user_error},
    outbox::run_worker,
};

use super::{acknowledge, awaiting, my_plan, published, set_obliged};

#[tokio::test]
async fn obliged_citizens_acknowledge_the_current_version_and_staff_see_who_has_not_003_401_438()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);
    let (c1_id, c2_id) = (c1.to_string(), c2.to_string());

    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    app.clock.advance(Duration::hours(1));
    let other = published(&app, &w, &w.caseworker_a2, c2).await?;

    // Each caseworker sees their own caseload waiting; the manager the whole job centre; the
    // other job centre nothing.
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 0, 1)]
    );
    assert_eq!(
        awaiting(&app, &w.caseworker_a2).await?,
        vec![(c2_id.clone(), 0, 1)]
    );
    assert_eq!(
        awaiting(&app, &w.manager_a).await?,
        vec![(c1_id.clone(), 0, 1), (c2_id.clone(), 0, 1)],
        "longest waiting first"
    );
    assert!(awaiting(&app, &w.caseworker_b).await?.is_empty());

    // Three days later the waiting shows.
    app.clock.set(test_epoch() + Duration::days(3));
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 3, 1)]
    );

    // Another citizen cannot acknowledge citizen 1's version.
    let v1_id = id_of(&v1)?;
    let refused = acknowledge(&app, &w.citizen_2, &v1_id).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "versionId"]))
    );
    assert_eq!(refused["version"], Value::Null);

    // The citizen acknowledges: the hash of what was read, in the portal, now.
    let acked_at = app.clock.now();
    let done = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    ok(&done)?;
    let ack = &done["version"]["acknowledgement"];
    assert_eq!(ack["contentHash"], v1["contentHash"]);
    assert_eq!(ack["channel"], "PORTAL");
    assert_eq!(time_of(&ack["acknowledgedAt"])?, acked_at);

    // A replay is harmless: the first acknowledgement stands.
    app.clock.advance(Duration::hours(2));
    let replay = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    ok(&replay)?;
    assert_eq!(&replay["version"]["acknowledgement"], ack);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(&mine[0]["acknowledgement"], ack);

    // Acknowledged: off the list; citizen 2 is still waiting.
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());
    assert_eq!(
        awaiting(&app, &w.manager_a).await?,
        vec![(c2_id.clone(), 3, 1)],
        "{other}"
    );

    // Version 2 replaces version 1: acknowledging 1 now is stale, 2 waits.
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    let stale = acknowledge(&app, &w.citizen_1, &v1_id).await?;
    assert_eq!(
        user_error(&stale),
        (json!("STALE_VERSION"), json!(["input", "versionId"]))
    );
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1_id.clone(), 0, 2)]
    );
    ok(&acknowledge(&app, &w.citizen_1, &id_of(&v2)?).await?)?;
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());

    // A Digital Post version needs no acknowledgement and is never waited for.
    set_obliged(&app, c1, false).await?;
    let v3 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v3["delivery"], "DIGITAL_POST");
    run_worker(&app).await?;
    let refused = acknowledge(&app, &w.citizen_1, &id_of(&v3)?).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "versionId"]))
    );
    assert!(awaiting(&app, &w.caseworker_a).await?.is_empty());
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine[0]["number"], 3);
    assert_eq!(mine[0]["acknowledgement"], Value::Null);
    Ok(())
}
