//! jobbro: one GraphQL schema for Danish job centres, giving citizens, caseworkers, providers and
//! companies each their own view of the same data.

// The workspaces are merged objects of many segments; computing the layout of their resolver
// futures in an optimised build goes deeper than the default limit of 128.
#![recursion_limit = "256"]

pub mod absences;
pub mod access_log;
pub mod alerts;
pub mod app;
pub mod attendance;
pub mod audiences;
pub mod auth;
pub mod cadence;
pub mod cases;
pub mod caseworkers;
pub mod changes;
pub mod citizens;
pub mod companies;
pub mod config;
pub mod consents;
pub mod cvs;
pub mod demo;
pub mod health;
pub mod http;
pub mod invoicing;
pub mod kernel;
pub mod markings;
pub mod meetings;
pub mod messages;
pub mod outbox;
pub mod plans;
pub mod providers;
pub mod reports;
pub mod schema;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
pub mod timeline;
