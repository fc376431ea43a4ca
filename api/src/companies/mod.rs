//! Companies (virksomheder): the organisation, its production units and the candidates the job
//! centre presented to it. A company user acts for one CVR number, optionally limited to some
//! production units (`003:3663`); candidates are shown only while the citizen's consent to share
//! the CV with companies is in force (`004:272-294`).

pub mod bench;
pub mod candidates;
pub mod events;
pub mod follow_up;
pub mod lead_times;
pub mod matching;
pub mod mutation;
pub mod notifications;
pub mod orders;
pub mod placement_views;
pub mod placements;
pub mod proposals;
pub mod relations;
pub mod scope;
pub mod service;
pub mod views;
