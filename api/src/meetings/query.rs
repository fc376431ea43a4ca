//! Reads used by the audience types' meeting fields.

use chrono::{DateTime, Utc};
use jobbro_entities::{booking_deadline, citizen};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::types::BookingDeadline;
use crate::{
    absences::situation::{SelfBooking, Situation},
    clock::danish_date,
    error::AppResult,
};

/// Whether the citizen may and must self-book today (rule 4).
pub async fn self_booking(
    db: &impl ConnectionTrait,
    person: &citizen::Model,
    now: DateTime<Utc>,
) -> AppResult<SelfBooking> {
    Ok(Situation::load(db, person.clone(), danish_date(now))
        .await?
        .self_booking())
}

/// The citizen's booking deadlines, newest first.
pub async fn deadlines(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> AppResult<Vec<BookingDeadline>> {
    Ok(booking_deadline::Entity::find()
        .filter(booking_deadline::Column::CitizenId.eq(citizen_id))
        .order_by_desc(booking_deadline::Column::DueAt)
        .all(db)
        .await?
        .into_iter()
        .map(BookingDeadline::from)
        .collect())
}
