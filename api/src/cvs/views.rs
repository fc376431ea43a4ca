//! The CV as the citizen and job-centre staff see it.

use std::collections::HashMap;

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobbro_entities::enums::AuditCategory;
use uuid::Uuid;

use super::{
    occupations::Occupation,
    service::{self, CvAvailability, CvData, MAX_EDUCATIONS, MAX_JOB_WISHES},
};
use crate::{
    citizens::Visible,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::danish_date,
        error::AppResult,
        pagination,
    },
};

/// A citizen's CV (for the citizen and for job-centre staff).
pub struct CitizenCv(pub Visible);

#[Object]
impl CitizenCv {
    /// The citizen's CV; null until they write one (`saveMyCv`).
    async fn cv(&self, ctx: &Context<'_>) -> Result<Option<Cv>> {
        self.0.read(ctx, AuditCategory::Case)?;
        Ok(
            batch::load::<CvsOfCitizens>(ctx, self.0.uuid(), self.0.peers())
                .await?
                .map(Cv),
        )
    }
}

/// The CVs of a list of citizens, in a fixed number of queries.
pub struct CvsOfCitizens;

impl BatchLoad for CvsOfCitizens {
    type Key = Uuid;
    type Args = ();
    type Value = Option<CvData>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let mut found = service::load_many(cx.db, keys, danish_date(cx.now)).await?;
        Ok(keys.iter().map(|k| (*k, found.remove(k))).collect())
    }
}

/// An education on a CV.
#[derive(SimpleObject)]
pub struct CvEducation {
    /// The education.
    pub title: String,
    /// Where it was taken.
    pub institution: Option<String>,
    /// The year it was completed; null while under way or not given.
    pub completed_year: Option<i32>,
}

/// A citizen's CV: what they wish to work with and what they bring.
pub struct Cv(pub CvData);

/// A citizen's CV: what they wish to work with and what they bring, and whether the job
/// centre's matching may use it.
#[Object]
impl Cv {
    /// Occupations the citizen wishes to work in: at most 10.
    #[graphql(complexity = "pagination::list_cost(MAX_JOB_WISHES, child_complexity)")]
    async fn job_wishes(&self) -> Vec<Occupation> {
        self.0.job_wishes.clone()
    }

    /// Skills and licences, as the citizen wrote them, in alphabetical order.
    async fn skills(&self) -> Vec<String> {
        self.0.skills.clone()
    }

    /// Educations, in the order entered: at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_EDUCATIONS, child_complexity)")]
    async fn educations(&self) -> Vec<CvEducation> {
        self.education_rows()
    }

    /// Driving licence categories (`B`, `C` …).
    async fn driving_licences(&self) -> Vec<String> {
        self.0.driving_licences()
    }

    /// How far from home the citizen will work, in km; null for no limit.
    async fn max_travel_km(&self) -> Option<i32> {
        self.0.row.max_travel_km
    }

    /// What the citizen can do that no certificate shows, in their own words.
    async fn informal_competences(&self) -> &str {
        &self.0.row.informal_competences
    }

    /// Whether the job centre's matching may use the CV today, and if not, why. A registered
    /// jobseeker's CV is available unless an absence suspends their availability.
    async fn availability(&self) -> CvAvailability {
        self.0.availability
    }

    /// The citizen asked not to be matched; honoured only while they are not registered as a
    /// jobseeker.
    async fn hidden(&self) -> bool {
        self.0.row.hidden
    }

    /// When the CV last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.row.updated_at
    }

    /// The version to give as `expectedVersion` when changing the CV.
    async fn version(&self) -> i32 {
        self.0.row.version
    }
}

/// A CV as a company sees it once the job centre presented the citizen: what they wish to work
/// with and what they bring, nothing about their standing with the job centre.
pub struct SharedCv(pub CvData);

/// A CV as a company sees it once the job centre presented the citizen.
#[Object]
impl SharedCv {
    /// Occupations the citizen wishes to work in: at most 10.
    #[graphql(complexity = "pagination::list_cost(MAX_JOB_WISHES, child_complexity)")]
    async fn job_wishes(&self) -> Vec<Occupation> {
        self.0.job_wishes.clone()
    }

    /// Skills and licences, in alphabetical order.
    async fn skills(&self) -> Vec<String> {
        self.0.skills.clone()
    }

    /// Educations: at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_EDUCATIONS, child_complexity)")]
    async fn educations(&self) -> Vec<CvEducation> {
        Cv(self.0.clone()).education_rows()
    }

    /// Driving licence categories (`B`, `C` …).
    async fn driving_licences(&self) -> Vec<String> {
        self.0.driving_licences()
    }

    /// What the citizen can do that no certificate shows, in their own words.
    async fn informal_competences(&self) -> &str {
        &self.0.row.informal_competences
    }
}

impl Cv {
    fn education_rows(&self) -> Vec<CvEducation> {
        self.0
            .educations
            .iter()
            .map(|e| CvEducation {
                title: e.title.clone(),
                institution: e.institution.clone(),
                completed_year: e.completed_year,
            })
            .collect()
    }
}
