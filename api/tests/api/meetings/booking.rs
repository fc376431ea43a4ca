//! Booking (rule 4, `002:117-120`, `000:146-166`): self-booking with and without the right,
//! booking the same slot twice, moving a booking to another slot, and the citizen's cancellation.

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::testing::{TestApp, test_epoch, world};
use jobbro_entities::{
    enums::{Channel, LetterStatus, MeetingStatus},
    letter, meeting,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    graphql::{id_of, mutate, ok, query, time_of, user_error},
    meetings::{book, booked, cancel, new_slot, set_contact_group, with_meeting},
    outbox::{alerts, kinds, run_worker},
    time::tomorrow,
};

use super::{AVAILABLE, RESCHEDULE, day_range, meeting_row, outbox_count, slot_row};

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
    // The slot was a colleague's: the citizen's own caseworker is alerted too, once.
    assert_eq!(
        kinds(&alerts(&app, &w.caseworker_a).await?),
        vec!["MEETING_BOOKED"],
        "the citizen's caseworker is alerted as well as the slot's"
    );
    // The citizen's timeline shows the alert once, by its kind, however many it reached.
    let timeline = query(
        &app,
        &w.manager_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { timeline { event summary recordId } } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await?;
    let raised: Vec<&Value> = timeline["caseworker"]["citizen"]["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["event"] == "ALERT_RAISED")
        .collect();
    assert_eq!(raised.len(), 1, "{timeline}");
    assert_eq!(raised[0]["summary"], "MEETING_BOOKED");
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
