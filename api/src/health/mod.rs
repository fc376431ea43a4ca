//! Health information (UC2, `000:132-142`): the caseworker on a case asks a clinician (the
//! citizen's doctor, a hospital, a specialist, a psychologist) for a certificate, with questions
//! written for the case (`003:4195-4222`: help questions are shown, never sent as they are). The
//! clinician's document arrives through the integration, which marks the request received; the
//! outbox files it on the case and alerts the caseworker (`003:4303-4315`: no manual filing).
//! A thread of messages with the clinician belongs to each request.
//!
//! Who reads what ([`scope`]): the content (questions, documents, messages) only the caseworker
//! assigned to the request's case, and every document read is a row of its own in the citizen's
//! access log (category `HEALTH`); a manager sees that a request exists, its status, dates and
//! certificate type (enough to pay the clinician's fee), never its content; the citizen sees
//! their requests and their status. Providers and companies never reach health information.

pub mod events;
pub mod loader;
pub mod mutation;
pub mod scope;
pub mod service;
pub mod views;
