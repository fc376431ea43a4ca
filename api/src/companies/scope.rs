//! Which job orders and candidates a viewer may read.

use jobbro_entities::{
    candidate, company_consultant, company_contact, company_user, company_user_unit,
    enums::{CandidateStatus, JobOrderKind, JobOrderStatus},
    job_kind_target_group, job_order, placement,
};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};

use crate::{
    cases, citizens,
    cvs::matching::Reserved,
    kernel::viewer::{CompanyUser, Viewer},
};

fn nothing() -> Condition {
    Condition::all().add(Expr::val(1).eq(0))
}

/// A condition on `job_orders`: a company user the orders of the units they may act for (all of
/// the company's when they act for every unit), staff their job centre's once sent.
pub fn job_orders_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Company(user) => Condition::all()
            .add(job_order::Column::CompanyId.eq(user.company))
            .add(acting_for(user, job_order::Column::ProductionUnitId)),
        // A draft is the company's own until it is sent.
        Viewer::Staff(staff) => Condition::all()
            .add(job_order::Column::JobcentreId.eq(staff.jobcentre))
            .add(job_order::Column::Status.ne(JobOrderStatus::Draft)),
        Viewer::Citizen { .. } | Viewer::Provider(_) | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on `placements`: staff their job centre's; a company user those at the units
/// they may act for.
pub fn placements_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(placement::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Company(user) => Condition::all()
            .add(placement::Column::CompanyId.eq(user.company))
            .add(acting_for(user, placement::Column::ProductionUnitId)),
        Viewer::Citizen { .. } | Viewer::Provider(_) | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on `candidates`: a company user those of the job orders they see, while the
/// citizen may be seen by the company (the consent to share the CV is in force); staff their job
/// centre's; a citizen their own.
pub fn candidates_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Company(_) => Condition::all()
            .add(
                candidate::Column::JobOrderId.in_subquery(
                    Query::select()
                        .column(job_order::Column::Id)
                        .from(job_order::Entity)
                        .cond_where(job_orders_visible_to(viewer))
                        .to_owned(),
                ),
            )
            .add(candidate::Column::Status.is_in(CandidateStatus::PRESENTED.iter().copied()))
            .add(candidate::Column::CitizenId.in_subquery(citizens::scope::visible_ids(viewer))),
        Viewer::Staff(staff) => {
            Condition::all().add(candidate::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { citizen } => {
            Condition::all().add(candidate::Column::CitizenId.eq(*citizen))
        }
        Viewer::Provider(_) | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on a production-unit column: a unit the user may act for (any of their company's
/// units when they act for every unit; the caller limits the company).
pub fn acting_for(user: &CompanyUser, unit: impl ColumnTrait) -> Condition {
    Condition::any()
        .add(Expr::exists(acts_for_all_units(user)))
        .add(unit.in_subquery(permitted_units(user)))
}

fn acts_for_all_units(user: &CompanyUser) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(company_user::Entity)
        .and_where(company_user::Column::Id.eq(user.user))
        .and_where(company_user::Column::CompanyId.eq(user.company))
        .and_where(company_user::Column::AllUnits.eq(true))
        .to_owned()
}

/// The production units the user may act for.
pub fn permitted_units(user: &CompanyUser) -> SelectStatement {
    Query::select()
        .column(company_user_unit::Column::ProductionUnitId)
        .from(company_user_unit::Entity)
        .and_where(company_user_unit::Column::CompanyUserId.eq(user.user))
        .to_owned()
}

/// The citizens who are already candidates for the order, as a subquery.
pub fn candidates_of(order: uuid::Uuid) -> SelectStatement {
    Query::select()
        .column(candidate::Column::CitizenId)
        .from(candidate::Entity)
        .and_where(candidate::Column::JobOrderId.eq(order))
        .to_owned()
}

/// The job orders the citizen is already a candidate for, as a subquery.
pub fn orders_with_candidate(citizen: uuid::Uuid) -> SelectStatement {
    Query::select()
        .column(candidate::Column::JobOrderId)
        .from(candidate::Entity)
        .and_where(candidate::Column::CitizenId.eq(citizen))
        .to_owned()
}

/// Who may take a job of `kind`: when the kind is reserved for some target groups
/// (`job_kind_target_groups`, a flex job for citizens visited to one), the citizens with an open
/// case in one of them; otherwise anyone. The one statement of the rule, for matching and for
/// granting alike.
pub fn reserved_for(kind: JobOrderKind) -> Reserved {
    let of_kind = |select: &mut SelectStatement| {
        select
            .from(job_kind_target_group::Entity)
            .and_where(job_kind_target_group::Column::Kind.eq(kind))
            .to_owned()
    };
    Reserved {
        rows: of_kind(Query::select().expr(Expr::val(1))),
        eligible: cases::scope::open_in_target_groups(of_kind(
            Query::select().column(job_kind_target_group::Column::TargetGroupCode),
        )),
    }
}

/// A condition on `company_contacts`: staff their job centre's log; nobody else reads it.
pub fn company_contacts_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(company_contact::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. }
        | Viewer::Company(_)
        | Viewer::Provider(_)
        | Viewer::Integration { .. } => nothing(),
    }
}

/// A condition on `company_consultants`: staff their job centre's; nobody else reads them.
pub fn company_consultants_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Staff(staff) => {
            Condition::all().add(company_consultant::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Citizen { .. }
        | Viewer::Company(_)
        | Viewer::Provider(_)
        | Viewer::Integration { .. } => nothing(),
    }
}
