//! Citizens as each audience sees them. A person is shown through a type made for the audience
//! ([`types::CitizenSelf`], [`types::CaseworkerCitizen`], [`types::ProviderParticipant`]); a
//! field an audience must not see does not exist on its type. Every personal field read by
//! someone other than the citizen is audited.

pub mod loader;
pub mod query;
pub mod scope;
pub mod service;
pub mod types;
