//! Reading a message's attachment (`GET /files/{id}`): both sides of the order may, nobody else.

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::service;
use crate::{
    kernel::{error::AppResult, ids::ServiceOrderId, viewer::Viewer},
    providers::orders,
};

/// An attachment the viewer may read, and the citizen whose order it is about.
pub struct Readable {
    pub file_key: String,
    pub filename: String,
    pub content_type: String,
    pub citizen_id: Uuid,
    pub jobcentre_id: Uuid,
}

/// The attachment `id`, if the viewer may see its order; `None` when it does not exist and when
/// the viewer may not read it alike.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<Readable>> {
    if !matches!(viewer, Viewer::Provider(_) | Viewer::Staff(_)) {
        return Ok(None);
    }
    let Some((attachment, message)) = service::message_of(db, id).await? else {
        return Ok(None);
    };
    let order = orders::visible_order(db, viewer, ServiceOrderId(message.service_order_id)).await?;
    Ok(order.map(|o| Readable {
        file_key: attachment.file_key,
        filename: attachment.filename,
        content_type: attachment.content_type,
        citizen_id: o.citizen_id,
        jobcentre_id: o.jobcentre_id,
    }))
}
