//! Matching CVs and jobs (`004:137-139`): one scoring rule, explained point by point, used in
//! both directions (citizens for a job order, job orders for a citizen).
//!
//! Points, out of 100:
//! - occupation: 40 when a job wish is the job's occupation, 20 when a wish is in the same
//!   DISCO-08 sub-major group (first two digits), else 0;
//! - skills: 30 × the share of the job's required skills and licences the CV lists (30 when the
//!   job asks for none);
//! - distance from home to the place of work, as the crow flies between postal-area centres:
//!   20 up to 10 km, 15 up to 25 km, 10 up to 50 km, 5 further; 0 beyond the distance the
//!   citizen will travel or when a postal area is unknown;
//! - availability: −25 when the citizen has an offer ordered or running on the job's first day.
//!
//! Citizens under an absence that suspends availability, hidden CVs (when hiding is allowed)
//! and citizens not eligible for the kind of job (a flex job needs a flex-job visitation) are
//! not matched at all. Ties are broken by distance (unknown last), then by id, so a ranking is
//! the same every time for the same data.

use std::collections::{HashMap, HashSet};

use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::{cv, cv_job_wish, cv_skill};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, Func, Query, QueryStatementBuilder, SelectStatement},
};
use uuid::Uuid;

use super::{
    occupations::{self, Place},
    service,
};
use crate::{citizens, kernel::error::AppResult};

/// How many reasons a match gives: one per factor.
pub const REASONS: usize = 4;
/// Points for a job wish that is the job's occupation.
const OCCUPATION_EXACT: i32 = 40;
/// Points for a job wish in the job's occupation group.
const OCCUPATION_RELATED: i32 = 20;
/// Points for having every required skill.
const SKILLS_MAX: i32 = 30;
/// Points for living close to the place of work.
const DISTANCE_MAX: i32 = 20;

/// Which factor a reason explains.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchFactor {
    /// The job's occupation against the citizen's job wishes.
    Occupation,
    /// The job's required skills and licences against the CV's.
    Skills,
    /// From the citizen's home to the place of work.
    Distance,
    /// Whether the citizen is free to start: an offer on the first day clashes.
    Availability,
}

/// One factor of a match and the points it gave.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct MatchReason {
    /// What was compared.
    pub factor: MatchFactor,
    /// Points given (negative for a clash).
    pub points: i32,
    /// What was found, in words.
    pub detail: String,
}

/// What one side of a match brings, for [`score`].
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The job's occupation code.
    pub occupation: Option<String>,
    /// The citizen's job wishes (occupation codes).
    pub wishes: Vec<String>,
    /// The job's required skills, as written.
    pub required: Vec<String>,
    /// The citizen's skills, as keys ([`super::skill_key`]).
    pub skills: HashSet<String>,
    /// Distance from home to the place of work, in km, when both places are known.
    pub distance_km: Option<i32>,
    /// How far the citizen will travel; None for no limit.
    pub max_travel_km: Option<i32>,
    /// The citizen has an offer on the job's first day.
    pub clashing_offer: bool,
}

/// A match's points and the reasons for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub points: i32,
    pub reasons: Vec<MatchReason>,
    /// The required skills the CV lists, as the job wrote them.
    pub matched_skills: Vec<String>,
}

/// The points of a match, with a reason per factor (see the module's documentation).
pub fn score(i: &Inputs) -> Score {
    let mut reasons = Vec::with_capacity(4);
    let occupation = match &i.occupation {
        Some(code) if i.wishes.iter().any(|w| w == code) => MatchReason {
            factor: MatchFactor::Occupation,
            points: OCCUPATION_EXACT,
            detail: format!("job wish {code} is the job's occupation"),
        },
        Some(code)
            if i.wishes
                .iter()
                .any(|w| occupations::group_of(w) == occupations::group_of(code)) =>
        {
            MatchReason {
                factor: MatchFactor::Occupation,
                points: OCCUPATION_RELATED,
                detail: format!(
                    "a job wish is in occupation group {}, as the job's {code} is",
                    occupations::group_of(code)
                ),
            }
        }
        _ => MatchReason {
            factor: MatchFactor::Occupation,
            points: 0,
            detail: "no job wish in the job's occupation group".into(),
        },
    };
    reasons.push(occupation);
    let required = unique_skills(&i.required);
    let i = &Inputs {
        required,
        ..i.clone()
    };
    let matched_skills: Vec<String> = i
        .required
        .iter()
        .filter(|r| i.skills.contains(&super::skill_key(r)))
        .cloned()
        .collect();
    let skills = if i.required.is_empty() {
        MatchReason {
            factor: MatchFactor::Skills,
            points: SKILLS_MAX,
            detail: "the job asks for no particular skills".into(),
        }
    } else {
        // Round half up, in whole numbers: (2 S m + k) / 2k = round(S m / k).
        let (m, k) = (matched_skills.len() as i32, i.required.len() as i32);
        let points = (2 * SKILLS_MAX * m + k) / (2 * k);
        MatchReason {
            factor: MatchFactor::Skills,
            points,
            detail: format!(
                "{} of {} required skills: {}",
                matched_skills.len(),
                i.required.len(),
                if matched_skills.is_empty() {
                    "none".to_string()
                } else {
                    matched_skills.join(", ")
                }
            ),
        }
    };
    reasons.push(skills);
    let distance = match (i.distance_km, i.max_travel_km) {
        (None, _) => MatchReason {
            factor: MatchFactor::Distance,
            points: 0,
            detail: "distance unknown: a postal area has no centre on record".into(),
        },
        (Some(d), Some(max)) if d > max => MatchReason {
            factor: MatchFactor::Distance,
            points: 0,
            detail: format!("{d} km, beyond the {max} km the citizen will travel"),
        },
        (Some(d), _) => MatchReason {
            factor: MatchFactor::Distance,
            points: match d {
                ..=10 => DISTANCE_MAX,
                11..=25 => 15,
                26..=50 => 10,
                _ => 5,
            },
            detail: format!("{d} km from home"),
        },
    };
    reasons.push(distance);
    reasons.push(if i.clashing_offer {
        MatchReason {
            factor: MatchFactor::Availability,
            points: -25,
            detail: "has an offer ordered or running on the job's first day".into(),
        }
    } else {
        MatchReason {
            factor: MatchFactor::Availability,
            points: 0,
            detail: "free on the job's first day".into(),
        }
    });
    Score {
        points: reasons.iter().map(|r| r.points).sum(),
        reasons,
        matched_skills,
    }
}

/// A job to find citizens for.
#[derive(Debug, Clone)]
pub struct Job {
    pub jobcentre: Uuid,
    pub occupation: Option<String>,
    pub required: Vec<String>,
    /// The postal code of the place of work.
    pub postal_code: Option<String>,
    /// The job's first day (for clashes and absences).
    pub day: NaiveDate,
    /// Who may take the job, when its kind is reserved for some citizens.
    pub reserved: Option<Reserved>,
    /// Citizens left out (already candidates).
    pub excluded: SelectStatement,
    /// Citizens with an offer on `day`.
    pub busy: SelectStatement,
}

/// A kind of job reserved for some citizens: when `rows` selects anything, only the citizens
/// `eligible` selects may take the job.
#[derive(Debug, Clone)]
pub struct Reserved {
    pub rows: SelectStatement,
    pub eligible: SelectStatement,
}

/// A citizen found for a job, with the score explained.
#[derive(Debug, Clone)]
pub struct Hit {
    pub citizen_id: Uuid,
    pub score: Score,
    pub distance_km: Option<i32>,
}

fn upper_bound(group: &str) -> String {
    // The first code after every code of the group: "51" → "52", "59" → "5:".
    let mut bytes = group.as_bytes().to_vec();
    if let Some(last) = bytes.last_mut() {
        *last += 1;
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The required skills with one entry per key (the first label written), as scoring counts them.
pub fn unique_skills(required: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    required
        .iter()
        .filter(|s| seen.insert(super::skill_key(s)))
        .cloned()
        .collect()
}

/// The best `limit` citizens of the job centre for `job`, best first. The database narrows the
/// job centre's open CVs to those with a wish in the occupation's group or a required skill
/// (through the indexes on wishes and skills), in up to three [`Pass`]es, and counts each one's
/// matches; the points are given here. At most seven statements.
pub async fn rank_citizens(
    db: &impl ConnectionTrait,
    job: Job,
    limit: usize,
) -> AppResult<Vec<Hit>> {
    let required = unique_skills(&job.required);
    let skill_keys: Vec<String> = required.iter().map(|s| super::skill_key(s)).collect();
    let group = job
        .occupation
        .as_deref()
        .map(|c| occupations::group_of(c).to_string());
    let Some(passes) = Pass::of(job.occupation.is_some(), !skill_keys.is_empty()) else {
        return Ok(Vec::new());
    };
    let citizen = (cv::Entity, cv::Column::CitizenId);
    let wishes_from = |low: String, high: Option<String>| {
        let mut q = Query::select();
        q.column(cv_job_wish::Column::CitizenId)
            .from(cv_job_wish::Entity);
        match high {
            Some(high) => q
                .and_where(cv_job_wish::Column::OccupationCode.gte(low))
                .and_where(cv_job_wish::Column::OccupationCode.lt(high)),
            None => q.and_where(cv_job_wish::Column::OccupationCode.eq(low)),
        };
        q
    };
    let code = job.occupation.clone().unwrap_or_default();
    let group_low = group.clone().unwrap_or_default();
    let group_high = group.as_deref().map(upper_bound).unwrap_or_default();
    let exact_wish = wishes_from(code.clone(), None);
    let group_wish = wishes_from(group_low.clone(), Some(group_high.clone()));
    let with_skill = Query::select()
        .column(cv_skill::Column::CitizenId)
        .from(cv_skill::Entity)
        .and_where(cv_skill::Column::Skill.is_in(skill_keys.iter().cloned()))
        .to_owned();
    let wish = Alias::new("w");
    let has_wish = |low: &str, high: Option<&str>| {
        let mut q = Query::select();
        q.expr(Expr::val(1))
            .from_as(cv_job_wish::Entity, wish.clone())
            .and_where(Expr::col((wish.clone(), cv_job_wish::Column::CitizenId)).equals(citizen));
        let column = Expr::col((wish.clone(), cv_job_wish::Column::OccupationCode));
        match high {
            Some(high) => q
                .and_where(column.clone().gte(low))
                .and_where(column.lt(high)),
            None => q.and_where(column.eq(low)),
        };
        q
    };
    let skill = Alias::new("s");
    let skills = Query::select()
        .expr(Func::count(Expr::val(1)))
        .from_as(cv_skill::Entity, skill.clone())
        .and_where(Expr::col((skill.clone(), cv_skill::Column::CitizenId)).equals(citizen))
        .and_where(Expr::col((skill, cv_skill::Column::Skill)).is_in(skill_keys.iter().cloned()))
        .to_owned();
    let occupation = job.occupation.clone();
    let mut places: HashMap<String, Place> = HashMap::new();
    let mut scored: Vec<(i32, Option<i32>, Row)> = Vec::new();
    for (i, pass) in passes.iter().enumerate() {
        let mut select = Query::select();
        select
            .column(citizen)
            .column((cv::Entity, cv::Column::MaxTravelKm))
            .expr(Expr::exists(has_wish(&code, None)))
            .expr(Expr::exists(has_wish(&group_low, Some(&group_high))))
            .expr(Expr::SubQuery(
                None,
                Box::new(skills.clone().into_sub_query_statement()),
            ))
            .expr(Expr::SubQuery(
                None,
                Box::new(citizens::scope::home_postal_code(citizen).into_sub_query_statement()),
            ))
            .expr(Expr::col(citizen).in_subquery(job.busy.clone()))
            .from(cv::Entity)
            .and_where(
                Expr::col(citizen).in_subquery(service::open_to_matching(job.jobcentre, job.day)),
            )
            .and_where(Expr::col(citizen).not_in_subquery(job.excluded.clone()));
        match pass {
            Pass::Exact => select.and_where(Expr::col(citizen).in_subquery(exact_wish.clone())),
            Pass::Related => select
                .and_where(Expr::col(citizen).in_subquery(group_wish.clone()))
                .and_where(Expr::col(citizen).not_in_subquery(exact_wish.clone())),
            Pass::SkillsOnly => {
                select.and_where(Expr::col(citizen).in_subquery(with_skill.clone()));
                if group.is_some() {
                    select.and_where(Expr::col(citizen).not_in_subquery(group_wish.clone()));
                }
                &mut select
            }
        };
        if let Some(reserved) = &job.reserved {
            select.cond_where(
                sea_orm::Condition::any()
                    .add(Expr::exists(reserved.rows.clone()).not())
                    .add(Expr::col(citizen).in_subquery(reserved.eligible.clone())),
            );
        }
        let rows = db
            .query_all_raw(db.get_database_backend().build(&select))
            .await?;
        let mut found = Vec::with_capacity(rows.len());
        for r in rows {
            found.push(Row {
                id: r.try_get_by_index(0)?,
                max_travel_km: r.try_get_by_index(1)?,
                exact: r.try_get_by_index(2)?,
                related: r.try_get_by_index(3)?,
                skills: r.try_get_by_index(4)?,
                postal_code: r.try_get_by_index(5)?,
                busy: r.try_get_by_index(6)?,
            });
        }
        let new_codes: HashSet<String> = found
            .iter()
            .filter_map(|r| r.postal_code.clone())
            .chain(job.postal_code.clone())
            .filter(|c| !places.contains_key(c))
            .collect();
        if !new_codes.is_empty() {
            places.extend(occupations::places(db, new_codes).await?);
        }
        let work: Option<Place> = job
            .postal_code
            .as_ref()
            .and_then(|c| places.get(c))
            .copied();
        // Points without the names of the skills: those are read for the hits kept.
        scored.extend(found.into_iter().map(|r| {
            let distance = match (work, r.postal_code.as_ref().and_then(|c| places.get(c))) {
                (Some(a), Some(b)) => Some(a.km_to(*b)),
                _ => None,
            };
            // As many of the required skills as the CV has, by count.
            let skills: HashSet<String> = skill_keys
                .iter()
                .take(usize::try_from(r.skills).unwrap_or(0))
                .cloned()
                .collect();
            let s = score(&Inputs {
                occupation: occupation.clone(),
                wishes: r.wishes(&occupation),
                required: required.clone(),
                skills,
                distance_km: distance,
                max_travel_km: r.max_travel_km,
                clashing_offer: r.busy,
            });
            (s.points, distance, r)
        }));
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.unwrap_or(i32::MAX).cmp(&b.1.unwrap_or(i32::MAX)))
                .then(a.2.id.cmp(&b.2.id))
        });
        scored.truncate(limit);
        // The list is final when no citizen of a later pass can reach its last points.
        if let Some(next) = passes.get(i + 1)
            && scored.len() == limit
            && scored.last().is_some_and(|last| last.0 > next.best())
        {
            break;
        }
    }
    // The skills of the citizens kept, to name the matches.
    let kept: Vec<Uuid> = scored.iter().map(|s| s.2.id).collect();
    let mut skills_of: HashMap<Uuid, HashSet<String>> = HashMap::new();
    if !kept.is_empty() && !skill_keys.is_empty() {
        for s in cv_skill::Entity::find()
            .filter(cv_skill::Column::CitizenId.is_in(kept.iter().copied()))
            .filter(cv_skill::Column::Skill.is_in(skill_keys.iter().cloned()))
            .all(db)
            .await?
        {
            skills_of.entry(s.citizen_id).or_default().insert(s.skill);
        }
    }
    Ok(scored
        .into_iter()
        .map(|(_, distance, r)| Hit {
            citizen_id: r.id,
            score: score(&Inputs {
                occupation: occupation.clone(),
                wishes: r.wishes(&occupation),
                required: required.clone(),
                skills: skills_of.remove(&r.id).unwrap_or_default(),
                distance_km: distance,
                max_travel_km: r.max_travel_km,
                clashing_offer: r.busy,
            }),
            distance_km: distance,
        })
        .collect())
}

/// The passes of a search, most promising first: the citizens with a wish in the job's
/// occupation; then those with a wish in its group only; then those with one of its skills
/// only. No citizen first found by a pass can score more than [`Pass::best`], so once the list
/// is full of better points the later passes are not read: the same list as reading all of
/// them, from fewer rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Exact,
    Related,
    SkillsOnly,
}

impl Pass {
    /// The passes a job needs: by occupation when it has one, by skill when it asks for any;
    /// None when nothing can match.
    fn of(occupation: bool, skills: bool) -> Option<Vec<Pass>> {
        let mut passes = Vec::new();
        if occupation {
            passes.extend([Pass::Exact, Pass::Related]);
        }
        if skills {
            passes.push(Pass::SkillsOnly);
        }
        (!passes.is_empty()).then_some(passes)
    }

    /// The most points a citizen first found in this pass can have.
    fn best(self) -> i32 {
        let occupation = match self {
            Pass::Exact => OCCUPATION_EXACT,
            Pass::Related => OCCUPATION_RELATED,
            Pass::SkillsOnly => 0,
        };
        occupation + SKILLS_MAX + DISTANCE_MAX
    }
}

/// A CV the database found for a job, with its counts.
struct Row {
    id: Uuid,
    max_travel_km: Option<i32>,
    exact: bool,
    related: bool,
    skills: i64,
    postal_code: Option<String>,
    busy: bool,
}

impl Row {
    /// The job wishes that score: the job's occupation, or one of its group.
    fn wishes(&self, occupation: &Option<String>) -> Vec<String> {
        match (occupation, self.exact, self.related) {
            (Some(code), true, _) => vec![code.clone()],
            (Some(code), false, true) => vec![format!("{}__", occupations::group_of(code))],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Inputs {
        Inputs {
            occupation: Some("5120".into()),
            wishes: vec!["5120".into()],
            required: vec!["Hygiejnebevis".into(), "Kørekort B".into()],
            skills: ["hygiejnebevis".to_string()].into_iter().collect(),
            distance_km: Some(8),
            max_travel_km: Some(30),
            clashing_offer: false,
        }
    }

    #[test]
    fn every_factor_gives_its_points_and_says_why() {
        let s = score(&inputs());
        assert_eq!(s.points, 40 + 15 + 20);
        assert_eq!(s.matched_skills, vec!["Hygiejnebevis".to_string()]);
        assert_eq!(s.reasons.len(), 4);
        assert_eq!(s.reasons[1].detail, "1 of 2 required skills: Hygiejnebevis");
    }

    #[test]
    fn a_related_wish_counts_half_and_a_clash_takes_points() {
        let mut i = inputs();
        i.wishes = vec!["5131".into()];
        i.clashing_offer = true;
        let s = score(&i);
        assert_eq!(s.points, 20 + 15 + 20 - 25);
    }

    #[test]
    fn beyond_the_travel_distance_gives_no_distance_points() {
        let mut i = inputs();
        i.distance_km = Some(45);
        assert_eq!(score(&i).reasons[2].points, 0);
        i.max_travel_km = None;
        assert_eq!(score(&i).reasons[2].points, 10);
    }

    #[test]
    fn group_bounds_cover_exactly_the_group() {
        assert_eq!(upper_bound("51"), "52");
        assert!("5199" < upper_bound("51").as_str());
        assert!("5200" >= upper_bound("51").as_str());
    }
}
