//! The synthetic demo municipality: one job centre, about 20 caseworkers, citizens with cases
//! across target groups, 10 providers, 50 companies with production units. Deterministic: the
//! same options give the same rows. No CPR number is real: every one has a day of month above
//! 60, which the CPR register never issues for a person born on that date.

mod citizens;
mod companies;
mod load;
mod names;
mod providers;
mod rng;
mod slots;
mod staff;

use std::fmt;

use chrono::NaiveDate;
use jobbro_entities::{
    case, caseworker, company_user, enums::ProviderUserRole, jobcentre, provider_user,
    service_order,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::auth::Role;
use load::Load;

/// Citizens when no number is given.
pub const DEFAULT_CITIZENS: usize = 2_000;
/// The demo job centre's municipality code (a free code: no real municipality has it).
pub const DEMO_MUNICIPALITY: &str = "0999";

/// How big a municipality to build.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub citizens: usize,
    /// The day the demo is loaded: free meeting slots are published for the three weeks after
    /// it, so the citizen portal has times to book. Everything else is fixed.
    pub today: NaiveDate,
}

/// What was loaded.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub caseworkers: usize,
    pub citizens: usize,
    pub cases: usize,
    pub providers: usize,
    pub referrals: usize,
    pub companies: usize,
    pub job_orders: usize,
    pub candidates: usize,
    pub slots: usize,
    pub elapsed_ms: u128,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo loaded in {} ms: 1 job centre, {} caseworkers, {} citizens, {} cases, {} providers, {} referrals, {} companies, {} job orders, {} candidates, {} meeting slots",
            self.elapsed_ms,
            self.caseworkers,
            self.citizens,
            self.cases,
            self.providers,
            self.referrals,
            self.companies,
            self.job_orders,
            self.candidates,
            self.slots
        )
    }
}

/// Whether the demo municipality is already in the database.
pub async fn is_loaded(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(jobcentre::Entity::find()
        .filter(jobcentre::Column::MunicipalityCode.eq(DEMO_MUNICIPALITY))
        .one(db)
        .await?
        .is_some())
}

/// Loads the demo municipality in one transaction, reporting progress through `progress`.
pub async fn seed(
    db: &DatabaseConnection,
    opts: &DemoOptions,
    progress: impl Fn(&str),
) -> anyhow::Result<DemoSummary> {
    if is_loaded(db).await? {
        anyhow::bail!(
            "the demo municipality is already loaded; use a fresh database to load it again"
        );
    }
    let started = std::time::Instant::now();
    // The order of the steps is the order of the random draws: keep it.
    let mut load = Load::begin(db).await?;
    let staff = staff::caseworkers(&mut load, &progress).await?;
    let people = citizens::citizens(&mut load, &staff, opts.citizens, &progress).await?;
    providers::providers(&mut load, &people, &progress).await?;
    companies::companies(&mut load, &people, &progress).await?;
    slots::slots(&mut load, &staff, opts.today, &progress).await?;
    let mut summary = load.commit().await?;
    summary.elapsed_ms = started.elapsed().as_millis();
    Ok(summary)
}

/// One signed-in principal of the demo, for a token.
#[derive(Debug, Clone)]
pub struct DemoPrincipal {
    pub label: String,
    pub role: Role,
    pub subject: Uuid,
    pub organisation: Option<Uuid>,
}

/// One principal per role in the loaded demo: a caseworker with a caseload, a citizen of that
/// caseload on unemployment benefit (so with the right to self-book), the manager, a provider coordinator and a staff member with referrals, and a company
/// user acting for every unit.
pub async fn principals(db: &impl ConnectionTrait) -> anyhow::Result<Vec<DemoPrincipal>> {
    let centre = jobcentre::Entity::find()
        .filter(jobcentre::Column::MunicipalityCode.eq(DEMO_MUNICIPALITY))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo municipality is not loaded"))?;
    let staff = caseworker::Entity::find()
        .filter(caseworker::Column::JobcentreId.eq(centre.id))
        .order_by_asc(caseworker::Column::Id)
        .all(db)
        .await?;
    let manager = staff
        .iter()
        .find(|c| c.is_manager)
        .ok_or_else(|| anyhow::anyhow!("demo has no manager"))?;
    // A jobseeker on unemployment benefit (may and must book meetings themself), and the
    // caseworker whose caseload they are on.
    let case = case::Entity::find()
        .filter(case::Column::JobcentreId.eq(centre.id))
        .filter(case::Column::ClosedAt.is_null())
        .filter(case::Column::ContactGroupCode.eq("DAGPENGE"))
        .order_by_asc(case::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo has no citizen on unemployment benefit"))?;
    let worker = staff
        .iter()
        .find(|c| Some(c.id) == case.assigned_caseworker_id)
        .ok_or_else(|| anyhow::anyhow!("demo citizen has no caseworker"))?;
    let referral = service_order::Entity::find()
        .filter(service_order::Column::JobcentreId.eq(centre.id))
        .order_by_asc(service_order::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo has no referrals"))?;
    let coordinator = provider_user::Entity::find()
        .filter(provider_user::Column::ProviderId.eq(referral.provider_id))
        .filter(provider_user::Column::Role.eq(ProviderUserRole::Coordinator))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo provider has no coordinator"))?;
    let staff_user = referral
        .assigned_user_id
        .ok_or_else(|| anyhow::anyhow!("demo referral is unassigned"))?;
    let company_user = company_user::Entity::find()
        .filter(company_user::Column::AllUnits.eq(true))
        .order_by_asc(company_user::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo has no company users"))?;
    Ok(vec![
        DemoPrincipal {
            label: "Citizen".into(),
            role: Role::Citizen,
            subject: case.citizen_id,
            organisation: None,
        },
        DemoPrincipal {
            label: format!("Caseworker {}", worker.name),
            role: Role::Caseworker,
            subject: worker.id,
            organisation: Some(centre.id),
        },
        DemoPrincipal {
            label: format!("Manager {}", manager.name),
            role: Role::Manager,
            subject: manager.id,
            organisation: Some(centre.id),
        },
        DemoPrincipal {
            label: "Provider coordinator".into(),
            role: Role::ProviderCoordinator,
            subject: coordinator.id,
            organisation: Some(referral.provider_id),
        },
        DemoPrincipal {
            label: "Provider staff".into(),
            role: Role::ProviderStaff,
            subject: staff_user,
            organisation: Some(referral.provider_id),
        },
        DemoPrincipal {
            label: "Company user".into(),
            role: Role::Company,
            subject: company_user.id,
            organisation: Some(company_user.company_id),
        },
    ])
}
