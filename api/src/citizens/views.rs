//! The citizen's person as each audience sees it. Every field reads the record through
//! [`Visible::read`], which leaves an access-log row when the reader is not the citizen.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use jobbro_entities::{
    citizen,
    enums::{AuditCategory, Channel, DeregistrationReason},
    jobseeker_registration,
};

use super::{loader::Registrations, scope::Visible, service};
use crate::{
    auth::{Role, RoleGuard},
    kernel::{
        batch,
        pagination::{self, IdConnection, PageArgs},
    },
};

/// A postal address.
#[derive(Debug, Clone, SimpleObject)]
pub struct Address {
    /// Street and number, e.g. "Vestergade 12, 2. th.".
    pub street: String,
    /// Four-digit Danish postal code.
    pub postal_code: String,
    /// Postal district.
    pub city: String,
}

/// A temporary address (midlertidig adresse), where post goes in care of (c/o) someone.
#[derive(Debug, Clone, SimpleObject)]
pub struct TemporaryAddress {
    /// Who the post goes in care of (c/o).
    pub care_of: String,
    /// Street and number.
    pub street: String,
    /// Four-digit Danish postal code.
    pub postal_code: String,
    /// Postal district.
    pub city: String,
}

impl TemporaryAddress {
    fn of(m: &citizen::Model) -> Option<Self> {
        Some(Self {
            care_of: m.co_name.clone()?,
            street: m.co_street.clone()?,
            postal_code: m.co_postal_code.clone()?,
            city: m.co_city.clone()?,
        })
    }
}

impl Address {
    fn of(m: &citizen::Model) -> Self {
        Self {
            street: m.street.clone(),
            postal_code: m.postal_code.clone(),
            city: m.city.clone(),
        }
    }
}

/// The person, as the citizen and job-centre staff see it: identity, CPR, contact, registration.
pub struct PersonDetails(pub Visible);

#[Object]
impl PersonDetails {
    /// The citizen's id.
    async fn id(&self) -> ID {
        self.0.id().to_id()
    }
    /// CPR number (personnummer), `DDMMYY-SSSS`.
    async fn cpr(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.0.read(ctx, AuditCategory::Cpr)?.cpr)
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.0.read(ctx, AuditCategory::Identity)?.given_name)
    }
    /// Surname.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.0.read(ctx, AuditCategory::Identity)?.family_name)
    }
    /// Address on record (from the CPR register).
    async fn address(&self, ctx: &Context<'_>) -> Result<Address> {
        Ok(Address::of(self.0.read(ctx, AuditCategory::Contact)?))
    }
    /// A temporary (c/o) address the citizen registered, if any.
    async fn temporary_address(&self, ctx: &Context<'_>) -> Result<Option<TemporaryAddress>> {
        Ok(TemporaryAddress::of(
            self.0.read(ctx, AuditCategory::Contact)?,
        ))
    }
    /// Whether the address is protected (navne- og adressebeskyttelse): providers never see it.
    async fn protected_address(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.protected_address)
    }
    /// Phone number, if given.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.phone.as_deref())
    }
    /// E-mail address, if given.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.email.as_deref())
    }
    /// Where letters from the job centre go.
    async fn preferred_channel(&self, ctx: &Context<'_>) -> Result<Channel> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.preferred_channel)
    }
    /// Whether the citizen must use the digital portal (and so acknowledge plans there).
    async fn obliged_to_use_digital_portal(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self
            .0
            .read(ctx, AuditCategory::Registration)?
            .obliged_digital)
    }
    /// Current registration as a jobseeker, if any.
    async fn registration(&self, ctx: &Context<'_>) -> Result<Option<Registration>> {
        self.0.read(ctx, AuditCategory::Registration)?;
        let row = batch::load::<Registrations>(ctx, self.0.uuid(), self.0.peers()).await?;
        Ok(row.map(Registration))
    }
}

/// The citizen's own access log (the right of access).
pub struct OwnAccessLog(pub Visible);

#[Object]
impl OwnAccessLog {
    /// Who has read the citizen's personal data, newest first (the right of access).
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
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
    ) -> Result<IdConnection<AccessLogEntry>> {
        service::access_log(
            ctx,
            &self.0,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// A citizen's access log as managers see it.
pub struct StaffAccessLog(pub Visible);

#[Object]
impl StaffAccessLog {
    /// Who has read this citizen's personal data, newest first. Managers only.
    #[graphql(
        guard = "RoleGuard::new(&[Role::Manager])",
        complexity = "pagination::cost(first, last, child_complexity)"
    )]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
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
    ) -> Result<IdConnection<AccessLogEntry>> {
        self.0.read(ctx, AuditCategory::Case)?;
        service::access_log(
            ctx,
            &self.0,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// The person as a provider sees a participant: no CPR number, no address when it is protected.
pub struct ParticipantPerson(pub Visible);

#[Object]
impl ParticipantPerson {
    /// The participant's id.
    async fn id(&self) -> ID {
        self.0.id().to_id()
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.0.read(ctx, AuditCategory::Identity)?.given_name)
    }
    /// Surname.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.0.read(ctx, AuditCategory::Identity)?.family_name)
    }
    /// Address, or null when the citizen has a protected address.
    async fn address(&self, ctx: &Context<'_>) -> Result<Option<Address>> {
        let person = self.0.read(ctx, AuditCategory::Contact)?;
        Ok((!person.protected_address).then(|| Address::of(person)))
    }
    /// A temporary (c/o) address the citizen registered, where letters reach them; null when
    /// there is none or the address is protected.
    async fn temporary_address(&self, ctx: &Context<'_>) -> Result<Option<TemporaryAddress>> {
        let person = self.0.read(ctx, AuditCategory::Contact)?;
        Ok(if person.protected_address {
            None
        } else {
            TemporaryAddress::of(person)
        })
    }
    /// Whether the address is withheld because it is protected.
    async fn address_protected(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.protected_address)
    }
    /// Phone number, if given.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.phone.as_deref())
    }
    /// How the citizen prefers to be contacted.
    async fn preferred_channel(&self, ctx: &Context<'_>) -> Result<Channel> {
        Ok(self.0.read(ctx, AuditCategory::Contact)?.preferred_channel)
    }
}

/// A citizen's registration as a jobseeker (tilmelding).
pub struct Registration(pub jobseeker_registration::Model);

/// A citizen's registration as a jobseeker (tilmelding).
#[Object]
impl Registration {
    /// When the citizen registered.
    async fn registered_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.registered_at
    }
    /// When the citizen was deregistered; null while registered.
    async fn deregistered_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.deregistered_at
    }
    /// Why the citizen was deregistered.
    async fn deregistration_reason(&self) -> Option<DeregistrationReason> {
        self.0.deregistration_reason
    }
}

/// One read of a citizen's personal data: when, by which kind of reader for which organisation,
/// what kind of data and why; never the reader's own name.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AccessLogEntry {
    /// When the data was read.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    /// The reader's role, e.g. `caseworker`.
    pub actor_role: String,
    /// The organisation the reader acted for (job centre, provider or company), if any.
    pub actor_organisation: Option<ID>,
    /// What kind of data was read.
    pub category: AuditCategory,
    /// The name of the GraphQL operation that read it.
    pub operation: String,
    /// The record read, where the log names one: for `HEALTH`, the clinician's document (or
    /// the request whose questions and thread were read). One entry per record.
    pub record_id: Option<ID>,
    /// Why it was read, in plain Danish: the purpose of the operation for the reader's role,
    /// or the role's general purpose (`access_purposes`, data).
    pub purpose: String,
    /// The readers' roles and organisations of the entries read with this one, to name the
    /// organisations together.
    #[graphql(skip)]
    pub organisation_peers: std::sync::Arc<Vec<(String, String)>>,
}
