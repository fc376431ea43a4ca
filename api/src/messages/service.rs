//! Sending messages on an order, and reading threads and the mailbox.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbro_entities::{
    enums::MessageSender, order_message, order_message_attachment, service_order,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::views::*;
use crate::{
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        files::{FileStore, NewFile, check_files},
        ids::ServiceOrderId,
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::Viewer,
        workdays::Workdays,
    },
    providers::{orders, scope as order_scope},
};

/// Workdays the job centre has to answer a provider (`003:1457-1463`).
pub const ANSWER_WORKDAYS: u32 = 3;
/// The most messages a list shows.
pub const MAX_MESSAGES: usize = 100;
/// The longest message, in characters.
pub const MAX_BODY_CHARS: usize = 5_000;

/// A message as sent, with its files.
pub struct NewMessage {
    pub service_order_id: ServiceOrderId,
    pub text: String,
    pub files: Vec<NewFile>,
    pub idempotency_key: Option<String>,
}

/// A condition on `order_messages` admitting those on orders the viewer may see.
fn visible_to(viewer: &Viewer) -> Condition {
    Condition::all().add(
        order_message::Column::ServiceOrderId
            .in_subquery(order_scope::order_ids_visible_to(viewer)),
    )
}

/// `sendOrderMessage`: a provider user or a staff member of the job centre writes on an order.
/// The job centre's message answers the provider's messages before it.
pub async fn send(
    db: &DatabaseConnection,
    clock: &SharedClock,
    store: &dyn FileStore,
    viewer: &Viewer,
    new: NewMessage,
) -> AppResult<MessagePayload> {
    let now = clock.now();
    let today = danish_date(now);
    let sent = (new.service_order_id.0, new.text.clone(), new.files.len());
    let key = IdempotencyKey::new(
        viewer,
        new.idempotency_key.as_deref(),
        "sendOrderMessage",
        &sent,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let text = new.text.trim();
        if text.is_empty() || text.chars().count() > MAX_BODY_CHARS {
            return Ok(Outcome::err(UserError::new(
                &["input", "text"],
                UserErrorCode::Invalid,
                format!("a message holds 1 to {MAX_BODY_CHARS} characters"),
            )));
        }
        if let Some(e) = check_files(&new.files) {
            return Ok(Outcome::err(e));
        }
        let Some(order) = orders::visible_order(txn, viewer, new.service_order_id).await? else {
            return Ok(Outcome::err(UserError::new(
                &["input", "serviceOrderId"],
                UserErrorCode::NotFound,
                "no order you may act on has this id",
            )));
        };
        let (sender, due) = match viewer {
            Viewer::Provider(_) => {
                let due = Workdays::around(txn, today, ANSWER_WORKDAYS)
                    .await?
                    .add(today, ANSWER_WORKDAYS);
                (MessageSender::Provider, Some(due))
            }
            _ => {
                order_message::Entity::update_many()
                    .col_expr(order_message::Column::AnsweredAt, Expr::value(Some(now)))
                    .filter(order_message::Column::ServiceOrderId.eq(order.id))
                    .filter(order_message::Column::Sender.eq(MessageSender::Provider))
                    .filter(order_message::Column::AnsweredAt.is_null())
                    .exec(txn)
                    .await?;
                (MessageSender::Jobcentre, None)
            }
        };
        let id = Uuid::now_v7();
        order_message::Entity::insert(order_message::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(order.jobcentre_id),
            service_order_id: Set(order.id),
            citizen_id: Set(order.citizen_id),
            provider_id: Set(order.provider_id),
            sender: Set(sender),
            author_subject: Set(viewer.subject()),
            body: Set(text.to_string()),
            created_at: Set(now),
            answer_due_on: Set(due),
            answered_at: Set(None),
        })
        .exec_without_returning(txn)
        .await?;
        for f in &new.files {
            let key = store
                .put(txn, &f.content_type, f.bytes.clone(), now)
                .await?;
            order_message_attachment::Entity::insert(order_message_attachment::ActiveModel {
                id: Set(Uuid::now_v7()),
                message_id: Set(id),
                file_key: Set(key),
                filename: Set(f.filename.clone()),
                content_type: Set(f.content_type.clone()),
                size_bytes: Set(f.bytes.len() as i64),
                created_at: Set(now),
            })
            .exec_without_returning(txn)
            .await?;
        }
        Ok(Outcome::ok(id))
    })
    .await?;
    let row = match outcome.id {
        Some(id) => order_message::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(MessagePayload {
        message: row.map(OrderMessage::one),
        user_errors: outcome.user_errors,
    })
}

/// The order's latest messages (at most [`MAX_MESSAGES`]), oldest first, if the viewer may see
/// the order.
pub async fn thread(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    order_id: ServiceOrderId,
) -> AppResult<Option<(service_order::Model, Vec<order_message::Model>)>> {
    let Some(order) = orders::visible_order(db, viewer, order_id).await? else {
        return Ok(None);
    };
    let mut rows = order_message::Entity::find()
        .filter(order_message::Column::ServiceOrderId.eq(order.id))
        .order_by_desc(order_message::Column::Id)
        .limit(MAX_MESSAGES as u64)
        .all(db)
        .await?;
    rows.reverse();
    Ok(Some((order, rows)))
}

/// Providers' messages not answered yet on the orders the viewer may see, the earliest due
/// first.
pub async fn awaiting_answer(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<order_message::Model>> {
    Ok(order_message::Entity::find()
        .filter(visible_to(viewer))
        .filter(order_message::Column::Sender.eq(MessageSender::Provider))
        .filter(order_message::Column::AnsweredAt.is_null())
        .order_by_asc(order_message::Column::AnswerDueOn)
        .order_by_asc(order_message::Column::Id)
        .limit(MAX_MESSAGES as u64)
        .all(db)
        .await?)
}

/// Whether a provider's message is past its answer day unanswered.
pub fn overdue(m: &order_message::Model, today: NaiveDate) -> bool {
    m.answered_at.is_none() && m.answer_due_on.is_some_and(|d| d < today)
}

/// The attachments of each of `messages`.
pub async fn attachments_of(
    db: &impl ConnectionTrait,
    messages: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<order_message_attachment::Model>>> {
    let rows = order_message_attachment::Entity::find()
        .filter(order_message_attachment::Column::MessageId.is_in(messages.iter().copied()))
        .order_by_asc(order_message_attachment::Column::Id)
        .all(db)
        .await?;
    Ok(crate::kernel::batch::grouped(rows, |a| a.message_id))
}

/// The message an attachment belongs to.
pub async fn message_of(
    db: &impl ConnectionTrait,
    attachment: Uuid,
) -> AppResult<Option<(order_message_attachment::Model, order_message::Model)>> {
    let Some(a) = order_message_attachment::Entity::find_by_id(attachment)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let m = order_message::Entity::find_by_id(a.message_id)
        .one(db)
        .await?;
    Ok(m.map(|m| (a, m)))
}
