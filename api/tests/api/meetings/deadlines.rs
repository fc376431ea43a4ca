//! Booking deadlines (rule 4, `002:117-120`): staff ask a citizen with the duty to self-book to
//! book by a date; a booking fulfils the deadline and a cancellation reopens it.

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use jobbro_api::testing::{TestApp, test_epoch, world};
use jobbro_entities::{booking_deadline, enums::BookingDeadlineStatus, letter};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    graphql::{id_of, mutate, ok, query, user_error, uuid_of},
    meetings::{booked, cancel, new_slot, set_contact_group, with_meeting},
    outbox::run_worker,
    time::tomorrow,
};

use super::CANCEL_BY_JOBCENTRE;

const REQUEST_SELF_BOOKING: &str = "mutation($citizen: ID!, $type: MeetingType!, $due: DateTime!) {
  requestSelfBooking(input: {citizenId: $citizen, meetingType: $type, dueAt: $due}) {
    deadline { id meetingType dueAt status meetingId }
    userErrors { field code message }
  }
}";

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
