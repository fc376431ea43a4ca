//! The job centre and its caseworkers; the first caseworker is the manager.

use chrono::{DateTime, Utc};
use jobbro_entities::{caseworker, jobcentre};
use sea_orm::DbErr;

use super::{DEMO_MUNICIPALITY, load::Load, names, rng::Ids};

/// Caseworkers in the job centre.
pub(super) const CASEWORKERS: usize = 20;

/// The demo job centre, Jobcenter Nordby.
pub(super) fn centre(ids: &mut Ids, created: DateTime<Utc>) -> jobcentre::Model {
    jobcentre::Model {
        id: ids.next(),
        name: "Jobcenter Nordby".into(),
        municipality_code: DEMO_MUNICIPALITY.into(),
        created_at: created,
    }
}

/// Inserts the caseworkers in three teams, the manager first.
pub(super) async fn caseworkers(
    load: &mut Load,
    progress: &impl Fn(&str),
) -> Result<Vec<caseworker::Model>, DbErr> {
    let mut staff = Vec::new();
    for i in 0..CASEWORKERS {
        staff.push(caseworker::Model {
            id: load.ids.next(),
            jobcentre_id: load.centre.id,
            name: names::full_name(&mut load.rng),
            email: format!("sagsbehandler{:02}@nordby.example", i + 1),
            team: Some(format!(
                "Team {}",
                ["Job", "Uddannelse", "Afklaring"][i % 3]
            )),
            is_manager: i == 0,
            created_at: load.created,
        });
    }
    load.summary.caseworkers = staff.len();
    load.insert(staff.iter().cloned()).await?;
    progress(&format!("demo: {} caseworkers", staff.len()));
    Ok(staff)
}
