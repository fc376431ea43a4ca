//! Outcomes the caller can fix, returned as data in every mutation payload.

use async_graphql::{Enum, SimpleObject};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What kind of problem a [`UserError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum UserErrorCode {
    /// An input value is missing or malformed.
    Invalid,
    /// The record does not exist or is not visible to you.
    NotFound,
    /// The change is already in place (for example a consent that is already granted).
    AlreadyDone,
    /// The record changed since you read it; reload and try again.
    StaleVersion,
    /// The idempotency key was used before with different input.
    IdempotencyKeyReused,
    /// The slot has no free seat left.
    SlotFull,
    /// The slot is cancelled, past, or too close to its start to book.
    SlotUnavailable,
    /// The citizen has no right to book meetings themself now (group or absence).
    NoSelfBookingRight,
    /// The channel (phone, video) is not allowed for this citizen: personal attendance is the rule.
    ChannelNotAllowed,
    /// The citizen is absent (for example sick) and cannot be summoned now.
    CitizenAbsent,
    /// The meeting is no longer scheduled (cancelled or registered).
    NotScheduled,
    /// The meeting has not started yet, so attendance cannot be registered.
    TooEarly,
    /// The time or period given is not valid (for example the end before the start).
    InvalidPeriod,
    /// Every seat of the service is taken in the period asked for; the payload names the first
    /// day from which the period fits.
    NoCapacity,
    /// The record is not in a state that allows this step (for example an order that has
    /// already started cannot be accepted).
    WrongState,
    /// A re-summons after a no-show must go by letter (Digital Post or paper); phone and text
    /// messages may be added, never instead.
    LetterRequired,
    /// Ending an offer needs a conversation with the citizen held after the request.
    ConversationRequired,
    /// The change takes effect through a new plan version: publish it first.
    PlanNotUpdated,
    /// The invoicing basis has blocks (a line without a contract price, an unsigned contract
    /// version); resolve them and generate it again before approving.
    Blocked,
    /// Four eyes: the person who generated this version of the basis cannot approve it.
    FourEyes,
    /// Only a manager, or a caseworker of the team the job centre names as approvers, may
    /// approve an invoicing basis.
    NotApprover,
    /// A registered jobseeker's CV stays available to the job centre's matching; it cannot be
    /// hidden (`004:85-87`).
    CvMustStayAvailable,
    /// The citizen has not consented to sharing their CV with companies (or revoked it), so
    /// the candidate cannot be presented.
    ConsentRequired,
    /// A wage subsidy at a public employer needs the local union representative's approval
    /// before it is granted (`003:667-680`).
    UnionApprovalRequired,
    /// The citizen may not take this kind of job (a flex job needs the flex-job visitation).
    NotEligible,
    /// Only the caseworker assigned to the case may do this (health information, UC2).
    NotAssigned,
}

/// A problem with the request that the caller can fix; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, SimpleObject, serde::Serialize, serde::Deserialize)]
pub struct UserError {
    /// Path to the input field at fault, e.g. `["input", "purpose"]`; empty when no single
    /// field is at fault.
    pub field: Vec<String>,
    /// Machine-readable kind of problem.
    #[serde(with = "code_serde")]
    pub code: UserErrorCode,
    /// What is wrong and how to fix it, in plain words.
    pub message: String,
}

impl UserError {
    pub fn new(field: &[&str], code: UserErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: field.iter().map(|f| f.to_string()).collect(),
            code,
            message: message.into(),
        }
    }
}

mod code_serde {
    use super::UserErrorCode;
    use async_graphql::{InputType, Value};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(code: &UserErrorCode, s: S) -> Result<S::Ok, S::Error> {
        match code.to_value() {
            Value::Enum(name) => s.serialize_str(name.as_str()),
            _ => Err(serde::ser::Error::custom("user error code is not an enum")),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<UserErrorCode, D::Error> {
        let name = String::deserialize(d)?;
        UserErrorCode::parse(Some(Value::Enum(async_graphql::Name::new(name))))
            .map_err(|_| D::Error::custom("unknown user error code"))
    }
}

/// The outcome of a mutation that creates or changes one record, as stored for idempotent
/// replays: the record's id, or what went wrong.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub id: Option<Uuid>,
    pub user_errors: Vec<UserError>,
}

impl Outcome {
    pub fn ok(id: impl Into<Uuid>) -> Self {
        Self {
            id: Some(id.into()),
            user_errors: vec![],
        }
    }

    pub fn err(e: UserError) -> Self {
        Self {
            id: None,
            user_errors: vec![e],
        }
    }
}

/// A refusal of a free text (a note, a reason, a justification) at `input.<field>` that is
/// empty or longer than 2,000 characters.
pub fn text_error(field: &str, text: &str) -> Option<UserError> {
    let n = text.trim().chars().count();
    (n == 0 || n > 2000).then(|| {
        UserError::new(
            &["input", field],
            UserErrorCode::Invalid,
            "write 1 to 2,000 characters",
        )
    })
}
