//! Per-request loaders of a page of citizens' meetings, booking deadlines and self-booking
//! right, each for a whole list of citizens at once.

use std::collections::HashMap;

use jobbro_entities::{booking_deadline, meeting};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{scope, types::Meeting, with_details};
use crate::{
    absences::situation::{SelfBooking, Situation},
    citizens,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        error::AppResult,
    },
};

/// The meetings of each citizen that the viewer may see, newest first, with participants and
/// history: three queries, whatever the number of citizens.
pub struct MeetingsByCitizen;

impl BatchLoad for MeetingsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<Meeting>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = meeting::Entity::find()
            .filter(scope::meetings_visible_to(cx.viewer))
            .filter(meeting::Column::CitizenId.is_in(keys.iter().copied()))
            .order_by_desc(meeting::Column::StartsAt)
            .all(cx.db)
            .await?;
        let mut by_citizen: HashMap<Uuid, Self::Value> = HashMap::new();
        for m in with_details(cx.db, rows).await? {
            let list = by_citizen.entry(m.meeting.citizen_id).or_default();
            if list.len() < super::MAX_CITIZEN_MEETINGS {
                list.push(m);
            }
        }
        Ok(by_citizen)
    }
}

/// The booking deadlines of each citizen, newest first, in one query.
pub struct DeadlinesByCitizen;

impl BatchLoad for DeadlinesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<booking_deadline::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(batch::grouped(
            booking_deadline::Entity::find()
                .filter(scope::deadlines_visible_to(cx.viewer))
                .filter(booking_deadline::Column::CitizenId.is_in(keys.iter().copied()))
                .order_by_desc(booking_deadline::Column::DueAt)
                .all(cx.db)
                .await?,
            |d| d.citizen_id,
        ))
    }
}

/// Whether each citizen may and must self-book today (rule 4), in a fixed number of queries.
pub struct SelfBookingByCitizen;

impl BatchLoad for SelfBookingByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = SelfBooking;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let people = citizens::scope::many(cx.db, cx.viewer, keys.iter().copied()).await?;
        Ok(Situation::load_many(cx.db, people, danish_date(cx.now))
            .await?
            .into_iter()
            .map(|(id, s)| (id, s.self_booking()))
            .collect())
    }
}
