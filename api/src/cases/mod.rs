//! Employment cases (sag, kontaktforløb): opened, visited, closed (`000:118-120`).

pub mod loader;
pub mod outcomes;
pub mod scope;
pub mod service;
pub mod views;
