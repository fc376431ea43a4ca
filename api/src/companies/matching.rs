//! Matching job orders and citizens (UC6, `004:137-139`) with the one scoring rule of
//! [`crate::cvs::matching`]: the job centre's candidates for an order, the best orders for a
//! citizen (or the newest local orders, "hot jobs", when the citizen has no CV), and the
//! citizen's own best orders. Only orders open for candidates take part: in progress (or
//! submitted) with the application deadline not passed (`003:334-336`); filled, closed,
//! cancelled and expired orders never appear.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::NaiveDate;
use jobbro_entities::{
    enums::{AuditCategory, JobOrderKind, JobOrderStatus},
    job_kind_target_group, job_order, production_unit,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::views::JobOrder;
use crate::{
    absences, cases, citizens,
    citizens::Visible,
    cvs::{
        self,
        matching::{self, Inputs, Job, MatchReason},
        occupations::{self, Occupation},
    },
    kernel::{
        clock::danish_date,
        context::{clock, db, viewer},
        error::AppResult,
        ids::{CitizenId, JobOrderId},
        pagination,
        viewer::Viewer,
    },
    providers,
};

/// The most citizens a match list shows.
pub const MAX_MATCHES: usize = 50;
/// How many orders a citizen is shown (`004:137-139`: ten).
pub const ORDERS_SHOWN: usize = 10;

/// The orders open for candidates on `day`.
fn open_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(
            job_order::Column::Status
                .is_in([JobOrderStatus::Submitted, JobOrderStatus::InProgress]),
        )
        .add(
            Condition::any()
                .add(job_order::Column::ApplyBy.is_null())
                .add(job_order::Column::ApplyBy.gte(day)),
        )
}

/// The kinds of job reserved for some target groups, with those groups.
async fn reserved_kinds(
    db: &impl ConnectionTrait,
) -> AppResult<HashMap<JobOrderKind, Vec<String>>> {
    let mut kinds: HashMap<JobOrderKind, Vec<String>> = HashMap::new();
    for row in job_kind_target_group::Entity::find().all(db).await? {
        kinds
            .entry(row.kind)
            .or_default()
            .push(row.target_group_code);
    }
    Ok(kinds)
}

/// A citizen found for a job order, with the points explained.
pub struct CitizenMatch {
    person: Visible,
    hit: matching::Hit,
}

impl CitizenMatch {
    /// The match's points (for the benchmark and tests; the field reads them audited).
    pub fn points(&self) -> i32 {
        self.hit.score.points
    }

    /// The citizen matched (for the benchmark and tests).
    pub fn citizen(&self) -> Uuid {
        self.hit.citizen_id
    }
}

/// A citizen found for a job order, with the points explained.
#[Object]
impl CitizenMatch {
    /// The citizen's id (open the record with `caseworker { citizen(id) }`).
    async fn citizen_id(&self) -> ID {
        self.person.id().to_id()
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.person.read(ctx, AuditCategory::Identity)?.given_name)
    }
    /// Family name.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.person.read(ctx, AuditCategory::Identity)?.family_name)
    }
    /// Points out of 100 (see `reasons`).
    async fn score(&self, ctx: &Context<'_>) -> Result<i32> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.hit.score.points)
    }
    /// Each factor's points and what was found: occupation, skills, distance, availability
    /// (at most 4).
    #[graphql(complexity = "pagination::list_cost(matching::REASONS, child_complexity)")]
    async fn reasons(&self, ctx: &Context<'_>) -> Result<Vec<MatchReason>> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.hit.score.reasons.clone())
    }
    /// The order's required skills the citizen's CV lists.
    async fn matched_skills(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.hit.score.matched_skills.clone())
    }
    /// From the citizen's home to the place of work, in km; null when unknown.
    async fn distance_km(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        self.person.read(ctx, AuditCategory::Case)?;
        Ok(self.hit.distance_km)
    }
}

/// The best citizens of the viewer's job centre for the order, best first; empty when the
/// order is not one of the job centre's or takes no candidates now.
pub async fn candidates_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    order: JobOrderId,
    limit: usize,
    today: NaiveDate,
) -> AppResult<Vec<CitizenMatch>> {
    let Some((order, unit)) = job_order::Entity::find_by_id(order.0)
        .filter(super::scope::job_orders_visible_to(viewer))
        .filter(open_on(today))
        .find_also_related(production_unit::Entity)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let day = order.starts_on.unwrap_or(today).max(today);
    let job = Job {
        jobcentre: order.jobcentre_id,
        occupation: order.occupation_code.clone(),
        required: serde_json::from_str(&order.required_skills).unwrap_or_default(),
        postal_code: unit.map(|u| u.postal_code),
        day,
        reserved: Some(super::scope::reserved_for(order.kind)),
        excluded: super::scope::candidates_of(order.id),
        busy: providers::service::in_an_offer_on(day),
    };
    let hits = matching::rank_citizens(db, job, limit).await?;
    let mut people: HashMap<Uuid, Visible> =
        citizens::scope::many(db, viewer, hits.iter().map(|h| h.citizen_id))
            .await?
            .into_iter()
            .map(|p| (p.uuid(), p))
            .collect();
    Ok(hits
        .into_iter()
        .filter_map(|hit| {
            people
                .remove(&hit.citizen_id)
                .map(|person| CitizenMatch { person, hit })
        })
        .collect())
}

/// A job order found for a citizen: scored, or one of the newest local orders ("hot job")
/// when the citizen has no CV to match.
pub struct OrderMatch {
    order: job_order::Model,
    score: Option<matching::Score>,
    distance_km: Option<i32>,
}

/// An open job order as a citizen sees it: the job, not the company's dealings with the job
/// centre.
#[derive(SimpleObject)]
pub struct JobOpening {
    /// The job order's id.
    pub id: ID,
    /// Job title.
    pub title: String,
    /// What kind of job it is.
    pub kind: JobOrderKind,
    /// The occupation.
    pub occupation: Option<Occupation>,
    /// What the job is.
    pub description: String,
    /// Hours a week.
    pub hours_per_week: Option<f64>,
    /// The first day of work.
    pub starts_on: Option<NaiveDate>,
    /// The last day to apply.
    pub apply_by: Option<NaiveDate>,
    /// The town where the work is.
    pub city: Option<String>,
}

/// A job order found for a citizen, with the points explained.
pub struct JobOrderMatch {
    job_order: JobOrder,
    score: Option<matching::Score>,
    distance_km: Option<i32>,
}

/// A job order found for a citizen, with the points explained.
#[Object]
impl JobOrderMatch {
    /// The order as job-centre staff see it.
    async fn job_order(&self) -> &JobOrder {
        &self.job_order
    }
    /// Points out of 100; null for a hot job.
    async fn score(&self) -> Option<i32> {
        self.score.as_ref().map(|s| s.points)
    }
    /// Each factor's points and what was found; empty for a hot job (at most 4).
    #[graphql(complexity = "pagination::list_cost(matching::REASONS, child_complexity)")]
    async fn reasons(&self) -> Vec<MatchReason> {
        self.score
            .as_ref()
            .map(|s| s.reasons.clone())
            .unwrap_or_default()
    }
    /// The citizen has no CV with a job wish, so this is one of the job centre's newest open
    /// orders.
    async fn hot_job(&self) -> bool {
        self.score.is_none()
    }
    /// From the citizen's home to the place of work, in km; null when unknown.
    async fn distance_km(&self) -> Option<i32> {
        self.distance_km
    }
}

/// A job found for the signed-in citizen, with the points explained.
pub struct JobOpeningMatch {
    job: JobOpening,
    score: Option<matching::Score>,
}

/// A job found for the signed-in citizen, with the points explained.
#[Object]
impl JobOpeningMatch {
    /// The job.
    async fn job(&self) -> &JobOpening {
        &self.job
    }
    /// Points out of 100; null for a hot job.
    async fn score(&self) -> Option<i32> {
        self.score.as_ref().map(|s| s.points)
    }
    /// Each factor's points and what was found; empty for a hot job (at most 4).
    #[graphql(complexity = "pagination::list_cost(matching::REASONS, child_complexity)")]
    async fn reasons(&self) -> Vec<MatchReason> {
        self.score
            .as_ref()
            .map(|s| s.reasons.clone())
            .unwrap_or_default()
    }
    /// You have no CV with a job wish, so this is one of the job centre's newest open orders.
    async fn hot_job(&self) -> bool {
        self.score.is_none()
    }
}

/// The best open orders of the citizen's job centre for them (ten; only orders with a wish in
/// the occupation's group or a required skill in common, and none the citizen is already a
/// candidate for), or the ten newest when they have no
/// CV with a job wish (`004:137-139`). Orders of a kind they may not take (a flex job
/// without the visitation) are left out.
pub async fn orders_for(
    db: &impl ConnectionTrait,
    person: &Visible,
    today: NaiveDate,
) -> AppResult<Vec<OrderMatch>> {
    let citizen = person.record();
    let cv = cvs::service::load_many(db, &[citizen.id], today)
        .await?
        .remove(&citizen.id)
        .filter(|cv| !cv.job_wishes.is_empty());
    let group = cases::service::open_cases(db, &[person])
        .await?
        .remove(&citizen.id)
        .map(|c| c.target_group_code);
    let reserved = reserved_kinds(db).await?;
    let may_take = |kind: &JobOrderKind| {
        reserved
            .get(kind)
            .is_none_or(|groups| group.as_ref().is_some_and(|g| groups.contains(g)))
    };
    let open = job_order::Entity::find()
        .filter(job_order::Column::JobcentreId.eq(citizen.jobcentre_id))
        .filter(open_on(today))
        .filter(
            job_order::Column::Id.not_in_subquery(super::scope::orders_with_candidate(citizen.id)),
        );
    let Some(cv) = cv else {
        let newest = open
            .order_by_desc(job_order::Column::Id)
            .limit((ORDERS_SHOWN * 3) as u64)
            .all(db)
            .await?;
        return Ok(newest
            .into_iter()
            .filter(|o| may_take(&o.kind))
            .take(ORDERS_SHOWN)
            .map(|order| OrderMatch {
                order,
                score: None,
                distance_km: None,
            })
            .collect());
    };
    let orders: Vec<job_order::Model> = open
        .all(db)
        .await?
        .into_iter()
        .filter(|o| may_take(&o.kind))
        .collect();
    let units: HashMap<Uuid, String> = production_unit::Entity::find()
        .select_only()
        .column(production_unit::Column::Id)
        .column(production_unit::Column::PostalCode)
        .filter(production_unit::Column::Id.is_in(orders.iter().map(|o| o.production_unit_id)))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut codes: Vec<String> = units.values().cloned().collect();
    codes.push(citizen.postal_code.clone());
    let places = occupations::places(db, codes).await?;
    let home = places.get(&citizen.postal_code).copied();
    let offers = providers::service::offer_periods_of(db, citizen.id).await?;
    let wishes: Vec<String> = cv.job_wishes.iter().map(|o| o.code.clone()).collect();
    let skills: std::collections::HashSet<String> =
        cv.skills.iter().map(|s| cvs::skill_key(s)).collect();
    let mut scored: Vec<OrderMatch> = orders
        .into_iter()
        .map(|order| {
            let place = units
                .get(&order.production_unit_id)
                .and_then(|c| places.get(c));
            let distance_km = match (home, place) {
                (Some(a), Some(b)) => Some(a.km_to(*b)),
                _ => None,
            };
            let first_day = order.starts_on.unwrap_or(today).max(today);
            let score = matching::score(&Inputs {
                occupation: order.occupation_code.clone(),
                wishes: wishes.clone(),
                required: serde_json::from_str(&order.required_skills).unwrap_or_default(),
                skills: skills.clone(),
                distance_km,
                max_travel_km: cv.row.max_travel_km,
                clashing_offer: absences::service::covers(&offers, first_day),
            });
            OrderMatch {
                order,
                score: Some(score),
                distance_km,
            }
        })
        // Only orders with something in common with the CV: a wish in the occupation's group
        // or a required skill.
        .filter(|m| {
            m.score
                .as_ref()
                .is_some_and(|s| s.reasons[0].points > 0 || !s.matched_skills.is_empty())
        })
        .collect();
    scored.sort_by(|a, b| {
        let points = |m: &OrderMatch| m.score.as_ref().map_or(0, |s| s.points);
        points(b)
            .cmp(&points(a))
            .then(
                a.distance_km
                    .unwrap_or(i32::MAX)
                    .cmp(&b.distance_km.unwrap_or(i32::MAX)),
            )
            .then(b.order.id.cmp(&a.order.id))
    });
    scored.truncate(ORDERS_SHOWN);
    Ok(scored)
}

/// The job centre's matching: candidates for an order, orders for a citizen.
#[derive(Default)]
pub struct StaffMatching;

#[Object]
impl StaffMatching {
    /// The best citizens of your job centre for a job order open for candidates, best first,
    /// each with the points explained (occupation, skills, distance, availability). Citizens
    /// who are sick or otherwise unavailable, whose CV is hidden, who may not take the kind of
    /// job (a flex job needs the flex-job visitation), or who are already candidates for the
    /// order are left out. At most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_MATCHES, child_complexity)")]
    async fn candidates_for(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job order.")] job_order_id: ID,
        #[graphql(desc = "How many citizens: 1 to 50.", default = 20)] first: i32,
    ) -> Result<Vec<CitizenMatch>> {
        let order = JobOrderId::parse(&job_order_id, "jobOrderId").extend()?;
        let limit = usize::try_from(first.clamp(1, MAX_MATCHES as i32)).unwrap_or(20);
        let today = danish_date(clock(ctx)?.now());
        candidates_for(db(ctx)?, viewer(ctx)?, order, limit, today)
            .await
            .extend()
    }

    /// The ten open job orders of your job centre that best match a citizen's CV (leaving out
    /// those the citizen is already a candidate for), best first with the points explained; when the citizen has no CV with a job wish, the ten newest
    /// open orders, marked `hotJob` (`004:137-139`). Empty for a citizen you may not see. At
    /// most 10.
    #[graphql(complexity = "pagination::list_cost(ORDERS_SHOWN, child_complexity)")]
    async fn job_orders_for(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen.")] citizen_id: ID,
    ) -> Result<Vec<JobOrderMatch>> {
        let id = CitizenId::parse(&citizen_id, "citizenId").extend()?;
        let db = db(ctx)?;
        let Some(person) = citizens::scope::find(db, viewer(ctx)?, id).await.extend()? else {
            return Ok(Vec::new());
        };
        person.read(ctx, AuditCategory::Case)?;
        let today = danish_date(clock(ctx)?.now());
        let found = orders_for(db, &person, today).await.extend()?;
        let rows: Vec<job_order::Model> = found.iter().map(|m| m.order.clone()).collect();
        let orders = JobOrder::list(rows);
        Ok(found
            .into_iter()
            .zip(orders)
            .map(|(m, job_order)| JobOrderMatch {
                job_order,
                score: m.score,
                distance_km: m.distance_km,
            })
            .collect())
    }
}

/// The citizen's own matching.
pub struct CitizenMatching(pub Visible);

#[Object]
impl CitizenMatching {
    /// The ten open jobs at your job centre that best match your CV, best first with the points
    /// explained; without a CV with a job wish, the ten newest, marked `hotJob`. At most 10.
    #[graphql(complexity = "pagination::list_cost(ORDERS_SHOWN, child_complexity)")]
    async fn matching_job_orders(&self, ctx: &Context<'_>) -> Result<Vec<JobOpeningMatch>> {
        let db = db(ctx)?;
        let today = danish_date(clock(ctx)?.now());
        let found = orders_for(db, &self.0, today).await.extend()?;
        let codes: Vec<String> = found
            .iter()
            .filter_map(|m| m.order.occupation_code.clone())
            .collect();
        let named = occupations::labels(db, codes).await.extend()?;
        let units: HashMap<Uuid, String> = production_unit::Entity::find()
            .select_only()
            .column(production_unit::Column::Id)
            .column(production_unit::Column::City)
            .filter(
                production_unit::Column::Id.is_in(found.iter().map(|m| m.order.production_unit_id)),
            )
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await
            .map_err(crate::kernel::error::AppError::from)
            .extend()?
            .into_iter()
            .collect();
        Ok(found
            .into_iter()
            .map(|m| {
                let o = m.order;
                JobOpeningMatch {
                    job: JobOpening {
                        id: JobOrderId(o.id).to_id(),
                        title: o.title,
                        kind: o.kind,
                        occupation: o
                            .occupation_code
                            .as_ref()
                            .and_then(|c| named.get(c).cloned()),
                        description: o.description,
                        hours_per_week: o.minutes_per_week.map(|m| f64::from(m) / 60.0),
                        starts_on: o.starts_on,
                        apply_by: o.apply_by,
                        city: units.get(&o.production_unit_id).cloned(),
                    },
                    score: m.score,
                }
            })
            .collect())
    }
}
