//! What a plan holds (`002:286-297`): goals, agreed activities, offers and appointments. Stored
//! as JSON in the draft and in each published version; item ids are stable across versions so
//! follow-ups and comments can point at a goal or an activity.

use async_graphql::{InputObject, SimpleObject};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::kernel::{
    error::AppResult,
    ids::{CompanyId, ProviderId},
    user_error::{UserError, UserErrorCode},
};

/// A goal the citizen works towards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject)]
pub struct PlanGoal {
    /// Stable id of the goal within the plan.
    pub id: String,
    /// The goal in the citizen's words, e.g. "Job som lagermedarbejder inden sommer".
    pub text: String,
}

/// An agreed activity (aftalt aktivitet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject)]
pub struct PlanActivity {
    /// Stable id of the activity within the plan.
    pub id: String,
    /// What the citizen does.
    pub description: String,
    /// The goal it serves, if any.
    pub goal_id: Option<String>,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// The provider running it, if any: its users may comment on it.
    pub provider_id: Option<Uuid>,
    /// The company hosting it, if any: its users may comment on it.
    pub company_id: Option<Uuid>,
}

/// An offer (tilbud) in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject)]
pub struct PlanOffer {
    /// Stable id of the offer within the plan.
    pub id: String,
    /// The offer kind's reference-data code, e.g. `VIRKSOMHEDSPRAKTIK`.
    pub offer_kind_code: String,
    /// What the offer is.
    pub description: String,
}

/// An appointment (aftale) in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject)]
pub struct PlanAppointment {
    /// Stable id of the appointment within the plan.
    pub id: String,
    /// What was agreed.
    pub text: String,
    /// By when, if dated.
    pub due_on: Option<NaiveDate>,
}

/// The whole content of a plan draft or version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    pub goals: Vec<PlanGoal>,
    pub activities: Vec<PlanActivity>,
    pub offers: Vec<PlanOffer>,
    pub appointments: Vec<PlanAppointment>,
}

/// A goal as edited; leave `id` out for a new one.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlanGoalInput {
    /// The goal's id, to keep it; left out for a new goal.
    pub id: Option<String>,
    /// The goal.
    pub text: String,
}

/// An activity as edited; leave `id` out for a new one.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlanActivityInput {
    /// The activity's id, to keep it; left out for a new activity.
    pub id: Option<String>,
    /// What the citizen does.
    pub description: String,
    /// The goal it serves (an id from `goals`).
    pub goal_id: Option<String>,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// The provider running it.
    pub provider_id: Option<async_graphql::ID>,
    /// The company hosting it.
    pub company_id: Option<async_graphql::ID>,
}

/// An offer as edited; leave `id` out for a new one.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlanOfferInput {
    /// The offer's id, to keep it; left out for a new offer.
    pub id: Option<String>,
    /// The offer kind's reference-data code.
    pub offer_kind_code: String,
    /// What the offer is.
    pub description: String,
}

/// An appointment as edited; leave `id` out for a new one.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlanAppointmentInput {
    /// The appointment's id, to keep it; left out for a new one.
    pub id: Option<String>,
    /// What was agreed.
    pub text: String,
    /// By when.
    pub due_on: Option<NaiveDate>,
}

/// The most goals, activities, offers or appointments (each) a plan holds.
pub const MAX_ITEMS: usize = 50;

/// The content of a plan draft, as edited.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct PlanContentInput {
    /// Goals: at most 50.
    pub goals: Vec<PlanGoalInput>,
    /// Agreed activities: at most 50.
    pub activities: Vec<PlanActivityInput>,
    /// Offers: at most 50.
    pub offers: Vec<PlanOfferInput>,
    /// Appointments: at most 50.
    pub appointments: Vec<PlanAppointmentInput>,
}

pub(super) fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", Uuid::now_v7().simple())
}

fn keep_or_new(id: &Option<String>, prefix: &str) -> String {
    id.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| new_id(prefix), str::to_string)
}

/// Why edited content cannot be stored: the field path and the message.
pub type ContentError = (Vec<String>, String);

impl PlanContentInput {
    /// Checks the input and gives every item a stable id. A malformed provider or company id is
    /// `BAD_USER_INPUT`, as every malformed id; what is wrong with the content otherwise is the
    /// inner error.
    pub fn into_content(self) -> AppResult<Result<PlanContent, ContentError>> {
        let err = |path: &[&str], i: usize, msg: &str| -> ContentError {
            let mut p: Vec<String> = vec!["input".into(), "content".into()];
            p.extend(path.iter().map(|s| s.to_string()));
            p.push(i.to_string());
            (p, msg.to_string())
        };
        for (name, len) in [
            ("goals", self.goals.len()),
            ("activities", self.activities.len()),
            ("offers", self.offers.len()),
            ("appointments", self.appointments.len()),
        ] {
            if len > MAX_ITEMS {
                return Ok(Err((
                    vec!["input".into(), "content".into(), name.into()],
                    format!("a plan holds at most {MAX_ITEMS} {name}"),
                )));
            }
        }
        let mut content = PlanContent::default();
        for (i, g) in self.goals.iter().enumerate() {
            if g.text.trim().is_empty() {
                return Ok(Err(err(&["goals"], i, "a goal needs a text")));
            }
            content.goals.push(PlanGoal {
                id: keep_or_new(&g.id, "goal"),
                text: g.text.trim().to_string(),
            });
        }
        for (i, a) in self.activities.into_iter().enumerate() {
            if a.description.trim().is_empty() {
                return Ok(Err(err(
                    &["activities"],
                    i,
                    "an activity needs a description",
                )));
            }
            if a.goal_id
                .as_ref()
                .is_some_and(|g| !content.goals.iter().any(|x| &x.id == g))
            {
                return Ok(Err(err(
                    &["activities"],
                    i,
                    "`goalId` names no goal of this plan",
                )));
            }
            if let (Some(s), Some(e)) = (a.starts_on, a.ends_on)
                && e < s
            {
                return Ok(Err(err(
                    &["activities"],
                    i,
                    "the last day is before the first day",
                )));
            }
            let field = |name: &str| format!("content.activities[{i}].{name}");
            let provider_id = (a.provider_id.as_ref())
                .map(|id| ProviderId::parse(id, &field("providerId")))
                .transpose()?;
            let company_id = (a.company_id.as_ref())
                .map(|id| CompanyId::parse(id, &field("companyId")))
                .transpose()?;
            content.activities.push(PlanActivity {
                id: keep_or_new(&a.id, "activity"),
                description: a.description.trim().to_string(),
                goal_id: a.goal_id,
                starts_on: a.starts_on,
                ends_on: a.ends_on,
                provider_id: provider_id.map(Uuid::from),
                company_id: company_id.map(Uuid::from),
            });
        }
        for (i, o) in self.offers.into_iter().enumerate() {
            if o.offer_kind_code.trim().is_empty() {
                return Ok(Err(err(&["offers"], i, "an offer needs an offer kind")));
            }
            content.offers.push(PlanOffer {
                id: keep_or_new(&o.id, "offer"),
                offer_kind_code: o.offer_kind_code,
                description: o.description,
            });
        }
        for (i, a) in self.appointments.into_iter().enumerate() {
            if a.text.trim().is_empty() {
                return Ok(Err(err(
                    &["appointments"],
                    i,
                    "an appointment needs a text",
                )));
            }
            content.appointments.push(PlanAppointment {
                id: keep_or_new(&a.id, "appointment"),
                text: a.text,
                due_on: a.due_on,
            });
        }
        let mut ids: Vec<&str> = content
            .goals
            .iter()
            .map(|g| g.id.as_str())
            .chain(content.activities.iter().map(|a| a.id.as_str()))
            .chain(content.offers.iter().map(|o| o.id.as_str()))
            .chain(content.appointments.iter().map(|a| a.id.as_str()))
            .collect();
        ids.sort();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Ok(Err((
                vec!["input".into(), "content".into()],
                "two items share an id".into(),
            )));
        }
        Ok(Ok(content))
    }
}

/// Those of `ids` that name a company (any company may host an activity). Read here rather than
/// through the companies domain, which itself writes offers into plans (placements).
async fn existing_companies(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> AppResult<HashSet<Uuid>> {
    use jobbro_entities::company;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .filter(company::Column::Id.is_in(ids))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The first activity that names a provider or company that does not exist: `NOT_FOUND`, as
/// every well-formed id that names nothing. Providers and companies are national, so any one
/// may run or host an activity.
pub async fn unknown_organisation(
    db: &impl ConnectionTrait,
    content: &PlanContent,
) -> AppResult<Option<UserError>> {
    let named = |pick: fn(&PlanActivity) -> Option<Uuid>| -> Vec<Uuid> {
        content.activities.iter().filter_map(pick).collect()
    };
    let (providers, companies) = (named(|a| a.provider_id), named(|a| a.company_id));
    let known_providers = crate::providers::service::existing(db, providers).await?;
    let known_companies = existing_companies(db, companies).await?;
    for (i, a) in content.activities.iter().enumerate() {
        let index = i.to_string();
        let unknown =
            |id: Option<Uuid>, known: &HashSet<Uuid>| id.is_some_and(|id| !known.contains(&id));
        let (field, message) = if unknown(a.provider_id, &known_providers) {
            ("providerId", "no provider has this id")
        } else if unknown(a.company_id, &known_companies) {
            ("companyId", "no company has this id")
        } else {
            continue;
        };
        let path = ["input", "content", "activities", index.as_str(), field];
        return Ok(Some(UserError::new(
            &path,
            UserErrorCode::NotFound,
            message,
        )));
    }
    Ok(None)
}

impl PlanContent {
    /// The canonical JSON stored and hashed.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The SHA-256 of the canonical JSON, hex: what an acknowledgement confirms.
    pub fn hash(json: &str) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(json.as_bytes()))
    }

    pub fn is_empty(&self) -> bool {
        self.goals.is_empty()
            && self.activities.is_empty()
            && self.offers.is_empty()
            && self.appointments.is_empty()
    }

    /// Whether a goal or activity with this id is in the content.
    pub fn has_item(&self, id: &str) -> bool {
        self.goals.iter().any(|g| g.id == id) || self.activities.iter().any(|a| a.id == id)
    }
}
