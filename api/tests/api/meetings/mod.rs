//! Meetings (UC3, `000:146-166`): slots, self-booking (rule 4, `002:117-120`), the race for the
//! last seat, moving and cancelling, booking deadlines, attendance with history, the channel rule
//! (rule 11, `003:1254-1296`), arrival notices (rule 14, `003:1626-1631`) and who sees which
//! meeting. Everything goes through GraphQL as the portals call it; internal effects (outbox,
//! letters, alerts, seat counters) are read from the database.

mod attendance;
mod booking;
mod channel_and_arrival;
mod deadlines;
mod races;
mod scoping;
mod slots;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use jobbro_api::testing::TestApp;
use jobbro_entities::{meeting, meeting_slot, outbox_event};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

// Operations and helpers these tests share (those shared with other domains are in
// `crate::support`).

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

fn day_range(from: DateTime<Utc>, days: i64) -> Value {
    json!({ "from": from.to_rfc3339(), "to": (from + Duration::days(days)).to_rfc3339() })
}
