//! `fund_notifications`: sick and recovery reports told to the unemployment fund.

use sea_orm::entity::prelude::*;

use crate::enums::{FundNotificationKind, NoticeStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub kind: FundNotificationKind,
    pub absence_id: Uuid,
    pub source_event_id: Uuid,
    pub status: NoticeStatus,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
