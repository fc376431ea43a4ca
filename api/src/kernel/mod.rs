//! The shared kernel: what every domain builds on and nothing in it knows a domain. Who is
//! asking ([`viewer`]), errors ([`error`], [`user_error`]), paging ([`pagination`]), time
//! ([`clock`]), the database ([`db`]), the request's data ([`context`]), the mutation runner
//! ([`runner`]), the audit trail ([`audit`]), file storage ([`files`]), the query limits
//! ([`limits`]) and the workday calendar ([`workdays`]). Imports run one way: kernel ← domains ← audiences ← schema.

pub mod audit;
pub mod batch;
pub mod clock;
pub mod context;
pub mod db;
pub mod error;
pub mod files;
pub mod ids;
pub mod limits;
pub mod metrics;
pub mod pagination;
pub mod runner;
pub mod statements;
pub mod user_error;
pub mod viewer;
pub mod workdays;
