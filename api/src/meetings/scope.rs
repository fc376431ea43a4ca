//! Which meetings, slots and booking deadlines a viewer may read.

use jobbro_entities::{
    booking_deadline, citizen, meeting, meeting_participant, meeting_slot, provider_user,
};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::kernel::viewer::Viewer;

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
        Viewer::Provider(user) => {
            let mut users = Query::select();
            users
                .column(provider_user::Column::Id)
                .from(provider_user::Entity)
                .and_where(provider_user::Column::ProviderId.eq(user.provider));
            if !user.coordinator {
                users.and_where(provider_user::Column::Id.eq(user.user));
            }
            Condition::all().add(
                meeting::Column::Id.in_subquery(
                    Query::select()
                        .column(meeting_participant::Column::MeetingId)
                        .from(meeting_participant::Entity)
                        .and_where(
                            meeting_participant::Column::ProviderUserId
                                .in_subquery(users.to_owned()),
                        )
                        .to_owned(),
                ),
            )
        }
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
        Viewer::Citizen { citizen } => Condition::all().add(
            meeting_slot::Column::JobcentreId.in_subquery(
                Query::select()
                    .column(citizen::Column::JobcentreId)
                    .from(citizen::Entity)
                    .and_where(citizen::Column::Id.eq(*citizen))
                    .to_owned(),
            ),
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
