//! How providers' events reach others: the activation's start, end and cancellation, and absence
//! and no-show at an offer, are told to the benefits service (`004:364-372`); delivery under the
//! service's threshold two weeks running alerts the caseworkers on the citizen's open cases
//! (`000:189-191`).

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
                ..
            } => {
                let notice = match kind {
                    AttendanceKind::Attended => return Ok(Effects::none()),
                    AttendanceKind::NoShow => BenefitsNoticeKind::OfferNoShow,
                    AttendanceKind::AbsentSick | AttendanceKind::AbsentExcused => {
                        BenefitsNoticeKind::OfferAbsence
                    }
                };
                (*service_order_id, *citizen_id, notice, *day)
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
            _ => return Ok(Effects::none()),
        };
        let person = citizens::service::recipient(db, citizen).await?;
        let mut fx = Effects::none();
        fx.benefits_notice(&person, order, kind, day);
        Ok(fx)
    }
}
