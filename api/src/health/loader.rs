//! Loading a page of citizens' health requests and, for the caseworker on the case, their
//! content: each loader is keyed by citizen, so a caseload page costs one query per field
//! however many citizens and requests it shows.

use std::collections::{HashMap, HashSet};

use jobbro_entities::{health_document, health_message, health_request, health_request_question};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

use super::scope;
use crate::kernel::{
    batch::{BatchLoad, LoadContext},
    error::AppResult,
    viewer::{Staff, Viewer},
};

/// A listed request and whether the viewer may read its content.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: health_request::Model,
    pub readable: bool,
}

/// The health requests of each citizen the viewer may list, newest first.
pub struct RequestsByCitizen;

impl BatchLoad for RequestsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<Listed>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = health_request::Entity::find()
            .filter(health_request::Column::CitizenId.is_in(keys.iter().copied()))
            .filter(scope::listed(cx.viewer))
            .order_by_desc(health_request::Column::Id)
            .all(cx.db)
            .await?;
        let readable: HashSet<Uuid> = match cx.viewer {
            Viewer::Staff(staff) if !rows.is_empty() => health_request::Entity::find()
                .select_only()
                .column(health_request::Column::Id)
                .filter(health_request::Column::Id.is_in(rows.iter().map(|r| r.id)))
                .filter(scope::readable(staff))
                .into_tuple::<Uuid>()
                .all(cx.db)
                .await?
                .into_iter()
                .collect(),
            _ => HashSet::new(),
        };
        let mut out: HashMap<Uuid, Vec<Listed>> = HashMap::new();
        for row in rows {
            out.entry(row.citizen_id).or_default().push(Listed {
                readable: readable.contains(&row.id),
                row,
            });
        }
        Ok(out)
    }
}

/// The requests of `citizens` whose content `staff` may read, as a subquery.
fn readable_of(staff: &Staff, citizens: &[Uuid]) -> SelectStatement {
    Query::select()
        .column(health_request::Column::Id)
        .from(health_request::Entity)
        .cond_where(scope::readable(staff))
        .and_where(health_request::Column::CitizenId.is_in(citizens.iter().copied()))
        .to_owned()
}

/// Content of one kind, per citizen, per request.
pub type ByRequest<M> = HashMap<Uuid, Vec<M>>;

/// `rows` as `(citizen, request, row)` nested by citizen, then request, in their order.
fn nested<M>(rows: impl IntoIterator<Item = (Uuid, Uuid, M)>) -> HashMap<Uuid, ByRequest<M>> {
    let mut out: HashMap<Uuid, ByRequest<M>> = HashMap::new();
    for (citizen, request, row) in rows {
        out.entry(citizen)
            .or_default()
            .entry(request)
            .or_default()
            .push(row);
    }
    out
}

/// The questions of each readable request of each citizen, in order.
pub struct QuestionsByCitizen;

impl BatchLoad for QuestionsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = ByRequest<String>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let Viewer::Staff(staff) = cx.viewer else {
            return Ok(HashMap::new());
        };
        let rows: Vec<(Uuid, Uuid, String)> = with_request(
            health_request_question::Entity::find(),
            health_request_question::Column::RequestId,
        )
        .select_only()
        .column(health_request_question::Column::RequestId)
        .column(health_request::Column::CitizenId)
        .column(health_request_question::Column::Text)
        .filter(health_request_question::Column::RequestId.in_subquery(readable_of(staff, keys)))
        .order_by_asc(health_request_question::Column::RequestId)
        .order_by_asc(health_request_question::Column::Position)
        .into_tuple()
        .all(cx.db)
        .await?;
        Ok(nested(
            rows.into_iter()
                .map(|(request, citizen, text)| (citizen, request, text)),
        ))
    }
}

/// `select` of a request's child rows, joined to the request (whose citizen it needs) on
/// `request_id`.
fn with_request<E: EntityTrait>(
    select: sea_orm::Select<E>,
    request_id: E::Column,
) -> sea_orm::Select<E> {
    select.join(
        sea_orm::JoinType::InnerJoin,
        E::belongs_to(health_request::Entity)
            .from(request_id)
            .to(health_request::Column::Id)
            .into(),
    )
}

/// The documents of each readable request of each citizen, oldest first.
pub struct DocumentsByCitizen;

impl BatchLoad for DocumentsByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = ByRequest<health_document::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let Viewer::Staff(staff) = cx.viewer else {
            return Ok(HashMap::new());
        };
        let rows = health_document::Entity::find()
            .filter(health_document::Column::CitizenId.is_in(keys.iter().copied()))
            .filter(health_document::Column::RequestId.in_subquery(readable_of(staff, keys)))
            .order_by_asc(health_document::Column::Id)
            .all(cx.db)
            .await?;
        Ok(nested(
            rows.into_iter()
                .map(|row| (row.citizen_id, row.request_id, row)),
        ))
    }
}

/// The thread of each readable request of each citizen, oldest first.
pub struct MessagesByCitizen;

impl BatchLoad for MessagesByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = ByRequest<health_message::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let Viewer::Staff(staff) = cx.viewer else {
            return Ok(HashMap::new());
        };
        let rows = with_request(
            health_message::Entity::find(),
            health_message::Column::RequestId,
        )
        .column_as(health_request::Column::CitizenId, "citizen_id")
        .filter(health_message::Column::RequestId.in_subquery(readable_of(staff, keys)))
        .order_by_asc(health_message::Column::Id)
        .into_model::<MessageRow>()
        .all(cx.db)
        .await?;
        Ok(nested(rows.into_iter().map(|row| {
            let citizen = row.citizen_id;
            let message = row.message();
            (citizen, message.request_id, message)
        })))
    }
}

/// A message with its request's citizen.
#[derive(Debug, sea_orm::FromQueryResult)]
struct MessageRow {
    id: Uuid,
    request_id: Uuid,
    sender: jobbro_entities::enums::HealthMessageSender,
    caseworker_id: Option<Uuid>,
    body: String,
    sent_at: chrono::DateTime<chrono::Utc>,
    citizen_id: Uuid,
}

impl MessageRow {
    fn message(self) -> health_message::Model {
        health_message::Model {
            id: self.id,
            request_id: self.request_id,
            sender: self.sender,
            caseworker_id: self.caseworker_id,
            body: self.body,
            sent_at: self.sent_at,
        }
    }
}
