//! Which referrals (service orders) a viewer may read.

use jobbro_entities::service_order;
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::auth::{Role, Viewer};

/// A condition on `service_orders` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer.role {
        Role::Caseworker | Role::Manager => {
            Condition::all().add(service_order::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::ProviderCoordinator => {
            Condition::all().add(service_order::Column::ProviderId.eq(viewer.organisation_id()))
        }
        Role::ProviderStaff => Condition::all()
            .add(service_order::Column::ProviderId.eq(viewer.organisation_id()))
            .add(service_order::Column::AssignedUserId.eq(viewer.subject)),
        Role::Citizen => Condition::all().add(service_order::Column::CitizenId.eq(viewer.subject)),
        Role::Company | Role::Integration => Condition::all().add(Expr::val(1).eq(0)),
    }
}
