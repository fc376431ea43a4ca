//! The workload of `jobbro bench matching`: a job centre of `citizens` citizens, nine in ten of
//! them with a CV (one to three job wishes among the occupation list, up to four skills of a
//! pool of twenty), nine in ten registered as jobseekers, one in thirty sick; and one job
//! order of a cook's with two required skills. Measured: the job centre's best 20 candidates
//! for the order (`caseworker { candidatesFor }` without the GraphQL layer).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use jobbro_entities::{
    absence, caseworker, citizen, company, cv, cv_job_wish, cv_skill,
    enums::{AbsenceReporter, Channel, JobOrderKind, JobOrderStatus},
    job_order, jobcentre, jobseeker_registration, postal_area, production_unit,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, IntoActiveModel};
use uuid::Uuid;

use crate::kernel::{
    db::insert_batched,
    error::AppResult,
    ids::JobOrderId,
    statements,
    viewer::{Staff, Viewer},
};

/// Rows per insert statement while loading.
const BATCH: usize = 400;
/// How many candidates are asked for.
pub const ASKED: usize = 20;

/// The occupation codes the CVs wish for (the seeded list).
const CODES: &[&str] = &[
    "1120", "2166", "2221", "2341", "2512", "3313", "4110", "4321", "5120", "5131", "5223", "5321",
    "5322", "7112", "7115", "7126", "7411", "8322", "8332", "9112", "9329", "9412",
];
/// The skills the CVs list.
const SKILLS: &[&str] = &[
    "Hygiejnebevis",
    "Kørekort B",
    "Kørekort C",
    "Truckcertifikat",
    "Kassesystemer",
    "Kundeservice",
    "Personlig pleje",
    "Office-pakken",
    "Lagerstyring",
    "Rengøringsteknik",
    "Håndværktøj",
    "Elautorisation",
    "Svejsning",
    "Regnskab",
    "Engelsk",
    "Tysk",
    "Førstehjælp",
    "Bogføring",
    "Programmering",
    "Grafisk design",
];

/// A loaded workload.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    pub staff: Staff,
    pub order: Uuid,
    pub citizens: usize,
    pub with_cv: usize,
}

/// One ranking.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    pub elapsed: Duration,
    pub statements: usize,
    pub found: usize,
    pub best: i32,
}

/// The day the order is matched.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap_or_default()
}

/// A cheap, stable spread of `i` over `n` values (no randomness: the same workload every run).
fn spread(i: usize, salt: usize, n: usize) -> usize {
    (i.wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503))
        >> 7)
        % n
}

/// Loads the workload into a job centre of its own.
pub async fn load(db: &DatabaseConnection, citizens: usize) -> AppResult<Workload> {
    let created = Utc
        .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let tag = Uuid::now_v7().simple().to_string();
    let centre = jobcentre::Model {
        id: Uuid::now_v7(),
        name: format!("Jobcenter Matching {}", &tag[24..]),
        municipality_code: format!("M{}", &tag[24..]),
        created_at: created,
    };
    let manager = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id: centre.id,
        name: "Leder Matching".into(),
        email: format!("leder-{}@bench.example", &tag[24..]),
        team: None,
        is_manager: true,
        created_at: created,
    };
    let employer = company::Model {
        id: Uuid::now_v7(),
        cvr: format!("7{}", &tag[25..]),
        name: "Frokosthuset Benchmark ApS".into(),
        created_at: created,
    };
    // Ten postal areas 5 km apart in a row; the place of work in the third.
    let areas: Vec<postal_area::Model> = (0..10)
        .map(|k| postal_area::Model {
            postal_code: format!("8{}{k}", &tag[29..31]),
            name: format!("Måleby {k}"),
            easting_m: 500_000 + 5_000 * k,
            northing_m: 6_200_000,
        })
        .collect();
    let unit = production_unit::Model {
        id: Uuid::now_v7(),
        company_id: employer.id,
        p_number: format!("9{}", &tag[23..]),
        name: "Frokosthuset, køkkenet".into(),
        street: "Målevej 2".into(),
        postal_code: areas[2].postal_code.clone(),
        city: "Måleby 2".into(),
    };
    let order = job_order::Model {
        id: Uuid::now_v7(),
        jobcentre_id: centre.id,
        company_id: employer.id,
        production_unit_id: unit.id,
        title: "Kok".into(),
        positions: 2,
        status: JobOrderStatus::InProgress,
        created_at: created,
        kind: JobOrderKind::Ordinary,
        occupation_code: Some("5120".into()),
        description: "Frokost og catering.".into(),
        minutes_per_week: Some(37 * 60),
        starts_on: NaiveDate::from_ymd_opt(2026, 12, 1),
        apply_by: NaiveDate::from_ymd_opt(2026, 11, 30),
        contact_name: Some("Kim".into()),
        contact_phone: Some("70000000".into()),
        contact_email: None,
        required_skills: r#"["Hygiejnebevis","Kørekort B"]"#.into(),
        updated_at: created,
        version: 1,
    };

    let (mut people, mut registrations, mut absences) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cvs, mut wishes, mut skills) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..citizens {
        let home = &areas[spread(i, 1, areas.len())];
        let person = citizen::Model {
            id: Uuid::now_v7(),
            jobcentre_id: centre.id,
            // Day of month 61-88: never issued as a CPR number.
            cpr: format!("{:02}{}-{:04}", 61 + i % 28, &tag[26..30], i % 10_000),
            given_name: format!("Borger{i}"),
            family_name: "Matching".into(),
            street: "Målevej 1".into(),
            postal_code: home.postal_code.clone(),
            city: home.name.clone(),
            protected_address: false,
            phone: None,
            email: None,
            preferred_channel: Channel::Portal,
            obliged_digital: true,
            created_at: created,
            updated_at: created,
            co_name: None,
            co_street: None,
            co_postal_code: None,
            co_city: None,
        };
        if spread(i, 2, 10) != 0 {
            registrations.push(jobseeker_registration::Model {
                id: Uuid::now_v7(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                registered_at: created,
                deregistered_at: None,
                deregistration_reason: None,
            });
        }
        if spread(i, 3, 30) == 0 {
            absences.push(absence::Model {
                id: Uuid::now_v7(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                absence_type_code: "SYGEMELDING".into(),
                starts_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
                ends_on: None,
                reported_by: AbsenceReporter::Citizen,
                reporter_subject: person.id.to_string(),
                note: None,
                created_at: created,
                ended_at: None,
            });
        }
        if spread(i, 4, 10) != 0 {
            cvs.push(cv::Model {
                citizen_id: person.id,
                jobcentre_id: centre.id,
                max_travel_km: [Some(10), Some(25), None][spread(i, 5, 3)],
                driving_licences: "[]".into(),
                informal_competences: String::new(),
                hidden: false,
                updated_at: created,
                version: 1,
            });
            let mut own: Vec<&str> = Vec::new();
            for k in 0..1 + spread(i, 6, 3) {
                let code = CODES[spread(i, 10 + k, CODES.len())];
                if !own.contains(&code) {
                    own.push(code);
                }
            }
            wishes.extend(own.into_iter().map(|code| cv_job_wish::Model {
                citizen_id: person.id,
                occupation_code: code.into(),
            }));
            let mut listed: Vec<&str> = Vec::new();
            for k in 0..spread(i, 7, 5) {
                let skill = SKILLS[spread(i, 20 + k, SKILLS.len())];
                if !listed.contains(&skill) {
                    listed.push(skill);
                }
            }
            skills.extend(listed.into_iter().map(|label| cv_skill::Model {
                citizen_id: person.id,
                skill: crate::cvs::skill_key(label),
                label: label.into(),
            }));
        }
        people.push(person);
    }
    let with_cv = cvs.len();

    let writing = crate::kernel::db::begin_write(db).await?;
    let txn = &*writing;
    centre.clone().into_active_model().insert(txn).await?;
    manager.clone().into_active_model().insert(txn).await?;
    employer.into_active_model().insert(txn).await?;
    insert_batched(txn, areas, BATCH).await?;
    unit.into_active_model().insert(txn).await?;
    order.clone().into_active_model().insert(txn).await?;
    insert_batched(txn, people, BATCH).await?;
    insert_batched(txn, registrations, BATCH).await?;
    insert_batched(txn, absences, BATCH).await?;
    insert_batched(txn, cvs, BATCH).await?;
    insert_batched(txn, wishes, BATCH).await?;
    insert_batched(txn, skills, BATCH).await?;
    writing.commit().await?;
    crate::kernel::db::refresh_statistics(db).await?;
    Ok(Workload {
        staff: Staff {
            caseworker: manager.id,
            jobcentre: centre.id,
            manager: true,
        },
        order: order.id,
        citizens,
        with_cv,
    })
}

/// Ranks the job centre's citizens for the order once, and measures it.
pub async fn rank_once(db: &impl ConnectionTrait, workload: &Workload) -> AppResult<Round> {
    let viewer = Viewer::Staff(workload.staff);
    let started = Instant::now();
    let (found, statements) = statements::counting(super::matching::candidates_for(
        db,
        &viewer,
        JobOrderId(workload.order),
        ASKED,
        today(),
    ))
    .await;
    let elapsed = started.elapsed();
    let found = found?;
    Ok(Round {
        elapsed,
        statements,
        found: found.len(),
        best: found.first().map_or(0, |m| m.points()),
    })
}
