//! The company portal: the `company` root field and its workspace.

use async_graphql::{MergedObject, Object};

use crate::{
    auth::{Role, RoleGuard},
    companies::{placement_views::CompanyPlacements, views::CompanyOrders},
    plans::views::CompanyPlanActivities,
};

#[derive(Default)]
pub struct CompanyQuery;

#[Object]
impl CompanyQuery {
    /// The company portal: your company, its job orders and the candidates presented to it.
    #[graphql(guard = "RoleGuard::new(&[Role::Company])")]
    async fn company(&self) -> CompanyWorkspace {
        CompanyWorkspace::default()
    }
}

/// The signed-in company user's workspace.
#[derive(MergedObject, Default)]
pub struct CompanyWorkspace(CompanyOrders, CompanyPlacements, CompanyPlanActivities);
