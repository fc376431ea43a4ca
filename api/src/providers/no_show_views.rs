//! The no-show procedure as each side sees it: job-centre staff in full, the provider without
//! what would tell it about a person marking (whether a hearing was requested or withheld, and
//! the decision's words).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, Channel, NoShowStatus},
    no_show_procedure,
};
use serde::Serialize;

use super::{no_show, orders};
use crate::{
    citizens,
    kernel::{
        context::{db, provider_user, staff, viewer},
        ids::ServiceOrderId,
        user_error::UserError,
    },
};

/// How a re-summons reaches the citizen. A letter (Digital Post or paper) is required; phone
/// and text message may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResummonsChannel {
    /// A letter by Digital Post, sent through jobbro.
    DigitalPost,
    /// A paper letter, sent through jobbro.
    Paper,
    /// A phone call, besides the letter.
    Phone,
    /// A text message, besides the letter.
    Sms,
}

/// Where a no-show procedure stands, as the provider sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum NoShowStep {
    /// Send the citizen a letter with a new date (`recordResummons`).
    AwaitingLetter,
    /// The letter went out; record the citizen's attendance on the new date.
    LetterSent,
    /// The citizen did not come on the new date either; the job centre has taken the case over.
    WithTheJobcentre,
    /// The job centre has decided; the offer may end.
    Decided,
}

/// An order's no-show procedure (rule 9), as job-centre staff see it.
pub struct NoShowProcedure(pub no_show_procedure::Model);

/// An order's no-show procedure (rule 9): a first-day no-show, the re-summons letter, the
/// hearing request (or why it was withheld) and the decision.
#[Object]
impl NoShowProcedure {
    /// The order.
    async fn service_order_id(&self) -> ID {
        ID(self.0.service_order_id.to_string())
    }
    /// The citizen's target group when it began.
    async fn target_group(&self) -> &str {
        &self.0.target_group_code
    }
    /// The offer's first day, on which the citizen did not come (a rejection of the offer).
    async fn first_no_show_on(&self) -> NaiveDate {
        self.0.first_no_show_on
    }
    /// Where the procedure stands.
    async fn status(&self) -> NoShowStatus {
        self.0.status
    }
    /// The new date in the re-summons letter.
    async fn resummons_on(&self) -> Option<NaiveDate> {
        self.0.resummons_on
    }
    /// How the letter went out: DIGITAL_POST or PAPER.
    async fn letter_channel(&self) -> Option<Channel> {
        self.0.letter_channel
    }
    /// The provider also phoned.
    async fn also_by_phone(&self) -> bool {
        self.0.also_by_phone
    }
    /// The provider also sent a text message.
    async fn also_by_sms(&self) -> bool {
        self.0.also_by_sms
    }
    /// The job centre sent the letter on the provider's behalf (protected address).
    async fn sent_on_behalf(&self) -> bool {
        self.0.sent_on_behalf
    }
    /// When the hearing request went to the benefits service.
    async fn hearing_requested_at(&self) -> Option<DateTime<Utc>> {
        self.0.hearing_requested_at
    }
    /// Why no hearing was requested.
    async fn withheld_reason(&self) -> Option<&str> {
        self.0.withheld_reason.as_deref()
    }
    /// The first day the citizen came after the no-show.
    async fn reappeared_on(&self) -> Option<NaiveDate> {
        self.0.reappeared_on
    }
    /// When the decision was recorded.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// The decision, in words.
    async fn decision(&self) -> Option<&str> {
        self.0.decision.as_deref()
    }
    /// Whether the offer must stay open (and keep its seat) until the decision.
    async fn holds_the_offer_open(&self) -> bool {
        no_show::holds_the_offer_open(&self.0)
    }
}

/// An order's no-show procedure, as the provider sees it.
pub struct ProviderNoShowProcedure(pub no_show_procedure::Model);

/// An order's no-show procedure (rule 9), as the provider sees it: what to do next.
#[Object]
impl ProviderNoShowProcedure {
    /// The order.
    async fn service_order_id(&self) -> ID {
        ID(self.0.service_order_id.to_string())
    }
    /// The offer's first day, on which the citizen did not come.
    async fn first_no_show_on(&self) -> NaiveDate {
        self.0.first_no_show_on
    }
    /// What the procedure waits for.
    async fn step(&self) -> NoShowStep {
        match self.0.status {
            NoShowStatus::AwaitingLetter => NoShowStep::AwaitingLetter,
            NoShowStatus::LetterSent => NoShowStep::LetterSent,
            NoShowStatus::HearingRequested | NoShowStatus::HearingWithheld => {
                NoShowStep::WithTheJobcentre
            }
            NoShowStatus::Decided => NoShowStep::Decided,
        }
    }
    /// The new date in the re-summons letter.
    async fn resummons_on(&self) -> Option<NaiveDate> {
        self.0.resummons_on
    }
    /// How the letter went out: DIGITAL_POST or PAPER.
    async fn letter_channel(&self) -> Option<Channel> {
        self.0.letter_channel
    }
    /// The job centre sent the letter on your behalf (the citizen's address is protected).
    async fn sent_on_behalf(&self) -> bool {
        self.0.sent_on_behalf
    }
    /// The first day the citizen came after the no-show.
    async fn reappeared_on(&self) -> Option<NaiveDate> {
        self.0.reappeared_on
    }
}

async fn procedure_of(
    ctx: &Context<'_>,
    order: Option<jobbro_entities::service_order::Model>,
) -> Result<Option<no_show_procedure::Model>> {
    let Some(order) = order else {
        return Ok(None);
    };
    citizens::scope::audit(
        ctx,
        order.citizen_id,
        order.jobcentre_id,
        AuditCategory::Case,
    )?;
    Ok(no_show::of_order(db(ctx)?, order.id).await?)
}

/// The provider workspace's no-show segment.
#[derive(Default)]
pub struct ProviderNoShows;

#[Object]
impl ProviderNoShows {
    /// The no-show procedure of an order sent to your organisation (staff: assigned to you);
    /// null when the order has none or you may not see it.
    async fn no_show_procedure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] service_order_id: ID,
    ) -> Result<Option<ProviderNoShowProcedure>> {
        provider_user(ctx)?;
        let id = ServiceOrderId::parse(&service_order_id, "serviceOrderId").extend()?;
        let order = orders::visible_order(db(ctx)?, viewer(ctx)?, id).await?;
        Ok(procedure_of(ctx, order).await?.map(ProviderNoShowProcedure))
    }
}

/// The staff workspace's no-show segment.
#[derive(Default)]
pub struct StaffNoShows;

#[Object]
impl StaffNoShows {
    /// The no-show procedure of an order of your job centre; null when it has none.
    async fn no_show_procedure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] service_order_id: ID,
    ) -> Result<Option<NoShowProcedure>> {
        let id = ServiceOrderId::parse(&service_order_id, "serviceOrderId").extend()?;
        let order = orders::of_jobcentre(db(ctx)?, staff(ctx)?, id).await?;
        Ok(procedure_of(ctx, order).await?.map(NoShowProcedure))
    }
}

/// Input of `recordResummons`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordResummonsInput {
    /// The order whose citizen did not come on the first day.
    pub service_order_id: ID,
    /// The new date the citizen is summoned to: after today, within the order.
    pub new_date: NaiveDate,
    /// How the citizen is told: one letter (DIGITAL_POST or PAPER), and PHONE or SMS besides if
    /// you like.
    pub channels: Vec<ResummonsChannel>,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `recordNoShowDecision`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordNoShowDecisionInput {
    /// The order with the no-show procedure.
    pub service_order_id: ID,
    /// The decision, in words (for example the sanction decided, or that none is).
    pub decision: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of `recordResummons`.
#[derive(SimpleObject)]
pub struct ResummonsPayload {
    /// The procedure, unless there are user errors.
    pub procedure: Option<ProviderNoShowProcedure>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `recordNoShowDecision`.
#[derive(SimpleObject)]
pub struct NoShowDecisionPayload {
    /// The procedure, unless there are user errors.
    pub procedure: Option<NoShowProcedure>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}
