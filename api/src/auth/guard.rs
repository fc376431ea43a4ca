//! The one place that admits roles to fields: put `#[graphql(guard = "RoleGuard::new(..)")]` on
//! every root field and mutation.

use async_graphql::{Context, ErrorExtensions, Guard, Result};

use super::{Role, Viewer};
use crate::error::AppError;

/// Admits the listed roles; anonymous callers get `UNAUTHENTICATED`, other roles `FORBIDDEN`.
pub struct RoleGuard {
    roles: &'static [Role],
}

impl RoleGuard {
    pub fn new(roles: &'static [Role]) -> Self {
        Self { roles }
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        match ctx.data_opt::<Viewer>() {
            None => Err(AppError::Unauthenticated(
                "sign in: this field needs a bearer token in the Authorization header".into(),
            )
            .extend()),
            Some(v) if self.roles.contains(&v.role) => Ok(()),
            Some(v) => Err(AppError::Forbidden(format!(
                "the role {} may not use this field",
                v.role.claim()
            ))
            .extend()),
        }
    }
}

/// The viewer of a request that passed a [`RoleGuard`].
pub fn viewer<'a>(ctx: &'a Context<'_>) -> Result<&'a Viewer> {
    ctx.data_opt::<Viewer>()
        .ok_or_else(|| AppError::Unauthenticated("sign in first".into()).extend())
}
