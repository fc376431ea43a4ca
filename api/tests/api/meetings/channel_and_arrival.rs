//! The channel rule, personal attendance (rule 11, `003:1254-1296`), and arrival notices
//! (rule 14, `003:1626-1631`).

use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, world};
use jobbro_entities::{enums::ServiceOrderStatus, meeting, service_order};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, mutate, ok, user_error},
    meetings::{
        book, booked, new_slot, register_absence, summon, summon_input, summoned, with_meeting,
    },
    outbox::{alerts, run_worker},
    time::{tomorrow, utc},
};

const ARRIVE: &str = "mutation($id: ID!) {
  registerArrival(input: {meetingId: $id}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

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
