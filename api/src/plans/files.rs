//! Reading the files citizens send with their plan follow-ups (`GET /files/{id}`): who may, and
//! which file. A file is readable by the citizen it belongs to and by staff of a job centre that
//! may see the citizen; providers and companies may not (no domain grants them a citizen's
//! documents yet). Anyone else is told nothing, not even that the file exists.

use jobbro_entities::{plan_attachment, plan_follow_up};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{
    citizens::{self, scope::Visible},
    kernel::{error::AppResult, ids::CitizenId, viewer::Viewer},
};

/// A file the viewer may read: its record and the citizen it belongs to.
pub struct Readable {
    pub attachment: plan_attachment::Model,
    pub owner: Visible,
}

/// The attachment `id`, if the viewer may read it; `None` when it does not exist and when the
/// viewer may not read it alike.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<Readable>> {
    if !matches!(viewer, Viewer::Citizen { .. } | Viewer::Staff(_)) {
        return Ok(None);
    }
    let Some(attachment) = plan_attachment::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let Some(follow_up) = plan_follow_up::Entity::find_by_id(attachment.follow_up_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let owner = citizens::scope::find(db, viewer, CitizenId(follow_up.citizen_id)).await?;
    Ok(owner.map(|owner| Readable { attachment, owner }))
}

/// Where an attachment is read over HTTP.
pub fn url(id: Uuid) -> String {
    format!("/files/{id}")
}
