//! The one place that admits roles to fields: put `#[graphql(guard = "RoleGuard::new(..)")]` on
//! every root field and mutation.

use async_graphql::{Context, ErrorExtensions, Guard, Result};

use crate::kernel::{
    error::AppError,
    viewer::{Role, Viewer},
};

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
            Some(v) if self.roles.contains(&v.role()) => Ok(()),
            Some(v) => Err(AppError::Forbidden(format!(
                "the role {} may not use this field",
                v.role().claim()
            ))
            .extend()),
        }
    }
}
