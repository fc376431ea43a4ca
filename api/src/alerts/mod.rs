//! Alerts (advis): notices to a caseworker that something happened, made by the outbox worker.

pub mod scope;
pub mod service;
pub mod types;
pub mod views;
