//! The synthetic demo municipality: one job centre, about 20 caseworkers, citizens with cases
//! across target groups, 10 providers, 50 companies with production units. Deterministic: the
//! same options give the same rows. No CPR number is real: every one has a day of month above
//! 60, which the CPR register never issues for a person born on that date.

mod names;

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use jobbro_entities::{
    candidate, case, caseworker, citizen, company, company_user, company_user_unit, consent,
    enums::{
        CandidateStatus, Channel, ConsentPurpose, DeregistrationReason, JobOrderStatus,
        MeetingChannel, MeetingType, ProviderUserRole, ServiceOrderStatus, VisitationCategory,
    },
    job_order, jobcentre, jobseeker_registration, meeting_slot, production_unit, provider,
    provider_user, service_order,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use crate::auth::Role;

/// Citizens when no number is given.
pub const DEFAULT_CITIZENS: usize = 2_000;
/// The demo job centre's municipality code (a free code: no real municipality has it).
pub const DEMO_MUNICIPALITY: &str = "0999";
const CASEWORKERS: usize = 20;
const PROVIDERS: usize = 10;
const COMPANIES: usize = 50;
/// Rows per INSERT statement (well under both engines' bind-parameter limits).
const BATCH: usize = 400;

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

/// SplitMix64: tiny, fast and stable across versions, so the demo stays the same forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Deterministic UUID v7s: a fixed clock that ticks one millisecond per id.
struct Ids {
    rng: Rng,
    millis: u64,
}

impl Ids {
    fn next(&mut self) -> Uuid {
        self.millis += 1;
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.rng.next().to_be_bytes());
        random[8..].copy_from_slice(&self.rng.next().to_be_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid()
    }
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Whether the demo municipality is already in the database.
pub async fn is_loaded(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(jobcentre::Entity::find()
        .filter(jobcentre::Column::MunicipalityCode.eq(DEMO_MUNICIPALITY))
        .one(db)
        .await?
        .is_some())
}

/// (contact group, target group, visitation, share of citizens in percent, registered as jobseeker)
const GROUPS: &[(&str, &str, Option<VisitationCategory>, u64, bool)] = &[
    (
        "DAGPENGE",
        "DAGPENGE",
        Some(VisitationCategory::JobReady),
        30,
        true,
    ),
    (
        "KONTANTHJAELP_JOBPARAT",
        "KONTANTHJAELP",
        Some(VisitationCategory::JobReady),
        15,
        true,
    ),
    (
        "KONTANTHJAELP_AKTIVITETSPARAT",
        "KONTANTHJAELP",
        Some(VisitationCategory::ActivityReady),
        15,
        false,
    ),
    (
        "UDDANNELSESHJAELP",
        "UDDANNELSESHJAELP",
        Some(VisitationCategory::EducationReady),
        10,
        true,
    ),
    ("SYGEDAGPENGE", "SYGEDAGPENGE", None, 15, false),
    (
        "RESSOURCEFORLOEB",
        "RESSOURCEFORLOEB",
        Some(VisitationCategory::ActivityReady),
        5,
        false,
    ),
    ("JOBAFKLARING", "JOBAFKLARING", None, 5, false),
    ("LEDIGHEDSYDELSE", "LEDIGHEDSYDELSE", None, 5, true),
];

fn pick_group(
    rng: &mut Rng,
) -> &'static (
    &'static str,
    &'static str,
    Option<VisitationCategory>,
    u64,
    bool,
) {
    let mut roll = rng.next() % 100;
    for g in GROUPS {
        if roll < g.3 {
            return g;
        }
        roll -= g.3;
    }
    &GROUPS[0]
}

async fn insert_all<M, A, C>(
    db: &C,
    rows: impl IntoIterator<Item = M>,
) -> Result<(), sea_orm::DbErr>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let mut rows = rows
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
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
    let mut rng = Rng(0x6a6f_6262_726f);
    let mut ids = Ids {
        rng: Rng(0x1d5),
        millis: at(2025, 1, 6).timestamp_millis() as u64,
    };
    let mut summary = DemoSummary::default();
    let created = at(2025, 1, 6);
    let txn = db.begin().await?;

    let centre = jobcentre::Model {
        id: ids.next(),
        name: "Jobcenter Nordby".into(),
        municipality_code: DEMO_MUNICIPALITY.into(),
        created_at: created,
    };
    jobcentre::Entity::insert(centre.clone().into_active_model())
        .exec_without_returning(&txn)
        .await?;

    let mut staff = Vec::new();
    for i in 0..CASEWORKERS {
        let given = rng.pick(names::GIVEN);
        let family = rng.pick(names::FAMILY);
        staff.push(caseworker::Model {
            id: ids.next(),
            jobcentre_id: centre.id,
            name: format!("{given} {family}"),
            email: format!("sagsbehandler{:02}@nordby.example", i + 1),
            team: Some(format!(
                "Team {}",
                ["Job", "Uddannelse", "Afklaring"][i % 3]
            )),
            is_manager: i == 0,
            created_at: created,
        });
    }
    summary.caseworkers = staff.len();
    insert_all(&txn, staff.iter().cloned()).await?;
    progress(&format!("demo: {} caseworkers", staff.len()));

    let mut people = Vec::with_capacity(opts.citizens);
    let mut cases = Vec::new();
    let mut registrations = Vec::new();
    let mut consents = Vec::new();
    for i in 0..opts.citizens {
        let (postal_code, city) = *rng.pick(names::TOWNS);
        let born =
            NaiveDate::from_ymd_opt(1960 + rng.below(45) as i32, 1 + rng.below(12) as u32, 1)
                .unwrap_or_default();
        let channel = match rng.below(10) {
            0 => Channel::Paper,
            1 => Channel::Sms,
            2..=5 => Channel::Portal,
            _ => Channel::DigitalPost,
        };
        let group = pick_group(&mut rng);
        let person = citizen::Model {
            id: ids.next(),
            jobcentre_id: centre.id,
            // Day of month 61-88: never issued as a CPR number for that birth date.
            cpr: format!(
                "{:02}{}-{:04}",
                61 + rng.below(28),
                born.format("%m%y"),
                i % 10_000
            ),
            given_name: rng.pick(names::GIVEN).to_string(),
            family_name: rng.pick(names::FAMILY).to_string(),
            street: format!("{} {}", rng.pick(names::STREETS), 1 + rng.below(120)),
            postal_code: postal_code.into(),
            city: city.into(),
            protected_address: rng.chance(3),
            phone: rng
                .chance(85)
                .then(|| format!("9{:07}", rng.below(10_000_000))),
            email: rng
                .chance(70)
                .then(|| format!("borger{:05}@mail.example", i + 1)),
            preferred_channel: channel,
            // Activity-ready citizens are never obliged to use the portal (`003:417`).
            obliged_digital: group.2 != Some(VisitationCategory::ActivityReady) && rng.chance(70),
            created_at: created,
            updated_at: created,
        };
        let opened = created + Duration::days(rng.below(600) as i64);
        if rng.chance(10) {
            cases.push(case::Model {
                id: ids.next(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                contact_group_code: "DAGPENGE".into(),
                target_group_code: "DAGPENGE".into(),
                visitation_category: Some(VisitationCategory::JobReady),
                assigned_caseworker_id: Some(staff[1 + rng.below(CASEWORKERS - 1)].id),
                opened_at: opened - Duration::days(400),
                closed_at: Some(opened - Duration::days(30)),
                deadline: None,
                version: 1,
            });
        }
        cases.push(case::Model {
            id: ids.next(),
            jobcentre_id: centre.id,
            citizen_id: person.id,
            contact_group_code: group.0.into(),
            target_group_code: group.1.into(),
            visitation_category: group.2,
            assigned_caseworker_id: Some(staff[1 + i % (CASEWORKERS - 1)].id),
            opened_at: opened,
            closed_at: None,
            deadline: (group.0 == "SYGEDAGPENGE").then(|| opened.date_naive() + Duration::weeks(8)),
            version: 1,
        });
        if group.4 {
            let deregistered = rng.chance(8);
            registrations.push(jobseeker_registration::Model {
                id: ids.next(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                registered_at: opened,
                deregistered_at: deregistered.then(|| opened + Duration::days(90)),
                deregistration_reason: deregistered.then_some(DeregistrationReason::CitizenRequest),
            });
        }
        if rng.chance(60) {
            consents.push(consent::Model {
                id: ids.next(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                purpose: ConsentPurpose::ShareCvWithCompanies,
                granted_at: opened + Duration::days(3),
                revoked_at: None,
            });
        }
        people.push(person);
    }
    summary.citizens = people.len();
    summary.cases = cases.len();
    insert_all(&txn, people.iter().cloned()).await?;
    progress(&format!("demo: {} citizens", people.len()));
    insert_all(&txn, cases).await?;
    insert_all(&txn, registrations).await?;
    insert_all(&txn, consents).await?;
    progress(&format!(
        "demo: {} cases, registrations and consents",
        summary.cases
    ));

    let mut providers = Vec::new();
    let mut provider_users = Vec::new();
    for (i, name) in names::PROVIDERS.iter().take(PROVIDERS).enumerate() {
        let p = provider::Model {
            id: ids.next(),
            name: (*name).into(),
            cvr: format!("9{:07}", 1000 + i),
            created_at: created,
        };
        for (j, role) in [
            ProviderUserRole::Coordinator,
            ProviderUserRole::Staff,
            ProviderUserRole::Staff,
        ]
        .into_iter()
        .enumerate()
        {
            provider_users.push(provider_user::Model {
                id: ids.next(),
                provider_id: p.id,
                name: format!("{} {}", rng.pick(names::GIVEN), rng.pick(names::FAMILY)),
                email: format!("bruger{}@aktoer{:02}.example", j + 1, i + 1),
                role,
            });
        }
        providers.push(p);
    }
    let offer_kinds = [
        "MENTOR",
        "VEJLEDNING_OPKVALIFICERING",
        "VIRKSOMHEDSPRAKTIK",
        "SUNDHEDSINDSATS",
        "SOCIAL_INDSATS",
    ];
    let mut referrals = Vec::new();
    for person in &people {
        if !rng.chance(15) {
            continue;
        }
        let p = rng.below(providers.len());
        let staff_user = &provider_users[p * 3 + 1 + rng.below(2)];
        let starts =
            NaiveDate::from_ymd_opt(2026, 1 + rng.below(11) as u32, 1 + rng.below(28) as u32)
                .unwrap_or_default();
        referrals.push(service_order::Model {
            id: ids.next(),
            jobcentre_id: centre.id,
            citizen_id: person.id,
            provider_id: providers[p].id,
            assigned_user_id: Some(staff_user.id),
            offer_kind_code: (*rng.pick(&offer_kinds)).into(),
            justification: "Borgeren har behov for støtte til at komme tættere på arbejdsmarkedet."
                .into(),
            goal: "Afklaring af beskæftigelsesmål og første skridt mod job eller uddannelse."
                .into(),
            remark: None,
            starts_on: starts,
            ends_on: Some(starts + Duration::weeks(13)),
            status: ServiceOrderStatus::Active,
            created_at: created,
        });
    }
    summary.providers = providers.len();
    summary.referrals = referrals.len();
    insert_all(&txn, providers).await?;
    insert_all(&txn, provider_users).await?;
    insert_all(&txn, referrals).await?;
    progress(&format!(
        "demo: {} providers, {} referrals",
        summary.providers, summary.referrals
    ));

    let (mut companies, mut units, mut users, mut user_units, mut orders, mut candidates) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for i in 0..COMPANIES {
        let c = company::Model {
            id: ids.next(),
            cvr: format!("8{:07}", 2000 + i),
            name: format!(
                "{} {} ApS",
                names::COMPANY_PREFIX[i % 10],
                names::COMPANY_SUFFIX[(i / 10 + i) % 10]
            ),
            created_at: created,
        };
        let unit_count = 1 + rng.below(3);
        let first_unit = units.len();
        for u in 0..unit_count {
            let (postal_code, city) = *rng.pick(names::TOWNS);
            units.push(production_unit::Model {
                id: ids.next(),
                company_id: c.id,
                p_number: format!("10{:04}{}", 2000 + i, u),
                name: format!("{} afd. {}", c.name, u + 1),
                street: format!("{} {}", rng.pick(names::STREETS), 1 + rng.below(60)),
                postal_code: postal_code.into(),
                city: city.into(),
            });
        }
        users.push(company_user::Model {
            id: ids.next(),
            company_id: c.id,
            name: format!("{} {}", rng.pick(names::GIVEN), rng.pick(names::FAMILY)),
            email: format!("hr@virksomhed{:02}.example", i + 1),
            all_units: true,
        });
        if unit_count > 1 {
            let restricted = company_user::Model {
                id: ids.next(),
                company_id: c.id,
                name: format!("{} {}", rng.pick(names::GIVEN), rng.pick(names::FAMILY)),
                email: format!("afdeling@virksomhed{:02}.example", i + 1),
                all_units: false,
            };
            user_units.push(company_user_unit::Model {
                company_user_id: restricted.id,
                production_unit_id: units[first_unit].id,
            });
            users.push(restricted);
        }
        for _ in 0..1 + rng.below(2) {
            let unit = &units[first_unit + rng.below(unit_count)];
            let subsidised = rng.chance(30);
            let order = job_order::Model {
                id: ids.next(),
                jobcentre_id: centre.id,
                company_id: c.id,
                production_unit_id: unit.id,
                title: (*rng.pick(names::JOB_TITLES)).into(),
                offer_kind_code: subsidised.then(|| "LOENTILSKUD".to_string()),
                positions: 1 + rng.below(3) as i32,
                status: JobOrderStatus::Open,
                created_at: created + Duration::days(rng.below(300) as i64),
            };
            let mut chosen = std::collections::HashSet::new();
            for _ in 0..3 {
                let person = &people[rng.below(people.len())];
                if chosen.insert(person.id) {
                    candidates.push(candidate::Model {
                        id: ids.next(),
                        jobcentre_id: centre.id,
                        job_order_id: order.id,
                        citizen_id: person.id,
                        presented_at: order.created_at + Duration::days(7),
                        status: CandidateStatus::Presented,
                    });
                }
            }
            orders.push(order);
        }
        companies.push(c);
    }
    summary.companies = companies.len();
    summary.job_orders = orders.len();
    summary.candidates = candidates.len();
    insert_all(&txn, companies).await?;
    insert_all(&txn, units).await?;
    insert_all(&txn, users).await?;
    insert_all(&txn, user_units).await?;
    insert_all(&txn, orders).await?;
    insert_all(&txn, candidates).await?;
    progress(&format!(
        "demo: {} companies, {} job orders, {} candidates",
        summary.companies, summary.job_orders, summary.candidates
    ));

    let slots = demo_slots(&mut ids, &centre, &staff, opts.today);
    summary.slots = slots.len();
    insert_all(&txn, slots).await?;
    progress(&format!(
        "demo: {} free meeting slots from {}",
        summary.slots, opts.today
    ));

    txn.commit().await?;
    summary.elapsed_ms = started.elapsed().as_millis();
    Ok(summary)
}

/// Free job-conversation slots for the first five caseworkers: weekdays at 09:00 and 09:30
/// (Danish time, written as UTC+1), for the three weeks after `today`; Wednesdays by phone.
fn demo_slots(
    ids: &mut Ids,
    centre: &jobcentre::Model,
    staff: &[caseworker::Model],
    today: NaiveDate,
) -> Vec<meeting_slot::ActiveModel> {
    let mut rows = Vec::new();
    for day in (1..=21).map(|d| today + Duration::days(d)) {
        let weekday = day.weekday().number_from_monday();
        if weekday > 5 {
            continue;
        }
        for (n, worker) in staff.iter().filter(|c| !c.is_manager).take(5).enumerate() {
            for half_hour in 0..2 {
                let Some(start) = day.and_hms_opt(8, 30 * half_hour, 0) else {
                    continue;
                };
                let starts_at = Utc.from_utc_datetime(&start);
                let phone = weekday == 3;
                rows.push(meeting_slot::ActiveModel {
                    id: Set(ids.next()),
                    jobcentre_id: Set(centre.id),
                    caseworker_id: Set(worker.id),
                    series_id: Set(None),
                    meeting_type: Set(MeetingType::JobConversation),
                    channel: Set(if phone {
                        MeetingChannel::Phone
                    } else {
                        MeetingChannel::InPerson
                    }),
                    location: Set(if phone {
                        "Telefon: jobcenteret ringer op".into()
                    } else {
                        format!("Jobcenter Nordby, lokale {}", n + 1)
                    }),
                    starts_at: Set(starts_at),
                    ends_at: Set(starts_at + Duration::minutes(30)),
                    capacity: Set(1),
                    booked: Set(0),
                    cancelled_at: Set(None),
                    created_at: Set(starts_at - Duration::days(30)),
                });
            }
        }
    }
    rows
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
