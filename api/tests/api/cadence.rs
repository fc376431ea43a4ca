//! Follow-up cadence (rule 12, `003:2604-2627`): a policy per contact group, the law's minimum or
//! a stricter local one, held as data with validity dates; the next due conversation is the last
//! attended job conversation (or the case's opening) plus the interval in force; overdue citizens
//! are listed for the caseworker's caseload and, for a manager, the whole job centre.

use chrono::{Duration, NaiveDate};
use jobbro_api::testing::{Principal, TestApp, world};
use jobbro_entities::{cadence_policy, enums::CadenceSource};
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, ok, query},
    meetings::{attend, set_contact_group, summon_input, summoned},
    time::utc,
};

const NEXT: &str = "query($id: ID!) {
  caseworker { citizen(id: $id) { nextConversation { dueOn intervalDays source lastConversationAt nextScheduledAt } } }
}";

const OVERDUE: &str = "{ caseworker { overdueConversations { nodes { citizen { id } next { dueOn } daysOverdue } } } }";

async fn next(app: &TestApp, who: &Principal, citizen: Uuid) -> anyhow::Result<Value> {
    let data = query(app, who, NEXT, json!({ "id": citizen.to_string() })).await?;
    Ok(data["caseworker"]["citizen"]["nextConversation"].clone())
}

async fn overdue(app: &TestApp, who: &Principal) -> anyhow::Result<Vec<(String, i64)>> {
    let data = query(app, who, OVERDUE, json!({})).await?;
    Ok(data["caseworker"]["overdueConversations"]["nodes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| {
                    (
                        o["citizen"]["id"].as_str().unwrap_or_default().to_string(),
                        o["daysOverdue"].as_i64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

fn date(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("not a date"))
}

async fn local_policy(
    app: &TestApp,
    group: &str,
    days: i32,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
) -> anyhow::Result<()> {
    cadence_policy::Entity::insert(
        cadence_policy::Model {
            id: Uuid::now_v7(),
            contact_group_code: group.into(),
            source: CadenceSource::Local,
            interval_days: days,
            valid_from,
            valid_to,
        }
        .into_active_model(),
    )
    .exec_without_returning(&app.db)
    .await?;
    Ok(())
}

/// Rule 12 (`003:2604-2605`, four conversations a year): for a DAGPENGE case the next job
/// conversation is due 91 days after the case opened; sickness benefit follows its own (56-day)
/// law policy; a group without a cadence policy has none.
#[tokio::test]
async fn rule_12_the_next_conversation_is_due_91_days_after_the_case_opened() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    // The case opened on 2 November 2026.
    assert_eq!(
        next(&app, &w.caseworker_a, w.citizen_1.subject).await?,
        json!({
            "dueOn": "2027-02-01",
            "intervalDays": 91,
            "source": "LAW",
            "lastConversationAt": null,
            "nextScheduledAt": null,
        })
    );
    set_contact_group(&app, w.citizen_2.subject, "SYGEDAGPENGE").await?;
    let sick_benefit = next(&app, &w.caseworker_a, w.citizen_2.subject).await?;
    assert_eq!(sick_benefit["dueOn"], "2026-12-28");
    assert_eq!(sick_benefit["intervalDays"], 56);
    set_contact_group(&app, w.citizen_2.subject, "RESSOURCEFORLOEB").await?;
    assert_eq!(
        next(&app, &w.caseworker_a, w.citizen_2.subject).await?,
        Value::Null
    );
    Ok(())
}

/// Rule 12 (`003:2604-2627`): an attended job conversation restarts the interval from its date;
/// a no-show or another kind of meeting does not. The next booked conversation is shown, even
/// when an earlier one still awaits its registration.
#[tokio::test]
async fn rule_12_an_attended_job_conversation_moves_the_due_date() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let held = utc(2026, 11, 10, 9, 0)?;
    let conversation = summoned(&app, &w.caseworker_a, summon_input(c1, held, json!({}))).await?;
    let other_kind = summoned(
        &app,
        &w.caseworker_a,
        summon_input(
            c1,
            utc(2026, 11, 20, 9, 0)?,
            json!({ "meetingType": "OTHER" }),
        ),
    )
    .await?;
    let missed = summoned(
        &app,
        &w.caseworker_a,
        summon_input(c1, utc(2026, 11, 25, 9, 0)?, json!({})),
    )
    .await?;
    let unregistered = summoned(
        &app,
        &w.caseworker_a,
        summon_input(c1, utc(2026, 11, 26, 9, 0)?, json!({})),
    )
    .await?;
    let booked_ahead = utc(2026, 12, 15, 9, 0)?;
    summoned(
        &app,
        &w.caseworker_a,
        summon_input(c1, booked_ahead, json!({})),
    )
    .await?;
    let before = next(&app, &w.caseworker_a, c1).await?;
    assert_eq!(before["dueOn"], "2027-02-01");
    assert_eq!(before["nextScheduledAt"], json!(held.to_rfc3339()));

    app.clock.set(held + Duration::minutes(45));
    ok(&attend(
        &app,
        &w.caseworker_a,
        &id_of(&conversation)?,
        "ATTENDED",
        None,
        1,
    )
    .await?)?;
    let after = next(&app, &w.caseworker_a, c1).await?;
    assert_eq!(
        after["dueOn"], "2027-02-09",
        "10 November + 91 days: {after}"
    );
    assert_eq!(after["intervalDays"], 91);
    assert_eq!(after["lastConversationAt"], json!(held.to_rfc3339()));

    app.clock.set(utc(2026, 11, 27, 12, 0)?);
    ok(&attend(
        &app,
        &w.caseworker_a,
        &id_of(&other_kind)?,
        "ATTENDED",
        None,
        1,
    )
    .await?)?;
    ok(&attend(&app, &w.caseworker_a, &id_of(&missed)?, "NO_SHOW", None, 1).await?)?;
    let later = next(&app, &w.caseworker_a, c1).await?;
    assert_eq!(later["dueOn"], "2027-02-09", "neither moves it: {later}");
    // The 26 November conversation is not registered yet; the one booked ahead is the next.
    assert_eq!(
        later["nextScheduledAt"],
        json!(booked_ahead.to_rfc3339()),
        "{later} ({})",
        id_of(&unregistered)?
    );
    Ok(())
}

/// Rule 12 (`003:2606-2608`, "BIU har bestemt at der skal afholdes én samtale hver 3 mdr."): a
/// stricter local policy wins over the law's minimum; a looser one or one not in force does not.
#[tokio::test]
async fn rule_12_a_stricter_local_policy_wins() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    local_policy(&app, "DAGPENGE", 30, date(2026, 1, 1)?, None).await?;
    assert_eq!(
        next(&app, &w.caseworker_a, w.citizen_1.subject).await?,
        json!({
            "dueOn": "2026-12-02",
            "intervalDays": 30,
            "source": "LOCAL",
            "lastConversationAt": null,
            "nextScheduledAt": null,
        })
    );

    // For citizen 2's group: a looser local policy, and a stricter one that has expired or
    // not yet begun.
    set_contact_group(&app, w.citizen_2.subject, "KONTANTHJAELP_JOBPARAT").await?;
    local_policy(&app, "KONTANTHJAELP_JOBPARAT", 120, date(2025, 1, 1)?, None).await?;
    local_policy(
        &app,
        "KONTANTHJAELP_JOBPARAT",
        14,
        date(2024, 1, 1)?,
        Some(date(2024, 12, 31)?),
    )
    .await?;
    local_policy(&app, "KONTANTHJAELP_JOBPARAT", 28, date(2027, 1, 1)?, None).await?;
    let c2 = next(&app, &w.caseworker_a2, w.citizen_2.subject).await?;
    assert_eq!(c2["intervalDays"], 91, "{c2}");
    assert_eq!(c2["source"], "LAW");

    // From 2027 the 28-day policy is in force.
    app.clock.set(utc(2027, 1, 4, 9, 0)?);
    let c2 = next(&app, &w.caseworker_a2, w.citizen_2.subject).await?;
    assert_eq!(c2["intervalDays"], 28, "{c2}");
    assert_eq!(c2["source"], "LOCAL");
    assert_eq!(c2["dueOn"], "2026-11-30");
    Ok(())
}

/// Rule 12 (`003:2604-2627`): once the clock is past the due date, the citizen is listed as
/// overdue with the days past due: for the assigned caseworker (own caseload), for the manager
/// (the whole job centre), never for another job centre. An attended conversation takes the
/// citizen off the list.
#[tokio::test]
async fn rule_12_overdue_conversations_for_the_caseload_and_the_manager() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2, c3) = (
        w.citizen_1.subject.to_string(),
        w.citizen_2.subject.to_string(),
        w.citizen_3.subject.to_string(),
    );

    // The due day itself is not overdue.
    app.clock.set(utc(2027, 2, 1, 20, 0)?);
    assert_eq!(overdue(&app, &w.caseworker_a).await?, vec![]);
    assert_eq!(overdue(&app, &w.manager_a).await?, vec![]);

    app.clock.set(utc(2027, 2, 2, 9, 0)?);
    assert_eq!(overdue(&app, &w.caseworker_a).await?, vec![(c1.clone(), 1)]);

    // Citizen 2 had a conversation on 1 December: due 2 March 2027.
    app.clock.set(utc(2026, 11, 30, 9, 0)?);
    let conversation = summoned(
        &app,
        &w.caseworker_a2,
        summon_input(w.citizen_2.subject, utc(2026, 12, 1, 9, 0)?, json!({})),
    )
    .await?;
    app.clock.set(utc(2026, 12, 1, 10, 0)?);
    ok(&attend(
        &app,
        &w.caseworker_a2,
        &id_of(&conversation)?,
        "ATTENDED",
        None,
        1,
    )
    .await?)?;

    app.clock.set(utc(2027, 2, 5, 9, 0)?);
    assert_eq!(overdue(&app, &w.caseworker_a).await?, vec![(c1.clone(), 4)]);
    assert_eq!(overdue(&app, &w.caseworker_a2).await?, vec![]);
    assert_eq!(overdue(&app, &w.manager_a).await?, vec![(c1.clone(), 4)]);
    assert_eq!(overdue(&app, &w.caseworker_b).await?, vec![(c3.clone(), 4)]);

    app.clock.set(utc(2027, 3, 10, 9, 0)?);
    assert_eq!(
        overdue(&app, &w.manager_a).await?,
        vec![(c1.clone(), 37), (c2.clone(), 8)],
        "most overdue first"
    );
    assert_eq!(overdue(&app, &w.caseworker_a2).await?, vec![(c2, 8)]);
    let listed = query(&app, &w.manager_a, OVERDUE, json!({})).await?;
    assert_eq!(
        listed["caseworker"]["overdueConversations"]["nodes"][0]["next"]["dueOn"],
        "2027-02-01"
    );
    assert!(
        !overdue(&app, &w.manager_a)
            .await?
            .iter()
            .any(|(id, _)| id == &c3),
        "never another job centre's citizens"
    );
    Ok(())
}

/// Asking for the overdue list under several aliases computes it once: the aliases add only
/// the reads of their own pages, not another pass over the whole caseload.
#[tokio::test]
async fn aliased_overdue_lists_are_computed_once_per_request() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let aliased = |n: usize| {
        let fields: Vec<String> = (0..n)
            .map(|i| format!("o{i}: overdueConversations(first: 5) {{ nodes {{ daysOverdue }} }}"))
            .collect();
        format!("{{ caseworker {{ {} }} }}", fields.join(" "))
    };
    let mut statements = Vec::new();
    for n in [1, 2, 5] {
        let before = app.statement_count();
        let answer = app.gql(Some(&w.manager_a), &aliased(n), json!({})).await;
        anyhow::ensure!(answer.get("errors").is_none(), "{answer}");
        statements.push(app.statement_count() - before);
    }
    let per_alias = statements[1] - statements[0];
    assert!(
        per_alias < statements[0],
        "a second alias costs {per_alias} statements, the first {}",
        statements[0]
    );
    assert_eq!(
        statements[2],
        statements[0] + 4 * per_alias,
        "{statements:?}"
    );
    Ok(())
}
