//! How change requests reach the caseworkers: a new request, and one left undecided past its
//! due day, alert the caseworkers on the citizen's open cases.

use sea_orm::DatabaseTransaction;

use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Alerts about change requests.
#[derive(Debug, Default, Clone, Copy)]
pub struct ChangeEvents;

#[async_trait::async_trait]
impl EventHandler for ChangeEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let (citizen_id, kind, message) = match event {
            DomainEvent::OfferChangeRequested { citizen_id, .. } => (
                citizen_id,
                "OFFER_CHANGE_REQUESTED",
                "En leverandør anmoder om ændring af et tilbud; svar inden for 3 hverdage.",
            ),
            DomainEvent::OfferChangeOverdue { citizen_id, .. } => (
                citizen_id,
                "OFFER_CHANGE_OVERDUE",
                "En anmodning om ændring af et tilbud er ikke besvaret til tiden.",
            ),
            _ => return Ok(Effects::none()),
        };
        let person = citizens::service::recipient(db, *citizen_id).await?;
        let mut fx = Effects::none();
        for cw in cases::service::assigned_caseworkers(db, person.id).await? {
            fx.alert(&person, cw, kind, message);
        }
        Ok(fx)
    }
}
