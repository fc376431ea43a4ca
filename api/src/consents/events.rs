//! How consents react to their events: the citizen gets a receipt for every grant and
//! revocation; a revocation also alerts the caseworkers on the citizen's open cases, since
//! something they rely on may no longer be shared.

use sea_orm::DatabaseTransaction;

use super::purpose_text;
use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Receipts for consents, and alerts on revocations.
#[derive(Debug, Default, Clone, Copy)]
pub struct ConsentEvents;

#[async_trait::async_trait]
impl EventHandler for ConsentEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let mut fx = Effects::none();
        match event {
            DomainEvent::ConsentGranted {
                citizen_id,
                purpose,
                ..
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let body = format!(
                    "Du har givet samtykke til: {}. Du kan altid se og ændre dine samtykker i portalen.",
                    purpose_text(*purpose)
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
                let p = citizens::service::recipient(db, *citizen_id).await?;
                let body = format!(
                    "Du har tilbagekaldt samtykke til: {}. Du kan altid se og ændre dine samtykker i portalen.",
                    purpose_text(*purpose)
                );
                fx.letter(
                    &p,
                    "CONSENT_REVOKED_RECEIPT",
                    "Kvittering: samtykke tilbagekaldt",
                    body,
                );
                for cw in cases::service::assigned_caseworkers(db, p.id).await? {
                    fx.alert(
                        &p,
                        cw,
                        "CONSENT_REVOKED",
                        "En borger har tilbagekaldt et samtykke.",
                    );
                }
            }
            _ => {}
        }
        Ok(fx)
    }
}
