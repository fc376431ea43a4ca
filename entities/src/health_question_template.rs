//! `health_question_templates`: help questions per certificate type.

use sea_orm::entity::prelude::*;

/// A help question (`003:4195-4222`): shown to inspire, never sent as it is.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_question_templates")]
pub struct Model {
    /// The certificate type it helps with.
    #[sea_orm(primary_key, auto_increment = false)]
    pub certificate_type_code: String,
    /// Its place in the type's list, from 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// The question.
    pub text: String,
}

/// Relations to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
