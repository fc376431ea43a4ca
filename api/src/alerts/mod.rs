//! Alerts (advis): notices to a caseworker that something happened, made by the outbox worker.

pub mod service;
pub mod types;
