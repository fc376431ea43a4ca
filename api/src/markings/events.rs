//! The benefits service hears of every person marking set or removed (rule 13, `003:2934-2942`):
//! it must not impose a sanction while a marking is in force, and may again once it is removed.

use jobbro_entities::enums::BenefitsNoticeKind;
use sea_orm::DatabaseTransaction;

use crate::{
    citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Notices to the benefits service about person markings.
#[derive(Debug, Default, Clone, Copy)]
pub struct MarkingEvents;

#[async_trait::async_trait]
impl EventHandler for MarkingEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let (marking, citizen, kind, day) = match event {
            DomainEvent::PersonMarkingSet {
                marking_id,
                citizen_id,
                day,
            } => (
                *marking_id,
                *citizen_id,
                BenefitsNoticeKind::MarkingSet,
                *day,
            ),
            DomainEvent::PersonMarkingRemoved {
                marking_id,
                citizen_id,
                day,
            } => (
                *marking_id,
                *citizen_id,
                BenefitsNoticeKind::MarkingRemoved,
                *day,
            ),
            _ => return Ok(Effects::none()),
        };
        let person = citizens::service::recipient(db, citizen).await?;
        let mut fx = Effects::none();
        fx.marking_notice(&person, marking, kind, day);
        Ok(fx)
    }
}
