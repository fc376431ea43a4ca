//! The citizens and what the job centre knows of them: a case in a contact group (and for some
//! an earlier closed one), jobseeker registrations and consents to share a CV.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbro_entities::{
    case, case_closure, case_event, caseworker, citizen, consent,
    enums::{CaseEventKind, Channel, ConsentPurpose, DeregistrationReason, VisitationCategory},
    jobseeker_registration,
};
use sea_orm::DbErr;

use super::{
    load::Load,
    names,
    rng::{Ids, Rng},
    staff::CASEWORKERS,
};

/// A contact group citizens are drawn into.
struct Group {
    contact: &'static str,
    target: &'static str,
    visitation: Option<VisitationCategory>,
    /// Share of the citizens, in percent.
    percent: u64,
    /// Whether the group registers as jobseekers.
    jobseeker: bool,
}

/// The contact groups; the shares add up to 100.
const GROUPS: &[Group] = &[
    Group {
        contact: "DAGPENGE",
        target: "DAGPENGE",
        visitation: Some(VisitationCategory::JobReady),
        percent: 30,
        jobseeker: true,
    },
    Group {
        contact: "KONTANTHJAELP_JOBPARAT",
        target: "KONTANTHJAELP",
        visitation: Some(VisitationCategory::JobReady),
        percent: 15,
        jobseeker: true,
    },
    Group {
        contact: "KONTANTHJAELP_AKTIVITETSPARAT",
        target: "KONTANTHJAELP",
        visitation: Some(VisitationCategory::ActivityReady),
        percent: 15,
        jobseeker: false,
    },
    Group {
        contact: "UDDANNELSESHJAELP",
        target: "UDDANNELSESHJAELP",
        visitation: Some(VisitationCategory::EducationReady),
        percent: 10,
        jobseeker: true,
    },
    Group {
        contact: "SYGEDAGPENGE",
        target: "SYGEDAGPENGE",
        visitation: None,
        percent: 15,
        jobseeker: false,
    },
    Group {
        contact: "RESSOURCEFORLOEB",
        target: "RESSOURCEFORLOEB",
        visitation: Some(VisitationCategory::ActivityReady),
        percent: 5,
        jobseeker: false,
    },
    Group {
        contact: "JOBAFKLARING",
        target: "JOBAFKLARING",
        visitation: None,
        percent: 5,
        jobseeker: false,
    },
    Group {
        contact: "LEDIGHEDSYDELSE",
        target: "LEDIGHEDSYDELSE",
        visitation: None,
        percent: 5,
        jobseeker: true,
    },
];

fn pick_group(rng: &mut Rng) -> &'static Group {
    let mut roll = rng.next() % 100;
    for g in GROUPS {
        if roll < g.percent {
            return g;
        }
        roll -= g.percent;
    }
    &GROUPS[0]
}

/// The rows drawn for the citizens, inserted together.
#[derive(Default)]
struct Rows {
    people: Vec<citizen::Model>,
    cases: Vec<case::Model>,
    registrations: Vec<jobseeker_registration::Model>,
    consents: Vec<consent::Model>,
}

/// Inserts `count` citizens with their cases, registrations and consents, the open cases
/// spread over the caseworkers other than the manager.
pub(super) async fn citizens(
    load: &mut Load,
    staff: &[caseworker::Model],
    count: usize,
    progress: &impl Fn(&str),
) -> Result<Vec<citizen::Model>, DbErr> {
    let mut rows = Rows {
        people: Vec::with_capacity(count),
        ..Rows::default()
    };
    for i in 0..count {
        citizen(load, staff, i, &mut rows);
    }
    load.summary.citizens = rows.people.len();
    load.summary.cases = rows.cases.len();
    load.insert(rows.people.iter().cloned()).await?;
    progress(&format!("demo: {} citizens", rows.people.len()));
    let (steps, closures) = history(load, &rows.cases);
    load.insert(rows.cases).await?;
    load.insert(steps).await?;
    load.insert(closures).await?;
    load.insert(rows.registrations).await?;
    load.insert(rows.consents).await?;
    progress(&format!(
        "demo: {} cases, registrations and consents",
        load.summary.cases
    ));
    Ok(rows.people)
}

/// Each case's history: opened, and for a closed case closed because the benefit ended. Its ids
/// come from a stream of their own, so the rows drawn after it are the same as before cases had
/// a history.
fn history(
    load: &Load,
    cases: &[case::Model],
) -> (Vec<case_event::Model>, Vec<case_closure::Model>) {
    let mut ids = Ids::new(Rng::new(0xca5e), load.created.timestamp_millis() as u64);
    let mut steps = Vec::with_capacity(cases.len());
    let mut closures = Vec::new();
    for c in cases {
        let mut step = |kind, detail: String, at| case_event::Model {
            id: ids.next(),
            case_id: c.id,
            citizen_id: c.citizen_id,
            jobcentre_id: c.jobcentre_id,
            kind,
            detail,
            actor_caseworker_id: c.assigned_caseworker_id,
            occurred_at: at,
        };
        steps.push(step(
            CaseEventKind::Opened,
            format!("{} / {}", c.contact_group_code, c.target_group_code),
            c.opened_at,
        ));
        if let Some(closed) = c.closed_at {
            steps.push(step(CaseEventKind::Closed, "BENEFIT_ENDED".into(), closed));
            closures.push(case_closure::Model {
                case_id: c.id,
                reason_code: "BENEFIT_ENDED".into(),
                note: None,
                closed_by: c.assigned_caseworker_id,
            });
        }
    }
    (steps, closures)
}

/// The `i`th citizen with an open case in their contact group, for one in ten an earlier
/// closed case, a jobseeker registration if the group registers, and for most a consent.
fn citizen(load: &mut Load, staff: &[caseworker::Model], i: usize, rows: &mut Rows) {
    let (person, group) = person(load, i);
    let opened = load.created + Duration::days(load.rng.below(600) as i64);
    if load.rng.chance(10) {
        rows.cases.push(closed_case(load, staff, &person, opened));
    }
    rows.cases.push(case::Model {
        id: load.ids.next(),
        jobcentre_id: load.centre.id,
        citizen_id: person.id,
        contact_group_code: group.contact.into(),
        target_group_code: group.target.into(),
        visitation_category: group.visitation,
        assigned_caseworker_id: Some(staff[1 + i % (CASEWORKERS - 1)].id),
        opened_at: opened,
        closed_at: None,
        secondary_since: None,
        deadline: (group.contact == "SYGEDAGPENGE")
            .then(|| opened.date_naive() + Duration::weeks(8)),
        version: 1,
    });
    if group.jobseeker {
        rows.registrations.push(registration(load, &person, opened));
    }
    if load.rng.chance(60) {
        rows.consents.push(consent::Model {
            id: load.ids.next(),
            jobcentre_id: load.centre.id,
            citizen_id: person.id,
            purpose: ConsentPurpose::ShareCvWithCompanies,
            granted_at: opened + Duration::days(3),
            revoked_at: None,
        });
    }
    rows.people.push(person);
}

/// The `i`th citizen, and the contact group their open case is in.
fn person(load: &mut Load, i: usize) -> (citizen::Model, &'static Group) {
    let rng = &mut load.rng;
    let (postal_code, city) = *rng.pick(names::TOWNS);
    let born = NaiveDate::from_ymd_opt(1960 + rng.below(45) as i32, 1 + rng.below(12) as u32, 1)
        .unwrap_or_default();
    let channel = match rng.below(10) {
        0 => Channel::Paper,
        1 => Channel::Sms,
        2..=5 => Channel::Portal,
        _ => Channel::DigitalPost,
    };
    let group = pick_group(rng);
    let mut person = citizen::Model {
        id: load.ids.next(),
        jobcentre_id: load.centre.id,
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
        obliged_digital: group.visitation != Some(VisitationCategory::ActivityReady)
            && rng.chance(70),
        created_at: load.created,
        updated_at: load.created,
        co_name: None,
        co_street: None,
        co_postal_code: None,
        co_city: None,
    };
    // One in forty has a temporary (c/o) address registered, in their own town.
    if i % 40 == 7 {
        person.co_name = Some("Herberget Nordlys".into());
        person.co_street = Some(format!("Havnegade {}", 1 + i % 9));
        person.co_postal_code = Some(person.postal_code.clone());
        person.co_city = Some(person.city.clone());
    }
    (person, group)
}

/// An unemployment benefit case that ended a month before the open case began.
fn closed_case(
    load: &mut Load,
    staff: &[caseworker::Model],
    person: &citizen::Model,
    opened: DateTime<Utc>,
) -> case::Model {
    case::Model {
        id: load.ids.next(),
        jobcentre_id: load.centre.id,
        citizen_id: person.id,
        contact_group_code: "DAGPENGE".into(),
        target_group_code: "DAGPENGE".into(),
        visitation_category: Some(VisitationCategory::JobReady),
        assigned_caseworker_id: Some(staff[1 + load.rng.below(CASEWORKERS - 1)].id),
        opened_at: opened - Duration::days(400),
        closed_at: Some(opened - Duration::days(30)),
        secondary_since: None,
        deadline: None,
        version: 1,
    }
}

/// A jobseeker registration from the day the case opened; 8 % deregistered 90 days later.
fn registration(
    load: &mut Load,
    person: &citizen::Model,
    opened: DateTime<Utc>,
) -> jobseeker_registration::Model {
    let deregistered = load.rng.chance(8);
    jobseeker_registration::Model {
        id: load.ids.next(),
        jobcentre_id: load.centre.id,
        citizen_id: person.id,
        registered_at: opened,
        deregistered_at: deregistered.then(|| opened + Duration::days(90)),
        deregistration_reason: deregistered.then_some(DeregistrationReason::CitizenRequest),
    }
}
