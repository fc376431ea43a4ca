//! `placement_extensions`: a request to extend an internship.

use sea_orm::entity::prelude::*;

use crate::enums::ExtensionStatus;

/// An internship extension (`003:4506-4514`): requested, decided by the job centre, confirmed by
/// the company; the placement's end date moves only on confirmation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placement_extensions")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job centre (tenant) owning the row.
    pub jobcentre_id: Uuid,
    /// The placement.
    pub placement_id: Uuid,
    /// The end date when it was requested.
    pub previous_ends_on: Date,
    /// The end date asked for.
    pub ends_on: Date,
    /// Why, in the requester's words.
    pub reason: String,
    /// Where it stands.
    pub status: ExtensionStatus,
    /// The role of who asked, as tokens name it.
    pub requested_role: String,
    /// Who asked.
    pub requested_by: Uuid,
    /// When.
    pub requested_at: DateTimeUtc,
    /// The caseworker who decided.
    pub decided_by: Option<Uuid>,
    /// When it was decided.
    pub decided_at: Option<DateTimeUtc>,
    /// The decision's note.
    pub decision_note: Option<String>,
    /// The company user who confirmed.
    pub confirmed_by: Option<Uuid>,
    /// When the company confirmed.
    pub confirmed_at: Option<DateTimeUtc>,
    /// When the caseworker was alerted that it is still not confirmed close to the end.
    pub alerted_at: Option<DateTimeUtc>,
    /// Optimistic-locking version, bumped by every change.
    pub version: i32,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
