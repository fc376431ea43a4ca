//! How companies' events reach the citizen: when a caseworker presents a candidate, the
//! citizen gets one letter saying their CV was sent to the employer and that, if they have not
//! heard from the employer within the days the policy holds (`cv_sent_notice_policies`), they
//! have not been considered (rule 18, `003:3480-3488`, `003:3514-3521`, `003:3536`).
//!
//! The step is procedural, not a decision: the letter names no refusal and no decision, carries
//! no complaint guidance and asks for no hearing; there is no individual letter or call later.
//!
//! An internship extension not confirmed by the company a few workdays before the placement
//! ends alerts the citizen's caseworkers (`003:4506-4514`).

use chrono::{Duration, NaiveDate};
use jobbro_entities::{company, cv_sent_notice_policy, job_order};
use sea_orm::{ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    cases, citizens,
    outbox::{DomainEvent, Effects, EventHandler},
};

/// The letter kind of rule 18.
pub const CV_SENT: &str = "CV_SENT";

/// The alert kind of an internship extension still unconfirmed close to the end.
pub const EXTENSION_UNCONFIRMED: &str = "PLACEMENT_EXTENSION_UNCONFIRMED";

/// The days the employer has to answer on `day`, from the policy in force (14 when none is).
async fn reply_days(db: &DatabaseTransaction, day: NaiveDate) -> anyhow::Result<i64> {
    let policy = cv_sent_notice_policy::Entity::find()
        .filter(cv_sent_notice_policy::Column::ValidFrom.lte(day))
        .filter(
            Condition::any()
                .add(cv_sent_notice_policy::Column::ValidTo.is_null())
                .add(cv_sent_notice_policy::Column::ValidTo.gte(day)),
        )
        .order_by_desc(cv_sent_notice_policy::Column::ValidFrom)
        .one(db)
        .await?;
    Ok(policy.map_or(14, |p| i64::from(p.reply_days)))
}

/// The letter of rule 18: subject and body. The only template the presenting step produces.
pub fn cv_sent_letter(
    employer: &str,
    job_title: &str,
    reply_days: i64,
    answer_by: NaiveDate,
) -> (String, String) {
    (
        "Dit CV er sendt til en arbejdsgiver".to_string(),
        format!(
            "Vi kan oplyse dig om, at dit CV er sendt til {employer} i forbindelse med jobbet \
             \"{job_title}\".\n\nHvis du ikke har hørt fra arbejdsgiveren inden {reply_days} \
             dage, det vil sige senest den {}, er du desværre ikke kommet i betragtning til \
             jobbet denne gang.\n\nDu kan altid se dit CV og dine samtykker i portalen.",
            answer_by.format("%d.%m.%Y")
        ),
    )
}

/// The rule-18 letter for presented candidates, and the alert about an unconfirmed extension.
#[derive(Debug, Default, Clone, Copy)]
pub struct CompanyEvents;

#[async_trait::async_trait]
impl EventHandler for CompanyEvents {
    async fn react(
        &self,
        db: &DatabaseTransaction,
        event: &DomainEvent,
    ) -> anyhow::Result<Effects> {
        let mut fx = Effects::none();
        if let DomainEvent::CandidatePresented {
            citizen_id,
            job_order_id,
            presented_on,
            ..
        } = event
        {
            let person = citizens::service::recipient(db, *citizen_id).await?;
            let order = job_order::Entity::find_by_id(*job_order_id)
                .one(db)
                .await?
                .ok_or_else(|| anyhow::anyhow!("job order {job_order_id} of an event is gone"))?;
            let employer = company::Entity::find_by_id(order.company_id)
                .one(db)
                .await?
                .map_or_else(|| "arbejdsgiveren".to_string(), |c| c.name);
            let days = reply_days(db, *presented_on).await?;
            let (subject, body) = cv_sent_letter(
                &employer,
                &order.title,
                days,
                *presented_on + Duration::days(days),
            );
            fx.letter(&person, CV_SENT, &subject, body);
        }
        if let DomainEvent::PlacementExtensionUnconfirmed {
            citizen_id,
            ends_on,
            ..
        } = event
        {
            let person = citizens::service::recipient(db, *citizen_id).await?;
            let message = format!(
                "En forlængelse af en virksomhedspraktik er ikke bekræftet af virksomheden, og \
                 praktikken slutter den {}.",
                ends_on.format("%d.%m.%Y")
            );
            for cw in cases::service::assigned_caseworkers(db, person.id).await? {
                fx.alert(&person, cw, EXTENSION_UNCONFIRMED, message.clone());
            }
        }
        Ok(fx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rule 18: the letter never speaks of a refusal (afslag, afslå …) or a decision
    /// (afgørelse, afgøre, afgjort …), in any inflection or case, and gives no complaint
    /// guidance.
    #[test]
    fn the_cv_letter_names_no_refusal_and_no_decision() {
        let forbidden = regex::Regex::new(r"(?i)afsla|afslå|afgø|afgj|klage|partshøring")
            .unwrap_or_else(|e| panic!("{e}"));
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        for (employer, title, days) in [
            ("Nordby Bageri ApS", "Bagermedhjælper", 14),
            ("AFSLAG A/S", "Afgørende rolle", 1),
            ("Lilleå Kommune", "Pædagogmedhjælper", 30),
        ] {
            let (subject, body) = cv_sent_letter(employer, title, days, day);
            // The template's own words, without what the employer wrote.
            let own = body.replace(employer, "").replace(title, "");
            assert!(!forbidden.is_match(&subject), "{subject}");
            assert!(!forbidden.is_match(&own), "{own}");
            assert!(body.contains(&format!("inden {days} dage")), "{body}");
            assert!(body.contains("ikke kommet i betragtning"), "{body}");
        }
    }
}
