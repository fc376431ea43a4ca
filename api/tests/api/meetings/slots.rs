//! Slots: the resource overview of free times (`000:158`): publishing one-off and weekly
//! slots, who may publish for whom, and which slots citizens and staff see.

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::testing::{TestApp, error_code, test_epoch, world};
use jobbro_entities::{caseworker, meeting_slot};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, merge, ok, query, time_of, user_error},
    meetings::{book, booked, new_slot, publish, slot_input},
    time::tomorrow,
};

use super::{AVAILABLE, day_range};

/// `000:158` (ressourceoverblik over ledige tider): a caseworker publishes a one-off slot and a
/// weekly one for three weeks; the weekly publication is one series of three slots a week apart.
#[tokio::test]
async fn slots_000_158_a_caseworker_publishes_one_off_and_weekly_slots_as_one_series()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;

    let once = publish(&app, &w.caseworker_a, slot_input(tomorrow(), json!({}))).await?;
    ok(&once)?;
    assert_eq!(once["slots"].as_array().map(Vec::len), Some(1), "{once}");
    assert_eq!(
        once["slots"][0]["caseworkerId"],
        json!(w.caseworker_a.subject.to_string())
    );
    assert_eq!(once["slots"][0]["capacity"], 1);
    assert_eq!(once["slots"][0]["booked"], 0);

    let weekly = publish(
        &app,
        &w.caseworker_a,
        slot_input(
            tomorrow() + Duration::hours(2),
            json!({ "weeks": 3, "capacity": 4 }),
        ),
    )
    .await?;
    ok(&weekly)?;
    let slots = weekly["slots"].as_array().context("slots")?;
    assert_eq!(slots.len(), 3, "{weekly}");
    let series = &slots[0]["seriesId"];
    assert!(series.is_string(), "{weekly}");
    assert_ne!(series, &once["slots"][0]["seriesId"], "a new series");
    for (week, slot) in slots.iter().enumerate() {
        assert_eq!(&slot["seriesId"], series, "one series");
        assert_eq!(slot["capacity"], 4);
        let starts = time_of(&slot["startsAt"])?;
        assert_eq!(
            starts,
            tomorrow() + Duration::hours(2) + Duration::weeks(i64::try_from(week)?)
        );
        assert_eq!(time_of(&slot["endsAt"])? - starts, Duration::minutes(30));
    }
    assert_eq!(meeting_slot::Entity::find().count(&app.db).await?, 4);
    Ok(())
}

/// `000:158`: a manager publishes times for a caseworker of the team; a plain caseworker cannot
/// publish for a colleague, nor a manager for a caseworker of another team or job centre.
#[tokio::test]
async fn slots_000_158_a_manager_publishes_for_the_team_a_caseworker_only_for_self()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // The manager and caseworker A lead team Nord; caseworker A2 is in team Syd.
    for (id, team) in [
        (w.manager_a.subject, "Nord"),
        (w.caseworker_a.subject, "Nord"),
        (w.caseworker_a2.subject, "Syd"),
    ] {
        caseworker::Entity::update_many()
            .col_expr(caseworker::Column::Team, Expr::value(Some(team)))
            .filter(caseworker::Column::Id.eq(id))
            .exec(&app.db)
            .await?;
    }

    let for_team = publish(
        &app,
        &w.manager_a,
        slot_input(
            tomorrow(),
            json!({ "caseworkerId": w.caseworker_a.subject.to_string() }),
        ),
    )
    .await?;
    ok(&for_team)?;
    assert_eq!(
        for_team["slots"][0]["caseworkerId"],
        json!(w.caseworker_a.subject.to_string())
    );

    let other_team = publish(
        &app,
        &w.manager_a,
        slot_input(
            tomorrow(),
            json!({ "caseworkerId": w.caseworker_a2.subject.to_string() }),
        ),
    )
    .await?;
    assert_eq!(
        user_error(&other_team),
        (json!("NOT_FOUND"), json!(["input", "caseworkerId"])),
        "{other_team}"
    );

    let colleague = publish(
        &app,
        &w.caseworker_a,
        slot_input(
            tomorrow(),
            json!({ "caseworkerId": w.caseworker_a2.subject.to_string() }),
        ),
    )
    .await?;
    assert_eq!(
        user_error(&colleague),
        (json!("NOT_FOUND"), json!(["input", "caseworkerId"])),
        "{colleague}"
    );
    assert_eq!(colleague["slots"], json!([]));

    let other_jobcentre = publish(
        &app,
        &w.manager_a,
        slot_input(
            tomorrow(),
            json!({ "caseworkerId": w.caseworker_b.subject.to_string() }),
        ),
    )
    .await?;
    assert_eq!(
        user_error(&other_jobcentre).0,
        "NOT_FOUND",
        "{other_jobcentre}"
    );

    assert_eq!(
        meeting_slot::Entity::find().count(&app.db).await?,
        1,
        "only the allowed publication made a slot"
    );
    Ok(())
}

/// `000:158`: a slot with an impossible length, seat count, repetition or a start in the past is
/// refused with the field at fault, and nothing is published.
#[tokio::test]
async fn slots_000_158_invalid_input_is_a_user_error_with_the_field_path() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let cases = [
        (
            json!({ "durationMinutes": 4 }),
            "INVALID",
            json!(["input", "durationMinutes"]),
        ),
        (
            json!({ "durationMinutes": 241 }),
            "INVALID",
            json!(["input", "durationMinutes"]),
        ),
        (
            json!({ "capacity": 0 }),
            "INVALID",
            json!(["input", "capacity"]),
        ),
        (
            json!({ "capacity": 51 }),
            "INVALID",
            json!(["input", "capacity"]),
        ),
        (json!({ "weeks": 27 }), "INVALID", json!(["input", "weeks"])),
        (
            json!({ "location": "  " }),
            "INVALID",
            json!(["input", "location"]),
        ),
        (
            json!({ "startsAt": (test_epoch() - Duration::minutes(1)).to_rfc3339() }),
            "INVALID_PERIOD",
            json!(["input", "startsAt"]),
        ),
    ];
    for (extra, code, field) in cases {
        let payload = publish(&app, &w.caseworker_a, slot_input(tomorrow(), extra.clone())).await?;
        assert_eq!(
            user_error(&payload),
            (json!(code), field),
            "{extra}: {payload}"
        );
        assert_eq!(payload["slots"], json!([]));
    }
    assert_eq!(meeting_slot::Entity::find().count(&app.db).await?, 0);
    Ok(())
}

/// `000:158` and the authorisation table ("free slots of own job centre"): a citizen sees only
/// free, future slots of the own job centre that start beyond the two-hour booking lead, filtered
/// by kind; a period over 62 days is refused.
#[tokio::test]
async fn slots_000_158_a_citizen_sees_only_free_future_slots_of_the_own_job_centre()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let now = test_epoch();
    let free = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;
    let too_soon = new_slot(&app, &w.caseworker_a, now + Duration::hours(1), json!({})).await?;
    let full = new_slot(
        &app,
        &w.caseworker_a2,
        tomorrow() + Duration::hours(1),
        json!({}),
    )
    .await?;
    booked(&app, &w.citizen_2, &full).await?;
    let other_kind = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::hours(2),
        json!({ "meetingType": "JOINT_MEETING_FUND", "capacity": 3 }),
    )
    .await?;
    let withdrawn = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::hours(3),
        json!({}),
    )
    .await?;
    meeting_slot::Entity::update_many()
        .col_expr(meeting_slot::Column::CancelledAt, Expr::value(Some(now)))
        .filter(meeting_slot::Column::Id.eq(Uuid::parse_str(&withdrawn)?))
        .exec(&app.db)
        .await?;
    let jobcentre_b = new_slot(
        &app,
        &w.caseworker_b,
        tomorrow(),
        json!({ "location": "Jobcenter B" }),
    )
    .await?;

    let listed = |data: &Value| -> Vec<String> {
        data["citizen"]["availableSlots"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let all = query(&app, &w.citizen_1, AVAILABLE, day_range(now, 7)).await?;
    assert_eq!(
        listed(&all),
        vec![free.clone(), other_kind.clone()],
        "{all}"
    );
    assert_eq!(all["citizen"]["availableSlots"][1]["freeSeats"], 3);
    for hidden in [&too_soon, &full, &withdrawn, &jobcentre_b] {
        assert!(!listed(&all).contains(hidden));
    }

    let mut vars = day_range(now, 7);
    merge(&mut vars, json!({ "type": "JOB_CONVERSATION" }));
    let conversations = query(&app, &w.citizen_1, AVAILABLE, vars).await?;
    assert_eq!(listed(&conversations), vec![free.clone()]);

    // Citizen 3 of job centre B sees B's slot and none of A's.
    let b = query(&app, &w.citizen_3, AVAILABLE, day_range(now, 7)).await?;
    assert_eq!(listed(&b), vec![jobcentre_b.clone()]);

    // Nor can citizen 1 book job centre B's slot by its id.
    let across = book(&app, &w.citizen_1, &jobcentre_b).await?;
    assert_eq!(user_error(&across).0, "NOT_FOUND", "{across}");
    // A slot within the booking lead cannot be booked either.
    let late = book(&app, &w.citizen_1, &too_soon).await?;
    assert_eq!(user_error(&late).0, "SLOT_UNAVAILABLE", "{late}");

    let too_long = app
        .gql(Some(&w.citizen_1), AVAILABLE, day_range(now, 63))
        .await;
    assert_eq!(error_code(&too_long), Some("BAD_USER_INPUT"), "{too_long}");
    Ok(())
}

/// `000:158`: staff see their job centre's slots with the bookings in them.
#[tokio::test]
async fn slots_000_158_staff_see_slots_with_their_bookings() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({ "capacity": 2 })).await?;
    let empty = new_slot(&app, &w.caseworker_a2, tomorrow(), json!({})).await?;
    let m1 = booked(&app, &w.citizen_1, &slot).await?;
    let m2 = booked(&app, &w.citizen_2, &slot).await?;

    let slots_query = "query($from: DateTime!, $to: DateTime!) {
      caseworker { slots(from: $from, to: $to) { id caseworkerId booked capacity bookings { id citizenId } } }
    }";
    let data = query(
        &app,
        &w.caseworker_a2,
        slots_query,
        day_range(test_epoch(), 7),
    )
    .await?;
    let slots = data["caseworker"]["slots"].as_array().context("slots")?;
    assert_eq!(slots.len(), 2, "{data}");
    let full = slots
        .iter()
        .find(|s| s["id"] == json!(slot))
        .context("slot listed")?;
    assert_eq!(full["booked"], 2);
    let mut booking_ids: Vec<String> = full["bookings"]
        .as_array()
        .context("bookings")?
        .iter()
        .filter_map(|b| b["id"].as_str().map(str::to_string))
        .collect();
    booking_ids.sort();
    let mut expected = vec![id_of(&m1)?, id_of(&m2)?];
    expected.sort();
    assert_eq!(booking_ids, expected);
    let other = slots
        .iter()
        .find(|s| s["id"] == json!(empty))
        .context("empty slot listed")?;
    assert_eq!(other["bookings"], json!([]));

    let b = query(
        &app,
        &w.caseworker_b,
        slots_query,
        day_range(test_epoch(), 7),
    )
    .await?;
    assert_eq!(
        b["caseworker"]["slots"],
        json!([]),
        "job centre B sees none of A's slots"
    );
    Ok(())
}
