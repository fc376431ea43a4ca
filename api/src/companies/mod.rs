//! Companies (virksomheder): the organisation, its production units and the candidates the job
//! centre presented to it. A company user acts for one CVR number, optionally limited to some
//! production units (`003:3663`); candidates are shown only while the citizen's consent to share
//! the CV with companies is in force (`004:272-294`).

pub mod bench;
pub mod candidates;
pub mod events;
pub mod matching;
pub mod mutation;
pub mod orders;
pub mod placements;
pub mod scope;
pub mod service;
pub mod views;
