//! CVs for three in four of the demo's citizens, and the centres of the demo's towns, so the job
//! centre's matching has something to rank. The last step of the load: its draws come after
//! every other step's, so the rest of the demo stays as it was.

use jobbro_entities::{citizen, cv, cv_education, cv_job_wish, cv_skill, postal_area};
use sea_orm::DbErr;

use super::{load::Load, names};

/// Educations a demo CV may list.
const EDUCATIONS: &[&str] = &[
    "Lagerlogistik, AMU",
    "Social- og sundhedshjælper",
    "Detailhandelsuddannelsen",
    "Erhvervsfaglig uddannelse, tømrer",
    "Kontoruddannelse",
    "Gymnasial uddannelse (HF)",
];

/// How far demo citizens will travel (None: no limit).
const TRAVEL: &[Option<i32>] = &[Some(10), Some(25), Some(40), None];

pub(super) async fn cvs(
    load: &mut Load,
    people: &[citizen::Model],
    progress: &impl Fn(&str),
) -> Result<(), DbErr> {
    load.insert(names::TOWN_CENTRES.iter().map(|(code, e, n)| {
        postal_area::Model {
            postal_code: (*code).into(),
            name: names::TOWNS
                .iter()
                .find(|(c, _)| c == code)
                .map_or("", |(_, name)| name)
                .into(),
            easting_m: *e,
            northing_m: *n,
        }
    }))
    .await?;
    let (mut cvs, mut wishes, mut skills, mut educations) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for person in people {
        if !load.rng.chance(75) {
            continue;
        }
        let mut licences: Vec<&str> = Vec::new();
        if load.rng.chance(60) {
            licences.push("B");
        }
        cvs.push(cv::Model {
            citizen_id: person.id,
            jobcentre_id: person.jobcentre_id,
            max_travel_km: *load.rng.pick(TRAVEL),
            driving_licences: serde_json::to_string(&licences).unwrap_or_else(|_| "[]".into()),
            informal_competences: String::new(),
            hidden: false,
            updated_at: load.created,
            version: 1,
        });
        let mut codes: Vec<&str> = Vec::new();
        let mut own: Vec<&str> = Vec::new();
        for _ in 0..1 + load.rng.below(2) {
            let (_, code, kinds) = *load.rng.pick(names::OCCUPATIONS);
            if codes.contains(&code) {
                continue;
            }
            codes.push(code);
            for skill in kinds {
                if load.rng.chance(60) && !own.contains(skill) {
                    own.push(skill);
                }
            }
        }
        wishes.extend(codes.into_iter().map(|code| cv_job_wish::Model {
            citizen_id: person.id,
            occupation_code: code.into(),
        }));
        skills.extend(own.into_iter().map(|label| cv_skill::Model {
            citizen_id: person.id,
            skill: crate::cvs::skill_key(label),
            label: label.into(),
        }));
        if load.rng.chance(50) {
            educations.push(cv_education::Model {
                id: load.ids.next(),
                citizen_id: person.id,
                title: (*load.rng.pick(EDUCATIONS)).into(),
                institution: None,
                completed_year: Some(2000 + load.rng.below(25) as i32),
            });
        }
    }
    load.summary.cvs = cvs.len();
    load.insert(cvs).await?;
    load.insert(wishes).await?;
    load.insert(skills).await?;
    load.insert(educations).await?;
    progress(&format!("demo: {} CVs", load.summary.cvs));
    Ok(())
}
