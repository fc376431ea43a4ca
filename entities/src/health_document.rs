//! `health_documents`: what a clinician sent, filed on the case.

use sea_orm::entity::prelude::*;

/// A clinician's answer to a request (a certificate, a statement), delivered by the integration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_documents")]
pub struct Model {
    /// Id (UUID v7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request it answers.
    pub request_id: Uuid,
    /// The job centre owning it.
    pub jobcentre_id: Uuid,
    /// The citizen it is about.
    pub citizen_id: Uuid,
    /// The case it is filed on.
    pub case_id: Uuid,
    /// The sending system's id of the document; one delivery per id and request.
    pub external_id: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// When it arrived.
    pub received_at: DateTimeUtc,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
