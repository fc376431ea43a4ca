//! Which plan versions a viewer may read: citizens their own delivered versions, staff every
//! version of their job centre, providers the delivered versions of citizens referred to them
//! (the service narrows that to the version in force), companies none (they see only the
//! activities they host).

use jobbro_entities::{plan, plan_activity, plan_version};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::{citizens, kernel::viewer::Viewer};

/// A condition on `plans` (the draft and the plan's history): job-centre staff only.
pub fn plans_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => Condition::all().add(plan::Column::JobcentreId.eq(staff.jobcentre)),
        Viewer::Citizen { .. }
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// A condition on `plan_versions` admitting exactly the rows the viewer may see.
pub fn versions_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => Condition::all()
            .add(plan_version::Column::CitizenId.eq(*citizen))
            .add(plan_version::Column::DeliveredAt.is_not_null()),
        Viewer::Staff(staff) => {
            Condition::all().add(plan_version::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(_) => Condition::all()
            .add(plan_version::Column::CitizenId.in_subquery(citizens::scope::visible_ids(viewer)))
            .add(plan_version::Column::DeliveredAt.is_not_null()),
        Viewer::Company(_) | Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// A condition on `plan_activities`: staff their job centre's; a citizen those of their own
/// delivered versions; a provider those it runs for citizens referred to it; a company those it
/// hosts.
pub fn activities_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(plan_activity::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. } => Condition::all().add(
            plan_activity::Column::PlanVersionId.in_subquery(
                Query::select()
                    .column(plan_version::Column::Id)
                    .from(plan_version::Entity)
                    .cond_where(versions_visible_to(viewer))
                    .to_owned(),
            ),
        ),
        Viewer::Provider(user) => Condition::all()
            .add(plan_activity::Column::ProviderId.eq(user.provider))
            .add(
                plan_activity::Column::CitizenId.in_subquery(citizens::scope::visible_ids(viewer)),
            ),
        Viewer::Company(user) => {
            Condition::all().add(plan_activity::Column::CompanyId.eq(user.company))
        }
        Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}
