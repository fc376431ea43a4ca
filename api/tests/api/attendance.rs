//! Attendance at offers (UC5, `000:183-199`): the provider records each day; an absent-sick day
//! is the citizen's one absence record (`003:85-89`); days of registered absence cannot be
//! no-shows; delivered against ordered hours per ISO week for both sides, and two weeks under
//! the threshold alert the caseworker (`000:189-191`); what happens reaches the benefits
//! service (`004:364-372`); and workdays count Danish public holidays held as data.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use jobbro_api::{
    attendance::service::check_all_deliveries,
    kernel::{clock::SharedClock, workdays::Workdays},
    testing::{TestApp, World, world},
};
use jobbro_entities::{
    absence, benefits_notice,
    enums::{AbsenceReporter, BenefitsNoticeKind, NoticeStatus},
    offer_attendance,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    contracts::{accepted_order, start_order},
    graphql::{ok, query},
    outbox::{alerts, kinds, run_worker},
};

const RECORD: &str = "mutation($id: ID!, $days: [AttendanceDayInput!]!) { recordOfferAttendance(input: {serviceOrderId: $id, days: $days}) { referral { id status } userErrors { field code message } } }";
const PROVIDER_VIEW: &str = "query($id: ID!, $from: NaiveDate!, $to: NaiveDate!) { provider { orderDelivery(serviceOrderId: $id) { attendance(from: $from, to: $to) { day recorded hours citizenAbsent } weeks { week orderedHours deliverableHours deliveredHours belowThreshold } } } }";
const STAFF_VIEW: &str = "query($id: ID!) { caseworker { serviceOrderDelivery(serviceOrderId: $id) { weeks { week orderedHours deliveredHours belowThreshold } } } }";

/// 09:00 UTC on `day` of November 2026.
fn november(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

/// A started order of citizen 1 at provider P (assigned to staff member 1): ten hours a week
/// from Monday 2 to Friday 27 November 2026. The clock stands on 2 November.
async fn started_order(app: &TestApp, w: &World) -> anyhow::Result<String> {
    let id = accepted_order(app, w, "K-ATT", ("2026-11-02", "2026-11-27")).await?;
    start_order(app, w, &id, "2026-11-02").await?;
    Ok(id)
}

fn codes(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"]
                            .as_array()
                            .map(|f| {
                                f.iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(".")
                            })
                            .unwrap_or_default(),
                        e["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn notices(app: &TestApp, kind: BenefitsNoticeKind) -> anyhow::Result<u64> {
    Ok(benefits_notice::Entity::find()
        .filter(benefits_notice::Column::Kind.eq(kind))
        .filter(benefits_notice::Column::Status.eq(NoticeStatus::Sent))
        .count(&app.db)
        .await?)
}

#[tokio::test]
async fn an_absent_sick_day_is_the_citizens_one_absence_and_no_show_is_refused_on_it_003_85_89()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = started_order(&app, &w).await?;
    app.clock.set(november(5));

    let sick = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": [{ "day": "2026-11-03", "kind": "ABSENT_SICK" }] }),
    )
    .await?;
    ok(&sick["recordOfferAttendance"])?;
    // The next day stretches the same absence; it never becomes a second one.
    let again = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": [
            { "day": "2026-11-04", "kind": "ABSENT_SICK" },
            { "day": "2026-11-02", "kind": "ATTENDED", "hours": 2.5 }
        ] }),
    )
    .await?;
    ok(&again["recordOfferAttendance"])?;
    let absences = absence::Entity::find()
        .filter(absence::Column::CitizenId.eq(w.citizen_1.subject))
        .all(&app.db)
        .await?;
    assert_eq!(absences.len(), 1, "one registration of the absence");
    assert_eq!(absences[0].starts_on, date("2026-11-03"));
    assert_eq!(absences[0].ends_on, Some(date("2026-11-04")));
    assert_eq!(absences[0].reported_by, AbsenceReporter::Provider);
    let linked = offer_attendance::Entity::find()
        .filter(offer_attendance::Column::AbsenceId.eq(absences[0].id))
        .count(&app.db)
        .await?;
    assert_eq!(linked, 2, "both sick days point at the absence");

    // The citizen is registered absent on the 4th: that day is no no-show.
    let no_show = query(
        &app,
        &w.provider_p_coordinator,
        RECORD,
        json!({ "id": id, "days": [{ "day": "2026-11-04", "kind": "NO_SHOW" }] }),
    )
    .await?;
    assert_eq!(
        codes(&no_show["recordOfferAttendance"]),
        [(
            "input.days.0.kind".to_string(),
            "CITIZEN_ABSENT".to_string()
        )]
    );
    // Nor does a sick day become leave: the absence is the job centre's to correct.
    let excused = query(
        &app,
        &w.provider_p_coordinator,
        RECORD,
        json!({ "id": id, "days": [{ "day": "2026-11-04", "kind": "ABSENT_EXCUSED" }] }),
    )
    .await?;
    assert_eq!(
        codes(&excused["recordOfferAttendance"]),
        [("input.days.0.kind".to_string(), "ALREADY_DONE".to_string())]
    );
    let seen = query(
        &app,
        &w.provider_p_staff1,
        PROVIDER_VIEW,
        json!({ "id": id, "from": "2026-11-01", "to": "2026-11-30" }),
    )
    .await?;
    let days = seen["provider"]["orderDelivery"]["attendance"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // From the order's first day up to today, the 5th.
    assert_eq!(days.len(), 4, "{days:?}");
    assert_eq!(days[0]["recorded"], "ATTENDED");
    assert_eq!(days[0]["hours"], 2.5);
    assert_eq!(days[1]["recorded"], "ABSENT_SICK");
    assert_eq!(days[1]["citizenAbsent"], true);
    assert_eq!(days[3]["recorded"], Value::Null);
    assert_eq!(days[3]["citizenAbsent"], false);

    // The citizen's own sick report covers the 5th: the provider sees the day pre-marked and
    // cannot record it as a no-show.
    let reported = query(
        &app,
        &w.citizen_1,
        "mutation { reportSick(input: {}) { userErrors { code } } }",
        json!({}),
    )
    .await?;
    ok(&reported["reportSick"])?;
    let refused = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": [{ "day": "2026-11-05", "kind": "NO_SHOW" }] }),
    )
    .await?;
    assert_eq!(
        codes(&refused["recordOfferAttendance"]),
        [(
            "input.days.0.kind".to_string(),
            "CITIZEN_ABSENT".to_string()
        )]
    );
    let marked = query(
        &app,
        &w.provider_p_staff1,
        PROVIDER_VIEW,
        json!({ "id": id, "from": "2026-11-05", "to": "2026-11-05" }),
    )
    .await?;
    assert_eq!(
        marked["provider"]["orderDelivery"]["attendance"][0]["citizenAbsent"],
        true
    );

    // The benefits service hears of the start and of each absent day, once.
    run_worker(&app).await?;
    assert_eq!(
        notices(&app, BenefitsNoticeKind::ActivationStarted).await?,
        1
    );
    assert_eq!(notices(&app, BenefitsNoticeKind::OfferAbsence).await?, 2);
    assert_eq!(notices(&app, BenefitsNoticeKind::OfferNoShow).await?, 0);
    Ok(())
}

#[tokio::test]
async fn two_weeks_under_the_threshold_alert_the_caseworker_once_000_189_191() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = started_order(&app, &w).await?;
    app.clock.set(november(13));
    // Week 45: 4 of 10 hours. Week 46: 3 of 10 hours so far.
    let days = json!([
        { "day": "2026-11-03", "kind": "ATTENDED", "hours": 2 },
        { "day": "2026-11-05", "kind": "ATTENDED", "hours": 2 },
        { "day": "2026-11-10", "kind": "ATTENDED", "hours": 3 }
    ]);
    let recorded = query(
        &app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": days }),
    )
    .await?;
    ok(&recorded["recordOfferAttendance"])?;
    run_worker(&app).await?;
    // Week 46 is not over, and week 45 is one week: no alert yet.
    assert!(
        !kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"DELIVERY_BELOW_THRESHOLD".to_string())
    );

    // Two workdays after week 46 ended the hourly check judges it: two weeks running.
    app.clock.set(november(18));
    let clock: SharedClock = std::sync::Arc::new(app.clock.clone());
    check_all_deliveries(&app.db, &clock).await?;
    check_all_deliveries(&app.db, &clock).await?;
    run_worker(&app).await?;
    let raised = kinds(&alerts(&app, &w.caseworker_a).await?)
        .into_iter()
        .filter(|k| k == "DELIVERY_BELOW_THRESHOLD")
        .count();
    assert_eq!(
        raised, 1,
        "one alert for the two weeks, however often checked"
    );

    // Both sides see the same weeks.
    let staff = query(&app, &w.caseworker_a, STAFF_VIEW, json!({ "id": id })).await?;
    let weeks = &staff["caseworker"]["serviceOrderDelivery"]["weeks"];
    assert_eq!(weeks[0]["week"], "2026-W45");
    assert_eq!(weeks[0]["orderedHours"], 10.0);
    assert_eq!(weeks[0]["deliveredHours"], 4.0);
    assert_eq!(weeks[0]["belowThreshold"], true);
    assert_eq!(weeks[1]["deliveredHours"], 3.0);
    let provider = query(
        &app,
        &w.provider_p_staff1,
        PROVIDER_VIEW,
        json!({ "id": id, "from": "2026-11-02", "to": "2026-11-02" }),
    )
    .await?;
    assert_eq!(
        provider["provider"]["orderDelivery"]["weeks"],
        json!([
            { "week": "2026-W45", "orderedHours": 10.0, "deliverableHours": 10.0, "deliveredHours": 4.0, "belowThreshold": true },
            { "week": "2026-W46", "orderedHours": 10.0, "deliverableHours": 10.0, "deliveredHours": 3.0, "belowThreshold": true },
            { "week": "2026-W47", "orderedHours": 10.0, "deliverableHours": 6.0, "deliveredHours": 0.0, "belowThreshold": true }
        ])
    );
    // Another provider does not reach the order.
    let other = query(
        &app,
        &w.provider_q_coordinator,
        PROVIDER_VIEW,
        json!({ "id": id, "from": "2026-11-02", "to": "2026-11-02" }),
    )
    .await?;
    assert_eq!(other["provider"]["orderDelivery"], Value::Null);
    Ok(())
}

#[tokio::test]
async fn bad_attendance_is_refused_with_the_field_and_writes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let id = started_order(&app, &w).await?;
    app.clock.set(november(10));
    let day = |d: &str, kind: &str, hours: Value| json!({ "day": d, "kind": kind, "hours": hours });
    let cases = [
        (
            json!([day("2026-11-03", "ATTENDED", json!(25))]),
            ("input.days.0.hours", "INVALID"),
        ),
        (
            json!([day("2026-11-03", "ATTENDED", json!(-1))]),
            ("input.days.0.hours", "INVALID"),
        ),
        (
            json!([day("2026-11-03", "ATTENDED", Value::Null)]),
            ("input.days.0.hours", "INVALID"),
        ),
        (
            json!([day("2026-11-03", "NO_SHOW", json!(2))]),
            ("input.days.0.hours", "INVALID"),
        ),
        (
            json!([day("2026-11-01", "ATTENDED", json!(2))]),
            ("input.days.0.day", "INVALID_PERIOD"),
        ),
        (
            json!([
                day("2026-11-03", "ATTENDED", json!(2)),
                day("2026-11-11", "ATTENDED", json!(2))
            ]),
            ("input.days.1.day", "INVALID_PERIOD"),
        ),
        (
            json!([
                day("2026-11-03", "ATTENDED", json!(2)),
                day("2026-11-03", "NO_SHOW", Value::Null)
            ]),
            ("input.days.1.day", "INVALID"),
        ),
        (json!([]), ("input.days", "INVALID")),
    ];
    for (days, (field, code)) in cases {
        let answer = query(
            &app,
            &w.provider_p_staff1,
            RECORD,
            json!({ "id": id, "days": days }),
        )
        .await?;
        assert_eq!(
            codes(&answer["recordOfferAttendance"]),
            [(field.to_string(), code.to_string())],
            "{days}"
        );
    }
    // Staff member 2 is not assigned, provider Q is another organisation: neither finds it.
    for who in [&w.provider_p_staff2, &w.provider_q_coordinator] {
        let answer = query(
            &app,
            who,
            RECORD,
            json!({ "id": id, "days": [day("2026-11-03", "NO_SHOW", Value::Null)] }),
        )
        .await?;
        assert_eq!(
            codes(&answer["recordOfferAttendance"]),
            [("input.serviceOrderId".to_string(), "NOT_FOUND".to_string())]
        );
    }
    assert_eq!(offer_attendance::Entity::find().count(&app.db).await?, 0);
    assert_eq!(
        absence::Entity::find().count(&app.db).await?,
        0,
        "nothing half-written"
    );
    Ok(())
}

#[tokio::test]
async fn workdays_skip_the_weekend_and_the_danish_holidays_held_as_data() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // Wednesday 24 March 2027 + 3 workdays: Maundy Thursday, Good Friday, the weekend and Easter
    // Monday do not count: Thursday 1 April.
    let from = date("2027-03-24");
    let calendar = Workdays::around(&app.db, from, 3).await?;
    assert_eq!(calendar.add(from, 3), date("2027-04-01"));
    // Friday 18 December 2026 + 5 workdays: Christmas Day (Friday) and the weekend are skipped,
    // Boxing Day falls on Saturday: 21, 22, 23, 24, 28 December.
    let from = date("2026-12-18");
    let calendar = Workdays::around(&app.db, from, 5).await?;
    assert_eq!(calendar.add(from, 5), date("2026-12-28"));
    // Store bededag (the fourth Friday after Easter) is no longer a holiday: 23 April 2027 is a
    // workday.
    assert!(calendar.is_workday(date("2026-12-21")));
    let spring = Workdays::around(&app.db, date("2027-04-20"), 5).await?;
    assert!(spring.is_workday(date("2027-04-23")));
    assert!(!spring.is_workday(date("2027-04-24")));
    assert_eq!(
        spring.add(date("2027-04-20"), 5) - date("2027-04-20"),
        Duration::days(7)
    );
    Ok(())
}
