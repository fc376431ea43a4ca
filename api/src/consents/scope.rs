//! Which consents a viewer may read: citizens their own, staff their job centre's, nobody else
//! any (companies learn only the effect of a consent: which candidates they may see).

use jobbro_entities::consent;
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::kernel::viewer::Viewer;

/// A condition on `consents` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => {
            Condition::all().add(consent::Column::CitizenId.eq(*citizen))
        }
        Viewer::Staff(staff) => {
            Condition::all().add(consent::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(_) | Viewer::Company(_) | Viewer::Integration { .. } => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}
