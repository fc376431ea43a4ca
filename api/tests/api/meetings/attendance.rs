//! Attendance (`000:164-166`): registering it against the version read, no-show alerts, and
//! meetings missing their registration from 09:00 the next morning.

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{Principal, TestApp, world},
};
use jobbro_entities::enums::MeetingStatus;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, ok, query, time_of, user_error},
    meetings::{attend, booked, new_slot, summon_input, summoned},
    outbox::{alerts, kinds, run_worker},
    time::{tomorrow, utc},
};

use super::{meeting_row, outbox_count};

/// `000:164-166`: attendance cannot be registered before the meeting begins; afterwards it is
/// registered against the version read, a stale version changes nothing, an absence needs a
/// reason, and the history lists every change with the role of who made it.
#[tokio::test]
async fn attendance_000_164_too_early_stale_version_reason_and_history() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let m = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, tomorrow(), json!({})),
    )
    .await?;
    let id = id_of(&m)?;
    assert_eq!(m["origin"], "SUMMONED");
    assert_eq!(m["statutory"], true);

    let early = attend(&app, &w.caseworker_a, &id, "ATTENDED", None, 1).await?;
    assert_eq!(
        user_error(&early),
        (json!("TOO_EARLY"), json!(["input", "meetingId"])),
        "{early}"
    );

    app.clock.set(tomorrow() + Duration::minutes(40));
    let attended = attend(&app, &w.manager_a, &id, "ATTENDED", None, 1).await?;
    ok(&attended)?;
    assert_eq!(attended["meeting"]["status"], "ATTENDED");
    assert_eq!(attended["meeting"]["version"], 2);
    assert_eq!(
        time_of(&attended["meeting"]["attendanceRegisteredAt"])?,
        app.clock.now()
    );

    let stale = attend(&app, &w.caseworker_a, &id, "NO_SHOW", None, 1).await?;
    assert_eq!(
        user_error(&stale),
        (json!("STALE_VERSION"), json!(["input", "expectedVersion"])),
        "{stale}"
    );
    let row = meeting_row(&app, &id).await?;
    assert_eq!(row.status, MeetingStatus::Attended, "nothing changed");
    assert_eq!(row.version, 2);

    for reason in [None, Some("  ")] {
        let absent = attend(&app, &w.caseworker_a, &id, "ABSENT", reason, 2).await?;
        assert_eq!(
            user_error(&absent),
            (json!("INVALID"), json!(["input", "reason"])),
            "{absent}"
        );
    }
    let same = attend(&app, &w.caseworker_a, &id, "ATTENDED", None, 2).await?;
    assert_eq!(user_error(&same).0, "ALREADY_DONE", "{same}");

    // A correction, with a reason, by the caseworker.
    let corrected = attend(&app, &w.caseworker_a, &id, "ABSENT", Some("Lægebesøg"), 2).await?;
    ok(&corrected)?;
    let m = &corrected["meeting"];
    assert_eq!(m["status"], "ABSENT");
    assert_eq!(m["statusReason"], "Lægebesøg");
    let history: Vec<(Value, Value, Value)> = m["history"]
        .as_array()
        .context("history")?
        .iter()
        .map(|h| {
            (
                h["fromStatus"].clone(),
                h["toStatus"].clone(),
                h["actorRole"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history,
        vec![
            (Value::Null, json!("SCHEDULED"), json!("caseworker")),
            (json!("SCHEDULED"), json!("ATTENDED"), json!("manager")),
            (json!("ATTENDED"), json!("ABSENT"), json!("caseworker")),
        ]
    );
    assert_eq!(outbox_count(&app, "AttendanceRegistered").await?, 2);
    Ok(())
}

/// Rule 4 and `000:164-166`: a no-show at a self-booked meeting counts as any no-show: the
/// caseworker assigned to the citizen is alerted, even when another caseworker held the meeting.
#[tokio::test]
async fn rule_4_a_no_show_at_a_self_booked_meeting_alerts_the_assigned_caseworker()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a2, tomorrow(), json!({})).await?;
    let m = booked(&app, &w.citizen_1, &slot).await?;
    let id = id_of(&m)?;
    run_worker(&app).await?;

    app.clock.set(tomorrow() + Duration::minutes(31));
    let no_show = attend(&app, &w.caseworker_a2, &id, "NO_SHOW", None, 1).await?;
    ok(&no_show)?;
    assert_eq!(no_show["meeting"]["status"], "NO_SHOW");
    assert_eq!(no_show["meeting"]["origin"], "SELF_BOOKED");
    run_worker(&app).await?;

    let assigned = alerts(&app, &w.caseworker_a).await?;
    let alert = assigned
        .iter()
        .find(|a| a["kind"] == "NO_SHOW")
        .with_context(|| format!("no NO_SHOW alert: {assigned:?}"))?;
    assert_eq!(alert["citizenId"], json!(w.citizen_1.subject.to_string()));
    let message = alert["message"].as_str().unwrap_or_default();
    assert!(message.contains("10:00"), "{message}");
    assert!(
        !message.contains("Anna") && !message.contains("610190"),
        "{message}"
    );

    // The same for a summoned meeting of citizen 2: the alert goes to caseworker A2.
    let summons = summoned(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_2.subject,
            app.clock.now() + Duration::hours(1),
            json!({}),
        ),
    )
    .await?;
    app.clock.advance(Duration::hours(2));
    ok(&attend(&app, &w.caseworker_a, &id_of(&summons)?, "NO_SHOW", None, 1).await?)?;
    run_worker(&app).await?;
    assert!(kinds(&alerts(&app, &w.caseworker_a2).await?).contains(&"NO_SHOW".to_string()));
    let a_no_shows = kinds(&alerts(&app, &w.caseworker_a).await?)
        .into_iter()
        .filter(|k| k == "NO_SHOW")
        .count();
    assert_eq!(a_no_shows, 1, "only the assigned caseworker hears of each");
    Ok(())
}

const MISSING: &str = "{ caseworker { meetingsMissingRegistration { id missingRegistration } } }";

async fn missing_ids(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<String>> {
    let data = query(app, who, MISSING, json!({})).await?;
    Ok(data["caseworker"]["meetingsMissingRegistration"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

async fn missing_flag(
    app: &TestApp,
    who: &Principal,
    citizen: Uuid,
    id: &str,
) -> anyhow::Result<Value> {
    let data = query(
        app,
        who,
        "query($id: ID!) { caseworker { citizen(id: $id) { meetings { id missingRegistration } } } }",
        json!({ "id": citizen.to_string() }),
    )
    .await?;
    let meetings = data["caseworker"]["citizen"]["meetings"]
        .as_array()
        .context("meetings")?;
    Ok(meetings
        .iter()
        .find(|m| m["id"] == json!(id))
        .map(|m| m["missingRegistration"].clone())
        .unwrap_or(Value::Null))
}

/// `000:164-166`: attendance is due by 09:00 Danish time the morning after; until then the
/// meeting is not missing its registration, from then it is, and it is listed for its
/// caseworker and the manager (not for another caseworker) until registered.
#[tokio::test]
async fn attendance_000_164_a_registration_is_missing_from_nine_the_next_morning()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // Today 14:00-14:30 Danish time (CET, UTC+1).
    let m = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, utc(2026, 11, 2, 13, 0)?, json!({})),
    )
    .await?;
    let id = id_of(&m)?;

    for (t, missing) in [
        (utc(2026, 11, 2, 21, 0)?, false), // the same evening
        (utc(2026, 11, 3, 7, 59)?, false), // 08:59 the next morning
        (utc(2026, 11, 3, 8, 0)?, true),   // 09:00 the next morning
        (utc(2026, 11, 5, 12, 0)?, true),  // days later
    ] {
        app.clock.set(t);
        assert_eq!(
            missing_flag(&app, &w.caseworker_a, w.citizen_1.subject, &id).await?,
            json!(missing),
            "at {t}"
        );
        assert_eq!(
            missing_ids(&app, &w.caseworker_a).await?.contains(&id),
            missing,
            "listed at {t}"
        );
    }
    assert_eq!(missing_ids(&app, &w.manager_a).await?, vec![id.clone()]);
    assert_eq!(
        missing_ids(&app, &w.caseworker_a2).await?,
        Vec::<String>::new()
    );
    assert_eq!(
        missing_ids(&app, &w.caseworker_b).await?,
        Vec::<String>::new()
    );

    ok(&attend(&app, &w.caseworker_a, &id, "ATTENDED", None, 1).await?)?;
    assert_eq!(
        missing_ids(&app, &w.caseworker_a).await?,
        Vec::<String>::new()
    );
    assert_eq!(
        missing_flag(&app, &w.caseworker_a, w.citizen_1.subject, &id).await?,
        json!(false)
    );
    Ok(())
}

/// `000:164-166`: the night the clocks go forward is an hour short. A meeting ending 23:30 on
/// Saturday 27 March 2027 is due by 09:00 summer time on Sunday, 8½ hours later; it must be
/// listed from then on, as its own `missingRegistration` says.
#[tokio::test]
async fn attendance_000_164_a_late_meeting_before_the_spring_clock_change_is_listed_at_nine()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.clock.set(utc(2027, 3, 27, 12, 0)?);
    // 23:00-23:30 CET.
    let m = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, utc(2027, 3, 27, 22, 0)?, json!({})),
    )
    .await?;
    let id = id_of(&m)?;
    app.clock.set(utc(2027, 3, 28, 6, 59)?); // 08:59 CEST
    assert_eq!(
        missing_flag(&app, &w.caseworker_a, w.citizen_1.subject, &id).await?,
        json!(false)
    );
    assert!(!missing_ids(&app, &w.caseworker_a).await?.contains(&id));
    app.clock.set(utc(2027, 3, 28, 7, 0)?); // 09:00 CEST
    assert_eq!(
        missing_flag(&app, &w.caseworker_a, w.citizen_1.subject, &id).await?,
        json!(true)
    );
    assert!(
        missing_ids(&app, &w.caseworker_a).await?.contains(&id),
        "listed as soon as it is missing"
    );
    Ok(())
}
