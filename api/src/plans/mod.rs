//! Plans, Min Plan (UC4, `000:168-179`): staff edit a draft and publish immutable, numbered,
//! hashed versions. A citizen obliged to use the portal sees the version there and is asked to
//! acknowledge it; every other citizen gets it by Digital Post, and a version is valid only once
//! delivered (rule 5, `003:401-438`). Citizens send information on their goals with files;
//! providers and companies comment on the activities they run or host. The plan belongs to the
//! citizen, not to a case, so its history carries over when a case closes and another opens
//! (rule 19).

pub mod acknowledgement;
pub mod activities;
pub mod content;
pub mod events;
pub mod files;
pub mod follow_up;
pub mod loader;
pub mod mutation;
pub mod scope;
pub mod service;
pub mod types;
pub mod versions;
pub mod views;
