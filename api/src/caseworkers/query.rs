//! The `caseworker` root field.

use async_graphql::Object;

use super::types::CaseworkerWorkspace;
use crate::auth::{Role, RoleGuard};

#[derive(Default)]
pub struct CaseworkerQuery;

#[Object]
impl CaseworkerQuery {
    /// The caseworker's workspace: caseload, the job centre's citizens, alerts. For caseworkers
    /// and managers.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn caseworker(&self) -> CaseworkerWorkspace {
        CaseworkerWorkspace
    }
}
