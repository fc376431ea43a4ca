//! The companies: production units, an HR user for every unit and, where a company has more
//! than one unit, a user for the first unit only; open job orders with candidates presented.

use std::collections::HashSet;

use chrono::Duration;
use jobbro_entities::{
    candidate, citizen, company, company_user, company_user_unit,
    enums::{CandidateStatus, JobOrderKind, JobOrderStatus},
    job_order, production_unit,
};
use sea_orm::DbErr;

use super::{load::Load, names};

/// Companies in the demo.
const COMPANIES: usize = 50;

/// The rows drawn for the companies, inserted together.
#[derive(Default)]
struct Rows {
    companies: Vec<company::Model>,
    units: Vec<production_unit::Model>,
    users: Vec<company_user::Model>,
    user_units: Vec<company_user_unit::Model>,
    orders: Vec<job_order::Model>,
    candidates: Vec<candidate::Model>,
}

/// Inserts the companies with their units, users, job orders and candidates from `people`.
pub(super) async fn companies(
    load: &mut Load,
    people: &[citizen::Model],
    progress: &impl Fn(&str),
) -> Result<(), DbErr> {
    let mut rows = Rows::default();
    for i in 0..COMPANIES {
        company(load, people, i, &mut rows);
    }
    load.summary.companies = rows.companies.len();
    load.summary.job_orders = rows.orders.len();
    load.summary.candidates = rows.candidates.len();
    load.insert(rows.companies).await?;
    load.insert(rows.units).await?;
    load.insert(rows.users).await?;
    load.insert(rows.user_units).await?;
    load.insert(rows.orders).await?;
    load.insert(rows.candidates).await?;
    progress(&format!(
        "demo: {} companies, {} job orders, {} candidates",
        load.summary.companies, load.summary.job_orders, load.summary.candidates
    ));
    Ok(())
}

/// The `i`th company with one to three units, its users, and one or two job orders.
fn company(load: &mut Load, people: &[citizen::Model], i: usize, rows: &mut Rows) {
    let c = company::Model {
        id: load.ids.next(),
        cvr: format!("8{:07}", 2000 + i),
        name: format!(
            "{} {} ApS",
            names::COMPANY_PREFIX[i % 10],
            names::COMPANY_SUFFIX[(i / 10 + i) % 10]
        ),
        created_at: load.created,
    };
    let units = units(load, &c, i);
    users(load, &c, i, &units, rows);
    for _ in 0..1 + load.rng.below(2) {
        let unit = &units[load.rng.below(units.len())];
        let order = job_order(load, &c, unit);
        candidates(load, people, &order, &mut rows.candidates);
        rows.orders.push(order);
    }
    rows.units.extend(units);
    rows.companies.push(c);
}

/// One to three production units of the `i`th company, in random towns.
fn units(load: &mut Load, c: &company::Model, i: usize) -> Vec<production_unit::Model> {
    let count = 1 + load.rng.below(3);
    let mut units = Vec::with_capacity(count);
    for u in 0..count {
        let (postal_code, city) = *load.rng.pick(names::TOWNS);
        units.push(production_unit::Model {
            id: load.ids.next(),
            company_id: c.id,
            p_number: format!("10{:04}{}", 2000 + i, u),
            name: format!("{} afd. {}", c.name, u + 1),
            street: format!(
                "{} {}",
                load.rng.pick(names::STREETS),
                1 + load.rng.below(60)
            ),
            postal_code: postal_code.into(),
            city: city.into(),
        });
    }
    units
}

/// An HR user acting for every unit and, if the company has more than one unit, a user for
/// the first unit only.
fn users(
    load: &mut Load,
    c: &company::Model,
    i: usize,
    units: &[production_unit::Model],
    rows: &mut Rows,
) {
    rows.users.push(company_user::Model {
        id: load.ids.next(),
        company_id: c.id,
        name: names::full_name(&mut load.rng),
        email: format!("hr@virksomhed{:02}.example", i + 1),
        all_units: true,
    });
    if let [first, _, ..] = units {
        let restricted = company_user::Model {
            id: load.ids.next(),
            company_id: c.id,
            name: names::full_name(&mut load.rng),
            email: format!("afdeling@virksomhed{:02}.example", i + 1),
            all_units: false,
        };
        rows.user_units.push(company_user_unit::Model {
            company_user_id: restricted.id,
            production_unit_id: first.id,
        });
        rows.users.push(restricted);
    }
}

/// A job order in progress at `unit`, 30 % of them for a wage subsidy, created within 300 days.
fn job_order(
    load: &mut Load,
    c: &company::Model,
    unit: &production_unit::Model,
) -> job_order::Model {
    let subsidised = load.rng.chance(30);
    // Drawn in the order the demo has always drawn them.
    let title: String = (*load.rng.pick(names::JOB_TITLES)).into();
    // Derived from the title, so no draw is added.
    let (occupation, skill) = names::occupation_of(&title).unzip();
    let positions = 1 + load.rng.below(3) as i32;
    let created_at = load.created + Duration::days(load.rng.below(300) as i64);
    job_order::Model {
        id: load.ids.next(),
        jobcentre_id: load.centre.id,
        company_id: c.id,
        production_unit_id: unit.id,
        title,
        positions,
        status: JobOrderStatus::InProgress,
        created_at,
        kind: if subsidised {
            JobOrderKind::WageSubsidy
        } else {
            JobOrderKind::Ordinary
        },
        occupation_code: occupation.map(str::to_string),
        description: String::new(),
        minutes_per_week: Some(37 * 60),
        starts_on: None,
        apply_by: None,
        contact_name: None,
        contact_phone: None,
        contact_email: None,
        required_skills: serde_json::to_string(&skill.into_iter().collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".into()),
        updated_at: created_at,
        version: 1,
    }
}

/// Up to three citizens drawn from `people` (a citizen drawn twice is presented once),
/// presented a week after the order was created.
fn candidates(
    load: &mut Load,
    people: &[citizen::Model],
    order: &job_order::Model,
    candidates: &mut Vec<candidate::Model>,
) {
    let mut chosen = HashSet::new();
    for _ in 0..3 {
        let person = &people[load.rng.below(people.len())];
        if chosen.insert(person.id) {
            candidates.push(candidate::Model {
                id: load.ids.next(),
                jobcentre_id: load.centre.id,
                job_order_id: order.id,
                citizen_id: person.id,
                presented_at: Some(order.created_at + Duration::days(7)),
                status: CandidateStatus::Presented,
                proposed_at: order.created_at + Duration::days(6),
                proposed_by: None,
                outcome_at: None,
                version: 1,
            });
        }
    }
}
