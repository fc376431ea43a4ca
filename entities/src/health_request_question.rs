//! `health_request_questions`: the questions of a request, in order.

use sea_orm::entity::prelude::*;

/// One question put to the clinician, written for the case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_request_questions")]
pub struct Model {
    /// The request.
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: Uuid,
    /// Its place in the request, from 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// The question.
    pub text: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
