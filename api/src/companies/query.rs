//! The `company` root field.

use async_graphql::Object;

use super::types::CompanyWorkspace;
use crate::auth::{Role, RoleGuard};

#[derive(Default)]
pub struct CompanyQuery;

#[Object]
impl CompanyQuery {
    /// The company portal: your company, its job orders and the candidates presented to it.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn company(&self) -> CompanyWorkspace {
        CompanyWorkspace
    }
}
