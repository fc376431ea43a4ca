//! What happens at an offer reaches the benefits service (ydelsessystemet) through a
//! [`BenefitsGateway`]: the activation's start, end and cancellation (`004:364-372`), absence
//! and no-show at the offer, hearing requests and a citizen's reappearance. Nobody registers
//! these by hand. The default, [`RecordingBenefitsGateway`], keeps the `benefits_notices` table
//! as the record and marks each notice sent; the municipality's benefits system is another
//! implementation of the same trait, chosen in `app::benefits_gateway`.

use jobbro_entities::benefits_notice;

use super::letters::SendError;

/// Hands one notice to the benefits service.
///
/// The notice's `id` is the idempotency key: the worker writes the row once and commits it
/// before calling `notify`, so every retry hands over the same id. An implementation sends it
/// as the message id (or remembers the ids it delivered), so the benefits service never hears
/// of the same start, absence or hearing request twice.
#[async_trait::async_trait]
pub trait BenefitsGateway: Send + Sync {
    /// Delivers `notice`. Returning `Ok` for an id already delivered is correct; an `Err` makes
    /// the worker retry the event later.
    async fn notify(&self, notice: &benefits_notice::Model) -> Result<(), SendError>;
}

/// Delivers by recording: the notice row, marked sent by the worker, is the delivery.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecordingBenefitsGateway;

#[async_trait::async_trait]
impl BenefitsGateway for RecordingBenefitsGateway {
    async fn notify(&self, notice: &benefits_notice::Model) -> Result<(), SendError> {
        tracing::info!(notice = %notice.id, kind = ?notice.kind, "benefits notice recorded as sent");
        Ok(())
    }
}
