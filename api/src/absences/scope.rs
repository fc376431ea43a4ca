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

/// The citizens under an absence on `day` whose type suspends their availability to the labour
/// market (sick, on leave …), as a subquery: they are not matched to jobs.
pub fn unavailable_on(day: chrono::NaiveDate) -> sea_orm::sea_query::SelectStatement {
    use jobbro_entities::{absence, absence_type};
    sea_orm::sea_query::Query::select()
        .column((absence::Entity, absence::Column::CitizenId))
        .from(absence::Entity)
        .inner_join(
            absence_type::Entity,
            Expr::col((absence_type::Entity, absence_type::Column::Code))
                .equals((absence::Entity, absence::Column::AbsenceTypeCode)),
        )
        .and_where(
            Expr::col((
                absence_type::Entity,
                absence_type::Column::SuspendsAvailability,
            ))
            .eq(true),
        )
        .and_where(Expr::col((absence::Entity, absence::Column::StartsOn)).lte(day))
        .and_where(Expr::col((absence::Entity, absence::Column::EndedAt)).is_null())
        .cond_where(
            Condition::any()
                .add(Expr::col((absence::Entity, absence::Column::EndsOn)).is_null())
                .add(Expr::col((absence::Entity, absence::Column::EndsOn)).gte(day)),
        )
        .to_owned()
}
