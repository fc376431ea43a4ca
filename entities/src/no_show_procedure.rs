//! `no_show_procedures`: an order's no-show procedure, from the first-day no-show to the
//! decision.

use sea_orm::entity::prelude::*;

use crate::enums::{Channel, NoShowStatus};

/// The no-show procedure of one order (rule 9, `003:2862-2876`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "no_show_procedures")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The order; one procedure per order.
    pub service_order_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The citizen's target group when it began.
    pub target_group_code: String,
    /// The first day of the offer, on which the citizen did not turn up.
    pub first_no_show_on: Date,
    /// Where the procedure stands.
    pub status: NoShowStatus,
    /// The new date in the re-summons letter.
    pub resummons_on: Option<Date>,
    /// How the letter went out: Digital Post or paper.
    pub letter_channel: Option<Channel>,
    /// The provider also phoned.
    pub also_by_phone: bool,
    /// The provider also sent a text message.
    pub also_by_sms: bool,
    /// The job centre sent the letter on the provider's behalf (protected address).
    pub sent_on_behalf: bool,
    /// When the letter was recorded.
    pub letter_recorded_at: Option<DateTimeUtc>,
    /// When the hearing request went to the benefits service.
    pub hearing_requested_at: Option<DateTimeUtc>,
    /// Why no hearing request was raised (a protecting person marking).
    pub withheld_reason: Option<String>,
    /// The first day the citizen turned up after the no-show.
    pub reappeared_on: Option<Date>,
    /// When the job centre recorded the decision.
    pub decided_at: Option<DateTimeUtc>,
    /// The decision, in words.
    pub decision: Option<String>,
    /// When the procedure began.
    pub created_at: DateTimeUtc,
    /// The undecided change request (an end or a reduction) the hearing request waits for.
    pub held_for: Option<Uuid>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
