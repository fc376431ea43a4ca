//! Absence and sickness (rules 1-3, `002:57-64`, `002:83-160`): the sick report deregisters at
//! once except under wage subsidy, the other sickness types do not; a sick citizen is not
//! summoned and cannot self-book; the unemployment fund hears of the sick and the recovery
//! report; providers see absences as dates only.

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use jobbro_api::testing::{Principal, TestApp, test_epoch, world};
use jobbro_entities::{
    absence,
    enums::{DeregistrationReason, FundNotificationKind, NoticeStatus, ServiceOrderStatus},
    fund_notification, jobseeker_registration, outbox_event, provider, service_order,
};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{mutate, ok, query, user_error},
    meetings::{book, new_slot, register_absence, summon, summon_input, summoned},
    outbox::{alerts, kinds, run_worker},
    time::tomorrow,
};

const REPORT_SICK: &str = "mutation($firstDay: NaiveDate, $key: String) {
  reportSick(input: {firstDay: $firstDay, idempotencyKey: $key}) {
    absence { id typeCode typeName kind startsOn endsOn reportedBy suspendsContactCourse }
    userErrors { field code message }
  }
}";

const REPORT_RECOVERED: &str = "mutation {
  reportRecovered(input: {}) {
    absence { id typeCode startsOn endsOn }
    userErrors { field code message }
  }
}";

const SELF_BOOKING: &str = "{ citizen { selfBooking { right duty } registration { deregisteredAt deregistrationReason } } }";

fn today() -> NaiveDate {
    // 2 November 2026, 10:00 in Denmark.
    test_epoch().date_naive()
}

async fn report_sick(
    app: &TestApp,
    who: &Principal,
    first_day: Option<NaiveDate>,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        REPORT_SICK,
        json!({ "firstDay": first_day.map(|d| d.to_string()) }),
        "reportSick",
    )
    .await
}

async fn report_recovered(app: &TestApp, who: &Principal) -> anyhow::Result<Value> {
    mutate(app, who, REPORT_RECOVERED, json!({}), "reportRecovered").await
}

/// Registers the citizen as a jobseeker a month ago.
async fn register_jobseeker(app: &TestApp, jobcentre: Uuid, citizen: Uuid) -> anyhow::Result<Uuid> {
    let id = Uuid::now_v7();
    jobseeker_registration::Entity::insert(
        jobseeker_registration::Model {
            id,
            jobcentre_id: jobcentre,
            citizen_id: citizen,
            registered_at: test_epoch() - Duration::days(30),
            deregistered_at: None,
            deregistration_reason: None,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;
    Ok(id)
}

async fn registration(app: &TestApp, id: Uuid) -> anyhow::Result<jobseeker_registration::Model> {
    jobseeker_registration::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .context("registration gone")
}

/// Employs the citizen with wage subsidy (an active `LOENTILSKUD` order) from today.
async fn employ_with_wage_subsidy(
    app: &TestApp,
    jobcentre: Uuid,
    citizen: Uuid,
) -> anyhow::Result<()> {
    let provider_id = provider::Entity::find()
        .order_by_asc(provider::Column::Name)
        .one(&app.db)
        .await?
        .context("a provider")?
        .id;
    service_order::Entity::insert(
        service_order::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jobcentre,
            citizen_id: citizen,
            provider_id,
            assigned_user_id: None,
            offer_kind_code: "LOENTILSKUD".into(),
            justification: "Løntilskud hos privat arbejdsgiver.".into(),
            goal: "Ordinær ansættelse.".into(),
            remark: "Mødes på adressen i henvisningen.".into(),
            starts_on: today(),
            ends_on: None,
            status: ServiceOrderStatus::Started,
            created_at: test_epoch(),
            contract_service_id: None,
            minutes_per_week: None,
            weeks: None,
            accepted_at: None,
            started_on: None,
            finished_on: None,
            cancel_reason: None,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;
    Ok(())
}

/// Rule 1 (`002:57-60`): "Sygdom – sygemelding" deregisters the citizen at once, with the reason
/// sick report; the absence is the citizen's own report.
#[tokio::test]
async fn rule_1_a_sick_report_deregisters_the_citizen_at_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let reg = register_jobseeker(&app, w.jobcentre_a, w.citizen_1.subject).await?;

    let payload = report_sick(&app, &w.citizen_1, None).await?;
    ok(&payload)?;
    let a = &payload["absence"];
    assert_eq!(a["typeCode"], "SYGEMELDING");
    assert_eq!(a["typeName"], "Sygdom – sygemelding");
    assert_eq!(a["kind"], "ABSENCE");
    assert_eq!(a["startsOn"], json!(today().to_string()));
    assert_eq!(a["endsOn"], Value::Null);
    assert_eq!(a["reportedBy"], "CITIZEN");
    assert_eq!(a["suspendsContactCourse"], true);

    let row = registration(&app, reg).await?;
    assert_eq!(row.deregistered_at, Some(test_epoch()), "at once");
    assert_eq!(
        row.deregistration_reason,
        Some(DeregistrationReason::SickReport)
    );
    let me = query(&app, &w.citizen_1, SELF_BOOKING, json!({})).await?;
    assert_eq!(
        me["citizen"]["registration"]["deregistrationReason"],
        "SICK_REPORT"
    );

    let event = outbox_event::Entity::find()
        .filter(outbox_event::Column::EventType.eq("AbsenceStarted"))
        .one(&app.db)
        .await?
        .context("an AbsenceStarted event")?;
    let payload: Value = serde_json::from_str(&event.payload)?;
    assert_eq!(payload["deregistered"], true);
    assert_eq!(payload["notify_fund"], true);
    Ok(())
}

/// Rule 1 (`002:57-60`): "undtagen personer ansat med løntilskud": a citizen employed with wage
/// subsidy stays registered after a sick report.
#[tokio::test]
async fn rule_1_a_sick_report_does_not_deregister_a_citizen_employed_with_wage_subsidy()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let reg = register_jobseeker(&app, w.jobcentre_a, w.citizen_2.subject).await?;
    employ_with_wage_subsidy(&app, w.jobcentre_a, w.citizen_2.subject).await?;

    ok(&report_sick(&app, &w.citizen_2, None).await?)?;
    let row = registration(&app, reg).await?;
    assert_eq!(row.deregistered_at, None, "still registered");
    assert_eq!(row.deregistration_reason, None);
    assert_eq!(
        absence::Entity::find()
            .filter(absence::Column::CitizenId.eq(w.citizen_2.subject))
            .count(&app.db)
            .await?,
        1,
        "the sick report itself is recorded"
    );
    Ok(())
}

/// Rule 1 (`002:151`): "Sygdom – helbred forværres ved aktivering" (and "... ved arbejde")
/// registered by the caseworker do not deregister, and the fund is not told.
#[tokio::test]
async fn rule_1_the_other_sickness_types_do_not_deregister() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let reg1 = register_jobseeker(&app, w.jobcentre_a, w.citizen_1.subject).await?;
    let reg2 = register_jobseeker(&app, w.jobcentre_a, w.citizen_2.subject).await?;
    for (who, citizen, code) in [
        (&w.caseworker_a, w.citizen_1.subject, "SYGDOM_AKTIVERING"),
        (&w.caseworker_a2, w.citizen_2.subject, "SYGDOM_ARBEJDE"),
    ] {
        let payload = register_absence(
            &app,
            who,
            json!({ "citizenId": citizen.to_string(), "typeCode": code, "startsOn": today().to_string() }),
        )
        .await?;
        ok(&payload)?;
        assert_eq!(payload["absence"]["typeCode"], code);
    }
    for reg in [reg1, reg2] {
        assert_eq!(registration(&app, reg).await?.deregistered_at, None);
    }
    // These types keep the right and duty to self-book, and the citizen can still be summoned.
    let me = query(&app, &w.citizen_1, SELF_BOOKING, json!({})).await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": true, "duty": true })
    );
    summoned(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, tomorrow(), json!({})),
    )
    .await?;

    run_worker(&app).await?;
    assert_eq!(fund_notification::Entity::find().count(&app.db).await?, 0);
    let a = alerts(&app, &w.caseworker_a).await?;
    assert!(!kinds(&a).contains(&"SICK_REPORTED".to_string()), "{a:?}");
    Ok(())
}

/// Rules 1 and 3 (`002:57-60`, `002:145-153`): a second sick report while sick is `ALREADY_DONE`;
/// the first day may not be in the future nor more than 14 days back.
#[tokio::test]
async fn rule_3_a_sick_report_is_once_and_dated_today_or_up_to_14_days_back() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    for first_day in [today() + Duration::days(1), today() - Duration::days(15)] {
        let payload = report_sick(&app, &w.citizen_1, Some(first_day)).await?;
        assert_eq!(
            user_error(&payload),
            (json!("INVALID_PERIOD"), json!(["input", "firstDay"])),
            "{first_day}: {payload}"
        );
    }
    assert_eq!(absence::Entity::find().count(&app.db).await?, 0);

    let earliest = today() - Duration::days(14);
    let first = report_sick(&app, &w.citizen_1, Some(earliest)).await?;
    ok(&first)?;
    assert_eq!(first["absence"]["startsOn"], json!(earliest.to_string()));

    let twice = report_sick(&app, &w.citizen_1, None).await?;
    assert_eq!(user_error(&twice).0, "ALREADY_DONE", "{twice}");
    assert_eq!(absence::Entity::find().count(&app.db).await?, 1);
    assert_eq!(
        outbox_event::Entity::find()
            .filter(outbox_event::Column::EventType.eq("AbsenceStarted"))
            .count(&app.db)
            .await?,
        1
    );

    // Recovery without a sick report is not found.
    ok(&report_recovered(&app, &w.citizen_1).await?)?;
    let again = report_recovered(&app, &w.citizen_1).await?;
    assert_eq!(user_error(&again).0, "NOT_FOUND", "{again}");
    Ok(())
}

/// Rule 3 (`002:145-153`, "ikke bliver indkaldt til samtale ... i den periode, hvor den ledige er
/// syg") and rule 4 (`002:117-120`): while sick the citizen cannot be summoned and has neither the
/// right nor the duty to self-book; after the recovery report both come back.
#[tokio::test]
async fn rule_3_a_sick_citizen_is_not_summoned_and_cannot_self_book_until_recovered()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let slot = new_slot(&app, &w.caseworker_a, tomorrow(), json!({ "capacity": 2 })).await?;
    ok(&report_sick(&app, &w.citizen_1, None).await?)?;

    let refused = summon(
        &app,
        &w.caseworker_a,
        summon_input(w.citizen_1.subject, tomorrow(), json!({})),
    )
    .await?;
    assert_eq!(
        user_error(&refused),
        (json!("CITIZEN_ABSENT"), json!(["input", "citizenId"])),
        "{refused}"
    );
    let me = query(&app, &w.citizen_1, SELF_BOOKING, json!({})).await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": false, "duty": false })
    );
    let staff_view = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { selfBooking { right duty } absences { typeCode endsOn } } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await?;
    assert_eq!(
        staff_view["caseworker"]["citizen"]["selfBooking"],
        json!({ "right": false, "duty": false })
    );
    let booking = book(&app, &w.citizen_1, &slot).await?;
    assert_eq!(user_error(&booking).0, "NO_SELF_BOOKING_RIGHT", "{booking}");

    // Well again the next day: the sick report ends yesterday.
    app.clock.advance(Duration::days(1));
    let recovered = report_recovered(&app, &w.citizen_1).await?;
    ok(&recovered)?;
    assert_eq!(recovered["absence"]["endsOn"], json!(today().to_string()));

    let me = query(&app, &w.citizen_1, SELF_BOOKING, json!({})).await?;
    assert_eq!(
        me["citizen"]["selfBooking"],
        json!({ "right": true, "duty": true })
    );
    summoned(
        &app,
        &w.caseworker_a,
        summon_input(
            w.citizen_1.subject,
            tomorrow() + Duration::days(1),
            json!({}),
        ),
    )
    .await?;
    // The slot is now within reach of the clock; book a later one.
    let later = new_slot(
        &app,
        &w.caseworker_a,
        tomorrow() + Duration::days(2),
        json!({}),
    )
    .await?;
    ok(&book(&app, &w.citizen_1, &later).await?)?;
    Ok(())
}

/// Rule 3 (`002:152-153`, "a-kassen notificeres omkring sygemeldingen og raskmeldingen"): after
/// the worker the fund has a sent sick notice and a sent recovery notice, and the assigned
/// caseworker an alert for each.
#[tokio::test]
async fn rule_3_the_fund_hears_of_the_sick_and_the_recovery_report() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let sick = report_sick(&app, &w.citizen_1, None).await?;
    ok(&sick)?;
    app.clock.advance(Duration::days(3));
    ok(&report_recovered(&app, &w.citizen_1).await?)?;
    run_worker(&app).await?;

    let notices = fund_notification::Entity::find()
        .order_by_asc(fund_notification::Column::CreatedAt)
        .order_by_asc(fund_notification::Column::Id)
        .all(&app.db)
        .await?;
    let absence_id = Uuid::parse_str(sick["absence"]["id"].as_str().unwrap_or_default())?;
    let summary: Vec<_> = notices
        .iter()
        .map(|n| {
            (
                n.kind,
                n.status,
                n.citizen_id,
                n.absence_id,
                n.sent_at.is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                FundNotificationKind::SickReport,
                NoticeStatus::Sent,
                w.citizen_1.subject,
                absence_id,
                true
            ),
            (
                FundNotificationKind::RecoveryReport,
                NoticeStatus::Sent,
                w.citizen_1.subject,
                absence_id,
                true
            ),
        ]
    );

    let a = alerts(&app, &w.caseworker_a).await?;
    let mut got = kinds(&a);
    got.sort();
    assert_eq!(got, vec!["RECOVERY_REPORTED", "SICK_REPORTED"], "{a:?}");
    for alert in &a {
        let message = alert["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains("Anna") && !message.contains("610190"),
            "{message}"
        );
    }
    assert!(
        alerts(&app, &w.caseworker_a2).await?.is_empty(),
        "only the assigned caseworker"
    );

    // Handled once: another pass adds nothing.
    run_worker(&app).await?;
    assert_eq!(fund_notification::Entity::find().count(&app.db).await?, 2);
    Ok(())
}

/// Authorisation (absence, provider column: "referred: dates only, not type"): a provider sees a
/// referred participant's absences as dates, and the schema has no field for the type.
#[tokio::test]
async fn providers_see_a_participants_absences_as_dates_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    ok(&report_sick(&app, &w.citizen_1, Some(today() - Duration::days(2))).await?)?;
    ok(&register_absence(
        &app,
        &w.caseworker_a,
        json!({
            "citizenId": w.citizen_1.subject.to_string(),
            "typeCode": "FERIE",
            "startsOn": "2026-12-21",
            "endsOn": "2026-12-31",
            "note": "Juleferie",
        }),
    )
    .await?)?;

    let dates =
        "{ provider { participants { edges { node { id absences { startsOn endsOn } } } } } }";
    let data = query(&app, &w.provider_p_staff1, dates, json!({})).await?;
    let edges = data["provider"]["participants"]["edges"]
        .as_array()
        .context("edges")?;
    assert_eq!(edges.len(), 1, "{data}");
    assert_eq!(
        edges[0]["node"]["id"],
        json!(w.citizen_1.subject.to_string())
    );
    assert_eq!(
        edges[0]["node"]["absences"],
        json!([
            { "startsOn": "2026-12-21", "endsOn": "2026-12-31" },
            { "startsOn": "2026-10-31", "endsOn": null },
        ])
    );

    for field in [
        "typeCode",
        "typeName",
        "kind",
        "note",
        "suspendsContactCourse",
    ] {
        let q = format!(
            "{{ provider {{ participants {{ edges {{ node {{ absences {{ startsOn {field} }} }} }} }} }} }}"
        );
        let answer = app.gql(Some(&w.provider_p_staff1), &q, json!({})).await;
        assert!(answer.get("errors").is_some(), "{field}: {answer}");
        assert!(
            answer["data"].is_null(),
            "{field}: nothing answered: {answer}"
        );
        let text = answer.to_string();
        assert!(
            !text.contains("SYGEMELDING") && !text.contains("FERIE"),
            "{text}"
        );
    }
    Ok(())
}
