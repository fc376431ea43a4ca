//! Employment cases (sag, kontaktforløb): opened, visited, closed (`000:118-120`), with their
//! history.

pub mod lifecycle;
pub mod loader;
pub mod mutation;
pub mod outcomes;
pub mod scope;
pub mod service;
pub mod views;
