//! Free meeting slots, so the citizen portal has times to book from the day the demo is loaded.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use jobbro_entities::{
    caseworker,
    enums::{MeetingChannel, MeetingType},
    meeting_slot,
};
use sea_orm::{ActiveValue::Set, DbErr};

use super::load::Load;

/// Inserts the free slots for the three weeks after `today`.
pub(super) async fn slots(
    load: &mut Load,
    staff: &[caseworker::Model],
    today: NaiveDate,
    progress: &impl Fn(&str),
) -> Result<(), DbErr> {
    let slots = free_slots(load, staff, today);
    load.summary.slots = slots.len();
    load.insert(slots).await?;
    progress(&format!(
        "demo: {} free meeting slots from {}",
        load.summary.slots, today
    ));
    Ok(())
}

/// Free job-conversation slots for the first five caseworkers: weekdays at 09:00 and 09:30
/// (Danish time, written as UTC+1), for the three weeks after `today`; Wednesdays by phone.
fn free_slots(
    load: &mut Load,
    staff: &[caseworker::Model],
    today: NaiveDate,
) -> Vec<meeting_slot::ActiveModel> {
    let mut rows = Vec::new();
    for day in (1..=21).map(|d| today + Duration::days(d)) {
        let weekday = day.weekday().number_from_monday();
        if weekday > 5 {
            continue;
        }
        for (n, worker) in staff.iter().filter(|c| !c.is_manager).take(5).enumerate() {
            for half_hour in 0..2 {
                let Some(start) = day.and_hms_opt(8, 30 * half_hour, 0) else {
                    continue;
                };
                let starts_at = Utc.from_utc_datetime(&start);
                let phone = weekday == 3;
                rows.push(meeting_slot::ActiveModel {
                    id: Set(load.ids.next()),
                    jobcentre_id: Set(load.centre.id),
                    caseworker_id: Set(worker.id),
                    series_id: Set(None),
                    meeting_type: Set(MeetingType::JobConversation),
                    channel: Set(if phone {
                        MeetingChannel::Phone
                    } else {
                        MeetingChannel::InPerson
                    }),
                    location: Set(if phone {
                        "Telefon: jobcenteret ringer op".into()
                    } else {
                        format!("Jobcenter Nordby, lokale {}", n + 1)
                    }),
                    starts_at: Set(starts_at),
                    ends_at: Set(starts_at + Duration::minutes(30)),
                    capacity: Set(1),
                    booked: Set(0),
                    cancelled_at: Set(None),
                    created_at: Set(starts_at - Duration::days(30)),
                });
            }
        }
    }
    rows
}
