//! What a resolver takes from the request: the database, the clock, the file store and the
//! signed-in viewer. Each is attached once per request by `schema::prepare`.

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, Result};
use sea_orm::DatabaseConnection;

use super::{
    clock::SharedClock,
    error::AppError,
    files::FileStore,
    viewer::{CompanyUser, ProviderUser, Staff, Viewer},
};

fn missing(what: &str) -> async_graphql::Error {
    AppError::Internal(anyhow::anyhow!("request has no {what}")).extend()
}

/// The request's database connection.
pub fn db<'a>(ctx: &'a Context<'_>) -> Result<&'a DatabaseConnection> {
    ctx.data_opt::<DatabaseConnection>()
        .ok_or_else(|| missing("database"))
}

/// The request's clock.
pub fn clock(ctx: &Context<'_>) -> Result<SharedClock> {
    ctx.data_opt::<SharedClock>()
        .map(Arc::clone)
        .ok_or_else(|| missing("clock"))
}

/// Where the request stores files.
pub fn files(ctx: &Context<'_>) -> Result<Arc<dyn FileStore>> {
    ctx.data_opt::<Arc<dyn FileStore>>()
        .cloned()
        .ok_or_else(|| missing("file store"))
}

/// The viewer of a request that passed a `RoleGuard`.
pub fn viewer<'a>(ctx: &'a Context<'_>) -> Result<&'a Viewer> {
    ctx.data_opt::<Viewer>()
        .ok_or_else(|| AppError::Unauthenticated("sign in first".into()).extend())
}

fn wrong_role(needed: &str) -> async_graphql::Error {
    AppError::Forbidden(format!("this field is for {needed}")).extend()
}

/// The signed-in job-centre staff member, behind a guard admitting only staff.
pub fn staff<'a>(ctx: &'a Context<'_>) -> Result<&'a Staff> {
    match viewer(ctx)? {
        Viewer::Staff(staff) => Ok(staff),
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Err(wrong_role("job-centre staff")),
    }
}

/// The signed-in provider user, behind a guard admitting only provider users.
pub fn provider_user<'a>(ctx: &'a Context<'_>) -> Result<&'a ProviderUser> {
    match viewer(ctx)? {
        Viewer::Provider(user) => Ok(user),
        Viewer::Citizen { .. }
        | Viewer::Staff(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Err(wrong_role("provider users")),
    }
}

/// The signed-in company user, behind a guard admitting only company users.
pub fn company_user<'a>(ctx: &'a Context<'_>) -> Result<&'a CompanyUser> {
    match viewer(ctx)? {
        Viewer::Company(user) => Ok(user),
        Viewer::Citizen { .. }
        | Viewer::Staff(_)
        | Viewer::Provider(_)
        | Viewer::Integration { .. } => Err(wrong_role("company users")),
    }
}
