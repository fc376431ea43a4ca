//! The caseworker's workspace: own profile, caseload, any citizen of the own job centre, alerts.

pub mod query;
pub mod service;
pub mod types;
