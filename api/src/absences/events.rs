//! How absences react to their events: a sick report or recovery alerts the caseworkers on the
//! citizen's open cases; types that notify the unemployment fund are told to it on start and end
//! (rule 3, `002:145-153`).

use jobbro_entities::enums::FundNotificationKind;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::SICK_REPORT;
use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// Alerts on sick and recovery reports, and notices to the fund.
#[derive(Debug, Default, Clone, Copy)]
pub struct AbsenceEvents;

#[async_trait::async_trait]
impl EventHandler for AbsenceEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        match event {
            DomainEvent::AbsenceStarted {
                absence_id,
                citizen_id,
                type_code,
                notify_fund,
                ..
            } => {
                absence(
                    db,
                    (*absence_id, *citizen_id),
                    type_code,
                    *notify_fund,
                    true,
                )
                .await
            }
            DomainEvent::AbsenceEnded {
                absence_id,
                citizen_id,
                type_code,
                notify_fund,
            } => {
                absence(
                    db,
                    (*absence_id, *citizen_id),
                    type_code,
                    *notify_fund,
                    false,
                )
                .await
            }
            _ => Ok(Effects::none()),
        }
    }
}

/// What an absence starting (or ending) causes.
async fn absence(
    db: &DatabaseTransaction,
    (absence_id, citizen_id): (Uuid, Uuid),
    type_code: &str,
    notify_fund: bool,
    started: bool,
) -> anyhow::Result<Effects> {
    let mut fx = Effects::none();
    let p = citizens::service::recipient(db, citizen_id).await?;
    if type_code == SICK_REPORT {
        let (kind, message) = if started {
            ("SICK_REPORTED", "En borger har meldt sig syg.")
        } else {
            ("RECOVERY_REPORTED", "En borger har meldt sig rask.")
        };
        for cw in cases::service::assigned_caseworkers(db, p.id).await? {
            fx.alert(&p, cw, kind, message);
        }
    }
    if notify_fund {
        let kind = if started {
            FundNotificationKind::SickReport
        } else {
            FundNotificationKind::RecoveryReport
        };
        fx.fund_notice(&p, absence_id, kind);
    }
    Ok(fx)
}
