//! Who is asking: bearer tokens become a [`Viewer`] ([`jwt`]); [`RoleGuard`] admits roles to
//! fields.

pub mod guard;
pub mod jwt;

pub use crate::kernel::viewer::{Role, Viewer};
pub use guard::RoleGuard;
