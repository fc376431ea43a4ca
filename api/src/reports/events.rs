//! How supplier reports react to events: an offer's start schedules its reports and its end
//! moves the final one (written once per event, in the worker's closing transaction); a
//! submitted report gives the caseworkers a task when it needs action and an alert otherwise
//! (`003:103-117`).

use chrono::{DateTime, Utc};
use jobbro_entities::letter;
use sea_orm::DatabaseTransaction;

use crate::{
    cases, citizens,
    kernel::workdays::Workdays,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Workdays a caseworker has to act on a report that needs action.
pub const ACTION_WORKDAYS: u32 = 2;

/// Schedules and tasks of supplier reports.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReportEvents;

#[async_trait::async_trait]
impl EventHandler for ReportEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let DomainEvent::SupplierReportSubmitted {
            citizen_id,
            action_needed,
            submitted_on,
            ..
        } = event
        else {
            return Ok(Effects::none());
        };
        let person = citizens::service::recipient(db, *citizen_id).await?;
        let mut fx = Effects::none();
        let caseworkers = cases::service::assigned_caseworkers(db, person.id).await?;
        if *action_needed {
            let due = Workdays::around(db, *submitted_on, ACTION_WORKDAYS)
                .await?
                .add(*submitted_on, ACTION_WORKDAYS);
            let due_at = due
                .and_hms_opt(14, 0, 0)
                .map(|t| t.and_utc())
                .unwrap_or_default();
            for cw in caseworkers {
                fx.task(
                    &person,
                    cw,
                    (
                        "SUPPLIER_REPORT_ACTION",
                        "En leverandørrapport kræver handling.",
                    ),
                    due_at,
                );
            }
        } else {
            for cw in caseworkers {
                fx.alert(
                    &person,
                    cw,
                    "SUPPLIER_REPORT_SUBMITTED",
                    "En leverandørrapport er modtaget.",
                );
            }
        }
        Ok(fx)
    }

    async fn after_send(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
        _letters: &[letter::Model],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        match event {
            DomainEvent::ActivationStarted {
                service_order_id, ..
            } => super::service::schedule_order(db, *service_order_id, now).await?,
            DomainEvent::ActivationEnded {
                service_order_id,
                ended_on,
                ..
            } => super::service::order_ended(db, *service_order_id, *ended_on, true).await?,
            DomainEvent::ActivationCancelled {
                service_order_id,
                started_on,
                cancelled_on,
                ..
            } => {
                super::service::order_ended(
                    db,
                    *service_order_id,
                    *cancelled_on,
                    started_on.is_some(),
                )
                .await?
            }
            _ => {}
        }
        Ok(())
    }
}
