//! The meeting flows of the citizen, caseworker and provider portals, over HTTP, in the order a
//! week at the job centre would run them: slots are published and a self-booking requested; the
//! citizen books, moves and cancels (afbud), books again; a summons with a provider is made and
//! cancelled by the job centre (aflysning); the citizen checks in and attendance is registered;
//! then sickness and recovery. Steps may move the server's test clock first, and use the
//! answers of earlier steps (ids of slots and meetings).

use anyhow::{Context as _, Result, ensure};
use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::{
    flow::{self, Step, answer, id, set_clock},
    harness::{Server, array, at, string},
};

const FROM: &str = "2026-11-02T00:00:00Z";
const TO: &str = "2026-12-31T00:00:00Z";

/// The steps, in the order they run.
pub(crate) fn steps() -> Vec<Step> {
    vec![
        Step {
            portal: "caseworker",
            name: "PublishSlots",
            label: "PublishSlots",
            who: |w| w.caseworker_a,
            variables: |_, _| {
                Ok(json!({ "input": {
                    "meetingType": "JOB_CONVERSATION", "channel": "IN_PERSON",
                    "location": "Jobcenter A, mødelokale 2", "startsAt": "2026-11-09T09:00:00Z",
                    "durationMinutes": 30, "capacity": 1, "weeks": 3
                }}))
            },
            check: |_, _, data| {
                let slots = array(data, "/publishSlots/slots")?;
                ensure!(slots.len() == 3, "three weekly slots, got {slots:?}");
                ensure!(slots.iter().all(|s| s["seriesId"] == slots[0]["seriesId"]));
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "RequestSelfBooking",
            label: "RequestSelfBooking",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject), "meetingType": "JOB_CONVERSATION",
                    "dueAt": "2026-11-20T12:00:00Z"
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/requestSelfBooking/deadline/status")? == "OPEN");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "AvailableSlots",
            label: "AvailableSlots",
            who: |w| w.citizen_1,
            variables: |_, _| {
                Ok(json!({ "from": FROM, "to": TO, "meetingType": "JOB_CONVERSATION" }))
            },
            check: |_, _, data| {
                ensure!(
                    at(data, "/citizen/selfBooking")? == &json!({ "right": true, "duty": true })
                );
                ensure!(array(data, "/citizen/availableSlots")?.len() == 3);
                ensure!(string(data, "/citizen/bookingDeadlines/0/status")? == "OPEN");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "BookMeeting",
            label: "BookFirst",
            who: |w| w.citizen_1,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "slotId": answer(a, "AvailableSlots", "/citizen/availableSlots/0/id")? } }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/bookMeeting/meeting/status")? == "SCHEDULED");
                ensure!(string(data, "/bookMeeting/meeting/origin")? == "SELF_BOOKED");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "RescheduleMeeting",
            label: "Reschedule",
            who: |w| w.citizen_1,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "meetingId": answer(a, "BookFirst", "/bookMeeting/meeting/id")?,
                    "slotId": answer(a, "AvailableSlots", "/citizen/availableSlots/1/id")?
                }}))
            },
            check: |_, _, data| {
                ensure!(
                    string(data, "/rescheduleMeeting/meeting/startsAt")?
                        .starts_with("2026-11-16T09:00:00")
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "Slots",
            label: "Slots",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({ "from": FROM, "to": TO })),
            check: |w, _, data| {
                let slots = array(data, "/caseworker/slots")?;
                let booked: Vec<i64> = slots.iter().filter_map(|s| s["booked"].as_i64()).collect();
                ensure!(
                    booked == vec![0, 1, 0],
                    "the move freed the first seat: {booked:?}"
                );
                ensure!(at(&slots[1], "/bookings/0/citizenId")? == &id(w.citizen_1.subject));
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "CancelMeeting",
            label: "CancelFirst",
            who: |w| w.citizen_1,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "meetingId": answer(a, "BookFirst", "/bookMeeting/meeting/id")?, "reason": "Lægebesøg" } }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/cancelMeeting/meeting/status")? == "CANCELLED_BY_CITIZEN");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "BookMeeting",
            label: "BookSecond",
            who: |w| w.citizen_1,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "slotId": answer(a, "AvailableSlots", "/citizen/availableSlots/0/id")? } }),
                )
            },
            check: |_, _, data| {
                ensure!(
                    string(data, "/bookMeeting/meeting/startsAt")?
                        .starts_with("2026-11-09T09:00:00")
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SummonCitizen",
            label: "Summon",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject), "meetingType": "JOINT_MEETING_PROVIDER",
                    "channel": "IN_PERSON", "location": "Jobcenter A, mødelokale 1",
                    "startsAt": "2026-11-23T10:00:00Z", "endsAt": "2026-11-23T11:00:00Z",
                    "participants": [{ "providerUserId": id(s.world.provider_p_staff1.subject) }]
                }}))
            },
            check: |w, _, data| {
                ensure!(string(data, "/summonCitizen/meeting/origin")? == "SUMMONED");
                ensure!(
                    at(data, "/summonCitizen/meeting/participants/0/providerUserId")?
                        == &id(w.provider_p_staff1.subject)
                );
                Ok(())
            },
        },
        Step {
            portal: "provider",
            name: "Meetings",
            label: "ProviderMeetings",
            who: |w| w.provider_p_coordinator,
            variables: |_, _| Ok(json!({ "from": FROM, "to": TO })),
            check: |_, _, data| {
                let meetings = array(data, "/provider/meetings")?;
                ensure!(
                    meetings.len() == 1 && meetings[0]["meetingType"] == "JOINT_MEETING_PROVIDER",
                    "the provider sees only the meeting it takes part in: {meetings:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "CancelMeetingByJobcentre",
            label: "CancelSummons",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(
                    json!({ "input": { "meetingId": answer(a, "Summon", "/summonCitizen/meeting/id")?, "reason": "Sagsbehandler syg" } }),
                )
            },
            check: |_, _, data| {
                ensure!(
                    string(data, "/cancelMeetingByJobcentre/meeting/status")?
                        == "CANCELLED_BY_JOBCENTRE"
                );
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "RegisterArrival",
            label: "Arrival",
            who: |w| w.citizen_1,
            variables: |s, a| {
                set_clock(s, "2026-11-09T08:50:00Z")?;
                Ok(json!({ "meetingId": answer(a, "BookSecond", "/bookMeeting/meeting/id")? }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/registerArrival/meeting/status")? == "SCHEDULED");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "RegisterAttendance",
            label: "Attendance",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                set_clock(s, "2026-11-09T09:40:00Z")?;
                Ok(json!({ "input": {
                    "meetingId": answer(a, "BookSecond", "/bookMeeting/meeting/id")?,
                    "outcome": "ATTENDED",
                    "expectedVersion": answer(a, "BookSecond", "/bookMeeting/meeting/version")?
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/registerAttendance/meeting/status")? == "ATTENDED");
                let history = array(data, "/registerAttendance/meeting/history")?;
                ensure!(
                    history.len() == 2 && history[1]["toStatus"] == "ATTENDED",
                    "{history:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "ReportSick",
            label: "ReportSick",
            who: |w| w.citizen_1,
            variables: |s, _| {
                set_clock(s, "2026-11-10T07:00:00Z")?;
                Ok(json!({ "idempotencyKey": "e2e-sick" }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/reportSick/absence/typeCode")? == "SYGEMELDING");
                ensure!(string(data, "/reportSick/absence/startsOn")? == "2026-11-10");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "FollowUp",
            label: "FollowUpWhileSick",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "citizenId": id(s.world.citizen_1.subject) })),
            check: |_, _, data| {
                let c = at(data, "/caseworker/citizen")?;
                ensure!(
                    at(c, "/selfBooking")? == &json!({ "right": false, "duty": false }),
                    "sick: no self-booking"
                );
                // The attended conversation on 9 November restarts the 91-day cadence (DAGPENGE, LAW).
                ensure!(string(c, "/nextConversation/dueOn")? == "2027-02-08", "{c}");
                ensure!(string(c, "/nextConversation/source")? == "LAW");
                ensure!(
                    string(c, "/nextConversation/lastConversationAt")?
                        .starts_with("2026-11-09T09:00:00")
                );
                ensure!(string(c, "/absences/0/typeCode")? == "SYGEMELDING");
                ensure!(array(data, "/caseworker/meetingsMissingRegistration")?.is_empty());
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "RegisterAbsence",
            label: "RegisterHoliday",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(
                    json!({ "input": { "citizenId": id(s.world.citizen_2.subject), "typeCode": "FERIE", "startsOn": "2026-12-21", "endsOn": "2027-01-01" } }),
                )
            },
            check: |_, _, data| {
                ensure!(string(data, "/registerAbsence/absence/typeCode")? == "FERIE");
                ensure!(string(data, "/registerAbsence/absence/reportedBy")? == "CASEWORKER");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "ReportRecovered",
            label: "ReportRecovered",
            who: |w| w.citizen_1,
            variables: |s, _| {
                set_clock(s, "2026-11-13T07:00:00Z")?;
                Ok(json!({}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/reportRecovered/absence/endsOn")? == "2026-11-12");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "MyMeetings",
            label: "MyMeetings",
            who: |w| w.citizen_1,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let statuses: Vec<&str> = array(data, "/citizen/meetings")?
                    .iter()
                    .filter_map(|m| m["status"].as_str())
                    .collect();
                ensure!(
                    statuses == vec!["CANCELLED_BY_JOBCENTRE", "CANCELLED_BY_CITIZEN", "ATTENDED"],
                    "newest first: the summons, the moved-then-cancelled booking, the attended one; got {statuses:?}"
                );
                ensure!(string(data, "/citizen/absences/0/endsOn")? == "2026-11-12");
                Ok(())
            },
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_meeting_flows_run_over_http() -> Result<()> {
    let server = Server::start().await?;
    server.app.clock.set(
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .context("a valid time")?,
    );
    flow::run(&server, steps()).await?;
    server.stop().await
}
