//! The no-show procedure at offers (rule 9, `003:2847-2876`; the groups, `003:4704-4706`), the
//! offer kept open until the decision (rule 10, `003:2775-2796`), and person markings that stop
//! the hearing request (rule 13, `003:2934-2942`).

use chrono::{TimeZone, Utc};
use jobbro_api::testing::{TestApp, World, world};
use jobbro_entities::{
    benefits_notice, case, citizen,
    enums::{BenefitsNoticeKind, Channel, NoticeStatus},
    letter,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::{Value, json};

use crate::support::{
    contracts::accepted_order,
    graphql::{ok, query, user_error},
    outbox::{alerts, kinds, run_worker},
};

const RECORD: &str = "mutation($id: ID!, $days: [AttendanceDayInput!]!) { recordOfferAttendance(input: {serviceOrderId: $id, days: $days}) { userErrors { field code message } } }";
const RESUMMON: &str = "mutation($id: ID!, $date: NaiveDate!, $channels: [ResummonsChannel!]!) { recordResummons(input: {serviceOrderId: $id, newDate: $date, channels: $channels}) { procedure { step resummonsOn letterChannel sentOnBehalf } userErrors { field code message } } }";
const DECIDE: &str = "mutation($id: ID!) { recordNoShowDecision(input: {serviceOrderId: $id, decision: \"Sanktion for afvisning af tilbud.\"}) { procedure { status decidedAt } userErrors { field code message } } }";
const CANCEL: &str = "mutation($id: ID!) { cancelServiceOrder(input: {serviceOrderId: $id, reason: \"Borgeren fik job\"}) { serviceOrder { status } userErrors { field code message } } }";
const STAFF_VIEW: &str = "query($id: ID!) { caseworker { noShowProcedure(serviceOrderId: $id) { status firstNoShowOn resummonsOn letterChannel alsoBySms alsoByPhone sentOnBehalf withheldReason reappearedOn holdsTheOfferOpen } } }";
const PROVIDER_VIEW: &str = "query($id: ID!) { provider { noShowProcedure(serviceOrderId: $id) { step resummonsOn reappearedOn } } }";
const MARK: &str = "mutation($id: ID!, $reason: String!) { setPersonMarking(input: {citizenId: $id, reason: $reason}) { personMarking { id inForce } userErrors { field code } } }";
const UNMARK: &str = "mutation($id: ID!) { removePersonMarking(input: {personMarkingId: $id, reason: \"Borgeren har fået fast bolig.\"}) { personMarking { inForce removedBy removalReason } userErrors { field code } } }";

/// 09:00 UTC on `day` of November 2026.
fn november(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Puts citizen 1's open case in `group`.
async fn in_group(app: &TestApp, w: &World, group: &str) -> anyhow::Result<()> {
    case::Entity::update_many()
        .col_expr(case::Column::TargetGroupCode, Expr::value(group))
        .filter(case::Column::CitizenId.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    Ok(())
}

/// Staff member 1 records `kind` on `day` (with `hours` when attended).
async fn record(
    app: &TestApp,
    w: &World,
    id: &str,
    day: &str,
    kind: &str,
) -> anyhow::Result<Value> {
    let hours = (kind == "ATTENDED").then_some(3.0);
    let data = query(
        app,
        &w.provider_p_staff1,
        RECORD,
        json!({ "id": id, "days": [{ "day": day, "kind": kind, "hours": hours }] }),
    )
    .await?;
    Ok(data["recordOfferAttendance"].clone())
}

async fn notices(app: &TestApp, kind: BenefitsNoticeKind) -> anyhow::Result<u64> {
    Ok(benefits_notice::Entity::find()
        .filter(benefits_notice::Column::Kind.eq(kind))
        .count(&app.db)
        .await?)
}

fn code(payload: &Value) -> String {
    user_error(payload)
        .0
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_first_day_no_show_a_letter_a_second_no_show_and_a_return_rule_9_003_2862_2876()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "KONTANTHJAELP").await?;
    let id = accepted_order(&app, &w, "K-NS1", ("2026-11-02", "2026-11-27")).await?;

    // No-show on the first day: the offer counts as rejected, the procedure begins.
    ok(&record(&app, &w, &id, "2026-11-02", "NO_SHOW").await?)?;
    let seen = query(&app, &w.caseworker_a, STAFF_VIEW, json!({ "id": id })).await?;
    assert_eq!(
        seen["caseworker"]["noShowProcedure"]["status"],
        "AWAITING_LETTER"
    );
    assert_eq!(
        seen["caseworker"]["noShowProcedure"]["holdsTheOfferOpen"],
        true
    );
    run_worker(&app).await?;
    assert!(
        kinds(&alerts(&app, &w.caseworker_a).await?)
            .contains(&"OFFER_REJECTED_BY_NO_SHOW".to_string())
    );

    // Rule 10: the rejected offer stays open (and keeps its seat) until the decision.
    let cancel = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
    assert_eq!(code(&cancel["cancelServiceOrder"]), "WRONG_STATE");

    // Phone and SMS alone are no re-summons; one letter, not two; a date after today.
    for (channels, date, expected) in [
        (json!(["PHONE", "SMS"]), "2026-11-05", "LETTER_REQUIRED"),
        (json!(["DIGITAL_POST", "PAPER"]), "2026-11-05", "INVALID"),
        (json!(["PAPER"]), "2026-11-02", "INVALID_PERIOD"),
        (json!(["PAPER"]), "2026-12-01", "INVALID_PERIOD"),
    ] {
        let refused = query(
            &app,
            &w.provider_p_staff1,
            RESUMMON,
            json!({ "id": id, "date": date, "channels": channels }),
        )
        .await?;
        assert_eq!(code(&refused["recordResummons"]), expected, "{channels}");
    }
    let sent = query(
        &app,
        &w.provider_p_staff1,
        RESUMMON,
        json!({ "id": id, "date": "2026-11-05", "channels": ["DIGITAL_POST", "SMS"] }),
    )
    .await?;
    ok(&sent["recordResummons"])?;
    assert_eq!(sent["recordResummons"]["procedure"]["step"], "LETTER_SENT");
    let again = query(
        &app,
        &w.provider_p_staff1,
        RESUMMON,
        json!({ "id": id, "date": "2026-11-06", "channels": ["PAPER"] }),
    )
    .await?;
    assert_eq!(code(&again["recordResummons"]), "WRONG_STATE", "one letter");
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::Kind.eq("OFFER_RESUMMONS"))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].channel, Channel::DigitalPost);
    assert!(
        letters[0].body.contains("05.11.2026"),
        "{}",
        letters[0].body
    );
    assert!(!letters[0].body.contains("på vegne af"));

    // No-show on the date in the letter: the hearing request goes to the benefits service.
    app.clock.set(november(5));
    ok(&record(&app, &w, &id, "2026-11-05", "NO_SHOW").await?)?;
    run_worker(&app).await?;
    assert_eq!(notices(&app, BenefitsNoticeKind::HearingRequest).await?, 1);
    assert!(
        kinds(&alerts(&app, &w.caseworker_a).await?).contains(&"HEARING_REQUESTED".to_string())
    );
    let provider = query(
        &app,
        &w.provider_p_staff1,
        PROVIDER_VIEW,
        json!({ "id": id }),
    )
    .await?;
    assert_eq!(
        provider["provider"]["noShowProcedure"]["step"],
        "WITH_THE_JOBCENTRE"
    );

    // The citizen turns up later: the benefits service is told, once.
    app.clock.set(november(6));
    ok(&record(&app, &w, &id, "2026-11-06", "ATTENDED").await?)?;
    app.clock.set(november(9));
    ok(&record(&app, &w, &id, "2026-11-09", "ATTENDED").await?)?;
    run_worker(&app).await?;
    assert_eq!(
        notices(&app, BenefitsNoticeKind::CitizenReappeared).await?,
        1
    );
    let seen = query(&app, &w.caseworker_a, STAFF_VIEW, json!({ "id": id })).await?;
    assert_eq!(
        seen["caseworker"]["noShowProcedure"]["reappearedOn"],
        "2026-11-06"
    );

    // Still open until the decision; then the job centre may cancel.
    let cancel = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
    assert_eq!(code(&cancel["cancelServiceOrder"]), "WRONG_STATE");
    let decided = query(&app, &w.caseworker_a, DECIDE, json!({ "id": id })).await?;
    ok(&decided["recordNoShowDecision"])?;
    assert_eq!(
        decided["recordNoShowDecision"]["procedure"]["status"],
        "DECIDED"
    );
    let cancel = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
    ok(&cancel["cancelServiceOrder"])?;
    Ok(())
}

#[tokio::test]
async fn dagpenge_and_unlisted_groups_get_no_procedure_003_4704_4706() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    for (group, reference) in [("DAGPENGE", "K-NS2"), ("UDEN_YDELSE", "K-NS3")] {
        in_group(&app, &w, group).await?;
        let id = accepted_order(&app, &w, reference, ("2026-11-02", "2026-11-27")).await?;
        ok(&record(&app, &w, &id, "2026-11-02", "NO_SHOW").await?)?;
        let seen = query(&app, &w.caseworker_a, STAFF_VIEW, json!({ "id": id })).await?;
        assert_eq!(
            seen["caseworker"]["noShowProcedure"],
            Value::Null,
            "{group}"
        );
        let letter = query(
            &app,
            &w.provider_p_staff1,
            RESUMMON,
            json!({ "id": id, "date": "2026-11-05", "channels": ["PAPER"] }),
        )
        .await?;
        assert_eq!(code(&letter["recordResummons"]), "WRONG_STATE", "{group}");
        let cancel = query(&app, &w.caseworker_a, CANCEL, json!({ "id": id })).await?;
        ok(&cancel["cancelServiceOrder"])?;
    }
    // The no-show still reaches the benefits service as what it is.
    run_worker(&app).await?;
    assert_eq!(notices(&app, BenefitsNoticeKind::OfferNoShow).await?, 2);
    assert_eq!(notices(&app, BenefitsNoticeKind::HearingRequest).await?, 0);
    Ok(())
}

#[tokio::test]
async fn a_person_marking_withholds_the_hearing_is_told_to_the_benefits_service_and_its_removal_is_kept_rule_13_003_2934_2942()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    in_group(&app, &w, "SYGEDAGPENGE").await?;
    citizen::Entity::update_many()
        .col_expr(citizen::Column::ProtectedAddress, Expr::value(true))
        .filter(citizen::Column::Id.eq(w.citizen_1.subject))
        .exec(&app.db)
        .await?;
    let citizen_id = w.citizen_1.subject.to_string();
    let empty = query(
        &app,
        &w.caseworker_a,
        MARK,
        json!({ "id": citizen_id, "reason": "  " }),
    )
    .await?;
    assert_eq!(code(&empty["setPersonMarking"]), "INVALID");
    let marked = query(
        &app,
        &w.caseworker_a,
        MARK,
        json!({ "id": citizen_id, "reason": "Hjemløs; kan ikke nås med post." }),
    )
    .await?;
    ok(&marked["setPersonMarking"])?;
    let marking = marked["setPersonMarking"]["personMarking"]["id"].clone();
    let twice = query(
        &app,
        &w.caseworker_a,
        MARK,
        json!({ "id": citizen_id, "reason": "Igen" }),
    )
    .await?;
    assert_eq!(code(&twice["setPersonMarking"]), "ALREADY_DONE");
    // Another job centre's caseworker does not reach the citizen.
    let other = query(
        &app,
        &w.caseworker_b,
        MARK,
        json!({ "id": citizen_id, "reason": "X" }),
    )
    .await?;
    assert_eq!(code(&other["setPersonMarking"]), "NOT_FOUND");

    let id = accepted_order(&app, &w, "K-NS4", ("2026-11-02", "2026-11-27")).await?;
    ok(&record(&app, &w, &id, "2026-11-02", "NO_SHOW").await?)?;
    let sent = query(
        &app,
        &w.provider_p_staff1,
        RESUMMON,
        json!({ "id": id, "date": "2026-11-04", "channels": ["PAPER", "PHONE"] }),
    )
    .await?;
    ok(&sent["recordResummons"])?;
    assert_eq!(
        sent["recordResummons"]["procedure"]["sentOnBehalf"], true,
        "the protected address never reaches the provider"
    );
    app.clock.set(november(4));
    ok(&record(&app, &w, &id, "2026-11-04", "NO_SHOW").await?)?;
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::Kind.eq("OFFER_RESUMMONS"))
        .all(&app.db)
        .await?;
    assert!(
        letters[0].body.contains("på vegne af Provider P"),
        "{}",
        letters[0].body
    );
    assert_eq!(notices(&app, BenefitsNoticeKind::HearingRequest).await?, 0);
    let seen = query(&app, &w.caseworker_a, STAFF_VIEW, json!({ "id": id })).await?;
    assert_eq!(
        seen["caseworker"]["noShowProcedure"]["status"],
        "HEARING_WITHHELD"
    );
    assert!(kinds(&alerts(&app, &w.caseworker_a).await?).contains(&"HEARING_WITHHELD".to_string()));
    // The provider learns only that the job centre has it, not why.
    let provider = query(
        &app,
        &w.provider_p_staff1,
        PROVIDER_VIEW,
        json!({ "id": id }),
    )
    .await?;
    assert_eq!(
        provider["provider"]["noShowProcedure"]["step"],
        "WITH_THE_JOBCENTRE"
    );

    // Removal is kept with who, when and why.
    let removed = query(&app, &w.caseworker_a, UNMARK, json!({ "id": marking })).await?;
    ok(&removed["removePersonMarking"])?;
    assert_eq!(
        removed["removePersonMarking"]["personMarking"]["inForce"],
        false
    );
    assert_eq!(
        removed["removePersonMarking"]["personMarking"]["removedBy"],
        w.caseworker_a.subject.to_string()
    );
    let list = query(
        &app,
        &w.caseworker_a,
        "query($id: ID!) { caseworker { citizen(id: $id) { personMarkings { reason inForce removalReason } } } }",
        json!({ "id": citizen_id }),
    )
    .await?;
    assert_eq!(
        list["caseworker"]["citizen"]["personMarkings"][0]["removalReason"],
        "Borgeren har fået fast bolig."
    );
    let twice = query(&app, &w.caseworker_a, UNMARK, json!({ "id": marking })).await?;
    assert_eq!(code(&twice["removePersonMarking"]), "NOT_FOUND");

    // The benefits service heard of the marking when it was set and when it was removed
    // (rule 13), once each however often the worker runs, naming the marking, not an order.
    run_worker(&app).await?;
    run_worker(&app).await?;
    let told = benefits_notice::Entity::find()
        .filter(benefits_notice::Column::PersonMarkingId.is_not_null())
        .order_by_asc(benefits_notice::Column::Id)
        .all(&app.db)
        .await?;
    let told: Vec<_> = told
        .iter()
        .map(|n| {
            (
                n.kind,
                n.person_marking_id.map(|m| m.to_string()),
                n.service_order_id,
                n.citizen_id,
                n.status,
            )
        })
        .collect();
    let marking = marking.as_str().map(str::to_string);
    assert_eq!(
        told,
        vec![
            (
                BenefitsNoticeKind::MarkingSet,
                marking.clone(),
                None,
                w.citizen_1.subject,
                NoticeStatus::Sent
            ),
            (
                BenefitsNoticeKind::MarkingRemoved,
                marking,
                None,
                w.citizen_1.subject,
                NoticeStatus::Sent
            ),
        ]
    );
    Ok(())
}
