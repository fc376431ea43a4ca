//! The message mutation.

use async_graphql::{Context, ErrorExtensions, Object, Result, ResultExt};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::{
        context::{clock, db, viewer},
        files::{FileStore, read_uploads},
        ids::ServiceOrderId,
    },
};

/// Who writes on orders: the provider's users and the job centre's staff.
const WRITERS: &[Role] = &[
    Role::Caseworker,
    Role::Manager,
    Role::ProviderCoordinator,
    Role::ProviderStaff,
];

#[derive(Default)]
pub struct MessageMutation;

#[Object]
impl MessageMutation {
    /// Writes on an order, with up to 5 PDF, JPEG or PNG files of at most 5 MB (GraphQL
    /// multipart request): a provider to the job centre's team mailbox (due an answer within
    /// three workdays), or the job centre to the provider (which answers the provider's earlier
    /// messages on the order).
    #[graphql(guard = "RoleGuard::new(WRITERS)")]
    async fn send_order_message(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order, the text and any files.")] input: SendOrderMessageInput,
    ) -> Result<MessagePayload> {
        let id = ServiceOrderId::parse(&input.service_order_id, "serviceOrderId").extend()?;
        let files = read_uploads(ctx, input.attachments)?;
        let store = ctx.data::<std::sync::Arc<dyn FileStore>>()?;
        let new = service::NewMessage {
            service_order_id: id,
            text: input.text,
            files,
            idempotency_key: input.idempotency_key,
        };
        service::send(db(ctx)?, &clock(ctx)?, store.as_ref(), viewer(ctx)?, new)
            .await
            .map_err(|e| e.extend())
    }
}
