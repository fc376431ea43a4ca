//! Who sees which meeting (the authorisation table: meetings).

use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, test_epoch, world};
use jobbro_entities::{enums::MeetingStatus, letter, meeting};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::support::{
    graphql::{id_of, mutate, ok, query, user_error},
    meetings::{
        BOOK, attend, booked, cancel, new_slot, summon, summon_input, summoned, with_meeting,
    },
    outbox::run_worker,
    time::tomorrow,
};

use super::{CANCEL_BY_JOBCENTRE, RESCHEDULE, day_range, meeting_row, slot_row};

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
