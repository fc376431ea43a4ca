//! Who is asking: bearer tokens become a [`Viewer`]; [`RoleGuard`] admits roles to fields;
//! [`audit`] records every read of a citizen's personal data by someone else.

pub mod audit;
pub mod guard;
pub mod jwt;
pub mod query;
pub mod viewer;

pub use guard::RoleGuard;
pub use query::ViewerQuery;
pub use viewer::{Role, Viewer};
