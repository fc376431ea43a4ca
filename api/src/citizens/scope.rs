//! Which citizen rows a viewer may read. Services start every citizen read from here.

use jobbro_entities::{citizen, enums::ServiceOrderStatus, service_order};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::auth::{Role, Viewer};

/// A condition on `citizens` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer.role {
        Role::Citizen => Condition::all().add(citizen::Column::Id.eq(viewer.subject)),
        Role::Caseworker | Role::Manager => {
            Condition::all().add(citizen::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::ProviderCoordinator => {
            Condition::all().add(citizen::Column::Id.in_subquery(referred_to(viewer, false)))
        }
        Role::ProviderStaff => {
            Condition::all().add(citizen::Column::Id.in_subquery(referred_to(viewer, true)))
        }
        // Companies see candidates, not citizens: see `companies::scope`.
        Role::Company | Role::Integration => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// Citizens with a live or finished (not cancelled) referral to the viewer's provider; for
/// staff, only those assigned to them.
fn referred_to(viewer: &Viewer, assigned_only: bool) -> sea_orm::sea_query::SelectStatement {
    let mut q = Query::select();
    q.column(service_order::Column::CitizenId)
        .from(service_order::Entity)
        .and_where(service_order::Column::ProviderId.eq(viewer.organisation_id()))
        .and_where(service_order::Column::Status.ne(ServiceOrderStatus::Cancelled));
    if assigned_only {
        q.and_where(service_order::Column::AssignedUserId.eq(viewer.subject));
    }
    q
}
