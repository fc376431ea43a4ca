//! The `citizen` root field.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, types::CitizenSelf};
use crate::{
    auth::{Role, RoleGuard, guard::viewer},
    error::AppError,
};

#[derive(Default)]
pub struct CitizenQuery;

#[Object]
impl CitizenQuery {
    /// The citizen portal: the signed-in citizen's own record.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn citizen(&self, ctx: &Context<'_>) -> Result<CitizenSelf> {
        let v = viewer(ctx)?;
        service::find(crate::schema::db(ctx)?, v, v.subject)
            .await
            .map_err(|e| e.extend())?
            .map(CitizenSelf)
            .ok_or_else(|| AppError::not_found("citizen").extend())
    }
}
