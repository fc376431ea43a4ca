//! Which meetings, slots and booking deadlines a viewer may read.

use jobbro_entities::{booking_deadline, meeting, meeting_participant, meeting_slot};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::{citizens, kernel::viewer::Viewer, providers};

fn nothing() -> Condition {
    Condition::all().add(Expr::val(1).eq(0))
}

/// A condition on `meetings` admitting exactly the rows the viewer may see: citizens their own,
/// staff their job centre's, provider users those they (coordinators: any user of their
/// organisation) take part in, companies none.
pub fn meetings_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => {
            Condition::all().add(meeting::Column::CitizenId.eq(*citizen))
        }
        Viewer::Staff(staff) => {
            Condition::all().add(meeting::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(user) => Condition::all().add(
            meeting::Column::Id.in_subquery(
                Query::select()
                    .column(meeting_participant::Column::MeetingId)
                    .from(meeting_participant::Entity)
                    .and_where(
                        meeting_participant::Column::ProviderUserId
                            .in_subquery(providers::scope::users_seen_by(user)),
                    )
                    .to_owned(),
            ),
        ),
        Viewer::Company(_) | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on `meeting_slots`: staff see their job centre's, citizens their own job
/// centre's (the resource overview, `000:158`), nobody else any.
pub fn slots_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(meeting_slot::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. } => Condition::all().add(
            meeting_slot::Column::JobcentreId
                .in_subquery(citizens::scope::jobcentres_of_visible(viewer)),
        ),
        Viewer::Provider(_) | Viewer::Company(_) | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on `booking_deadlines`: citizens their own, staff their job centre's.
pub fn deadlines_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => {
            Condition::all().add(booking_deadline::Column::CitizenId.eq(*citizen))
        }
        Viewer::Staff(staff) => {
            Condition::all().add(booking_deadline::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(_) | Viewer::Company(_) | Viewer::Integration { .. } => nothing(),
    }
}
