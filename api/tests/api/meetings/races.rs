//! The race for the last seat (`000:152-159`).

use std::sync::Arc;

use chrono::Duration;
use jobbro_api::testing::{TestApp, world};
use jobbro_entities::meeting;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::user_error,
    meetings::{book, new_slot},
    time::tomorrow,
};

use super::{outbox_count, slot_row};

/// `000:152-159`: two citizens of the same job centre book the last seat at the same moment, from
/// two tasks on a multi-threaded runtime released together; the database settles it: one
/// booking, one `SLOT_FULL`, the counter at 1, one meeting. Ten rounds, each on a fresh slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn race_000_152_two_citizens_booking_the_last_seat_get_one_meeting_and_one_slot_full()
-> anyhow::Result<()> {
    let app = Arc::new(TestApp::spawn().await?);
    let w = world(&app.db).await?;
    let mut winners = [0_u32; 2];
    for round in 0..10_i64 {
        let starts = tomorrow() + Duration::hours(round);
        let slot = new_slot(&app, &w.caseworker_a, starts, json!({ "capacity": 1 })).await?;
        let gate = Arc::new(tokio::sync::Barrier::new(2));
        let racers = [w.citizen_1, w.citizen_2].map(|who| {
            let (app, gate, slot) = (app.clone(), gate.clone(), slot.clone());
            tokio::spawn(async move {
                gate.wait().await;
                book(&app, &who, &slot).await
            })
        });
        let [one, two] = racers;
        let (one, two) = (one.await??, two.await??);
        let outcomes = [&one, &two];
        let won: Vec<usize> = (0..2)
            .filter(|i| outcomes[*i]["userErrors"] == json!([]))
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {one} / {two}");
        let (winner, loser) = (won[0], 1 - won[0]);
        winners[winner] += 1;
        assert_eq!(
            user_error(outcomes[loser]),
            (json!("SLOT_FULL"), json!(["input", "slotId"])),
            "round {round}: {}",
            outcomes[loser]
        );
        assert_eq!(outcomes[loser]["meeting"], Value::Null);
        assert_eq!(outcomes[winner]["meeting"]["status"], "SCHEDULED");
        assert_eq!(slot_row(&app, &slot).await?.booked, 1, "round {round}");
        let meetings = meeting::Entity::find()
            .filter(meeting::Column::SlotId.eq(Uuid::parse_str(&slot)?))
            .count(&app.db)
            .await?;
        assert_eq!(meetings, 1, "round {round}: one meeting row");
    }
    assert_eq!(winners[0] + winners[1], 10);
    assert_eq!(outbox_count(&app, "MeetingBooked").await?, 10);
    Ok(())
}
