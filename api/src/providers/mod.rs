//! Private providers (andre aktører): the organisation, its users and the referrals (service
//! orders) of citizens to it. A coordinator sees every referral to the organisation, staff only
//! those assigned to them.

pub mod loader;
pub mod scope;
pub mod service;
pub mod views;
