//! What each event causes: alerts for caseworkers, letters for citizens, notices for the
//! unemployment fund. Alert texts carry no sensitive data (rule 14, `003:1626-1631`): they name
//! what happened and point at the citizen record, which the caseworker opens under the usual
//! audit.

use anyhow::Context as _;
use jobbro_entities::{
    case, citizen,
    enums::{Channel, FundNotificationKind, MeetingStatus},
    meeting,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::DomainEvent;
use crate::absences::SICK_REPORT;

pub(super) struct NewAlert {
    pub jobcentre_id: Uuid,
    pub caseworker_id: Uuid,
    pub citizen_id: Uuid,
    pub kind: &'static str,
    pub message: String,
}

pub(super) struct NewLetter {
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub channel: Channel,
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

pub(super) struct NewFundNotice {
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub absence_id: Uuid,
    pub kind: FundNotificationKind,
}

#[derive(Default)]
pub(super) struct Effects {
    pub alerts: Vec<NewAlert>,
    pub letters: Vec<NewLetter>,
    pub fund: Vec<NewFundNotice>,
    /// Plan versions delivered once this event's letters are sent.
    pub delivers_plan_versions: Vec<Uuid>,
}

impl Effects {
    fn alert(
        &mut self,
        person: &citizen::Model,
        caseworker_id: Uuid,
        kind: &'static str,
        message: impl Into<String>,
    ) {
        self.alerts.push(NewAlert {
            jobcentre_id: person.jobcentre_id,
            caseworker_id,
            citizen_id: person.id,
            kind,
            message: message.into(),
        });
    }

    fn letter(&mut self, person: &citizen::Model, kind: &'static str, subject: &str, body: String) {
        self.letters.push(NewLetter {
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            channel: person.preferred_channel,
            kind,
            subject: subject.to_string(),
            body,
        });
    }
}

/// A time as Danes read it, in Danish time: `03.11.2026 kl. 10:00`.
fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Copenhagen)
        .format("%d.%m.%Y kl. %H:%M")
        .to_string()
}

async fn person(db: &impl ConnectionTrait, id: Uuid) -> anyhow::Result<citizen::Model> {
    citizen::Entity::find_by_id(id)
        .one(db)
        .await?
        .with_context(|| format!("citizen {id} of an event is gone"))
}

async fn meeting(db: &impl ConnectionTrait, id: Uuid) -> anyhow::Result<meeting::Model> {
    meeting::Entity::find_by_id(id)
        .one(db)
        .await?
        .with_context(|| format!("meeting {id} of an event is gone"))
}

fn describe(m: &meeting::Model) -> String {
    format!("{}, {}", local_time(m.starts_at), m.location)
}

/// What an event causes.
pub(super) async fn effects_of(
    db: &impl ConnectionTrait,
    event: &DomainEvent,
) -> anyhow::Result<Effects> {
    let mut fx = Effects::default();
    match event {
        DomainEvent::ConsentGranted {
            citizen_id,
            purpose,
            ..
        } => {
            let p = person(db, *citizen_id).await?;
            let body = format!(
                "Du har givet samtykke til: {}. Du kan altid se og ændre dine samtykker i portalen.",
                crate::consents::purpose_text(*purpose)
            );
            fx.letter(
                &p,
                "CONSENT_GRANTED_RECEIPT",
                "Kvittering: samtykke givet",
                body,
            );
        }
        DomainEvent::ConsentRevoked {
            citizen_id,
            purpose,
            ..
        } => {
            let p = person(db, *citizen_id).await?;
            let body = format!(
                "Du har tilbagekaldt samtykke til: {}. Du kan altid se og ændre dine samtykker i portalen.",
                crate::consents::purpose_text(*purpose)
            );
            fx.letter(
                &p,
                "CONSENT_REVOKED_RECEIPT",
                "Kvittering: samtykke tilbagekaldt",
                body,
            );
            for cw in assigned_caseworkers(db, p.id).await? {
                fx.alert(
                    &p,
                    cw,
                    "CONSENT_REVOKED",
                    "En borger har tilbagekaldt et samtykke.",
                );
            }
        }
        DomainEvent::AbsenceStarted {
            absence_id,
            citizen_id,
            type_code,
            notify_fund,
            ..
        } => {
            absence_effects(
                &mut fx,
                db,
                (*absence_id, *citizen_id),
                type_code,
                *notify_fund,
                true,
            )
            .await?;
        }
        DomainEvent::AbsenceEnded {
            absence_id,
            citizen_id,
            type_code,
            notify_fund,
        } => {
            absence_effects(
                &mut fx,
                db,
                (*absence_id, *citizen_id),
                type_code,
                *notify_fund,
                false,
            )
            .await?;
        }
        DomainEvent::MeetingBooked {
            meeting_id,
            citizen_id,
            caseworker_id,
            statutory,
        } => {
            let (p, m) = (
                person(db, *citizen_id).await?,
                meeting(db, *meeting_id).await?,
            );
            fx.letter(
                &p,
                "MEETING_CONFIRMATION",
                "Bekræftelse af booket møde",
                format!("Du har booket et møde med jobcenteret: {}.", describe(&m)),
            );
            if *statutory {
                // `000:155`: staff are alerted automatically about statutory meetings.
                fx.alert(
                    &p,
                    *caseworker_id,
                    "MEETING_BOOKED",
                    format!(
                        "En borger har booket en jobsamtale {}.",
                        local_time(m.starts_at)
                    ),
                );
            }
        }
        DomainEvent::MeetingRescheduled {
            meeting_id,
            citizen_id,
        } => {
            let (p, m) = (
                person(db, *citizen_id).await?,
                meeting(db, *meeting_id).await?,
            );
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
            let (p, m) = (
                person(db, *citizen_id).await?,
                meeting(db, *meeting_id).await?,
            );
            fx.alert(
                &p,
                *caseworker_id,
                "MEETING_CANCELLED_BY_CITIZEN",
                format!("Afbud til mødet {}.", local_time(m.starts_at)),
            );
        }
        DomainEvent::MeetingCancelledByJobcentre {
            meeting_id,
            citizen_id,
        } => {
            let (p, m) = (
                person(db, *citizen_id).await?,
                meeting(db, *meeting_id).await?,
            );
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
            let (p, m) = (
                person(db, *citizen_id).await?,
                meeting(db, *meeting_id).await?,
            );
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
            let p = person(db, *citizen_id).await?;
            let due = jobbro_entities::booking_deadline::Entity::find_by_id(*deadline_id)
                .one(db)
                .await?
                .with_context(|| format!("booking deadline {deadline_id} is gone"))?;
            fx.letter(
                &p,
                "SELF_BOOKING_REQUEST",
                "Book din samtale",
                format!(
                    "Book din næste samtale i portalen senest {}.",
                    local_time(due.due_at)
                ),
            );
        }
        DomainEvent::CitizenArrived {
            meeting_id,
            caseworker_id,
            starts_at,
        } => {
            let m = meeting(db, *meeting_id).await?;
            let p = person(db, m.citizen_id).await?;
            // Rule 14: the notice pops up while the caseworker may sit with another citizen, so
            // it names the appointment, never the person.
            let hour = starts_at
                .with_timezone(&chrono_tz::Europe::Copenhagen)
                .format("%H:%M");
            fx.alert(
                &p,
                *caseworker_id,
                "ARRIVAL",
                format!("Din aftale kl. {hour} er mødt op."),
            );
        }
        DomainEvent::PlanPublished {
            version_id,
            citizen_id,
            by_digital_post,
        } => {
            let p = person(db, *citizen_id).await?;
            if *by_digital_post {
                // Rule 5 (`003:401-438`): a citizen not obliged to use the portal gets the plan
                // by Digital Post, whatever channel they prefer; it is valid once delivered.
                fx.letters.push(NewLetter {
                    jobcentre_id: p.jobcentre_id,
                    citizen_id: p.id,
                    channel: Channel::DigitalPost,
                    kind: "PLAN_VERSION",
                    subject: "Din plan (Min Plan)".into(),
                    body: "Jobcenteret har opdateret din plan. Du kan læse den i Digital Post og på Jobnet.".into(),
                });
                fx.delivers_plan_versions.push(*version_id);
            }
        }
        DomainEvent::PlanFollowUpSubmitted { citizen_id, .. } => {
            let p = person(db, *citizen_id).await?;
            for cw in assigned_caseworkers(db, p.id).await? {
                fx.alert(
                    &p,
                    cw,
                    "PLAN_FOLLOW_UP",
                    "Der er kommet nye oplysninger til en plan.",
                );
            }
        }
        DomainEvent::AttendanceRegistered {
            citizen_id,
            status,
            meeting_id,
            ..
        } => {
            // Rule 4: a no-show at a self-booked meeting counts as any no-show.
            if *status == MeetingStatus::NoShow {
                let (p, m) = (
                    person(db, *citizen_id).await?,
                    meeting(db, *meeting_id).await?,
                );
                for cw in assigned_caseworkers(db, p.id).await? {
                    fx.alert(
                        &p,
                        cw,
                        "NO_SHOW",
                        format!("Udeblivelse fra mødet {}.", local_time(m.starts_at)),
                    );
                }
            }
        }
    }
    Ok(fx)
}

/// A sick report or recovery alerts the assigned caseworkers; types that notify the fund are told
/// to it on start and end (rule 3, `002:145-153`).
async fn absence_effects(
    fx: &mut Effects,
    db: &impl ConnectionTrait,
    (absence_id, citizen_id): (Uuid, Uuid),
    type_code: &str,
    notify_fund: bool,
    started: bool,
) -> anyhow::Result<()> {
    let p = person(db, citizen_id).await?;
    if type_code == SICK_REPORT {
        let (kind, message) = if started {
            ("SICK_REPORTED", "En borger har meldt sig syg.")
        } else {
            ("RECOVERY_REPORTED", "En borger har meldt sig rask.")
        };
        for cw in assigned_caseworkers(db, p.id).await? {
            fx.alert(&p, cw, kind, message);
        }
    }
    if notify_fund {
        fx.fund.push(NewFundNotice {
            jobcentre_id: p.jobcentre_id,
            citizen_id: p.id,
            absence_id,
            kind: if started {
                FundNotificationKind::SickReport
            } else {
                FundNotificationKind::RecoveryReport
            },
        });
    }
    Ok(())
}

/// Caseworkers assigned to the citizen's open cases.
async fn assigned_caseworkers(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
) -> anyhow::Result<Vec<Uuid>> {
    let rows: Vec<Option<Uuid>> = case::Entity::find()
        .select_only()
        .column(case::Column::AssignedCaseworkerId)
        .filter(case::Column::CitizenId.eq(citizen_id))
        .filter(case::Column::ClosedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut ids: Vec<Uuid> = rows.into_iter().flatten().collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}
