//! Person markings as job-centre staff see them, and the inputs of their mutations.

use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobbro_entities::{enums::AuditCategory, person_marking};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    citizens::Visible,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        error::AppResult,
        pagination,
        user_error::UserError,
        viewer::Viewer,
    },
};

/// The most markings a citizen's list shows.
pub const MAX_MARKINGS: usize = 20;

/// The markings of each citizen, newest first, for staff of the citizens' job centre.
pub struct MarkingsByCitizen;

impl BatchLoad for MarkingsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<person_marking::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let Viewer::Staff(staff) = cx.viewer else {
            return Ok(HashMap::new());
        };
        Ok(batch::grouped(
            super::service::of_citizens(cx.db, staff, keys).await?,
            |row| row.citizen_id,
        ))
    }
}

/// A citizen's person markings, as job-centre staff see them.
pub struct StaffMarkings(pub Visible);

#[Object]
impl StaffMarkings {
    /// Markings that protect the citizen from sanctions, newest first, removed ones included
    /// (with who removed them, when and why): at most 20.
    #[graphql(complexity = "pagination::list_cost(MAX_MARKINGS, child_complexity)")]
    async fn person_markings(&self, ctx: &Context<'_>) -> Result<Vec<PersonMarking>> {
        self.0.read(ctx, AuditCategory::Case)?;
        let rows = batch::load::<MarkingsByCitizen>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(pagination::capped(
            rows.into_iter().map(PersonMarking),
            MAX_MARKINGS,
        ))
    }
}

/// A marking on a citizen that protects from sanctions (personmarkering): while it is in force
/// no hearing request follows a no-show.
pub struct PersonMarking(pub person_marking::Model);

/// A marking on a citizen that protects from sanctions (personmarkering).
#[Object]
impl PersonMarking {
    /// The marking's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The citizen marked.
    async fn citizen_id(&self) -> ID {
        ID(self.0.citizen_id.to_string())
    }
    /// Why the citizen is not to be sanctioned.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// The caseworker who set it.
    async fn set_by(&self) -> ID {
        ID(self.0.set_by.to_string())
    }
    /// When it was set.
    async fn set_at(&self) -> DateTime<Utc> {
        self.0.set_at
    }
    /// Whether it is in force (not removed).
    async fn in_force(&self) -> bool {
        self.0.removed_at.is_none()
    }
    /// The caseworker who removed it.
    async fn removed_by(&self) -> Option<ID> {
        self.0.removed_by.map(|id| ID(id.to_string()))
    }
    /// When it was removed.
    async fn removed_at(&self) -> Option<DateTime<Utc>> {
        self.0.removed_at
    }
    /// Why it was removed.
    async fn removal_reason(&self) -> Option<&str> {
        self.0.removal_reason.as_deref()
    }
}

/// The result of the person-marking mutations.
#[derive(SimpleObject)]
pub struct PersonMarkingPayload {
    /// The marking, unless there are user errors.
    pub person_marking: Option<PersonMarking>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `setPersonMarking`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SetPersonMarkingInput {
    /// The citizen, of your job centre, with no marking in force.
    pub citizen_id: ID,
    /// Why the citizen is not to be sanctioned (e.g. homelessness); not empty.
    pub reason: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Input of `removePersonMarking`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RemovePersonMarkingInput {
    /// The marking in force.
    pub person_marking_id: ID,
    /// Why it no longer applies; not empty. Kept with the marking.
    pub reason: String,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}
