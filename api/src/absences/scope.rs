//! Which absences a viewer may read: citizens their own, staff their job centre's, providers
//! those of the citizens referred to them (and then only the dates: see `views`), companies none.

use jobbro_entities::absence;
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::{citizens, kernel::viewer::Viewer};

/// A condition on `absences` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => {
            Condition::all().add(absence::Column::CitizenId.eq(*citizen))
        }
        Viewer::Staff(staff) => {
            Condition::all().add(absence::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(_) => Condition::all()
            .add(absence::Column::CitizenId.in_subquery(citizens::scope::visible_ids(viewer))),
        Viewer::Company(_) | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}
