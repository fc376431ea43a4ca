//! Outgoing letters leave through a [`LetterSender`]. The default, [`RecordingSender`], keeps the
//! `letters` table as the outbox of record and marks each letter sent; a Digital Post, SMS or
//! e-mail gateway is another implementation of the same trait, chosen in `app::letter_sender`.

use jobbro_entities::letter;

/// Why a letter could not be handed over; the event is retried later.
#[derive(Debug, thiserror::Error)]
#[error("letter not delivered: {0}")]
pub struct SendError(pub String);

/// Hands one letter to its channel.
///
/// The letter's `id` is the idempotency key. The worker writes the letter row once and commits it
/// before calling `send`, so every retry of the event hands over the same row with the same id;
/// a retry follows any failure after the hand-over, up to a crash before the worker recorded the
/// letter sent. An implementation passes the id to its gateway as the message's idempotency or
/// deduplication key (or remembers the ids it delivered), so that the same id never becomes a
/// second letter to the citizen.
#[async_trait::async_trait]
pub trait LetterSender: Send + Sync {
    /// Delivers `letter`, or accepts it for delivery. Returning `Ok` for an id already delivered
    /// is correct; an `Err` makes the worker retry the event later.
    async fn send(&self, letter: &letter::Model) -> Result<(), SendError>;
}

/// Delivers by recording: the letter row itself, marked sent by the worker, is the delivery.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecordingSender;

#[async_trait::async_trait]
impl LetterSender for RecordingSender {
    async fn send(&self, letter: &letter::Model) -> Result<(), SendError> {
        tracing::info!(letter = %letter.id, channel = ?letter.channel, kind = %letter.kind, "letter recorded as sent");
        Ok(())
    }
}
