//! Sick and recovery reports reach the unemployment fund (a-kasse) through a [`FundGateway`]
//! (`002:145-153`). The default, [`RecordingFundGateway`], keeps the `fund_notifications` table
//! as the record and marks each notice sent; the national exchange with the funds is another
//! implementation of the same trait, chosen in `app::fund_gateway`.

use jobbro_entities::fund_notification;

use super::letters::SendError;

/// Hands one notice to the fund.
///
/// The notice's `id` is the idempotency key. The worker writes the notice row once and commits
/// it before calling `notify`, so every retry of the event hands over the same row with the same
/// id, also after a crash between the hand-over and the worker recording it sent. An
/// implementation sends the id as the exchange's message id (or remembers the ids it delivered),
/// so that the fund never hears of the same sick or recovery report twice.
#[async_trait::async_trait]
pub trait FundGateway: Send + Sync {
    /// Delivers `notice`. Returning `Ok` for an id already delivered is correct; an `Err` makes
    /// the worker retry the event later.
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
