//! Private providers (andre aktører): the organisation, its users and the citizens referred to
//! it. A coordinator sees every referral to the organisation, staff only those assigned to them.

pub mod query;
pub mod scope;
pub mod service;
pub mod types;
