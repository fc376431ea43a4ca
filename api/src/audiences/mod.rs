//! The audience layer: one module per audience, each assembling the segments its domains show
//! into the types that audience sees (`CitizenSelf`, `CaseworkerCitizen`, `ProviderParticipant`,
//! the workspaces) with `MergedObject`. Nothing else lives here: rules, scopes and loading stay
//! in the domains, which never import this layer. A new domain adds one segment per audience it
//! shows up in, and one line in that audience's assembly.

pub mod caseworker;
pub mod citizen;
pub mod company;
pub mod provider;
pub mod viewer;
