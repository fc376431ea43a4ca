//! The `provider` root field.

use async_graphql::Object;

use super::types::ProviderWorkspace;
use crate::auth::{Role, RoleGuard};

#[derive(Default)]
pub struct ProviderQuery;

#[Object]
impl ProviderQuery {
    /// The provider portal: your organisation and the citizens referred to it.
    #[graphql(guard = "RoleGuard::new(Role::PROVIDER_USERS)")]
    async fn provider(&self) -> ProviderWorkspace {
        ProviderWorkspace
    }
}
