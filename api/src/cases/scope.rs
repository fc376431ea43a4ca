//! Which cases a viewer may read: job-centre staff their job centre's; nobody else any (citizens
//! and providers see what a case causes, not the case).

use jobbro_entities::{case, case_event};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::kernel::viewer::Viewer;

/// A condition on `cases` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => Condition::all().add(case::Column::JobcentreId.eq(staff.jobcentre)),
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// A condition on `case_events` admitting the steps of the cases the viewer may see.
pub fn events_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(case_event::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// Open cases the viewer works on: a caseworker's own, all of the job centre for a manager.
pub fn worked_by(viewer: &Viewer) -> Condition {
    let open = visible_to(viewer).add(case::Column::ClosedAt.is_null());
    match viewer {
        Viewer::Staff(staff) if !staff.manager => {
            open.add(case::Column::AssignedCaseworkerId.eq(staff.caseworker))
        }
        Viewer::Staff(_)
        | Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => open,
    }
}

/// The ids of the citizens whose open cases the viewer works on, as a subquery.
pub fn citizens_worked_by(viewer: &Viewer) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(case::Column::CitizenId)
        .from(case::Entity)
        .cond_where(worked_by(viewer))
        .to_owned()
}

/// The citizens with an open case in one of the target groups `groups` selects, as a subquery
/// (a flex job is for citizens visited to one).
pub fn open_in_target_groups(
    groups: sea_orm::sea_query::SelectStatement,
) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(case::Column::CitizenId)
        .from(case::Entity)
        .and_where(case::Column::ClosedAt.is_null())
        .and_where(case::Column::TargetGroupCode.in_subquery(groups))
        .to_owned()
}

/// The ids of the cases of the staff member's job centre assigned to them, open or closed, as a
/// subquery: whose health information they may read (UC2).
pub fn assigned_to(staff: &crate::kernel::viewer::Staff) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .and_where(case::Column::JobcentreId.eq(staff.jobcentre))
        .and_where(case::Column::AssignedCaseworkerId.eq(staff.caseworker))
        .to_owned()
}
