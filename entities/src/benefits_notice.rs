//! `benefits_notices`: what the benefits service is told of an offer or a person marking.

use sea_orm::entity::prelude::*;

use crate::enums::{BenefitsNoticeKind, NoticeStatus};

/// A notice to the benefits service (ydelsessystemet) about a citizen's offer or person marking
/// (exactly one of them, a CHECK constraint); one per source event and kind.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "benefits_notices")]
pub struct Model {
    /// Id (UUID v7); the port's idempotency key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The citizen concerned.
    pub citizen_id: Uuid,
    /// The order the notice is about, if it is about an order.
    pub service_order_id: Option<Uuid>,
    /// The person marking the notice is about, if it is about a marking.
    pub person_marking_id: Option<Uuid>,
    /// What the benefits service is told.
    pub kind: BenefitsNoticeKind,
    /// The day it concerns (start, end, the day absent).
    pub day: Date,
    /// The outbox event that caused it.
    pub source_event_id: Uuid,
    /// Pending until handed to the benefits service.
    pub status: NoticeStatus,
    /// When it was written.
    pub created_at: DateTimeUtc,
    /// When it was handed over.
    pub sent_at: Option<DateTimeUtc>,
    /// The provider's change request undecided when it happened, if any.
    pub pending_change_request_id: Option<Uuid>,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
