//! What every new meeting, booked or summoned, goes through: its invited participants (a user
//! of a provider the citizen is referred to, or the unemployment fund), the channel rule (rule 11),
//! the row itself, its first history entry and the booking deadline it fulfils.

use super::{fulfil_deadline, record_change, types::*};
use crate::{
    absences::situation::Situation,
    citizens::Visible,
    kernel::error::AppResult,
    kernel::ids::ProviderUserId,
    kernel::user_error::{Outcome, UserError, UserErrorCode},
    kernel::viewer::Viewer,
    providers,
};
use chrono::{DateTime, Utc};
use jobbro_entities::{
    citizen,
    enums::{MeetingChannel, MeetingOrigin, MeetingStatus, MeetingType, ParticipantKind},
    meeting, meeting_participant,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait};
use uuid::Uuid;

/// Someone invited to a meeting, with the id read.
pub(super) enum Invited<'a> {
    UnemploymentFund(&'a str),
    ProviderUser(ProviderUserId),
}

pub(super) fn error(field: &str, code: UserErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::err(UserError::new(&["input", field], code, message))
}

/// Rule 11: phone and video only where the citizen's situation allows it.
pub(super) fn channel_error(
    situation: &Situation,
    channel: MeetingChannel,
    field: &str,
) -> Option<Outcome> {
    (channel != MeetingChannel::InPerson && !situation.may_meet_remotely()).then(|| {
        error(
            field,
            UserErrorCode::ChannelNotAllowed,
            "personal attendance is the rule: phone or video only while the citizen takes part in an offer or is exempt from personal attendance",
        )
    })
}

/// Reads the invitations' ids; a malformed one is `BAD_USER_INPUT`, as everywhere.
pub(super) fn invited(input: Option<&[ParticipantInput]>) -> AppResult<Vec<Invited<'_>>> {
    input
        .unwrap_or_default()
        .iter()
        .map(|p| match p {
            ParticipantInput::UnemploymentFund(name) => Ok(Invited::UnemploymentFund(name)),
            ParticipantInput::ProviderUserId(id) => {
                ProviderUserId::parse(id, "providerUserId").map(Invited::ProviderUser)
            }
        })
        .collect()
}

/// Resolves invitations into participant rows; a provider user must belong to a provider the
/// citizen is referred to.
pub(super) async fn participants(
    db: &impl ConnectionTrait,
    person: &Visible,
    invited: &[Invited<'_>],
) -> AppResult<Result<Vec<(ParticipantKind, Option<Uuid>, String)>, Outcome>> {
    if invited.len() > super::MAX_PARTICIPANTS {
        return Ok(Err(error(
            "participants",
            UserErrorCode::Invalid,
            format!(
                "a meeting has at most {} participants besides the citizen and the caseworker",
                super::MAX_PARTICIPANTS
            ),
        )));
    }
    let mut rows = Vec::new();
    for p in invited {
        match *p {
            Invited::UnemploymentFund(name) if !name.trim().is_empty() => {
                rows.push((
                    ParticipantKind::UnemploymentFund,
                    None,
                    name.trim().to_string(),
                ));
            }
            Invited::UnemploymentFund(_) => {
                return Ok(Err(error(
                    "participants",
                    UserErrorCode::Invalid,
                    "name the unemployment fund",
                )));
            }
            Invited::ProviderUser(id) => {
                match providers::service::invitable_user(db, person, id).await? {
                    Some(u) => rows.push((ParticipantKind::ProviderUser, Some(u.id), u.name)),
                    None => {
                        return Ok(Err(error(
                            "participants",
                            UserErrorCode::NotFound,
                            "only users of a provider the citizen is referred to can be invited",
                        )));
                    }
                }
            }
        }
    }
    Ok(Ok(rows))
}

pub(super) async fn insert_participants(
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    rows: Vec<(ParticipantKind, Option<Uuid>, String)>,
) -> AppResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows
        .into_iter()
        .map(|(kind, user, name)| meeting_participant::ActiveModel {
            id: Set(Uuid::now_v7()),
            meeting_id: Set(meeting_id),
            kind: Set(kind),
            provider_user_id: Set(user),
            name: Set(name),
        });
    meeting_participant::Entity::insert_many(models)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A new scheduled meeting; job conversations are statutory.
pub(super) fn scheduled(
    person: &citizen::Model,
    caseworker_id: Uuid,
    slot_id: Option<Uuid>,
    (meeting_type, channel, location): (MeetingType, MeetingChannel, String),
    (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
    origin: MeetingOrigin,
    now: DateTime<Utc>,
) -> meeting::Model {
    meeting::Model {
        id: Uuid::now_v7(),
        jobcentre_id: person.jobcentre_id,
        citizen_id: person.id,
        caseworker_id,
        slot_id,
        meeting_type,
        channel,
        location,
        starts_at,
        ends_at,
        origin,
        statutory: meeting_type == MeetingType::JobConversation,
        status: MeetingStatus::Scheduled,
        status_reason: None,
        attendance_registered_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// What every new meeting brings along: its participants, the first history entry, and the
/// booking deadline it fulfils.
pub(super) async fn follow_through(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    new: &meeting::Model,
    invited: Vec<(ParticipantKind, Option<Uuid>, String)>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    insert_participants(txn, new.id, invited).await?;
    record_change(
        txn,
        viewer,
        new.id,
        None,
        MeetingStatus::Scheduled,
        None,
        now,
    )
    .await?;
    fulfil_deadline(txn, new).await
}
