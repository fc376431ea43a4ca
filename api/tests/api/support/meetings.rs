//! The meeting operations other domains build on: publishing and booking slots, summoning,
//! registering attendance, cancelling, registering an absence, and setting a citizen's contact
//! group.

use chrono::{DateTime, Duration, Utc};
use jobbro_api::testing::{Principal, TestApp};
use jobbro_entities::case;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use super::graphql::{id_of, merge, mutate, ok};

/// Every meeting field a test may look at.
const MEETING: &str = "fragment M on Meeting {
  id citizenId caseworkerId meetingType channel location startsAt endsAt origin statutory
  status statusReason attendanceRegisteredAt missingRegistration version
  participants { kind name providerUserId }
  history { fromStatus toStatus reason actorRole occurredAt }
}";

const PUBLISH: &str = "mutation($input: PublishSlotsInput!) {
  publishSlots(input: $input) {
    slots { id caseworkerId seriesId meetingType channel location startsAt endsAt capacity booked }
    userErrors { field code message }
  }
}";

pub(crate) const BOOK: &str = "mutation($slot: ID!, $participants: [ParticipantInput!]) {
  bookMeeting(input: {slotId: $slot, participants: $participants}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const CANCEL: &str = "mutation($id: ID!, $reason: String!) {
  cancelMeeting(input: {meetingId: $id, reason: $reason}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const SUMMON: &str = "mutation($input: SummonCitizenInput!) {
  summonCitizen(input: $input) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const ATTENDANCE: &str = "mutation($id: ID!, $outcome: AttendanceOutcome!, $reason: String, $version: Int!) {
  registerAttendance(input: {meetingId: $id, outcome: $outcome, reason: $reason, expectedVersion: $version}) {
    meeting { ...M }
    userErrors { field code message }
  }
}";

const REGISTER_ABSENCE: &str = "mutation($input: RegisterAbsenceInput!) {
  registerAbsence(input: $input) {
    absence { id typeCode startsOn endsOn }
    userErrors { field code message }
  }
}";

/// A query or mutation with the meeting fragment appended.
pub(crate) fn with_meeting(operation: &str) -> String {
    format!("{operation}\n{MEETING}")
}

/// A `publishSlots` input: a 30-minute in-person job conversation at `starts_at`, adjusted by
/// `extra`.
pub(crate) fn slot_input(starts_at: DateTime<Utc>, extra: Value) -> Value {
    let mut input = json!({
        "meetingType": "JOB_CONVERSATION",
        "channel": "IN_PERSON",
        "location": "Jobcenter A, mødelokale 2",
        "startsAt": starts_at.to_rfc3339(),
        "durationMinutes": 30,
    });
    merge(&mut input, extra);
    input
}

pub(crate) async fn publish(app: &TestApp, who: &Principal, input: Value) -> anyhow::Result<Value> {
    mutate(app, who, PUBLISH, json!({ "input": input }), "publishSlots").await
}

/// Publishes one slot and returns its id.
pub(crate) async fn new_slot(
    app: &TestApp,
    who: &Principal,
    starts_at: DateTime<Utc>,
    extra: Value,
) -> anyhow::Result<String> {
    let payload = publish(app, who, slot_input(starts_at, extra)).await?;
    ok(&payload)?;
    id_of(&payload["slots"][0])
}

pub(crate) async fn book(app: &TestApp, who: &Principal, slot: &str) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &with_meeting(BOOK),
        json!({ "slot": slot }),
        "bookMeeting",
    )
    .await
}

/// Books a slot and returns the meeting.
pub(crate) async fn booked(app: &TestApp, who: &Principal, slot: &str) -> anyhow::Result<Value> {
    let payload = book(app, who, slot).await?;
    ok(&payload)?;
    Ok(payload["meeting"].clone())
}

/// A `summonCitizen` input: a 30-minute in-person job conversation at `starts_at`, adjusted by
/// `extra`.
pub(crate) fn summon_input(citizen: Uuid, starts_at: DateTime<Utc>, extra: Value) -> Value {
    let mut input = json!({
        "citizenId": citizen.to_string(),
        "meetingType": "JOB_CONVERSATION",
        "channel": "IN_PERSON",
        "location": "Jobcenter A, Torvet 1",
        "startsAt": starts_at.to_rfc3339(),
        "endsAt": (starts_at + Duration::minutes(30)).to_rfc3339(),
    });
    merge(&mut input, extra);
    input
}

pub(crate) async fn summon(app: &TestApp, who: &Principal, input: Value) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &with_meeting(SUMMON),
        json!({ "input": input }),
        "summonCitizen",
    )
    .await
}

/// Summons and returns the meeting.
pub(crate) async fn summoned(
    app: &TestApp,
    who: &Principal,
    input: Value,
) -> anyhow::Result<Value> {
    let payload = summon(app, who, input).await?;
    ok(&payload)?;
    Ok(payload["meeting"].clone())
}

pub(crate) async fn attend(
    app: &TestApp,
    who: &Principal,
    meeting_id: &str,
    outcome: &str,
    reason: Option<&str>,
    version: i64,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &with_meeting(ATTENDANCE),
        json!({ "id": meeting_id, "outcome": outcome, "reason": reason, "version": version }),
        "registerAttendance",
    )
    .await
}

pub(crate) async fn cancel(
    app: &TestApp,
    who: &Principal,
    meeting_id: &str,
    reason: &str,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        &with_meeting(CANCEL),
        json!({ "id": meeting_id, "reason": reason }),
        "cancelMeeting",
    )
    .await
}

pub(crate) async fn register_absence(
    app: &TestApp,
    who: &Principal,
    input: Value,
) -> anyhow::Result<Value> {
    mutate(
        app,
        who,
        REGISTER_ABSENCE,
        json!({ "input": input }),
        "registerAbsence",
    )
    .await
}

/// Changes the contact group of a citizen's open case.
pub(crate) async fn set_contact_group(
    app: &TestApp,
    citizen: Uuid,
    group: &str,
) -> anyhow::Result<()> {
    case::Entity::update_many()
        .col_expr(case::Column::ContactGroupCode, Expr::value(group))
        .filter(case::Column::CitizenId.eq(citizen))
        .exec(&app.db)
        .await?;
    Ok(())
}
