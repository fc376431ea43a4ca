//! Writing and reading CVs, and whether a CV is open to matching.

use std::collections::{HashMap, HashSet};

use async_graphql::{Enum, InputObject};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use jobbro_entities::{cv, cv_education, cv_job_wish, cv_skill};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};
use serde::Serialize;
use uuid::Uuid;

use super::{occupations, skill_key};
use crate::{
    absences, citizens,
    kernel::{
        clock::{SharedClock, danish_date},
        error::AppResult,
        runner::{self, IdempotencyKey},
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::Viewer,
    },
};

/// The most job wishes a CV holds: a few precise wishes, not a catalogue (`004:756-766`).
pub const MAX_JOB_WISHES: usize = 10;
/// The most skills a CV lists.
pub const MAX_SKILLS: usize = 50;
/// The most educations a CV lists.
pub const MAX_EDUCATIONS: usize = 20;
/// The driving licence categories of the Danish licence.
pub const LICENCE_CATEGORIES: &[&str] = &[
    "AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE",
];

/// Whether a CV is open to the job centre's matching, and if not, why.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CvAvailability {
    /// Open to matching: the job centre may propose the citizen for jobs.
    Available,
    /// The citizen, not registered as a jobseeker, asked not to be matched.
    HiddenByCitizen,
    /// An absence (sickness, leave …) suspends the citizen's availability for now.
    SuspendedByAbsence,
}

/// What decides a CV's availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Registered as a jobseeker now.
    pub registered: bool,
    /// Under an absence that suspends availability today.
    pub suspended: bool,
}

impl Standing {
    /// The availability of a CV hidden or not by its citizen (`004:85-87`): an absence that
    /// suspends availability always takes the CV out; a registered jobseeker's CV is otherwise
    /// always open; anyone else's is open unless they hid it.
    pub fn availability(self, hidden: bool) -> CvAvailability {
        if self.suspended {
            CvAvailability::SuspendedByAbsence
        } else if hidden && !self.registered {
            CvAvailability::HiddenByCitizen
        } else {
            CvAvailability::Available
        }
    }
}

/// A CV with its rows, as read.
#[derive(Debug, Clone)]
pub struct CvData {
    pub row: cv::Model,
    pub job_wishes: Vec<occupations::Occupation>,
    pub skills: Vec<String>,
    pub educations: Vec<cv_education::Model>,
    pub availability: CvAvailability,
}

impl CvData {
    /// The driving licence categories.
    pub fn driving_licences(&self) -> Vec<String> {
        serde_json::from_str(&self.row.driving_licences).unwrap_or_default()
    }
}

/// The citizens of `ids` that `subquery` (a select of citizen ids) holds.
async fn among(
    db: &impl ConnectionTrait,
    subquery: SelectStatement,
    ids: &[Uuid],
) -> AppResult<HashSet<Uuid>> {
    let column = Alias::new("citizen_id");
    let statement = Query::select()
        .column(column.clone())
        .from_subquery(subquery, Alias::new("s"))
        .and_where(Expr::col(column).is_in(ids.iter().copied()))
        .to_owned();
    let rows = db
        .query_all_raw(db.get_database_backend().build(&statement))
        .await?;
    let mut found = HashSet::new();
    for row in rows {
        found.insert(row.try_get_by_index::<Uuid>(0)?);
    }
    Ok(found)
}

/// The standing of each of `ids` on `day`, in two statements.
pub async fn standings(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    day: NaiveDate,
) -> AppResult<HashMap<Uuid, Standing>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let registered = among(db, citizens::scope::registered_ids(), ids).await?;
    let suspended = among(db, absences::scope::unavailable_on(day), ids).await?;
    Ok(ids
        .iter()
        .map(|id| {
            (
                *id,
                Standing {
                    registered: registered.contains(id),
                    suspended: suspended.contains(id),
                },
            )
        })
        .collect())
}

/// The CVs of `ids` (those that have one), with their rows and availability on `day`. A fixed
/// number of statements, however many citizens.
pub async fn load_many(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    day: NaiveDate,
) -> AppResult<HashMap<Uuid, CvData>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = cv::Entity::find()
        .filter(cv::Column::CitizenId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let with_cv: Vec<Uuid> = rows.iter().map(|r| r.citizen_id).collect();
    let wishes = cv_job_wish::Entity::find()
        .filter(cv_job_wish::Column::CitizenId.is_in(with_cv.iter().copied()))
        .order_by_asc(cv_job_wish::Column::OccupationCode)
        .all(db)
        .await?;
    let named = occupations::named_by(
        db,
        Query::select()
            .column(cv_job_wish::Column::OccupationCode)
            .from(cv_job_wish::Entity)
            .and_where(cv_job_wish::Column::CitizenId.is_in(with_cv.iter().copied()))
            .to_owned(),
    )
    .await?;
    let skills = cv_skill::Entity::find()
        .filter(cv_skill::Column::CitizenId.is_in(with_cv.iter().copied()))
        .order_by_asc(cv_skill::Column::Skill)
        .all(db)
        .await?;
    let educations = cv_education::Entity::find()
        .filter(cv_education::Column::CitizenId.is_in(with_cv.iter().copied()))
        .order_by_asc(cv_education::Column::Id)
        .all(db)
        .await?;
    let standing = standings(db, &with_cv, day).await?;
    let mut out: HashMap<Uuid, CvData> = rows
        .into_iter()
        .map(|row| {
            let availability = standing
                .get(&row.citizen_id)
                .map_or(CvAvailability::Available, |s| s.availability(row.hidden));
            (
                row.citizen_id,
                CvData {
                    row,
                    job_wishes: Vec::new(),
                    skills: Vec::new(),
                    educations: Vec::new(),
                    availability,
                },
            )
        })
        .collect();
    for w in wishes {
        if let (Some(cv), Some(o)) = (out.get_mut(&w.citizen_id), named.get(&w.occupation_code)) {
            cv.job_wishes.push(o.clone());
        }
    }
    for s in skills {
        if let Some(cv) = out.get_mut(&s.citizen_id) {
            cv.skills.push(s.label);
        }
    }
    for e in educations {
        if let Some(cv) = out.get_mut(&e.citizen_id) {
            cv.educations.push(e);
        }
    }
    Ok(out)
}

/// An education as the citizen enters it.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CvEducationInput {
    /// The education, e.g. "Social- og sundhedshjælper": 1 to 200 characters.
    pub title: String,
    /// Where it was taken.
    pub institution: Option<String>,
    /// The year it was completed (1950 or later, not in the future); leave out while under way.
    pub completed_year: Option<i32>,
}

/// Input of `saveMyCv`: the whole CV as it is to be.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SaveMyCvInput {
    /// The `version` of the CV you changed; leave out when writing your first CV. A newer
    /// version means the CV changed since you read it (`STALE_VERSION`).
    pub expected_version: Option<i32>,
    /// Occupations you wish to work in (codes from the occupation list): 1 to 10 while you are
    /// registered as a jobseeker, since a precise job wish is part of being available.
    pub job_wishes: Vec<String>,
    /// Skills and licences (e.g. "Truckcertifikat", "Hygiejnebevis"): at most 50, each at most
    /// 100 characters.
    #[graphql(default)]
    pub skills: Vec<String>,
    /// Educations: at most 20.
    #[graphql(default)]
    pub educations: Vec<CvEducationInput>,
    /// Driving licence categories (AM, A1, A2, A, B, BE, C1, C1E, C, CE, D1, D1E, D, DE).
    #[graphql(default)]
    pub driving_licences: Vec<String>,
    /// How far from home you will work, in km (0 to 500); leave out for no limit.
    pub max_travel_km: Option<i32>,
    /// What you can do that no certificate shows, in your own words: at most 4,000 characters.
    #[graphql(default)]
    pub informal_competences: String,
}

/// Input of `setMyCvHidden`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SetMyCvHiddenInput {
    /// True to keep the CV out of the job centre's matching, false to open it again. Hiding is
    /// refused while you are registered as a jobseeker.
    pub hidden: bool,
}

fn invalid(field: &str, message: impl Into<String>) -> UserError {
    UserError::new(&["input", field], UserErrorCode::Invalid, message.into())
}

/// The CV's rows, checked.
struct Checked {
    job_wishes: Vec<String>,
    skills: Vec<(String, String)>,
    educations: Vec<CvEducationInput>,
    driving_licences: Vec<String>,
}

async fn check(
    txn: &DatabaseTransaction,
    input: &SaveMyCvInput,
    registered: bool,
    today: NaiveDate,
) -> AppResult<Result<Checked, UserError>> {
    let mut wishes: Vec<String> = input
        .job_wishes
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    wishes.sort();
    wishes.dedup();
    if wishes.len() > MAX_JOB_WISHES {
        return Ok(Err(invalid(
            "jobWishes",
            format!("give at most {MAX_JOB_WISHES} job wishes"),
        )));
    }
    if wishes.is_empty() && registered {
        return Ok(Err(invalid(
            "jobWishes",
            "give at least one job wish: a precise job wish is part of being registered as a \
             jobseeker",
        )));
    }
    let known = occupations::in_use(txn, wishes.clone(), today).await?;
    if let Some(unknown) = wishes.iter().find(|c| !known.contains_key(*c)) {
        return Ok(Err(invalid(
            "jobWishes",
            format!(
                "{unknown:?} is not an occupation code in use; choose from the occupation list"
            ),
        )));
    }
    let mut skills: Vec<(String, String)> = Vec::new();
    for s in &input.skills {
        let label = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() {
            continue;
        }
        if label.chars().count() > 100 {
            return Ok(Err(invalid("skills", "a skill is at most 100 characters")));
        }
        let key = skill_key(&label);
        if !skills.iter().any(|(k, _)| *k == key) {
            skills.push((key, label));
        }
    }
    if skills.len() > MAX_SKILLS {
        return Ok(Err(invalid(
            "skills",
            format!("list at most {MAX_SKILLS} skills"),
        )));
    }
    if input.educations.len() > MAX_EDUCATIONS {
        return Ok(Err(invalid(
            "educations",
            format!("list at most {MAX_EDUCATIONS} educations"),
        )));
    }
    for e in &input.educations {
        let title = e.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Ok(Err(invalid(
                "educations",
                "give each education a title of 1 to 200 characters",
            )));
        }
        if e.completed_year
            .is_some_and(|y| y < 1950 || y > today.year())
        {
            return Ok(Err(invalid(
                "educations",
                format!(
                    "a completion year is from 1950 to {}; leave it out while the education is \
                     under way",
                    today.year()
                ),
            )));
        }
    }
    let mut licences: Vec<String> = Vec::new();
    for l in &input.driving_licences {
        let l = l.trim().to_uppercase();
        if !LICENCE_CATEGORIES.contains(&l.as_str()) {
            return Ok(Err(invalid(
                "drivingLicences",
                format!(
                    "{l:?} is not a driving licence category; use {}",
                    LICENCE_CATEGORIES.join(", ")
                ),
            )));
        }
        if !licences.contains(&l) {
            licences.push(l);
        }
    }
    if input.max_travel_km.is_some_and(|k| !(0..=500).contains(&k)) {
        return Ok(Err(invalid(
            "maxTravelKm",
            "give a distance from 0 to 500 km, or leave it out for no limit",
        )));
    }
    if input.informal_competences.chars().count() > 4000 {
        return Ok(Err(invalid(
            "informalCompetences",
            "write at most 4,000 characters",
        )));
    }
    Ok(Ok(Checked {
        job_wishes: wishes,
        skills,
        educations: input.educations.clone(),
        driving_licences: licences,
    }))
}

/// Whether the citizen is registered as a jobseeker now and whether an absence suspends their
/// availability on `day`.
pub async fn standing(
    db: &impl ConnectionTrait,
    citizen: Uuid,
    day: NaiveDate,
) -> AppResult<Standing> {
    Ok(standings(db, &[citizen], day)
        .await?
        .remove(&citizen)
        .unwrap_or(Standing {
            registered: false,
            suspended: false,
        }))
}

/// `saveMyCv`: writes the citizen's whole CV (rows replaced), guarded by its version.
pub async fn save(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    citizen: Uuid,
    jobcentre: Uuid,
    input: SaveMyCvInput,
) -> AppResult<Outcome> {
    let now = clock.now();
    let today = danish_date(now);
    let key = IdempotencyKey::new(viewer, None, "saveMyCv", &input)?;
    runner::run(db, key, now, Outcome::err, async |txn| {
        let standing = standing(txn, citizen, today).await?;
        let checked = match check(txn, &input, standing.registered, today).await? {
            Ok(c) => c,
            Err(e) => return Ok(Outcome::err(e)),
        };
        if !write_row(txn, citizen, jobcentre, &input, &checked, now).await? {
            return Ok(Outcome::err(UserError::new(
                &["input", "expectedVersion"],
                UserErrorCode::StaleVersion,
                match input.expected_version {
                    Some(_) => {
                        "the CV changed since you read it; read it again and redo your change"
                    }
                    None => "you already have a CV; give its version to change it",
                },
            )));
        }
        replace_rows(txn, citizen, checked).await?;
        Ok(Outcome::ok(citizen))
    })
    .await
}

/// Inserts the CV row (first save) or updates it at the expected version; false when the
/// version does not match (or a first save finds a CV already there).
async fn write_row(
    txn: &DatabaseTransaction,
    citizen: Uuid,
    jobcentre: Uuid,
    input: &SaveMyCvInput,
    checked: &Checked,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let licences = serde_json::to_string(&checked.driving_licences).unwrap_or_else(|_| "[]".into());
    let informal = input.informal_competences.trim().to_string();
    match input.expected_version {
        None => {
            let inserted = cv::Entity::insert(cv::ActiveModel {
                citizen_id: Set(citizen),
                jobcentre_id: Set(jobcentre),
                max_travel_km: Set(input.max_travel_km),
                driving_licences: Set(licences),
                informal_competences: Set(informal),
                hidden: Set(false),
                updated_at: Set(now),
                version: Set(1),
            })
            .on_conflict_do_nothing()
            .exec_without_returning(txn)
            .await?;
            Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
        }
        Some(version) => {
            let updated = cv::Entity::update_many()
                .col_expr(cv::Column::MaxTravelKm, Expr::value(input.max_travel_km))
                .col_expr(cv::Column::DrivingLicences, Expr::value(licences))
                .col_expr(cv::Column::InformalCompetences, Expr::value(informal))
                .col_expr(cv::Column::UpdatedAt, Expr::value(now))
                .col_expr(cv::Column::Version, Expr::col(cv::Column::Version).add(1))
                .filter(cv::Column::CitizenId.eq(citizen))
                .filter(cv::Column::Version.eq(version))
                .exec(txn)
                .await?;
            Ok(updated.rows_affected == 1)
        }
    }
}

async fn replace_rows(txn: &DatabaseTransaction, citizen: Uuid, checked: Checked) -> AppResult<()> {
    cv_job_wish::Entity::delete_many()
        .filter(cv_job_wish::Column::CitizenId.eq(citizen))
        .exec(txn)
        .await?;
    cv_skill::Entity::delete_many()
        .filter(cv_skill::Column::CitizenId.eq(citizen))
        .exec(txn)
        .await?;
    cv_education::Entity::delete_many()
        .filter(cv_education::Column::CitizenId.eq(citizen))
        .exec(txn)
        .await?;
    if !checked.job_wishes.is_empty() {
        cv_job_wish::Entity::insert_many(checked.job_wishes.into_iter().map(|code| {
            cv_job_wish::ActiveModel {
                citizen_id: Set(citizen),
                occupation_code: Set(code),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !checked.skills.is_empty() {
        cv_skill::Entity::insert_many(checked.skills.into_iter().map(|(skill, label)| {
            cv_skill::ActiveModel {
                citizen_id: Set(citizen),
                skill: Set(skill),
                label: Set(label),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !checked.educations.is_empty() {
        cv_education::Entity::insert_many(checked.educations.into_iter().map(|e| {
            cv_education::ActiveModel {
                id: Set(Uuid::now_v7()),
                citizen_id: Set(citizen),
                title: Set(e.title.trim().to_string()),
                institution: Set(e
                    .institution
                    .map(|i| i.trim().to_string())
                    .filter(|i| !i.is_empty())),
                completed_year: Set(e.completed_year),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// `setMyCvHidden`: the citizen keeps their CV out of matching, or opens it again. Hiding is
/// refused while they are registered as a jobseeker (`004:85-87`).
pub async fn set_hidden(
    db: &DatabaseConnection,
    clock: &SharedClock,
    viewer: &Viewer,
    citizen: Uuid,
    input: SetMyCvHiddenInput,
) -> AppResult<Outcome> {
    let now = clock.now();
    let today = danish_date(now);
    let key = IdempotencyKey::new(viewer, None, "setMyCvHidden", &input)?;
    runner::run(db, key, now, Outcome::err, async |txn| {
        if input.hidden && standing(txn, citizen, today).await?.registered {
            return Ok(Outcome::err(UserError::new(
                &["input", "hidden"],
                UserErrorCode::CvMustStayAvailable,
                "while you are registered as a jobseeker your CV stays available to the job \
                 centre; whether companies may see it is up to your consent to share it",
            )));
        }
        let updated = cv::Entity::update_many()
            .col_expr(cv::Column::Hidden, Expr::value(input.hidden))
            .col_expr(cv::Column::UpdatedAt, Expr::value(now))
            .col_expr(cv::Column::Version, Expr::col(cv::Column::Version).add(1))
            .filter(cv::Column::CitizenId.eq(citizen))
            .exec(txn)
            .await?;
        if updated.rows_affected == 0 {
            return Ok(Outcome::err(UserError::new(
                &[],
                UserErrorCode::NotFound,
                "you have no CV yet; write it with saveMyCv",
            )));
        }
        Ok(Outcome::ok(citizen))
    })
    .await
}

/// The citizens with a CV open to matching among the job centre's, as a subquery of
/// `cvs.citizen_id` with the given extra conditions applied by the caller.
pub fn open_to_matching(jobcentre: Uuid, day: NaiveDate) -> SelectStatement {
    Query::select()
        .column((cv::Entity, cv::Column::CitizenId))
        .from(cv::Entity)
        .and_where(Expr::col((cv::Entity, cv::Column::JobcentreId)).eq(jobcentre))
        .and_where(
            Expr::col((cv::Entity, cv::Column::CitizenId))
                .not_in_subquery(absences::scope::unavailable_on(day)),
        )
        .cond_where(
            sea_orm::Condition::any()
                .add(Expr::col((cv::Entity, cv::Column::Hidden)).eq(false))
                .add(
                    Expr::col((cv::Entity, cv::Column::CitizenId))
                        .in_subquery(citizens::scope::registered_ids()),
                ),
        )
        .to_owned()
}
