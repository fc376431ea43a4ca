//! Which health requests a viewer may list, and whose content they may read.

use jobbro_entities::health_request;
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};

use crate::{
    cases,
    kernel::viewer::{Staff, Viewer},
};

/// A condition on `health_requests` admitting the rows the viewer may list: a manager every
/// request of the job centre, a caseworker those on cases assigned to them, a citizen their
/// own; nobody else any.
pub fn listed(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) if staff.manager => {
            Condition::all().add(health_request::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Staff(staff) => Condition::all().add(readable(staff)),
        Viewer::Citizen { citizen, .. } => {
            Condition::all().add(health_request::Column::CitizenId.eq(*citizen))
        }
        Viewer::Provider(_) | Viewer::Company(_) | Viewer::Integration { .. } => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}

/// The requests whose content `staff` may read: those of the job centre on a case assigned to
/// them. A manager is no exception.
pub fn readable(staff: &Staff) -> Condition {
    Condition::all()
        .add(health_request::Column::JobcentreId.eq(staff.jobcentre))
        .add(health_request::Column::CaseId.in_subquery(cases::scope::assigned_to(staff)))
}

/// The ids of the requests whose content `staff` may read, as a subquery.
pub fn readable_ids(staff: &Staff) -> SelectStatement {
    Query::select()
        .column(health_request::Column::Id)
        .from(health_request::Entity)
        .cond_where(readable(staff))
        .to_owned()
}
