//! Which alerts a viewer may read: a caseworker (or manager) their own; nobody else any.

use jobbro_entities::alert;
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::kernel::viewer::Viewer;

/// A condition on `alerts` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => Condition::all()
            .add(alert::Column::CaseworkerId.eq(staff.caseworker))
            .add(alert::Column::JobcentreId.eq(staff.jobcentre)),
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}
