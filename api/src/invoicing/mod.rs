//! The invoicing basis (fakturagrundlag, UC5, rule 16, `000:190-193`): built automatically from
//! a contract's prices, the orders under it and the attendance delivered, so that the provider
//! can bill the job centre. Versions, not overwrites: a draft is superseded by a newer one when
//! the data changed, and an approved basis is locked; what changes after approval becomes an
//! adjustment line in a later month. The municipality's own units are never invoiced.

pub mod bench;
pub mod compute;
pub mod csv;
pub mod mutation;
pub mod service;
pub mod views;
