//! The job centre's work with companies (virksomhedsservice): one responsible consultant per
//! company, and a log of every contact (company, unit, consultant, channel, topic, day). Both
//! belong to the job centre; companies see neither.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::{
    caseworker, company, company_consultant, company_contact, enums::ContactChannel,
    production_unit,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::OnConflict,
};
use serde::Serialize;
use uuid::Uuid;

use super::views::ProductionUnit;
use crate::{
    caseworkers,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        clock::{SharedClock, danish_date},
        context::{db, staff},
        error::AppResult,
        ids::{CaseworkerId, CompanyId, ProductionUnitId},
        pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
        runner,
        user_error::{Outcome, UserError, UserErrorCode},
        viewer::Staff,
    },
};

/// The most contacts a company's log shows.
pub const MAX_CONTACTS: usize = 50;

/// Input of `recordCompanyContact`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct RecordCompanyContactInput {
    /// The company.
    pub company_id: ID,
    /// The production unit (P-number) the contact was with, if one; it must be the company's.
    pub production_unit_id: Option<ID>,
    /// The consultant who had the contact: a caseworker of your job centre; you when left out.
    pub consultant_id: Option<ID>,
    /// How.
    pub channel: ContactChannel,
    /// What it was about (1 to 500 characters).
    pub topic: String,
    /// The day of the contact: today or earlier.
    pub contacted_on: NaiveDate,
}

/// Input of `setCompanyConsultant`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct SetCompanyConsultantInput {
    /// The company.
    pub company_id: ID,
    /// The consultant responsible for it from now on: a caseworker of your job centre.
    pub consultant_id: ID,
}

/// A consultant of the job centre.
#[derive(SimpleObject, Clone, Default)]
pub struct Consultant {
    /// The caseworker's id.
    pub id: ID,
    /// Their name.
    pub name: String,
}

/// One contact between the job centre and a company.
#[derive(SimpleObject, Clone)]
pub struct CompanyContact {
    /// The company.
    pub company_id: ID,
    /// The production unit, if the contact was with one.
    pub production_unit_id: Option<ID>,
    /// The consultant who had it.
    pub consultant_id: ID,
    /// How.
    pub channel: ContactChannel,
    /// What it was about.
    pub topic: String,
    /// The day.
    pub contacted_on: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

impl From<company_contact::Model> for CompanyContact {
    fn from(m: company_contact::Model) -> Self {
        Self {
            company_id: CompanyId(m.company_id).to_id(),
            production_unit_id: m.production_unit_id.map(|u| ProductionUnitId(u).to_id()),
            consultant_id: CaseworkerId(m.caseworker_id).to_id(),
            channel: m.channel,
            topic: m.topic,
            contacted_on: m.contacted_on,
            recorded_at: m.recorded_at,
        }
    }
}

/// The result of `recordCompanyContact`.
#[derive(SimpleObject)]
pub struct CompanyContactPayload {
    /// The contact recorded, unless there are user errors.
    pub contact: Option<CompanyContact>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `setCompanyConsultant`.
#[derive(SimpleObject)]
pub struct CompanyConsultantPayload {
    /// The consultant now responsible, unless there are user errors.
    pub consultant: Option<Consultant>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

async fn find_company(
    txn: &impl ConnectionTrait,
    id: CompanyId,
) -> AppResult<Result<company::Model, UserError>> {
    Ok(company::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or_else(|| {
            UserError::new(
                &["input", "companyId"],
                UserErrorCode::NotFound,
                "no company has this id",
            )
        }))
}

async fn find_consultant(
    txn: &impl ConnectionTrait,
    staff: &Staff,
    id: CaseworkerId,
) -> AppResult<Result<caseworker::Model, UserError>> {
    Ok(caseworkers::service::colleague(txn, staff, id)
        .await?
        .ok_or_else(|| {
            UserError::new(
                &["input", "consultantId"],
                UserErrorCode::NotFound,
                "no caseworker of your job centre has this id",
            )
        }))
}

/// `recordCompanyContact`: writes a contact with a company to the job centre's log.
pub async fn record_contact(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: RecordCompanyContactInput,
) -> AppResult<CompanyContactPayload> {
    let now = clock.now();
    let today = danish_date(now);
    let company_id = CompanyId::parse(&input.company_id, "companyId")?;
    let unit_id = input
        .production_unit_id
        .as_ref()
        .map(|u| ProductionUnitId::parse(u, "productionUnitId"))
        .transpose()?;
    let consultant = match &input.consultant_id {
        Some(c) => CaseworkerId::parse(c, "consultantId")?,
        None => CaseworkerId(staff.caseworker),
    };
    let mut written: Option<company_contact::Model> = None;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let company = match find_company(txn, company_id).await? {
            Ok(c) => c,
            Err(e) => return Ok(Outcome::err(e)),
        };
        if let Some(u) = unit_id {
            let unit = production_unit::Entity::find_by_id(u.0).one(txn).await?;
            if unit.is_none_or(|u| u.company_id != company.id) {
                return Ok(Outcome::err(UserError::new(
                    &["input", "productionUnitId"],
                    UserErrorCode::NotFound,
                    "the company has no production unit with this id",
                )));
            }
        }
        if let Err(e) = find_consultant(txn, staff, consultant).await? {
            return Ok(Outcome::err(e));
        }
        let topic = input.topic.trim();
        if topic.is_empty() || topic.chars().count() > 500 {
            return Ok(Outcome::err(UserError::new(
                &["input", "topic"],
                UserErrorCode::Invalid,
                "say what it was about in 1 to 500 characters",
            )));
        }
        if input.contacted_on > today {
            return Ok(Outcome::err(UserError::new(
                &["input", "contactedOn"],
                UserErrorCode::InvalidPeriod,
                format!("record a contact that took place: today ({today}) or earlier"),
            )));
        }
        let row = company_contact::Model {
            id: Uuid::now_v7(),
            jobcentre_id: staff.jobcentre,
            company_id: company.id,
            production_unit_id: unit_id.map(|u| u.0),
            caseworker_id: consultant.0,
            channel: input.channel,
            topic: topic.to_string(),
            contacted_on: input.contacted_on,
            recorded_at: now,
        };
        company_contact::Entity::insert(company_contact::ActiveModel::from(row.clone()))
            .exec_without_returning(txn)
            .await?;
        let id = row.id;
        written = Some(row);
        Ok(Outcome::ok(id))
    })
    .await?;
    Ok(CompanyContactPayload {
        contact: written
            .filter(|_| outcome.user_errors.is_empty())
            .map(CompanyContact::from),
        user_errors: outcome.user_errors,
    })
}

/// `setCompanyConsultant`: makes a caseworker the company's one responsible consultant at the
/// job centre (replacing the one before).
pub async fn set_consultant(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: SetCompanyConsultantInput,
) -> AppResult<CompanyConsultantPayload> {
    let now = clock.now();
    let company_id = CompanyId::parse(&input.company_id, "companyId")?;
    let consultant = CaseworkerId::parse(&input.consultant_id, "consultantId")?;
    let mut named: Option<Consultant> = None;
    let outcome = runner::run(db, None, now, Outcome::err, async |txn| {
        let company = match find_company(txn, company_id).await? {
            Ok(c) => c,
            Err(e) => return Ok(Outcome::err(e)),
        };
        let person = match find_consultant(txn, staff, consultant).await? {
            Ok(p) => p,
            Err(e) => return Ok(Outcome::err(e)),
        };
        use company_consultant::Column as C;
        company_consultant::Entity::insert(company_consultant::ActiveModel {
            jobcentre_id: Set(staff.jobcentre),
            company_id: Set(company.id),
            caseworker_id: Set(person.id),
            assigned_by: Set(staff.caseworker),
            assigned_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([C::JobcentreId, C::CompanyId])
                .update_columns([C::CaseworkerId, C::AssignedBy, C::AssignedAt])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        named = Some(Consultant {
            id: CaseworkerId(person.id).to_id(),
            name: person.name,
        });
        Ok(Outcome::ok(company.id))
    })
    .await?;
    Ok(CompanyConsultantPayload {
        consultant: named.filter(|_| outcome.user_errors.is_empty()),
        user_errors: outcome.user_errors,
    })
}

/// A company as the job centre sees it: its units, the responsible consultant and the contacts.
pub struct StaffCompany {
    row: company::Model,
    peers: Arc<[Uuid]>,
}

/// The job centre's own side of a company (virksomhedsservice).
#[Object]
impl StaffCompany {
    /// The company's id.
    async fn id(&self) -> ID {
        CompanyId(self.row.id).to_id()
    }
    /// The company's name.
    async fn name(&self) -> &str {
        &self.row.name
    }
    /// The CVR number.
    async fn cvr(&self) -> &str {
        &self.row.cvr
    }
    /// The company's production units (P-numbers): at most 200.
    #[graphql(complexity = "pagination::list_cost(super::views::MAX_UNITS, child_complexity)")]
    async fn production_units(&self, ctx: &Context<'_>) -> Result<Vec<ProductionUnit>> {
        Ok(pagination::capped(
            batch::load::<UnitsOfCompanies>(ctx, self.row.id, &self.peers)
                .await?
                .into_iter()
                .map(ProductionUnit::from),
            super::views::MAX_UNITS,
        ))
    }
    /// Your job centre's consultant responsible for the company; null when none is set
    /// (`setCompanyConsultant`).
    async fn responsible_consultant(&self, ctx: &Context<'_>) -> Result<Option<Consultant>> {
        batch::load::<ConsultantsOfCompanies>(ctx, self.row.id, &self.peers).await
    }
    /// Your job centre's contacts with the company, the newest first: at most 50.
    #[graphql(complexity = "pagination::list_cost(MAX_CONTACTS, child_complexity)")]
    async fn contacts(&self, ctx: &Context<'_>) -> Result<Vec<CompanyContact>> {
        Ok(pagination::capped(
            batch::load::<ContactsOfCompanies>(ctx, self.row.id, &self.peers)
                .await?
                .into_iter()
                .map(CompanyContact::from),
            MAX_CONTACTS,
        ))
    }
}

struct UnitsOfCompanies;

impl BatchLoad for UnitsOfCompanies {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<production_unit::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = production_unit::Entity::find()
            .filter(production_unit::Column::CompanyId.is_in(keys.iter().copied()))
            .order_by_asc(production_unit::Column::PNumber)
            .all(cx.db)
            .await?;
        Ok(batch::grouped(rows, |u| u.company_id))
    }
}

struct ConsultantsOfCompanies;

impl BatchLoad for ConsultantsOfCompanies {
    type Key = Uuid;
    type Args = ();
    type Value = Option<Consultant>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = company_consultant::Entity::find()
            .filter(super::scope::company_consultants_visible_to(cx.viewer))
            .filter(company_consultant::Column::CompanyId.is_in(keys.iter().copied()))
            .all(cx.db)
            .await?;
        let people =
            caseworkers::service::many(cx.db, rows.iter().map(|r| r.caseworker_id)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|k| {
                people.iter().find(|c| c.id == k.caseworker_id).map(|c| {
                    (
                        k.company_id,
                        Some(Consultant {
                            id: CaseworkerId(c.id).to_id(),
                            name: c.name.clone(),
                        }),
                    )
                })
            })
            .collect())
    }
}

struct ContactsOfCompanies;

impl BatchLoad for ContactsOfCompanies {
    type Key = Uuid;
    type Args = ();
    type Value = Vec<company_contact::Model>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let rows = company_contact::Entity::find()
            .filter(super::scope::company_contacts_visible_to(cx.viewer))
            .filter(company_contact::Column::CompanyId.is_in(keys.iter().copied()))
            .order_by_desc(company_contact::Column::Id)
            .all(cx.db)
            .await?;
        Ok(batch::grouped(rows, |c| c.company_id))
    }
}

/// The job centre's company service: companies with their consultant and contacts.
#[derive(Default)]
pub struct StaffCompanies;

#[Object]
impl StaffCompanies {
    /// Companies, in the order they were registered, with your job centre's responsible
    /// consultant and contacts; with `consultantId`, only those that consultant is responsible
    /// for.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn companies(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the companies this caseworker of your job centre is responsible for."
        )]
        consultant_id: Option<ID>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
    ) -> Result<IdConnection<StaffCompany>> {
        let consultant = consultant_id
            .as_ref()
            .map(|c| CaseworkerId::parse(c, "consultantId"))
            .transpose()
            .extend()?;
        companies(
            db(ctx)?,
            staff(ctx)?,
            consultant,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
}

async fn companies(
    db: &DatabaseConnection,
    staff: &Staff,
    consultant: Option<CaseworkerId>,
    args: PageArgs,
) -> AppResult<IdConnection<StaffCompany>> {
    use sea_orm::{QuerySelect, QueryTrait};
    let page = PageRequest::new(args)?;
    let mut select = company::Entity::find();
    if let Some(c) = consultant {
        select = select.filter(
            company::Column::Id.in_subquery(
                company_consultant::Entity::find()
                    .select_only()
                    .column(company_consultant::Column::CompanyId)
                    .filter(company_consultant::Column::JobcentreId.eq(staff.jobcentre))
                    .filter(company_consultant::Column::CaseworkerId.eq(c.0))
                    .into_query(),
            ),
        );
    }
    let mut page = pagination::fetch_page(
        db,
        select,
        company::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let rows = std::mem::take(&mut page.rows);
    let peers: Arc<[Uuid]> = rows.iter().map(|r| r.id).collect();
    let listed = rows
        .into_iter()
        .map(|row| StaffCompany {
            row,
            peers: peers.clone(),
        })
        .collect();
    Ok(pagination::connection(
        page.with_rows(listed),
        |c: &StaffCompany| c.row.id,
        |c| c,
    ))
}
