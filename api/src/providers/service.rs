//! Provider reads, scoped by [`super::scope::visible_to`].

use std::collections::HashMap;

use async_graphql::connection::Connection;
use jobbro_entities::{provider, service_order};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::scope;
use crate::{
    auth::Viewer,
    citizens::{self, types::ProviderParticipant},
    error::{AppError, AppResult},
    pagination::IdCursor,
};

/// The viewer's own provider organisation.
pub async fn organisation(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<provider::Model> {
    provider::Entity::find_by_id(viewer.organisation_id())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("provider organisation"))
}

/// The referrals the viewer may see of the given citizens, in one query, per citizen.
async fn referrals_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<HashMap<Uuid, Vec<service_order::Model>>> {
    let rows = service_order::Entity::find()
        .filter(scope::visible_to(viewer))
        .filter(service_order::Column::CitizenId.is_in(citizen_ids))
        .order_by_asc(service_order::Column::Id)
        .all(db)
        .await?;
    let mut by_citizen: HashMap<Uuid, Vec<service_order::Model>> = HashMap::new();
    for row in rows {
        by_citizen.entry(row.citizen_id).or_default().push(row);
    }
    Ok(by_citizen)
}

/// What of a participant the selection asks for beyond the person and the referrals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted {
    pub plan: bool,
    pub absences: bool,
}

/// Loads the referrals, and the plans and absences when wanted, of a set of participants: one
/// query each (plans: a few), whatever their number.
async fn complete(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    participants: &mut [&mut ProviderParticipant],
    wanted: Wanted,
) -> AppResult<()> {
    let ids: Vec<Uuid> = participants.iter().map(|p| p.person.id).collect();
    let mut referrals = referrals_of(db, viewer, ids.clone()).await?;
    let mut plans = if wanted.plan {
        crate::plans::service::in_force_by_citizen(db, ids.clone()).await?
    } else {
        HashMap::new()
    };
    let mut absences = if wanted.absences {
        crate::absences::service::periods_of(db, ids).await?
    } else {
        HashMap::new()
    };
    for p in participants.iter_mut() {
        let id = p.person.id;
        p.referrals = referrals.remove(&id).unwrap_or_default();
        p.plan = plans.remove(&id);
        p.absences = absences.remove(&id).unwrap_or_default();
    }
    Ok(())
}

fn participant_of(person: jobbro_entities::citizen::Model) -> ProviderParticipant {
    ProviderParticipant {
        person,
        referrals: Vec::new(),
        plan: None,
        absences: Vec::new(),
    }
}

/// A page of the citizens referred to the viewer's organisation, with their referrals and, when
/// wanted, plans and absences, in a fixed number of queries whatever the page size.
pub async fn participants(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    first: Option<i32>,
    after: Option<String>,
    wanted: Wanted,
) -> AppResult<Connection<IdCursor, ProviderParticipant>> {
    let visible = citizens::service::visible(viewer);
    let mut page = citizens::service::page(db, visible, first, after, participant_of).await?;
    let mut nodes: Vec<&mut ProviderParticipant> =
        page.edges.iter_mut().map(|e| &mut e.node).collect();
    complete(db, viewer, &mut nodes, wanted).await?;
    Ok(page)
}

/// One participant, if referred to the viewer's organisation.
pub async fn participant(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    citizen_id: Uuid,
    wanted: Wanted,
) -> AppResult<Option<ProviderParticipant>> {
    let Some(person) = citizens::service::find(db, viewer, citizen_id).await? else {
        return Ok(None);
    };
    let mut one = participant_of(person);
    complete(db, viewer, &mut [&mut one], wanted).await?;
    Ok(Some(one))
}
