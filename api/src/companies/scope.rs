//! Which candidates and job orders a viewer may read.

use jobbro_entities::{
    candidate, company_user, company_user_unit, consent, enums::ConsentPurpose, job_order,
};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};

use crate::auth::{Role, Viewer};

/// A condition on `job_orders` admitting exactly the rows the viewer may see.
pub fn job_orders_visible_to(viewer: &Viewer) -> Condition {
    match viewer.role {
        Role::Company => Condition::all()
            .add(job_order::Column::CompanyId.eq(viewer.organisation_id()))
            .add(
                Condition::any()
                    .add(Expr::exists(acts_for_all_units(viewer)))
                    .add(job_order::Column::ProductionUnitId.in_subquery(permitted_units(viewer))),
            ),
        Role::Caseworker | Role::Manager => {
            Condition::all().add(job_order::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::Citizen | Role::ProviderCoordinator | Role::ProviderStaff | Role::Integration => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}

/// A condition on `candidates` admitting exactly the rows the viewer may see.
pub fn candidates_visible_to(viewer: &Viewer) -> Condition {
    match viewer.role {
        Role::Company => Condition::all()
            .add(candidate::Column::JobOrderId.in_subquery(visible_job_orders(viewer)))
            .add(candidate::Column::CitizenId.in_subquery(consenting_citizens())),
        Role::Caseworker | Role::Manager => {
            Condition::all().add(candidate::Column::JobcentreId.eq(viewer.jobcentre_id()))
        }
        Role::Citizen => Condition::all().add(candidate::Column::CitizenId.eq(viewer.subject)),
        Role::ProviderCoordinator | Role::ProviderStaff | Role::Integration => {
            Condition::all().add(Expr::val(1).eq(0))
        }
    }
}

fn visible_job_orders(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(job_order::Column::Id)
        .from(job_order::Entity)
        .cond_where(job_orders_visible_to(viewer))
        .to_owned()
}

fn acts_for_all_units(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(company_user::Entity)
        .and_where(company_user::Column::Id.eq(viewer.subject))
        .and_where(company_user::Column::CompanyId.eq(viewer.organisation_id()))
        .and_where(company_user::Column::AllUnits.eq(true))
        .to_owned()
}

fn permitted_units(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(company_user_unit::Column::ProductionUnitId)
        .from(company_user_unit::Entity)
        .and_where(company_user_unit::Column::CompanyUserId.eq(viewer.subject))
        .to_owned()
}

fn consenting_citizens() -> SelectStatement {
    Query::select()
        .column(consent::Column::CitizenId)
        .from(consent::Entity)
        .and_where(consent::Column::Purpose.eq(ConsentPurpose::ShareCvWithCompanies))
        .and_where(consent::Column::RevokedAt.is_null())
        .to_owned()
}
