//! The API's tests, as one test binary: the real schema over the real router, against a fresh
//! database per test (SQLite in memory, or PostgreSQL when `JOBBRO_TEST_DATABASE_URL` is set);
//! the `jobbro` command as a user runs it (`cli`); the committed `schema.graphql`
//! (`schema_drift`); and the code's own shape (`layers`).

mod absences;
mod attendance;
mod audit;
mod audit_every_field;
mod audit_retention;
mod cadence;
mod change_requests;
mod cli;
mod connections;
mod consents;
mod database;
mod demo;
mod hostile;
mod http_niceties;
mod http_spec;
mod ids;
mod invoicing;
mod jwks_url;
mod jwt;
mod layers;
mod limits;
mod list_bounds;
mod meetings;
mod messages;
mod metrics;
mod no_show;
mod outbox;
mod plans;
mod query_plans;
mod races;
mod rate_limits;
mod readme;
mod request_id;
mod role_matrix;
mod runner;
mod schema_drift;
mod scoping;
mod service_orders;
mod sql_count;
mod statements_every_list;
mod statements_per_operation;
mod supplier_reports;
mod support;
mod trusted_documents;
