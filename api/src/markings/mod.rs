//! Person markings (personmarkeringer) that protect a citizen from sanctions (rule 13,
//! `003:2934-2942`): a caseworker sets one with a reason and removes it with a reason; both are
//! kept with who and when, and while one is in force no sanction step (a hearing request after a
//! no-show) is taken. Only job-centre staff see them. Setting and removing one is told to the
//! benefits service ([`events`]).

pub mod events;
pub mod mutation;
pub mod service;
pub mod views;
