//! `health_requests`: a request for health information to one clinician.

use sea_orm::entity::prelude::*;

use crate::enums::{HealthRecipientKind, HealthRequestState};

/// A caseworker's request to a clinician for health information on a case (UC2).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_requests")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre owning it.
    pub jobcentre_id: Uuid,
    /// The citizen it is about.
    pub citizen_id: Uuid,
    /// The case it is for; its documents are filed there.
    pub case_id: Uuid,
    /// The caseworker who sent it.
    pub requested_by: Uuid,
    /// Who is asked.
    pub recipient_kind: HealthRecipientKind,
    /// The clinician or department asked.
    pub recipient_name: String,
    /// What is asked for.
    pub certificate_type_code: String,
    /// Where it stands.
    pub status: HealthRequestState,
    /// When it was sent.
    pub requested_at: DateTimeUtc,
    /// The day the answer is due (the certificate type's days after sending).
    pub due_on: Date,
    /// When the clinician's document arrived.
    pub received_at: Option<DateTimeUtc>,
    /// When the document was filed on the case.
    pub filed_at: Option<DateTimeUtc>,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
