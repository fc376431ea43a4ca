//! Private providers (andre aktører): the organisation, its users and the referrals (service
//! orders) of citizens to it. A coordinator sees every referral to the organisation, staff only
//! those assigned to them. Contracts (versioned, with services and prices) and the orders placed
//! under them, with their lifecycle.

pub mod contract_views;
pub mod contracts;
pub mod events;
pub mod loader;
pub mod mutation;
pub mod no_show;
pub mod no_show_views;
pub mod orders;
pub mod scope;
pub mod service;
pub mod views;
