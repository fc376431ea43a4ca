//! Which alerts a viewer may read: a caseworker (or manager) their own in the inbox, and on a
//! citizen's timeline every alert raised about a citizen of their job centre; nobody else any.

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

/// A condition on `alerts` admitting the alerts about citizens that the viewer sees on the
/// citizens' timelines: staff, those of their job centre (an alert's text carries no sensitive
/// data, `003:1626-1631`).
pub fn about_citizens_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(alert::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}
