//! Supplier reports (leverandørrapporter, rule 7, `003:94-148`): due at the end of every offer
//! and when the job centre asks, and on a schedule that follows the offer's length and a policy
//! per target group; written by the provider in fixed, searchable sections, the attendance
//! section from the recorded days; read by the job centre. A report is not a conversation and
//! changes no follow-up date (`003:4031-4038`); a recommended change alters nothing by itself
//! (`003:1411-1415`).

pub mod events;
pub mod mutation;
pub mod schedule;
pub mod service;
pub mod views;
