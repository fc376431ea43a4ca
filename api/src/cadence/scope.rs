//! Whose follow-up cadence a viewer may see. The cadence owns only its policies (national and
//! local reference data); the cases it counts from are read through the cases domain, narrowed
//! here.

use sea_orm::{
    Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::{cases, kernel::viewer::Viewer};

/// A condition on `cases`: job-centre staff follow the cases of their job centre (the overdue
/// list narrows that to a caseworker's own); nobody else is shown a cadence (a citizen is
/// summoned, not shown the schedule).
pub fn cases_followed_by(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(_) => cases::scope::visible_to(viewer),
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}
