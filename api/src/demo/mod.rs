//! The synthetic demo municipality: one job centre, about 20 caseworkers, citizens with cases
//! across target groups, 10 providers, 50 companies with production units. Deterministic: the
//! same options give the same rows. No CPR number is real: every one has a day of month above
//! 60, which the CPR register never issues for a person born on that date.

mod citizens;
mod companies;
mod cvs;
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
    pub cvs: usize,
    pub elapsed_ms: u128,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo loaded in {} ms: 1 job centre, {} caseworkers, {} citizens, {} cases, {} providers, {} referrals, {} companies, {} job orders, {} candidates, {} meeting slots, {} CVs",
            self.elapsed_ms,
            self.caseworkers,
            self.citizens,
            self.cases,
            self.providers,
            self.referrals,
            self.companies,
            self.job_orders,
            self.candidates,
            self.slots,
            self.cvs
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
    providers::providers(&mut load, &staff, &people, &progress).await?;
    companies::companies(&mut load, &people, &progress).await?;
    slots::slots(&mut load, &staff, opts.today, &progress).await?;
    cvs::cvs(&mut load, &people, &progress).await?;
    let mut summary = load.commit().await?;
    crate::kernel::db::refresh_statistics(db).await?;
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
/// caseload on unemployment benefit (so with the right to self-book), the manager, a provider
/// coordinator and a staff member with referrals, and a company user acting for every unit.
pub async fn principals(db: &impl ConnectionTrait) -> anyhow::Result<Vec<DemoPrincipal>> {
    let centre = jobcentre::Entity::find()
        .filter(jobcentre::Column::MunicipalityCode.eq(DEMO_MUNICIPALITY))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo municipality is not loaded"))?;
    let (citizen, worker, manager) = citizen_and_staff(db, &centre).await?;
    let (provider, coordinator, staff_user) = provider_users(db, &centre).await?;
    let company_user = company_user::Entity::find()
        .filter(company_user::Column::AllUnits.eq(true))
        .order_by_asc(company_user::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo has no company users"))?;
    let principal = |label: String, role, subject, organisation| DemoPrincipal {
        label,
        role,
        subject,
        organisation,
    };
    Ok(vec![
        principal("Citizen".into(), Role::Citizen, citizen, None),
        principal(
            format!("Caseworker {}", worker.name),
            Role::Caseworker,
            worker.id,
            Some(centre.id),
        ),
        principal(
            format!("Manager {}", manager.name),
            Role::Manager,
            manager.id,
            Some(centre.id),
        ),
        principal(
            "Provider coordinator".into(),
            Role::ProviderCoordinator,
            coordinator,
            Some(provider),
        ),
        principal(
            "Provider staff".into(),
            Role::ProviderStaff,
            staff_user,
            Some(provider),
        ),
        principal(
            "Company user".into(),
            Role::Company,
            company_user.id,
            Some(company_user.company_id),
        ),
    ])
}

/// A jobseeker on unemployment benefit (may and must book meetings themself), the caseworker
/// whose caseload they are on, and the manager.
async fn citizen_and_staff(
    db: &impl ConnectionTrait,
    centre: &jobcentre::Model,
) -> anyhow::Result<(Uuid, caseworker::Model, caseworker::Model)> {
    let staff = caseworker::Entity::find()
        .filter(caseworker::Column::JobcentreId.eq(centre.id))
        .order_by_asc(caseworker::Column::Id)
        .all(db)
        .await?;
    let case = case::Entity::find()
        .filter(case::Column::JobcentreId.eq(centre.id))
        .filter(case::Column::ClosedAt.is_null())
        .filter(case::Column::ContactGroupCode.eq("DAGPENGE"))
        .order_by_asc(case::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo has no citizen on unemployment benefit"))?;
    let manager = staff
        .iter()
        .find(|c| c.is_manager)
        .ok_or_else(|| anyhow::anyhow!("demo has no manager"))?;
    let worker = staff
        .iter()
        .find(|c| Some(c.id) == case.assigned_caseworker_id)
        .ok_or_else(|| anyhow::anyhow!("demo citizen has no caseworker"))?;
    Ok((case.citizen_id, worker.clone(), manager.clone()))
}

/// The provider of the first referral, its coordinator, and the staff user the referral is
/// assigned to.
async fn provider_users(
    db: &impl ConnectionTrait,
    centre: &jobcentre::Model,
) -> anyhow::Result<(Uuid, Uuid, Uuid)> {
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
    Ok((referral.provider_id, coordinator.id, staff_user))
}
