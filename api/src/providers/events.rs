//! How providers' events reach others: the activation's start, end and cancellation, absence and
//! no-show at an offer, hearing requests and a citizen's reappearance are told to the benefits
//! service (`004:364-372`, `003:2862-2876`); delivery under the service's threshold two weeks
//! running, a rejected offer, a hearing request or a withheld one alert the caseworkers on the
//! citizen's open cases (`000:189-191`); a re-summons letter goes to the citizen.

use jobbro_entities::enums::{AttendanceKind, BenefitsNoticeKind};
use sea_orm::DatabaseTransaction;

use crate::{
    cases, citizens,
    kernel::workdays::iso_week,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Notices to the benefits service and delivery alerts.
#[derive(Debug, Default, Clone, Copy)]
pub struct ProviderEvents;

#[async_trait::async_trait]
impl EventHandler for ProviderEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let (order, citizen, kind, day) = match event {
            DomainEvent::ActivationStarted {
                service_order_id,
                citizen_id,
                started_on,
                ..
            } => (
                *service_order_id,
                *citizen_id,
                BenefitsNoticeKind::ActivationStarted,
                *started_on,
            ),
            DomainEvent::ActivationEnded {
                service_order_id,
                citizen_id,
                ended_on,
                ..
            } => (
                *service_order_id,
                *citizen_id,
                BenefitsNoticeKind::ActivationEnded,
                *ended_on,
            ),
            DomainEvent::ActivationCancelled {
                service_order_id,
                citizen_id,
                cancelled_on,
                ..
            } => (
                *service_order_id,
                *citizen_id,
                BenefitsNoticeKind::ActivationCancelled,
                *cancelled_on,
            ),
            DomainEvent::OfferAttendanceRecorded {
                service_order_id,
                citizen_id,
                day,
                kind,
                pending_change_request,
                ..
            } => {
                let notice = match kind {
                    AttendanceKind::Attended => return Ok(Effects::none()),
                    AttendanceKind::NoShow => BenefitsNoticeKind::OfferNoShow,
                    AttendanceKind::AbsentSick | AttendanceKind::AbsentExcused => {
                        BenefitsNoticeKind::OfferAbsence
                    }
                };
                let person = citizens::service::recipient(db, *citizen_id).await?;
                let mut fx = Effects::none();
                fx.benefits_notice(
                    &person,
                    (*service_order_id, *pending_change_request),
                    notice,
                    *day,
                );
                return Ok(fx);
            }
            DomainEvent::DeliveryFellShort {
                citizen_id, weeks, ..
            } => {
                let person = citizens::service::recipient(db, *citizen_id).await?;
                let named: Vec<String> = weeks.iter().map(|w| iso_week(*w)).collect();
                let mut fx = Effects::none();
                for cw in cases::service::assigned_caseworkers(db, person.id).await? {
                    fx.alert(
                        &person,
                        cw,
                        "DELIVERY_BELOW_THRESHOLD",
                        format!(
                            "Et forløb hos en anden aktør har leveret under det aftalte i uge {}.",
                            named.join(" og ")
                        ),
                    );
                }
                return Ok(fx);
            }
            DomainEvent::HearingRequested {
                service_order_id,
                citizen_id,
                day,
                ..
            } => {
                let person = citizens::service::recipient(db, *citizen_id).await?;
                let mut fx = alert_caseworkers(
                    db,
                    &person,
                    "HEARING_REQUESTED",
                    "En borger udeblev igen fra et tilbud; Ydelsesservice er bedt om partshøring.",
                )
                .await?;
                fx.benefits_notice(
                    &person,
                    (*service_order_id, None),
                    BenefitsNoticeKind::HearingRequest,
                    *day,
                );
                return Ok(fx);
            }
            DomainEvent::CitizenReappeared {
                service_order_id,
                citizen_id,
                day,
                ..
            } => (
                *service_order_id,
                *citizen_id,
                BenefitsNoticeKind::CitizenReappeared,
                *day,
            ),
            DomainEvent::OfferRejectedByNoShow { citizen_id, .. } => {
                let person = citizens::service::recipient(db, *citizen_id).await?;
                return alert_caseworkers(
                    db,
                    &person,
                    "OFFER_REJECTED_BY_NO_SHOW",
                    "En borger mødte ikke op på første dag i et tilbud; leverandøren indkalder på ny.",
                )
                .await;
            }
            DomainEvent::HearingWithheld { citizen_id, .. } => {
                let person = citizens::service::recipient(db, *citizen_id).await?;
                return alert_caseworkers(
                    db,
                    &person,
                    "HEARING_WITHHELD",
                    "En borger udeblev igen fra et tilbud; en personmarkering forhindrer partshøring.",
                )
                .await;
            }
            DomainEvent::ResummonsLetterRecorded {
                citizen_id,
                provider_id,
                new_date,
                channel,
                on_behalf,
                ..
            } => {
                let person = citizens::service::recipient(db, *citizen_id).await?;
                let provider = super::service::name_of(db, *provider_id).await?;
                let sender = if *on_behalf {
                    format!("Jobcentret skriver på vegne af {provider}.\n\n")
                } else {
                    String::new()
                };
                let mut fx = Effects::none();
                fx.letter_by(
                    &person,
                    *channel,
                    "OFFER_RESUMMONS",
                    "Ny indkaldelse til dit tilbud",
                    format!(
                        "{sender}Du mødte ikke op på første dag i dit tilbud hos {provider}. \
                         Du er indkaldt til at møde den {}. \
                         Hvis du ikke møder op, kan det få betydning for din ydelse.",
                        new_date.format("%d.%m.%Y")
                    ),
                );
                return Ok(fx);
            }
            _ => return Ok(Effects::none()),
        };
        let person = citizens::service::recipient(db, citizen).await?;
        let mut fx = Effects::none();
        fx.benefits_notice(&person, (order, None), kind, day);
        Ok(fx)
    }
}

/// An alert to every caseworker on the citizen's open cases.
async fn alert_caseworkers(
    db: &DatabaseTransaction,
    person: &jobbro_entities::citizen::Model,
    kind: &'static str,
    message: &str,
) -> anyhow::Result<Effects> {
    let mut fx = Effects::none();
    for cw in cases::service::assigned_caseworkers(db, person.id).await? {
        fx.alert(person, cw, kind, message);
    }
    Ok(fx)
}
