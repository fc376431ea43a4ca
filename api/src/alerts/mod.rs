//! Alerts (advis): notices to a caseworker that something happened; and tasks (opgaver), work
//! with a due time. Both are made by the outbox worker.

pub mod loader;
pub mod scope;
pub mod service;
pub mod tasks;
pub mod types;
pub mod views;
