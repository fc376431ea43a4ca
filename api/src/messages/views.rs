//! Messages on orders as both sides see them, and the input of `sendOrderMessage`.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    enums::{AuditCategory, MessageSender},
    order_message,
};
use uuid::Uuid;

use super::service::{self, MAX_MESSAGES};
use crate::{
    citizens,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        context::{clock, db, viewer},
        error::AppResult,
        files::MAX_FILES,
        ids::ServiceOrderId,
        pagination,
        user_error::UserError,
    },
};

/// The attachments of each message of a list, in one query.
pub struct AttachmentsByMessage;

impl BatchLoad for AttachmentsByMessage {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<jobbro_entities::order_message_attachment::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        service::attachments_of(cx.db, keys).await
    }
}

/// A file sent with a message.
#[derive(SimpleObject)]
pub struct MessageAttachment {
    /// The attachment's id.
    pub id: ID,
    /// The file's name as sent.
    pub filename: String,
    /// Its media type.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// Where to read it (with the same token): `/files/{id}`.
    pub url: String,
}

/// A message on an order and the messages of its list (to load their attachments at once).
pub struct OrderMessage {
    row: order_message::Model,
    peers: Arc<[Uuid]>,
}

impl OrderMessage {
    /// One message on its own.
    pub fn one(row: order_message::Model) -> Self {
        let peers = Arc::from([row.id]);
        Self { row, peers }
    }

    /// The messages of a list; each read is written to the citizen's access log.
    fn list(ctx: &Context<'_>, rows: Vec<order_message::Model>) -> Result<Vec<Self>> {
        let peers: Arc<[Uuid]> = rows.iter().map(|r| r.id).collect();
        rows.into_iter()
            .map(|row| {
                citizens::scope::audit(ctx, row.citizen_id, row.jobcentre_id, AuditCategory::Case)?;
                Ok(Self {
                    row,
                    peers: peers.clone(),
                })
            })
            .collect()
    }
}

/// A message on an order between the provider and the job centre's team mailbox.
#[Object]
impl OrderMessage {
    /// The message's id.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// The order it is about.
    async fn service_order_id(&self) -> ID {
        ID(self.row.service_order_id.to_string())
    }
    /// The citizen concerned.
    async fn citizen_id(&self) -> ID {
        ID(self.row.citizen_id.to_string())
    }
    /// The provider or the job centre.
    async fn sender(&self) -> MessageSender {
        self.row.sender
    }
    /// The text.
    async fn text(&self) -> &str {
        &self.row.body
    }
    /// When it was sent.
    async fn sent_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// For a provider's message: the day the job centre's answer is due (three workdays).
    async fn answer_due_on(&self) -> Option<NaiveDate> {
        self.row.answer_due_on
    }
    /// For a provider's message: when the job centre answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.row.answered_at
    }
    /// A provider's message past its answer day, unanswered.
    async fn overdue(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(service::overdue(&self.row, danish_date(clock(ctx)?.now())))
    }
    /// The files sent with it: at most 5.
    #[graphql(complexity = "pagination::list_cost(MAX_FILES, child_complexity)")]
    async fn attachments(&self, ctx: &Context<'_>) -> Result<Vec<MessageAttachment>> {
        let rows = batch::load::<AttachmentsByMessage>(ctx, self.row.id, &self.peers).await?;
        Ok(rows
            .into_iter()
            .map(|a| MessageAttachment {
                id: ID(a.id.to_string()),
                url: format!("/files/{}", a.id),
                filename: a.filename,
                content_type: a.content_type,
                size_bytes: a.size_bytes,
            })
            .collect())
    }
}

/// The workspaces' messages segment (the same for the provider and the job centre, each seeing
/// the messages on the orders it may see).
#[derive(Default)]
pub struct OrderMessages;

#[Object]
impl OrderMessages {
    /// The messages on one order you may see, the latest 100, oldest first; null if you may not
    /// see the order.
    #[graphql(complexity = "pagination::list_cost(MAX_MESSAGES, child_complexity)")]
    async fn order_messages(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order's id.")] service_order_id: ID,
    ) -> Result<Option<Vec<OrderMessage>>> {
        let id = ServiceOrderId::parse(&service_order_id, "serviceOrderId").extend()?;
        match service::thread(db(ctx)?, viewer(ctx)?, id).await? {
            Some((_, rows)) => Ok(Some(OrderMessage::list(ctx, rows)?)),
            None => Ok(None),
        }
    }
    /// Providers' messages not answered yet, on the orders you may see, the earliest due first
    /// (the job centre's overdue list): at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_MESSAGES, child_complexity)")]
    async fn messages_awaiting_answer(&self, ctx: &Context<'_>) -> Result<Vec<OrderMessage>> {
        let rows = service::awaiting_answer(db(ctx)?, viewer(ctx)?).await?;
        OrderMessage::list(ctx, rows)
    }
}

/// Input of `sendOrderMessage`.
#[derive(InputObject)]
pub struct SendOrderMessageInput {
    /// The order, one you may see.
    pub service_order_id: ID,
    /// The text: 1 to 5,000 characters.
    pub text: String,
    /// Up to 5 PDF, JPEG or PNG files of at most 5 MB (GraphQL multipart request).
    pub attachments: Option<Vec<Upload>>,
    /// Any unique string; a retry with the same key returns the first result.
    pub idempotency_key: Option<String>,
}

/// The result of `sendOrderMessage`.
#[derive(SimpleObject)]
pub struct MessagePayload {
    /// The message, unless there are user errors.
    pub message: Option<OrderMessage>,
    /// What to fix; empty on success. Nothing is sent when there are any.
    pub user_errors: Vec<UserError>,
}
