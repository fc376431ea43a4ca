//! Citizens (borgere): the person, their registration as a jobseeker and who read their data.
//! [`scope`] decides which citizens a viewer may see and hands out the [`Visible`] proof that
//! every other domain's citizen-keyed readers ask for; [`views`] shows the person to each
//! audience, auditing every read by someone other than the citizen.

pub mod loader;
pub mod scope;
pub mod service;
pub mod views;

pub use scope::Visible;
