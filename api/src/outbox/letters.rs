//! Outgoing letters leave through a [`LetterSender`]. The default, [`RecordingSender`], keeps the
//! `letters` table as the outbox of record and marks each letter sent; a Digital Post, SMS or
//! e-mail gateway is another implementation of the same trait, chosen in `main`.

use jobbro_entities::letter;

/// Why a letter could not be handed over; the event is retried later.
#[derive(Debug, thiserror::Error)]
#[error("letter not delivered: {0}")]
pub struct SendError(pub String);

/// Hands one letter to its channel. Implementations must be idempotent per letter id: a retried
/// event may hand the same letter over again.
#[async_trait::async_trait]
pub trait LetterSender: Send + Sync {
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
