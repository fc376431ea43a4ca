//! Meetings (UC3, `000:146-166`): slots, self-booking (rule 4, `002:117-120`), the race for the
//! last seat, moving and cancelling, booking deadlines, attendance with history, the channel rule
//! (rule 11, `003:1254-1296`), arrival notices (rule 14, `003:1626-1631`) and who sees which
//! meeting. Everything goes through GraphQL as the portals call it; internal effects (outbox,
//! letters, alerts, seat counters) are read from the database.

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use jobbro_api::{
    kernel::clock::Clock,
    testing::{Principal, TestApp, error_code, test_epoch, world},
};
use jobbro_entities::{
    booking_deadline, caseworker,
    enums::{BookingDeadlineStatus, Channel, LetterStatus, MeetingStatus, ServiceOrderStatus},
    letter, meeting, meeting_slot, outbox_event, service_order,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, merge, mutate, ok, query, time_of, user_error, uuid_of},
    meetings::{
        BOOK, attend, book, booked, cancel, new_slot, publish, register_absence, set_contact_group,
        slot_input, summon, summon_input, summoned, with_meeting,
    },
    outbox::{alerts, kinds, run_worker},
    time::{tomorrow, utc},
};

// ---------------------------------------------------------------------------------------------
// Operations and helpers of these tests only (the shared ones are in `crate::support`).
// ---------------------------------------------------------------------------------------------

const RESCHEDULE: &str = "mutation($id: ID!, $slot: ID!) {
  rescheduleMeeting(input: {meetingId: $id, slotId: $slot}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const CANCEL_BY_JOBCENTRE: &str = "mutation($id: ID!, $reason: String!) {
  cancelMeetingByJobcentre(input: {meetingId: $id, reason: $reason}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const REQUEST_SELF_BOOKING: &str = "mutation($citizen: ID!, $type: MeetingType!, $due: DateTime!) {
  requestSelfBooking(input: {citizenId: $citizen, meetingType: $type, dueAt: $due}) {
    deadline { id meetingType dueAt status meetingId }
    userErrors { field code message }
  }
}";

const ARRIVE: &str = "mutation($id: ID!) {
  registerArrival(input: {meetingId: $id}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const AVAILABLE: &str = "query($from: DateTime!, $to: DateTime!, $type: MeetingType) {
  citizen { availableSlots(from: $from, to: $to, meetingType: $type) { id meetingType channel startsAt freeSeats } }
}";

async fn outbox_count(app: &TestApp, event_type: &str) -> anyhow::Result<u64> {
    Ok(outbox_event::Entity::find()
        .filter(outbox_event::Column::EventType.eq(event_type))
        .count(&app.db)
        .await?)
}

async fn slot_row(app: &TestApp, id: &str) -> anyhow::Result<meeting_slot::Model> {
    meeting_slot::Entity::find_by_id(Uuid::parse_str(id)?)
        .one(&app.db)
        .await?
        .context("slot gone")
}

async fn meeting_row(app: &TestApp, id: &str) -> anyhow::Result<meeting::Model> {
    meeting::Entity::find_by_id(Uuid::parse_str(id)?)
        .one(&app.db)
        .await?
        .context("meeting gone")
}

/// Ends a citizen's referrals, so that the citizen is in no offer.
async fn end_referrals(app: &TestApp, citizen: Uuid) -> anyhow::Result<()> {
    service_order::Entity::update_many()
        .col_expr(
            service_order::Column::Status,
            Expr::value(ServiceOrderStatus::Ended),
        )
        .filter(service_order::Column::CitizenId.eq(citizen))
        .exec(&app.db)
        .await?;
    Ok(())
}

fn day_range(from: DateTime<Utc>, days: i64) -> Value {
    json!({ "from": from.to_rfc3339(), "to": (from + Duration::days(days)).to_rfc3339() })
}

// ---------------------------------------------------------------------------------------------
// 1. Slots: the resource overview of free times (`000:158`).
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// 2. Booking (rule 4, `002:117-120`, `000:146-166`).
// ---------------------------------------------------------------------------------------------

/// Rule 4 (`002:117-120`) and `000:152-156`: a DAGPENGE citizen (right and duty to self-book)
/// books a job conversation: the meeting is scheduled, self-booked and statutory; after the
/// worker the citizen has a confirmation letter on their channel and the slot's caseworker an
/// automatic alert about the statutory meeting.
#[tokio::test]
async fn rule_4_a_citizen_with_the_right_books_and_gets_a_letter_the_caseworker_an_alert()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // The slot belongs to caseworker A2, not to citizen 1's own caseworker A.
    let slot = new_slot(&app, &w.caseworker_a2, tomorrow(), json!({})).await?;

    let me = query(
        &app,
        &w.citizen_1,
        "{ citizen { selfBooking { right duty } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": true, "duty": true })
    );

    let m = booked(&app, &w.citizen_1, &slot).await?;
    assert_eq!(m["status"], "SCHEDULED");
    assert_eq!(m["origin"], "SELF_BOOKED");
    assert_eq!(m["statutory"], true);
    assert_eq!(m["meetingType"], "JOB_CONVERSATION");
    assert_eq!(m["citizenId"], json!(w.citizen_1.subject.to_string()));
    assert_eq!(
        m["caseworkerId"],
        json!(w.caseworker_a2.subject.to_string())
    );
    assert_eq!(time_of(&m["startsAt"])?, tomorrow());
    assert_eq!(m["version"], 1);
    assert_eq!(m["history"].as_array().map(Vec::len), Some(1), "{m}");
    assert_eq!(m["history"][0]["fromStatus"], Value::Null);
    assert_eq!(m["history"][0]["toStatus"], "SCHEDULED");
    assert_eq!(m["history"][0]["actorRole"], "citizen");
    assert_eq!(slot_row(&app, &slot).await?.booked, 1);
    assert_eq!(outbox_count(&app, "MeetingBooked").await?, 1);

    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::Kind.eq("MEETING_CONFIRMATION"))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].citizen_id, w.citizen_1.subject);
    assert_eq!(
        letters[0].channel,
        Channel::DigitalPost,
        "the citizen's channel"
    );
    assert_eq!(letters[0].status, LetterStatus::Sent);
    assert!(
        letters[0].body.contains("03.11.2026 kl. 10:00"),
        "Danish time in the letter: {}",
        letters[0].body
    );

    let slot_owner = alerts(&app, &w.caseworker_a2).await?;
    assert_eq!(kinds(&slot_owner), vec!["MEETING_BOOKED"], "{slot_owner:?}");
    assert_eq!(
        slot_owner[0]["citizenId"],
        json!(w.citizen_1.subject.to_string())
    );
    let message = slot_owner[0]["message"].as_str().unwrap_or_default();
    assert!(
        !message.contains("Anna") && !message.contains("610190"),
        "{message}"
    );
    assert!(
        !kinds(&alerts(&app, &w.caseworker_a).await?).contains(&"MEETING_BOOKED".to_string()),
        "the slot's caseworker is alerted"
    );
    Ok(())
}

/// Rule 4 (`002:117-120`): a citizen whose contact group has no right to self-book (sickness
/// benefit) cannot book; nothing is taken or written.
#[tokio::test]
async fn rule_4_a_citizen_whose_group_has_no_right_cannot_book() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    set_contact_group(&app, w.citizen_2.subject, "SYGEDAGPENGE").await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;

    let me = query(
        &app,
        &w.citizen_2,
        "{ citizen { selfBooking { right duty } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": false, "duty": false })
    );

    let payload = book(&app, &w.citizen_2, &slot).await?;
    assert_eq!(
        user_error(&payload),
        (json!("NO_SELF_BOOKING_RIGHT"), json!(["input", "slotId"])),
        "{payload}"
    );
    assert_eq!(payload["meeting"], Value::Null);
    assert_eq!(slot_row(&app, &slot).await?.booked, 0);
    assert_eq!(meeting::Entity::find().count(&app.db).await?, 0);
    assert_eq!(outbox_count(&app, "MeetingBooked").await?, 0);
    Ok(())
}

/// `000:152-153`: booking a slot one already holds is `ALREADY_DONE`, and the seat is not taken
/// twice: the booking takes the seat before its insert meets the unique index, and the runner's
/// rollback of an outcome with `userErrors` gives the seat back.
#[tokio::test]
async fn booking_000_152_the_same_slot_twice_is_already_done() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({ "capacity": 3 })).await?;
    booked(&app, &w.citizen_1, &slot).await?;
    let again = book(&app, &w.citizen_1, &slot).await?;
    assert_eq!(
        user_error(&again),
        (json!("ALREADY_DONE"), json!(["input", "slotId"])),
        "{again}"
    );
    assert_eq!(slot_row(&app, &slot).await?.booked, 1);
    assert_eq!(meeting::Entity::find().count(&app.db).await?, 1);
    assert_eq!(outbox_count(&app, "MeetingBooked").await?, 1);
    Ok(())
}

/// `000:152-153` (rebooking): moving a self-booked meeting takes the new seat and frees the old
/// one; the history records the move; the citizen gets a letter. A slot of another kind of
/// meeting is refused, so a job conversation never turns into another kind of meeting by moving
/// it (nor stays "statutory" as something else, nor keeps fulfilling a job-conversation deadline).
#[tokio::test]
async fn booking_000_152_rescheduling_moves_the_seat_and_records_the_move() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let first = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;
    let second = new_slot(
        &app,
        &w.caseworker_a2,
        tomorrow() + Duration::days(1),
        json!({}),
    )
    .await?;
    let other_kind = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::days(2),
        json!({ "meetingType": "OTHER" }),
    )
    .await?;
    let m = booked(&app, &w.citizen_1, &first).await?;
    let id = id_of(&m)?;

    let same = mutate(
        &app,
        &w.citizen_1,
        &with_meeting(RESCHEDULE),
        json!({ "id": id, "slot": first }),
        "rescheduleMeeting",
    )
    .await?;
    assert_eq!(user_error(&same).0, "ALREADY_DONE", "{same}");

    let kind = mutate(
        &app,
        &w.citizen_1,
        &with_meeting(RESCHEDULE),
        json!({ "id": id, "slot": other_kind }),
        "rescheduleMeeting",
    )
    .await?;
    assert_eq!(
        user_error(&kind),
        (json!("INVALID"), json!(["input", "slotId"])),
        "{kind}"
    );
    assert_eq!(slot_row(&app, &other_kind).await?.booked, 0);

    let moved = mutate(
        &app,
        &w.citizen_1,
        &with_meeting(RESCHEDULE),
        json!({ "id": id, "slot": second }),
        "rescheduleMeeting",
    )
    .await?;
    ok(&moved)?;
    let m = &moved["meeting"];
    assert_eq!(m["id"], json!(id), "the same meeting, moved");
    assert_eq!(time_of(&m["startsAt"])?, tomorrow() + Duration::days(1));
    assert_eq!(
        m["caseworkerId"],
        json!(w.caseworker_a2.subject.to_string())
    );
    assert_eq!(m["status"], "SCHEDULED");
    assert_eq!(m["version"], 2);
    assert_eq!(slot_row(&app, &first).await?.booked, 0, "old seat freed");
    assert_eq!(slot_row(&app, &second).await?.booked, 1, "new seat taken");
    let history = m["history"].as_array().context("history")?;
    assert_eq!(history.len(), 2, "{m}");
    assert_eq!(history[1]["fromStatus"], "SCHEDULED");
    assert_eq!(history[1]["toStatus"], "SCHEDULED");
    assert_eq!(history[1]["reason"], "moved to another time");
    assert_eq!(history[1]["actorRole"], "citizen");
    assert_eq!(outbox_count(&app, "MeetingRescheduled").await?, 1);

    // The freed slot is offered again.
    let data = query(&app, &w.citizen_2, AVAILABLE, day_range(test_epoch(), 7)).await?;
    assert!(
        data["citizen"]["availableSlots"]
            .as_array()
            .is_some_and(|a| a.iter().any(|s| s["id"] == json!(first))),
        "{data}"
    );

    run_worker(&app).await?;
    assert_eq!(
        letter::Entity::find()
            .filter(letter::Column::Kind.eq("MEETING_MOVED"))
            .count(&app.db)
            .await?,
        1
    );
    Ok(())
}

/// `000:164-166` (afbud): a citizen's cancellation needs a reason; it frees the seat, sets
/// `CANCELLED_BY_CITIZEN` and alerts the caseworker holding the meeting.
#[tokio::test]
async fn booking_000_164_cancelling_needs_a_reason_frees_the_seat_and_alerts() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;
    let m = booked(&app, &w.citizen_1, &slot).await?;
    let id = id_of(&m)?;

    let no_reason = cancel(&app, &w.citizen_1, &id, "   ").await?;
    assert_eq!(
        user_error(&no_reason),
        (json!("INVALID"), json!(["input", "reason"])),
        "{no_reason}"
    );
    assert_eq!(
        meeting_row(&app, &id).await?.status,
        MeetingStatus::Scheduled
    );
    assert_eq!(slot_row(&app, &slot).await?.booked, 1);

    let done = cancel(
        &app,
        &w.citizen_1,
        &id,
        "Jeg er til jobsamtale hos en virksomhed",
    )
    .await?;
    ok(&done)?;
    assert_eq!(done["meeting"]["status"], "CANCELLED_BY_CITIZEN");
    assert_eq!(
        done["meeting"]["statusReason"],
        "Jeg er til jobsamtale hos en virksomhed"
    );
    assert_eq!(slot_row(&app, &slot).await?.booked, 0, "seat freed");
    let history = done["meeting"]["history"].as_array().context("history")?;
    assert_eq!(
        history.last().map(|h| &h["toStatus"]),
        Some(&json!("CANCELLED_BY_CITIZEN"))
    );

    let again = cancel(&app, &w.citizen_1, &id, "igen").await?;
    assert_eq!(user_error(&again).0, "NOT_SCHEDULED", "{again}");
    assert_eq!(slot_row(&app, &slot).await?.booked, 0, "not freed twice");

    run_worker(&app).await?;
    let a = alerts(&app, &w.caseworker_a).await?;
    assert!(
        kinds(&a).contains(&"MEETING_CANCELLED_BY_CITIZEN".to_string()),
        "{a:?}"
    );
    Ok(())
}

/// Rule 4 (`002:117-120`): staff set a booking deadline for a citizen with the duty to
/// self-book; a booking of that kind fulfils it (never open and booked at once), a cancellation
/// reopens it; a second open deadline of the same kind is refused.
#[tokio::test]
async fn rule_4_a_booking_deadline_is_fulfilled_by_the_booking_and_reopened_by_a_cancellation()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject.to_string();
    let due = (test_epoch() + Duration::days(14)).to_rfc3339();
    let request = json!({ "citizen": citizen, "type": "JOB_CONVERSATION", "due": due });

    let first = mutate(
        &app,
        &w.caseworker_a,
        REQUEST_SELF_BOOKING,
        request.clone(),
        "requestSelfBooking",
    )
    .await?;
    ok(&first)?;
    assert_eq!(first["deadline"]["status"], "OPEN");
    assert_eq!(first["deadline"]["meetingId"], Value::Null);
    let deadline = uuid_of(&first["deadline"])?;

    let second = mutate(
        &app,
        &w.caseworker_a,
        REQUEST_SELF_BOOKING,
        request.clone(),
        "requestSelfBooking",
    )
    .await?;
    assert_eq!(
        user_error(&second),
        (json!("ALREADY_DONE"), json!(["input", "meetingType"])),
        "{second}"
    );
    assert_eq!(booking_deadline::Entity::find().count(&app.db).await?, 1);

    // A slot of another kind does not fulfil it.
    let fund_slot = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow(),
        json!({ "meetingType": "JOINT_MEETING_FUND" }),
    )
    .await?;
    booked(&app, &w.citizen_1, &fund_slot).await?;
    let row = booking_deadline::Entity::find_by_id(deadline)
        .one(&app.db)
        .await?
        .context("deadline")?;
    assert_eq!(row.status, BookingDeadlineStatus::Open);

    let slot = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::hours(1),
        json!({}),
    )
    .await?;
    let m = booked(&app, &w.citizen_1, &slot).await?;
    let deadlines_query = "{ citizen { bookingDeadlines { id status meetingId } } }";
    let mine = query(&app, &w.citizen_1, deadlines_query, json!({})).await?;
    assert_eq!(
        mine["citizen"]["bookingDeadlines"],
        json!([{ "id": deadline.to_string(), "status": "FULFILLED", "meetingId": m["id"] }])
    );
    let open_while_booked = booking_deadline::Entity::find()
        .filter(booking_deadline::Column::Status.eq(BookingDeadlineStatus::Open))
        .count(&app.db)
        .await?;
    assert_eq!(open_while_booked, 0, "never open and booked at once");

    // While the booking stands, a new deadline for the same kind is refused.
    let meanwhile = mutate(
        &app,
        &w.caseworker_a,
        REQUEST_SELF_BOOKING,
        request.clone(),
        "requestSelfBooking",
    )
    .await?;
    assert_eq!(user_error(&meanwhile).0, "ALREADY_DONE", "{meanwhile}");

    ok(&cancel(&app, &w.citizen_1, &id_of(&m)?, "Syg barn").await?)?;
    let mine = query(&app, &w.citizen_1, deadlines_query, json!({})).await?;
    assert_eq!(
        mine["citizen"]["bookingDeadlines"],
        json!([{ "id": deadline.to_string(), "status": "OPEN", "meetingId": null }]),
        "the cancellation reopens the deadline"
    );

    // Booking again fulfils it again.
    let again = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::hours(2),
        json!({}),
    )
    .await?;
    let m2 = booked(&app, &w.citizen_1, &again).await?;
    let row = booking_deadline::Entity::find_by_id(deadline)
        .one(&app.db)
        .await?
        .context("deadline")?;
    assert_eq!(row.status, BookingDeadlineStatus::Fulfilled);
    assert_eq!(row.meeting_id, Some(uuid_of(&m2)?));

    run_worker(&app).await?;
    assert_eq!(
        letter::Entity::find()
            .filter(letter::Column::Kind.eq("SELF_BOOKING_REQUEST"))
            .count(&app.db)
            .await?,
        1,
        "the citizen is told of the deadline by letter"
    );
    Ok(())
}

/// Rule 4 (`002:117-120`): a citizen whose group has a right but no duty to self-book
/// (activity-ready social assistance), or neither, gets no booking deadline.
#[tokio::test]
async fn rule_4_a_citizen_without_the_duty_gets_no_booking_deadline() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    for group in ["KONTANTHJAELP_AKTIVITETSPARAT", "SYGEDAGPENGE"] {
        set_contact_group(&app, w.citizen_2.subject, group).await?;
        let payload = mutate(
            &app,
            &w.caseworker_a2,
            REQUEST_SELF_BOOKING,
            json!({
                "citizen": w.citizen_2.subject.to_string(),
                "type": "JOB_CONVERSATION",
                "due": (test_epoch() + Duration::days(14)).to_rfc3339(),
            }),
            "requestSelfBooking",
        )
        .await?;
        assert_eq!(
            user_error(&payload),
            (
                json!("NO_SELF_BOOKING_RIGHT"),
                json!(["input", "citizenId"])
            ),
            "{group}: {payload}"
        );
        assert_eq!(payload["deadline"], Value::Null);
    }
    assert_eq!(booking_deadline::Entity::find().count(&app.db).await?, 0);

    // The activity-ready citizen may still book (right without duty).
    set_contact_group(&app, w.citizen_2.subject, "KONTANTHJAELP_AKTIVITETSPARAT").await?;
    let me = query(
        &app,
        &w.citizen_2,
        "{ citizen { selfBooking { right duty } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": true, "duty": false })
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. The race for the last seat.
// ---------------------------------------------------------------------------------------------

/// `000:152-159`: two citizens of the same job centre book the last seat at the same moment, from
/// two tasks on a multi-threaded runtime released together; the database settles it: one
/// booking, one `SLOT_FULL`, the counter at 1, one meeting. Ten rounds, each on a fresh slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn race_000_152_two_citizens_booking_the_last_seat_get_one_meeting_and_one_slot_full()
-> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn().await?);
    let w = world(&app.db).await?;
    let mut winners = [0_u32; 2];
    for round in 0..10_i64 {
        let starts = tomorrow() + Duration::hours(round);
        let slot = new_slot(&app, &w.caseworker_a, starts, json!({ "capacity": 1 })).await?;
        let gate = Arc::new(tokio::sync::Barrier::new(2));
        let racers = [w.citizen_1, w.citizen_2].map(|who| {
            let (app, gate, slot) = (app.clone(), gate.clone(), slot.clone());
            tokio::spawn(async move {
                gate.wait().await;
                book(&app, &who, &slot).await
            })
        });
        let [one, two] = racers;
        let (one, two) = (one.await??, two.await??);
        let outcomes = [&one, &two];
        let won: Vec<usize> = (0..2)
            .filter(|i| outcomes[*i]["userErrors"] == json!([]))
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {one} / {two}");
        let (winner, loser) = (won[0], 1 - won[0]);
        winners[winner] += 1;
        assert_eq!(
            user_error(outcomes[loser]),
            (json!("SLOT_FULL"), json!(["input", "slotId"])),
            "round {round}: {}",
            outcomes[loser]
        );
        assert_eq!(outcomes[loser]["meeting"], Value::Null);
        assert_eq!(outcomes[winner]["meeting"]["status"], "SCHEDULED");
        assert_eq!(slot_row(&app, &slot).await?.booked, 1, "round {round}");
        let meetings = meeting::Entity::find()
            .filter(meeting::Column::SlotId.eq(Uuid::parse_str(&slot)?))
            .count(&app.db)
            .await?;
        assert_eq!(meetings, 1, "round {round}: one meeting row");
    }
    assert_eq!(winners[0] + winners[1], 10);
    assert_eq!(outbox_count(&app, "MeetingBooked").await?, 10);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Attendance (`000:164-166`).
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// 5. Channel: personal attendance is the rule (rule 11, `003:1254-1296`).
// ---------------------------------------------------------------------------------------------

/// Rule 11 (`003:1254-1296`): phone and video are refused for a citizen in no offer and without
/// an exemption from personal attendance, for a summons and for a booking alike; an exemption
/// (`FRITAGELSE_FREMMOEDE`) or taking part in an offer under LAB chapters 10-12 (a company
/// internship, not a mentor) allows them.
#[tokio::test]
async fn rule_11_phone_or_video_only_in_an_offer_or_with_an_exemption() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // The world refers citizen 2 to provider P too; end it, so citizen 2 is in no offer.
    end_referrals(&app, w.citizen_2.subject).await?;
    let c2 = w.citizen_2.subject;
    let video = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow(),
        json!({ "channel": "VIDEO", "location": "https://video.example/jc-a", "capacity": 5 }),
    )
    .await?;

    let phone = summon(
        &app,
        &w.caseworker_a2,
        summon_input(c2, tomorrow(), json!({ "channel": "PHONE" })),
    )
    .await?;
    assert_eq!(
        user_error(&phone),
        (json!("CHANNEL_NOT_ALLOWED"), json!(["input", "channel"])),
        "{phone}"
    );
    let booking = book(&app, &w.citizen_2, &video).await?;
    assert_eq!(
        user_error(&booking),
        (json!("CHANNEL_NOT_ALLOWED"), json!(["input", "slotId"])),
        "{booking}"
    );
    assert_eq!(meeting::Entity::find().count(&app.db).await?, 0);
    // In person is always possible.
    summoned(
        &app,
        &w.caseworker_a2,
        summon_input(c2, tomorrow(), json!({})),
    )
    .await?;

    // Citizen 1's mentor referral is no offer under LAB chapters 10-12: still in person only.
    let mentor_only = summon(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_1.subject,
            tomorrow(),
            json!({ "channel": "PHONE" }),
        ),
    )
    .await?;
    assert_eq!(
        user_error(&mentor_only).0,
        json!("CHANNEL_NOT_ALLOWED"),
        "{mentor_only}"
    );
    // A company internship (virksomhedspraktik, LAB chapter 11) allows phone and video.
    service_order::Entity::update_many()
        .col_expr(
            service_order::Column::OfferKindCode,
            sea_orm::sea_query::Expr::value("VIRKSOMHEDSPRAKTIK"),
        )
        .filter(service_order::Column::CitizenId.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    let m = summoned(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_1.subject,
            tomorrow(),
            json!({ "channel": "PHONE" }),
        ),
    )
    .await?;
    assert_eq!(m["channel"], "PHONE");
    assert_eq!(
        booked(&app, &w.citizen_1, &video).await?["channel"],
        "VIDEO"
    );

    // An exemption from personal attendance for citizen 2.
    let exemption = register_absence(
        &app,
        &w.caseworker_a2,
        json!({
            "citizenId": c2.to_string(),
            "typeCode": "FRITAGELSE_FREMMOEDE",
            "startsOn": "2026-11-02",
        }),
    )
    .await?;
    ok(&exemption)?;
    let m = summoned(
        &app,
        &w.caseworker_a2,
        summon_input(
            c2,
            tomorrow() + Duration::days(1),
            json!({ "channel": "PHONE" }),
        ),
    )
    .await?;
    assert_eq!(m["channel"], "PHONE");
    assert_eq!(
        booked(&app, &w.citizen_2, &video).await?["channel"],
        "VIDEO"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. Arrival notice (rule 14, `003:1626-1631`).
// ---------------------------------------------------------------------------------------------

async fn arrive(app: &TestApp, who: &Principal, id: &str) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &with_meeting(ARRIVE),
        json!({ "id": id }),
        "registerArrival",
    )
    .await
}

/// Rule 14 (`003:1626-1631`): a citizen checking in on the meeting day gives the caseworker an
/// arrival notice with the time only: no name, CPR number, address or other personal data. A
/// check-in on another day is refused.
#[tokio::test]
async fn rule_14_an_arrival_notice_carries_the_time_and_no_personal_data() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // Today 14:00 Danish time.
    let today = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, utc(2026, 11, 2, 13, 0)?, json!({})),
    )
    .await?;
    let later = summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, tomorrow(), json!({})),
    )
    .await?;
    run_worker(&app).await?;

    let wrong_day = arrive(&app, &w.citizen_1, &id_of(&later)?).await?;
    assert_eq!(user_error(&wrong_day).0, "INVALID", "{wrong_day}");
    // Another citizen cannot check in for citizen 1's meeting.
    let other = arrive(&app, &w.citizen_2, &id_of(&today)?).await?;
    assert_eq!(user_error(&other).0, "NOT_FOUND", "{other}");

    app.clock.set(utc(2026, 11, 2, 12, 50)?);
    ok(&arrive(&app, &w.citizen_1, &id_of(&today)?).await?)?;
    // Checking in twice (a double tap at the kiosk) gives one notice.
    ok(&arrive(&app, &w.citizen_1, &id_of(&today)?).await?)?;
    run_worker(&app).await?;

    let notices: Vec<Value> = alerts(&app, &w.caseworker_a)
        .await?
        .into_iter()
        .filter(|a| a["kind"] == "ARRIVAL")
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let message = notices[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("14:00"),
        "the time of the appointment: {message}"
    );
    for personal in [
        "Anna", "Testesen", "610190", "1001", "Testvej", "9901", "Nordby", "borger1", "90000001",
    ] {
        assert!(
            !message.contains(personal),
            "no personal data ({personal}) in {message}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 9. Who sees which meeting (the authorisation table: meetings).
// ---------------------------------------------------------------------------------------------

const PROVIDER_MEETINGS: &str = "query($from: DateTime!, $to: DateTime!) {
  provider { meetings(from: $from, to: $to) { id participants { kind providerUserId } } }
}";

async fn provider_meeting_ids(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<String>> {
    let data = query(app, who, PROVIDER_MEETINGS, day_range(test_epoch(), 30)).await?;
    Ok(data["provider"]["meetings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// Authorisation (meetings, provider column): a provider user sees the meetings they were
/// invited to, their coordinator those of any user of the organisation, other providers none;
/// only users of a provider the citizen is referred to can be invited.
#[tokio::test]
async fn scoping_providers_see_only_meetings_they_take_part_in() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let staff1 = w.provider_p_staff1.subject.to_string();
    let joint = summoned(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_1.subject,
            tomorrow(),
            json!({ "meetingType": "JOINT_MEETING_PROVIDER", "participants": [{ "providerUserId": staff1 }] }),
        ),
    )
    .await?;
    assert_eq!(
        joint["participants"],
        json!([{ "kind": "PROVIDER_USER", "name": "Aktørbruger 2", "providerUserId": staff1 }])
    );
    // A meeting without the provider, with the unemployment fund.
    summoned(
        &app,
        &w.caseworker_a2,
        summon_input(
            w.citizen_2.subject,
            tomorrow(),
            json!({ "meetingType": "JOINT_MEETING_FUND", "participants": [{ "unemploymentFund": "3F A-kasse" }] }),
        ),
    )
    .await?;
    let joint_id = id_of(&joint)?;

    assert_eq!(
        provider_meeting_ids(&app, &w.provider_p_staff1).await?,
        vec![joint_id.clone()]
    );
    assert_eq!(
        provider_meeting_ids(&app, &w.provider_p_staff2).await?,
        Vec::<String>::new()
    );
    assert_eq!(
        provider_meeting_ids(&app, &w.provider_p_coordinator).await?,
        vec![joint_id.clone()]
    );
    assert_eq!(
        provider_meeting_ids(&app, &w.provider_q_coordinator).await?,
        Vec::<String>::new()
    );

    // Citizen 1 is not referred to provider Q: Q's coordinator cannot be invited.
    let invite_q = summon(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_1.subject,
            tomorrow() + Duration::days(1),
            json!({ "participants": [{ "providerUserId": w.provider_q_coordinator.subject.to_string() }] }),
        ),
    )
    .await?;
    assert_eq!(
        user_error(&invite_q),
        (json!("NOT_FOUND"), json!(["input", "participants"])),
        "{invite_q}"
    );
    // Nor by the citizen when booking.
    let slot = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::days(2),
        json!({}),
    )
    .await?;
    let booking = mutate(
        &app,
        &w.citizen_1,
        &with_meeting(BOOK),
        json!({ "slot": slot, "participants": [{ "providerUserId": w.provider_q_coordinator.subject.to_string() }] }),
        "bookMeeting",
    )
    .await?;
    assert_eq!(user_error(&booking).0, "NOT_FOUND", "{booking}");
    assert_eq!(slot_row(&app, &slot).await?.booked, 0, "nothing taken");
    assert_eq!(meeting::Entity::find().count(&app.db).await?, 2);

    // Companies have no meetings field at all.
    let company = app
        .gql(
            Some(&w.company_k),
            PROVIDER_MEETINGS,
            day_range(test_epoch(), 30),
        )
        .await;
    assert!(company.get("errors").is_some(), "{company}");
    Ok(())
}

/// Authorisation (meetings, caseworker and citizen columns): job centre B sees none of A's
/// meetings and cannot cancel or register one; a citizen cannot cancel, move or see another
/// citizen's meeting. Each refusal is `NOT_FOUND` and changes nothing.
#[tokio::test]
async fn scoping_other_job_centres_and_other_citizens_cannot_touch_a_meeting() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;
    let other_slot = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::hours(1),
        json!({}),
    )
    .await?;
    let m = booked(&app, &w.citizen_1, &slot).await?;
    let id = id_of(&m)?;

    let b = query(
        &app,
        &w.caseworker_b,
        "query($from: DateTime!, $to: DateTime!) { caseworker { meetings(from: $from, to: $to) { id } } }",
        day_range(test_epoch(), 30),
    )
    .await?;
    assert_eq!(b["caseworker"]["meetings"], json!([]));
    let a = query(
        &app,
        &w.caseworker_a2,
        "query($from: DateTime!, $to: DateTime!) { caseworker { meetings(from: $from, to: $to) { id } } }",
        day_range(test_epoch(), 30),
    )
    .await?;
    assert_eq!(
        a["caseworker"]["meetings"],
        json!([{ "id": id }]),
        "own job centre"
    );

    let cancel_b = mutate(
        &app,
        &w.caseworker_b,
        &with_meeting(CANCEL_BY_JOBCENTRE),
        json!({ "id": id, "reason": "Sygdom hos sagsbehandler" }),
        "cancelMeetingByJobcentre",
    )
    .await?;
    assert_eq!(
        user_error(&cancel_b),
        (json!("NOT_FOUND"), json!(["input", "meetingId"])),
        "{cancel_b}"
    );
    app.clock.set(tomorrow() + Duration::minutes(5));
    let register_b = attend(&app, &w.caseworker_b, &id, "NO_SHOW", None, 1).await?;
    assert_eq!(user_error(&register_b).0, "NOT_FOUND", "{register_b}");
    app.clock.set(test_epoch());

    let cancel_c2 = cancel(&app, &w.citizen_2, &id, "Ikke min").await?;
    assert_eq!(
        user_error(&cancel_c2),
        (json!("NOT_FOUND"), json!(["input", "meetingId"])),
        "{cancel_c2}"
    );
    let move_c2 = mutate(
        &app,
        &w.citizen_2,
        &with_meeting(RESCHEDULE),
        json!({ "id": id, "slot": other_slot }),
        "rescheduleMeeting",
    )
    .await?;
    assert_eq!(user_error(&move_c2).0, "NOT_FOUND", "{move_c2}");
    let mine = query(
        &app,
        &w.citizen_2,
        "{ citizen { meetings { id } } }",
        json!({}),
    )
    .await?;
    assert_eq!(mine["citizen"]["meetings"], json!([]));

    let row = meeting_row(&app, &id).await?;
    assert_eq!(row.status, MeetingStatus::Scheduled);
    assert_eq!(row.version, 1);
    assert_eq!(slot_row(&app, &slot).await?.booked, 1);
    assert_eq!(slot_row(&app, &other_slot).await?.booked, 0);

    // The job centre itself can cancel it, and the citizen is told by letter.
    let cancelled = mutate(
        &app,
        &w.caseworker_a2,
        &with_meeting(CANCEL_BY_JOBCENTRE),
        json!({ "id": id, "reason": "Sygdom hos sagsbehandler" }),
        "cancelMeetingByJobcentre",
    )
    .await?;
    ok(&cancelled)?;
    assert_eq!(cancelled["meeting"]["status"], "CANCELLED_BY_JOBCENTRE");
    assert_eq!(slot_row(&app, &slot).await?.booked, 0);
    run_worker(&app).await?;
    assert_eq!(
        letter::Entity::find()
            .filter(letter::Column::Kind.eq("MEETING_CANCELLED"))
            .filter(letter::Column::CitizenId.eq(w.citizen_1.subject))
            .count(&app.db)
            .await?,
        1
    );
    Ok(())
}

/// Rule 4 (`002:117-120`): when a meeting that fulfilled a booking deadline is cancelled after
/// staff set a newer deadline for the same kind (the meeting's time had passed unregistered), the
/// newer deadline stands and the old one is cancelled: the cancellation goes through, and the
/// citizen still has exactly one open deadline per kind.
#[tokio::test]
async fn rule_4_cancelling_after_a_newer_deadline_keeps_one_open_deadline() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject.to_string();
    let request = |due: DateTime<Utc>| json!({ "citizen": citizen, "type": "JOB_CONVERSATION", "due": due.to_rfc3339() });
    let first = mutate(
        &app,
        &w.caseworker_a,
        REQUEST_SELF_BOOKING,
        request(test_epoch() + Duration::days(14)),
        "requestSelfBooking",
    )
    .await?;
    ok(&first)?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({})).await?;
    let m = booked(&app, &w.citizen_1, &slot).await?;

    // The meeting's time passes without a registration; staff ask for a new booking.
    app.clock.set(tomorrow() + Duration::hours(2));
    let second = mutate(
        &app,
        &w.caseworker_a,
        REQUEST_SELF_BOOKING,
        request(tomorrow() + Duration::days(14)),
        "requestSelfBooking",
    )
    .await?;
    ok(&second)?;

    let cancelled = mutate(
        &app,
        &w.caseworker_a,
        &with_meeting(CANCEL_BY_JOBCENTRE),
        json!({ "id": id_of(&m)?, "reason": "Aflyst, sagsbehandler syg" }),
        "cancelMeetingByJobcentre",
    )
    .await?;
    ok(&cancelled)?;
    assert_eq!(cancelled["meeting"]["status"], "CANCELLED_BY_JOBCENTRE");

    let mine = query(
        &app,
        &w.citizen_1,
        "{ citizen { bookingDeadlines { id status meetingId } } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        mine["citizen"]["bookingDeadlines"],
        json!([
            { "id": second["deadline"]["id"], "status": "OPEN", "meetingId": null },
            { "id": first["deadline"]["id"], "status": "CANCELLED", "meetingId": null },
        ])
    );
    Ok(())
}
