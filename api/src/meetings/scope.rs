//! Which meetings and slots a viewer may read.

use jobbro_entities::{citizen, meeting, meeting_participant, meeting_slot, provider_user};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::auth::{Role, Viewer};

/// A condition on `meetings` admitting exactly the rows the viewer may see: citizens their own,
/// staff their job centre's, providers those they take part in, companies none.
pub fn meetings_visible_to(viewer: &Viewer) -> Condition {
    let taking_part = |users: sea_orm::sea_query::SelectStatement| {
        meeting::Column::Id.in_subquery(
            Query::select()
                .column(meeting_participant::Column::MeetingId)
                .from(meeting_participant::Entity)
                .and_where(meeting_participant::Column::ProviderUserId.in_subquery(users))
                .to_owned(),
        )
    };
    match viewer.role {
        Role::Citizen => Condition::all().add(meeting::Column::CitizenId.eq(viewer.subject)),
        Role::Caseworker | Role::Manager => {
            Condition::all().add(meeting::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::ProviderCoordinator => Condition::all().add(taking_part(
            Query::select()
                .column(provider_user::Column::Id)
                .from(provider_user::Entity)
                .and_where(provider_user::Column::ProviderId.eq(viewer.organisation_id()))
                .to_owned(),
        )),
        Role::ProviderStaff => Condition::all().add(taking_part(
            Query::select()
                .column(provider_user::Column::Id)
                .from(provider_user::Entity)
                .and_where(provider_user::Column::Id.eq(viewer.subject))
                .and_where(provider_user::Column::ProviderId.eq(viewer.organisation_id()))
                .to_owned(),
        )),
        Role::Company | Role::Integration => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// A condition on `meeting_slots`: staff see their job centre's, citizens their own job
/// centre's (the resource overview, `000:158`), nobody else any.
pub fn slots_visible_to(viewer: &Viewer) -> Condition {
    match viewer.role {
        Role::Caseworker | Role::Manager => {
            Condition::all().add(meeting_slot::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::Citizen => Condition::all().add(
            meeting_slot::Column::JobcentreId.in_subquery(
                Query::select()
                    .column(citizen::Column::JobcentreId)
                    .from(citizen::Entity)
                    .and_where(citizen::Column::Id.eq(viewer.subject))
                    .to_owned(),
            ),
        ),
        Role::ProviderCoordinator | Role::ProviderStaff | Role::Company | Role::Integration => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}
