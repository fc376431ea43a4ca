//! Which citizens a viewer may see, and the proof of it: [`Visible`]. Every citizen-keyed reader
//! of every domain takes a `Visible` (not a bare id), and only this module can make one, from a
//! read filtered by [`visible_to`].
//!
//! This is the one scope that looks at other domains' tables: a citizen becomes visible to a
//! provider through a referral and to a company through a candidacy while the citizen consents
//! to share the CV. It reads them only as subqueries, to decide visibility; the data itself is
//! shown by the owning domains.

use std::sync::Arc;

use async_graphql::{Context, OutputType, Result};
use jobbro_entities::{
    candidate, citizen, consent,
    enums::{AuditCategory, CandidateStatus, ConsentPurpose, ServiceOrderStatus},
    job_order, service_order,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Select,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use crate::kernel::{
    audit::AuditLog,
    error::AppResult,
    ids::CitizenId,
    pagination::{self, Direction, IdConnection, PageArgs, PageRequest},
    viewer::{ProviderUser, Viewer},
};

/// A condition on `citizens` admitting exactly the rows the viewer may see.
pub fn visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::Citizen { citizen } => Condition::all().add(citizen::Column::Id.eq(*citizen)),
        Viewer::Staff(staff) => {
            Condition::all().add(citizen::Column::JobcentreId.eq(staff.jobcentre))
        }
        Viewer::Provider(user) => {
            Condition::all().add(citizen::Column::Id.in_subquery(referred_to(user)))
        }
        Viewer::Company(user) => Condition::all().add(
            citizen::Column::Id.in_subquery(
                Query::select()
                    .column(candidate::Column::CitizenId)
                    .from(candidate::Entity)
                    .and_where(
                        candidate::Column::JobOrderId.in_subquery(
                            Query::select()
                                .column(job_order::Column::Id)
                                .from(job_order::Entity)
                                .and_where(job_order::Column::CompanyId.eq(user.company))
                                .to_owned(),
                        ),
                    )
                    .and_where(
                        candidate::Column::Status.is_in(CandidateStatus::PRESENTED.iter().copied()),
                    )
                    .and_where(candidate::Column::CitizenId.in_subquery(sharing_cv()))
                    .to_owned(),
            ),
        ),
        Viewer::Integration { .. } => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// The ids of the citizens the viewer may see, as a subquery for other domains' scopes.
pub fn visible_ids(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(citizen::Column::Id)
        .from(citizen::Entity)
        .cond_where(visible_to(viewer))
        .to_owned()
}

/// The job centres of the citizens the viewer may see (a citizen: their own), as a subquery.
pub fn jobcentres_of_visible(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(citizen::Column::JobcentreId)
        .from(citizen::Entity)
        .cond_where(visible_to(viewer))
        .to_owned()
}

/// Citizens with a live or finished (not cancelled) referral to the user's provider; for staff,
/// only those assigned to them.
fn referred_to(user: &ProviderUser) -> SelectStatement {
    let mut q = Query::select();
    q.column(service_order::Column::CitizenId)
        .from(service_order::Entity)
        .and_where(service_order::Column::ProviderId.eq(user.provider))
        .and_where(service_order::Column::Status.ne(ServiceOrderStatus::Cancelled));
    if !user.coordinator {
        q.and_where(service_order::Column::AssignedUserId.eq(user.user));
    }
    q.to_owned()
}

/// Citizens whose consent to share the CV with companies is in force.
pub fn sharing_cv() -> SelectStatement {
    Query::select()
        .column(consent::Column::CitizenId)
        .from(consent::Entity)
        .and_where(consent::Column::Purpose.eq(ConsentPurpose::ShareCvWithCompanies))
        .and_where(consent::Column::RevokedAt.is_null())
        .to_owned()
}

/// A citizen the viewer may see: the proof that citizen-keyed readers ask for. It also carries
/// the ids of the other citizens read with it (its *peers*: the rest of its page), so a field of
/// one row can load the data of the whole page at once (`kernel::batch`).
#[derive(Debug, Clone)]
pub struct Visible {
    person: Arc<citizen::Model>,
    peers: Arc<[Uuid]>,
}

impl Visible {
    fn all(rows: Vec<citizen::Model>) -> Vec<Visible> {
        let peers: Arc<[Uuid]> = rows.iter().map(|c| c.id).collect();
        rows.into_iter()
            .map(|c| Visible {
                person: Arc::new(c),
                peers: Arc::clone(&peers),
            })
            .collect()
    }

    /// The citizen's id.
    pub fn id(&self) -> CitizenId {
        CitizenId(self.person.id)
    }

    /// The citizen's id, as stored.
    pub fn uuid(&self) -> Uuid {
        self.person.id
    }

    /// The job centre the citizen belongs to.
    pub fn jobcentre_id(&self) -> Uuid {
        self.person.jobcentre_id
    }

    /// The ids of the citizens read together with this one (this one included).
    pub fn peers(&self) -> &[Uuid] {
        &self.peers
    }

    /// The record, for rules that need it (channel, duty to use the portal). Views show data
    /// only through [`Visible::read`], which leaves the audit row.
    pub fn record(&self) -> &citizen::Model {
        &self.person
    }

    /// The record, noting in the request's audit log that the viewer was shown `category` data
    /// of this citizen (nothing is noted when the viewer is the citizen themself).
    pub fn read(&self, ctx: &Context<'_>, category: AuditCategory) -> Result<&citizen::Model> {
        audit(ctx, self.person.id, self.person.jobcentre_id, category)?;
        Ok(&self.person)
    }
}

/// Notes a read of `category` data about a citizen in the request's audit log; for lists whose
/// rows name a citizen they were read through a scope of their own.
pub fn audit(
    ctx: &Context<'_>,
    citizen_id: Uuid,
    jobcentre_id: Uuid,
    category: AuditCategory,
) -> Result<()> {
    let log = ctx.data::<AuditLog>()?;
    log.record(citizen_id, jobcentre_id, category);
    Ok(())
}

/// Citizens the viewer may see, as a query to refine.
fn visible(viewer: &Viewer) -> Select<citizen::Entity> {
    citizen::Entity::find().filter(visible_to(viewer))
}

/// One citizen, if the viewer may see them.
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: CitizenId,
) -> AppResult<Option<Visible>> {
    let row = visible(viewer)
        .filter(citizen::Column::Id.eq(id.0))
        .one(db)
        .await?;
    Ok(row.map(|r| Visible::all(vec![r]).remove(0)))
}

/// The citizen a report from another system concerns (the fund's end of benefit, the civil
/// registry's death or lost address), found by id whoever sends it: the report changes the
/// registration, and its answer shows nothing of the citizen.
pub async fn reported_on(db: &impl ConnectionTrait, id: CitizenId) -> AppResult<Option<Visible>> {
    let row = citizen::Entity::find_by_id(id.0).one(db).await?;
    Ok(row.map(|r| Visible::all(vec![r]).remove(0)))
}

/// The signed-in citizen's own record, read once per request however many fields ask for it;
/// none for other viewers.
pub async fn own_in_request(ctx: &Context<'_>) -> Result<Option<Visible>> {
    match crate::kernel::context::viewer(ctx)? {
        Viewer::Citizen { citizen } => {
            crate::kernel::batch::load::<super::loader::Records>(ctx, *citizen, &[*citizen]).await
        }
        _ => Ok(None),
    }
}

/// The signed-in citizen's own record; none for other viewers.
pub async fn own(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Option<Visible>> {
    match viewer {
        Viewer::Citizen { citizen } => find(db, viewer, CitizenId(*citizen)).await,
        Viewer::Staff(_)
        | Viewer::Provider(_)
        | Viewer::Company(_)
        | Viewer::Integration { .. } => Ok(None),
    }
}

/// Those of `ids` the viewer may see, read together (peers of each other), in `ids` order.
pub async fn many(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<Vec<Visible>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let rows = visible(viewer)
        .filter(citizen::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut by_id: std::collections::HashMap<Uuid, citizen::Model> =
        rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(Visible::all(
        ids.iter().filter_map(|id| by_id.remove(id)).collect(),
    ))
}

/// Those the viewer may see among the ids `among` selects (the citizens named on some rows of
/// another domain, say), read together in one statement.
pub async fn among(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    among: SelectStatement,
) -> AppResult<Vec<Visible>> {
    let rows = visible(viewer)
        .filter(citizen::Column::Id.in_subquery(among))
        .all(db)
        .await?;
    Ok(Visible::all(rows))
}

/// One page of the citizens the viewer may see, narrowed to the ids `among` selects when given (a
/// caseload, say), oldest first; the rows are each other's peers.
pub async fn page<N: OutputType>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    among: Option<SelectStatement>,
    args: PageArgs,
    to_node: impl Fn(Visible) -> N,
) -> AppResult<IdConnection<N>> {
    let page = PageRequest::new(args)?;
    let whole_scope = among.is_none();
    let mut select = visible(viewer);
    if let Some(among) = among {
        select = select.filter(citizen::Column::Id.in_subquery(among));
    }
    // A provider's participants are few among many citizens: the page's ids are read from its
    // referrals, in order by the referrals' index, instead of walking the citizens in id order
    // to find the referred ones. The referrals are the provider's scope itself, so every row the
    // page could hold is among them.
    let narrow = match viewer {
        Viewer::Provider(user) if whole_scope => Some(Condition::all().add(
            citizen::Column::Id.in_subquery(pagination::bounded_ids(
                referred_to(user),
                service_order::Column::CitizenId,
                page,
                Direction::OldestFirst,
            )),
        )),
        _ => None,
    };
    let mut page = pagination::fetch_page_narrowed(
        db,
        select,
        narrow,
        citizen::Column::Id,
        page,
        Direction::OldestFirst,
    )
    .await?;
    let rows = Visible::all(std::mem::take(&mut page.rows));
    Ok(pagination::connection(
        page.with_rows(rows),
        |c| c.uuid(),
        to_node,
    ))
}

/// The citizens registered as jobseekers now (a registration not ended), as a subquery.
pub fn registered_ids() -> SelectStatement {
    use jobbro_entities::jobseeker_registration;
    Query::select()
        .column(jobseeker_registration::Column::CitizenId)
        .from(jobseeker_registration::Entity)
        .and_where(jobseeker_registration::Column::DeregisteredAt.is_null())
        .to_owned()
}

/// The postal code of the home of the citizen in `citizen_id` (a column of the caller's
/// query), as a correlated subquery: for distances to places of work.
pub fn home_postal_code(citizen_id: impl sea_orm::sea_query::IntoColumnRef) -> SelectStatement {
    Query::select()
        .column((citizen::Entity, citizen::Column::PostalCode))
        .from(citizen::Entity)
        .and_where(Expr::col((citizen::Entity, citizen::Column::Id)).equals(citizen_id))
        .to_owned()
}
