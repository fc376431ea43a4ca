//! End-to-end tests: the jobbro server on a real port, driven over HTTP like the portals drive
//! it. Each test starts its own server on a fresh database (SQLite in memory, or a schema of its
//! own in the PostgreSQL database named by `JOBBRO_TEST_DATABASE_URL`).

mod casework;
mod companies;
mod flow;
mod harness;
mod health;
mod http;
mod invoicing;
mod meetings;
mod offers;
mod plans;
mod portals;
