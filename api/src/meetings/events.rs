//! How meetings react to their events: the citizen gets a letter for a booking, a move, a
//! cancellation by the job centre, a summons and a request to book; the caseworker is alerted
//! about statutory bookings, cancellations by the citizen (afbud), arrivals and no-shows. A
//! booking or an afbud in a colleague's slot alerts the citizen's own caseworkers as well as the
//! slot's.

use anyhow::Context as _;
use jobbro_entities::{booking_deadline, enums::MeetingStatus, meeting};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait};
use uuid::Uuid;

use crate::{
    cases, citizens,
    kernel::clock::{danish_datetime, danish_hour},
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Letters and alerts about meetings.
#[derive(Debug, Default, Clone, Copy)]
pub struct MeetingEvents;

async fn meeting(db: &impl ConnectionTrait, id: Uuid) -> anyhow::Result<meeting::Model> {
    meeting::Entity::find_by_id(id)
        .one(db)
        .await?
        .with_context(|| format!("meeting {id} of an event is gone"))
}

/// The slot's caseworker and the caseworkers on the citizen's open cases, each once.
async fn slot_and_case_caseworkers(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
    slot_caseworker: Uuid,
) -> anyhow::Result<Vec<Uuid>> {
    let mut who = vec![slot_caseworker];
    for id in cases::service::assigned_caseworkers(db, citizen_id).await? {
        if !who.contains(&id) {
            who.push(id);
        }
    }
    Ok(who)
}

/// A meeting in a letter: when (Danish time) and where.
fn describe(m: &meeting::Model) -> String {
    format!("{}, {}", danish_datetime(m.starts_at), m.location)
}

#[async_trait::async_trait]
impl EventHandler for MeetingEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let mut fx = Effects::none();
        match event {
            DomainEvent::MeetingBooked {
                meeting_id,
                citizen_id,
                caseworker_id,
                statutory,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                fx.letter(
                    &p,
                    "MEETING_CONFIRMATION",
                    "Bekræftelse af booket møde",
                    format!("Du har booket et møde med jobcenteret: {}.", describe(&m)),
                );
                if *statutory {
                    // `000:155`: staff are alerted automatically about statutory meetings.
                    for who in slot_and_case_caseworkers(db, *citizen_id, *caseworker_id).await? {
                        fx.alert(
                            &p,
                            who,
                            "MEETING_BOOKED",
                            format!(
                                "En borger har booket en jobsamtale {}.",
                                danish_datetime(m.starts_at)
                            ),
                        );
                    }
                }
            }
            DomainEvent::MeetingRescheduled {
                meeting_id,
                citizen_id,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                fx.letter(
                    &p,
                    "MEETING_MOVED",
                    "Dit møde er flyttet",
                    format!("Dit møde med jobcenteret er flyttet til {}.", describe(&m)),
                );
            }
            DomainEvent::MeetingCancelledByCitizen {
                meeting_id,
                citizen_id,
                caseworker_id,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                for who in slot_and_case_caseworkers(db, *citizen_id, *caseworker_id).await? {
                    fx.alert(
                        &p,
                        who,
                        "MEETING_CANCELLED_BY_CITIZEN",
                        format!("Afbud til mødet {}.", danish_datetime(m.starts_at)),
                    );
                }
            }
            DomainEvent::MeetingCancelledByJobcentre {
                meeting_id,
                citizen_id,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                fx.letter(
                    &p,
                    "MEETING_CANCELLED",
                    "Dit møde er aflyst",
                    format!(
                        "Jobcenteret har aflyst mødet {}. Du hører fra os om en ny tid.",
                        describe(&m)
                    ),
                );
            }
            DomainEvent::CitizenSummoned {
                meeting_id,
                citizen_id,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                fx.letter(
                    &p,
                    "SUMMONS",
                    "Indkaldelse til møde i jobcenteret",
                    format!(
                        "Du er indkaldt til møde: {}. Meld afbud i portalen, hvis du ikke kan komme.",
                        describe(&m)
                    ),
                );
            }
            DomainEvent::SelfBookingRequested {
                deadline_id,
                citizen_id,
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let due = booking_deadline::Entity::find_by_id(*deadline_id)
                    .one(db)
                    .await?
                    .with_context(|| format!("booking deadline {deadline_id} is gone"))?;
                fx.letter(
                    &p,
                    "SELF_BOOKING_REQUEST",
                    "Book din samtale",
                    format!(
                        "Book din næste samtale i portalen senest {}.",
                        danish_datetime(due.due_at)
                    ),
                );
            }
            DomainEvent::CitizenArrived {
                meeting_id,
                caseworker_id,
                starts_at,
            } => {
                let m = meeting(db, *meeting_id).await?;
                let p = citizens::service::recipient(db, m.citizen_id).await?;
                // Rule 14: the notice pops up while the caseworker may sit with another citizen,
                // so it names the appointment, never the person.
                fx.alert(
                    &p,
                    *caseworker_id,
                    "ARRIVAL",
                    format!("Din aftale kl. {} er mødt op.", danish_hour(*starts_at)),
                );
            }
            // Rule 4: a no-show at a self-booked meeting counts as any no-show.
            DomainEvent::AttendanceRegistered {
                citizen_id,
                status: MeetingStatus::NoShow,
                meeting_id,
                ..
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let m = meeting(db, *meeting_id).await?;
                for cw in cases::service::assigned_caseworkers(db, p.id).await? {
                    fx.alert(
                        &p,
                        cw,
                        "NO_SHOW",
                        format!("Udeblivelse fra mødet {}.", danish_datetime(m.starts_at)),
                    );
                }
            }
            _ => {}
        }
        Ok(fx)
    }
}
