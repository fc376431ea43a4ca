//! Which referrals (service orders) a viewer may read.

use jobbro_entities::{provider_user, service_order};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};

use crate::kernel::viewer::{ProviderUser, Viewer};

/// The provider users whose meetings a provider user sees: a coordinator every user of the
/// organisation, staff only themselves; as a subquery of ids.
pub fn users_seen_by(user: &ProviderUser) -> SelectStatement {
    let mut users = Query::select();
    users
        .column(provider_user::Column::Id)
        .from(provider_user::Entity)
        .and_where(provider_user::Column::ProviderId.eq(user.provider));
    if !user.coordinator {
        users.and_where(provider_user::Column::Id.eq(user.user));
    }
    users.to_owned()
}

/// A condition on `service_orders` admitting exactly the rows the viewer may see: staff their job
/// centre's, coordinators their organisation's, provider staff those assigned to them, citizens
/// their own.
pub fn referrals_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(service_order::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(user) if user.coordinator => {
            Condition::all().add(service_order::Column::ProviderId.eq(user.provider))
        }
        Viewer::Provider(user) => Condition::all()
            .add(service_order::Column::ProviderId.eq(user.provider))
            .add(service_order::Column::AssignedUserId.eq(user.user)),
        Viewer::Citizen { citizen } => {
            Condition::all().add(service_order::Column::CitizenId.eq(*citizen))
        }
        Viewer::Company(_) | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// The ids of the orders the viewer may see ([`referrals_visible_to`]), as a subquery for the
/// domains whose rows hang off an order (reports, messages).
pub fn order_ids_visible_to(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(service_order::Column::Id)
        .from(service_order::Entity)
        .cond_where(referrals_visible_to(viewer))
        .to_owned()
}
