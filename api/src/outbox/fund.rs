//! Sick and recovery reports reach the unemployment fund (a-kasse) through a [`FundGateway`]
//! (`002:145-153`). The default, [`RecordingFundGateway`], keeps the `fund_notifications` table
//! as the record and marks each notice sent; the national exchange with the funds is another
//! implementation of the same trait, chosen in `app::fund_gateway`.

use jobbro_entities::fund_notification;

use super::letters::SendError;

/// Hands one notice to the fund. Implementations must be idempotent per notice id.
#[async_trait::async_trait]
pub trait FundGateway: Send + Sync {
    async fn notify(&self, notice: &fund_notification::Model) -> Result<(), SendError>;
}

/// Delivers by recording: the notice row, marked sent by the worker, is the delivery.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecordingFundGateway;

#[async_trait::async_trait]
impl FundGateway for RecordingFundGateway {
    async fn notify(&self, notice: &fund_notification::Model) -> Result<(), SendError> {
        tracing::info!(notice = %notice.id, kind = ?notice.kind, "fund notice recorded as sent");
        Ok(())
    }
}
