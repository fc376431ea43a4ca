//! How plans react to their events: a version for a citizen not obliged to use the portal goes
//! out by Digital Post and is valid once that letter is handed over (rule 5, `003:401-438`);
//! information sent on a plan alerts the caseworkers on the citizen's open cases.

use chrono::{DateTime, Utc};
use jobbro_entities::{enums::Channel, letter, plan_version};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, sea_query::Expr};

use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// The kind of the letter that carries a plan version.
pub const PLAN_LETTER: &str = "PLAN_VERSION";

/// Plan letters, their delivery, and alerts on follow-ups.
#[derive(Debug, Default, Clone, Copy)]
pub struct PlanEvents;

#[async_trait::async_trait]
impl EventHandler for PlanEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let mut fx = Effects::none();
        match event {
            DomainEvent::PlanPublished {
                citizen_id,
                by_digital_post,
                ..
            } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                if *by_digital_post {
                    // Rule 5: by Digital Post, whatever channel the citizen prefers.
                    fx.letter_by(
                        &p,
                        Channel::DigitalPost,
                        PLAN_LETTER,
                        "Din plan (Min Plan)",
                        "Jobcenteret har opdateret din plan. Du kan læse den i Digital Post og på Jobnet.",
                    );
                }
            }
            DomainEvent::PlanFollowUpSubmitted { citizen_id, .. } => {
                let p = citizens::service::recipient(db, *citizen_id).await?;
                for cw in cases::service::assigned_caseworkers(db, p.id).await? {
                    fx.alert(
                        &p,
                        cw,
                        "PLAN_FOLLOW_UP",
                        "Der er kommet nye oplysninger til en plan.",
                    );
                }
            }
            _ => {}
        }
        Ok(fx)
    }

    /// The version a plan letter carries is delivered once the letter is handed over.
    async fn after_send(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
        letters: &[letter::Model],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let DomainEvent::PlanPublished { version_id, .. } = event else {
            return Ok(());
        };
        if letters.iter().any(|l| l.kind == PLAN_LETTER) {
            plan_version::Entity::update_many()
                .col_expr(plan_version::Column::DeliveredAt, Expr::value(Some(now)))
                .filter(plan_version::Column::Id.eq(*version_id))
                .filter(plan_version::Column::DeliveredAt.is_null())
                .exec(db)
                .await?;
        }
        Ok(())
    }
}
