//! The audience-made citizen types.

use async_graphql::{Context, ID, Result, SimpleObject, connection::Connection};
use jobbro_entities::{
    case, citizen, enums::AuditCategory, enums::Channel, jobseeker_registration, service_order,
};

use super::{loader, service};
use crate::{
    auth::audit::AuditLog,
    cases::types::Case,
    consents::types::Consent,
    error::AppError,
    pagination::{self, IdCursor},
};
use async_graphql::ErrorExtensions;

/// Notes a read of `category` data about `person` in the request's audit log.
pub(crate) fn audit(
    ctx: &Context<'_>,
    person: &citizen::Model,
    category: AuditCategory,
) -> Result<()> {
    let log = ctx
        .data_opt::<AuditLog>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request has no audit log")).extend())?;
    log.record(person.id, person.jobcentre_id, category);
    Ok(())
}

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

impl Address {
    fn of(m: &citizen::Model) -> Self {
        Self {
            street: m.street.clone(),
            postal_code: m.postal_code.clone(),
            city: m.city.clone(),
        }
    }
}

/// The signed-in citizen's own record: everything the job centre holds about them that the
/// self-service portal shows.
pub struct CitizenSelf(pub citizen::Model);

/// The signed-in citizen's own record: everything the job centre holds about them that the
/// self-service portal shows.
#[async_graphql::Object]
impl CitizenSelf {
    /// The citizen's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// CPR number (personnummer), `DDMMYY-SSSS`.
    async fn cpr(&self) -> &str {
        &self.0.cpr
    }
    /// First and middle names.
    async fn given_name(&self) -> &str {
        &self.0.given_name
    }
    /// Surname.
    async fn family_name(&self) -> &str {
        &self.0.family_name
    }
    /// Address on record (from the CPR register).
    async fn address(&self) -> Address {
        Address::of(&self.0)
    }
    /// Whether the address is protected (navne- og adressebeskyttelse): providers never see it.
    async fn protected_address(&self) -> bool {
        self.0.protected_address
    }
    /// Phone number, if given.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// E-mail address, if given.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Where letters from the job centre go.
    async fn preferred_channel(&self) -> Channel {
        self.0.preferred_channel
    }
    /// Whether the citizen must use the digital portal (and so acknowledge plans there).
    async fn obliged_to_use_digital_portal(&self) -> bool {
        self.0.obliged_digital
    }
    /// Current registration as a jobseeker, if any.
    async fn registration(&self, ctx: &Context<'_>) -> Result<Option<Registration>> {
        let db = crate::schema::db(ctx)?;
        Ok(service::current_registration(db, self.0.id)
            .await
            .map_err(|e| e.extend())?
            .map(Registration))
    }
    /// The citizen's consents, newest first, revoked ones included.
    async fn consents(&self, ctx: &Context<'_>) -> Result<Vec<Consent>> {
        crate::consents::service::for_citizen(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Free times of your job centre you can book, between `from` and `to` (at most 62 days).
    async fn available_slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Earliest start.")] from: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Latest start (exclusive).")] to: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "Only this kind of meeting.")] meeting_type: Option<
            jobbro_entities::enums::MeetingType,
        >,
    ) -> Result<Vec<crate::meetings::types::AvailableSlot>> {
        let viewer = crate::auth::guard::viewer(ctx)?;
        let now = crate::schema::clock(ctx)?.now();
        crate::meetings::slots::available(
            crate::schema::db(ctx)?,
            viewer,
            now,
            from,
            to,
            meeting_type,
        )
        .await
        .map_err(|e| e.extend())
    }
    /// Your meetings, newest first.
    async fn meetings(&self, ctx: &Context<'_>) -> Result<Vec<crate::meetings::types::Meeting>> {
        let viewer = crate::auth::guard::viewer(ctx)?;
        crate::meetings::attendance::of_citizen(crate::schema::db(ctx)?, viewer, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Deadlines by which you must book a meeting yourself.
    async fn booking_deadlines(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::meetings::types::BookingDeadline>> {
        crate::meetings::query::deadlines(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Whether you may, and must, book meetings yourself now.
    async fn self_booking(
        &self,
        ctx: &Context<'_>,
    ) -> Result<crate::absences::situation::SelfBooking> {
        let now = crate::schema::clock(ctx)?.now();
        crate::meetings::query::self_booking(crate::schema::db(ctx)?, &self.0, now)
            .await
            .map_err(|e| e.extend())
    }
    /// Your absences and exemptions, newest first.
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<crate::absences::types::Absence>> {
        crate::absences::service::of_citizen(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Your plan's delivered versions (Min Plan), newest first; the first is the current one.
    async fn plan_versions(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::plans::types::PlanVersion>> {
        crate::plans::service::versions_of(crate::schema::db(ctx)?, self.0.id, true)
            .await
            .map_err(|e| e.extend())
    }
    /// Who has read the citizen's personal data, newest first (the right of access).
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> Result<Connection<IdCursor, AccessLogEntry>> {
        service::access_log(crate::schema::db(ctx)?, self.0.id, first, after)
            .await
            .map_err(|e| e.extend())
    }
}

/// A citizen as job-centre staff see them. Every personal field read is audited.
pub struct CaseworkerCitizen(pub citizen::Model);

/// A citizen as job-centre staff see them. Every personal field read is audited.
#[async_graphql::Object]
impl CaseworkerCitizen {
    /// The citizen's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// CPR number (personnummer), `DDMMYY-SSSS`.
    async fn cpr(&self, ctx: &Context<'_>) -> Result<&str> {
        audit(ctx, &self.0, AuditCategory::Cpr)?;
        Ok(&self.0.cpr)
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        audit(ctx, &self.0, AuditCategory::Identity)?;
        Ok(&self.0.given_name)
    }
    /// Surname.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        audit(ctx, &self.0, AuditCategory::Identity)?;
        Ok(&self.0.family_name)
    }
    /// Address on record.
    async fn address(&self, ctx: &Context<'_>) -> Result<Address> {
        audit(ctx, &self.0, AuditCategory::Contact)?;
        Ok(Address::of(&self.0))
    }
    /// Whether the address is protected (navne- og adressebeskyttelse).
    async fn protected_address(&self) -> bool {
        self.0.protected_address
    }
    /// Phone number, if given.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        audit(ctx, &self.0, AuditCategory::Contact)?;
        Ok(self.0.phone.as_deref())
    }
    /// E-mail address, if given.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        audit(ctx, &self.0, AuditCategory::Contact)?;
        Ok(self.0.email.as_deref())
    }
    /// Where letters to the citizen go.
    async fn preferred_channel(&self) -> Channel {
        self.0.preferred_channel
    }
    /// Whether the citizen must use the digital portal.
    async fn obliged_to_use_digital_portal(&self) -> bool {
        self.0.obliged_digital
    }
    /// The citizen's cases, newest first, closed ones included.
    async fn cases(&self, ctx: &Context<'_>) -> Result<Vec<Case>> {
        audit(ctx, &self.0, AuditCategory::Case)?;
        let cases: Vec<case::Model> = loader::cases_of(ctx, self.0.id).await?;
        Ok(cases.into_iter().map(Case).collect())
    }
    /// Current registration as a jobseeker, if any.
    async fn registration(&self, ctx: &Context<'_>) -> Result<Option<Registration>> {
        audit(ctx, &self.0, AuditCategory::Registration)?;
        let db = crate::schema::db(ctx)?;
        Ok(service::current_registration(db, self.0.id)
            .await
            .map_err(|e| e.extend())?
            .map(Registration))
    }
    /// The citizen's consents, newest first, revoked ones included.
    async fn consents(&self, ctx: &Context<'_>) -> Result<Vec<Consent>> {
        audit(ctx, &self.0, AuditCategory::Consent)?;
        crate::consents::service::for_citizen(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// The citizen's meetings, newest first.
    async fn meetings(&self, ctx: &Context<'_>) -> Result<Vec<crate::meetings::types::Meeting>> {
        audit(ctx, &self.0, AuditCategory::Case)?;
        let viewer = crate::auth::guard::viewer(ctx)?;
        crate::meetings::attendance::of_citizen(crate::schema::db(ctx)?, viewer, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// The citizen's absences and exemptions, newest first.
    async fn absences(&self, ctx: &Context<'_>) -> Result<Vec<crate::absences::types::Absence>> {
        audit(ctx, &self.0, AuditCategory::Case)?;
        crate::absences::service::of_citizen(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Deadlines by which the citizen must book a meeting.
    async fn booking_deadlines(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::meetings::types::BookingDeadline>> {
        crate::meetings::query::deadlines(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Whether the citizen may, and must, book meetings themself now (group and absences).
    async fn self_booking(
        &self,
        ctx: &Context<'_>,
    ) -> Result<crate::absences::situation::SelfBooking> {
        let now = crate::schema::clock(ctx)?.now();
        crate::meetings::query::self_booking(crate::schema::db(ctx)?, &self.0, now)
            .await
            .map_err(|e| e.extend())
    }
    /// When the next job conversation is due under the cadence policy of the citizen's group;
    /// null when the group has none.
    async fn next_conversation(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<crate::cadence::NextConversation>> {
        let now = crate::schema::clock(ctx)?.now();
        crate::cadence::next_due(crate::schema::db(ctx)?, self.0.id, now)
            .await
            .map_err(|e| e.extend())
    }
    /// The citizen's plan: the draft and every published version, undelivered (invalid) ones
    /// included and marked; null before the first draft.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Option<crate::plans::types::CaseworkerPlan>> {
        audit(ctx, &self.0, AuditCategory::Case)?;
        crate::plans::service::for_staff(crate::schema::db(ctx)?, self.0.id)
            .await
            .map_err(|e| e.extend())
    }
    /// Who has read this citizen's personal data, newest first. Managers only.
    #[graphql(
        guard = "crate::auth::RoleGuard::new(&[crate::auth::Role::Manager])",
        complexity = "pagination::cost(first, child_complexity)"
    )]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> Result<Connection<IdCursor, AccessLogEntry>> {
        service::access_log(crate::schema::db(ctx)?, self.0.id, first, after)
            .await
            .map_err(|e| e.extend())
    }
}

/// A citizen referred to the signed-in provider. No CPR number; the address is withheld when
/// it is protected.
pub struct ProviderParticipant {
    pub person: citizen::Model,
    /// The participant's referrals visible to the viewer, loaded with the page.
    pub referrals: Vec<service_order::Model>,
    /// The plan version in force, loaded with the page when selected.
    pub plan: Option<crate::plans::types::PlanVersion>,
    /// The absences' dates, loaded with the page when selected.
    pub absences: Vec<crate::absences::types::AbsencePeriod>,
}

/// A citizen referred to the signed-in provider. No CPR number; the address is withheld when
/// it is protected.
#[async_graphql::Object]
impl ProviderParticipant {
    /// The participant's id.
    async fn id(&self) -> ID {
        ID(self.person.id.to_string())
    }
    /// First and middle names.
    async fn given_name(&self, ctx: &Context<'_>) -> Result<&str> {
        audit(ctx, &self.person, AuditCategory::Identity)?;
        Ok(&self.person.given_name)
    }
    /// Surname.
    async fn family_name(&self, ctx: &Context<'_>) -> Result<&str> {
        audit(ctx, &self.person, AuditCategory::Identity)?;
        Ok(&self.person.family_name)
    }
    /// Address, or null when the citizen has a protected address.
    async fn address(&self, ctx: &Context<'_>) -> Result<Option<Address>> {
        if self.person.protected_address {
            return Ok(None);
        }
        audit(ctx, &self.person, AuditCategory::Contact)?;
        Ok(Some(Address::of(&self.person)))
    }
    /// Whether the address is withheld because it is protected.
    async fn address_protected(&self) -> bool {
        self.person.protected_address
    }
    /// Phone number, if given.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        audit(ctx, &self.person, AuditCategory::Contact)?;
        Ok(self.person.phone.as_deref())
    }
    /// The participant's current plan version (the plan and the order, never the journal,
    /// `003:2708-2739`); null when none is delivered.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Option<&crate::plans::types::PlanVersion>> {
        audit(ctx, &self.person, AuditCategory::Case)?;
        Ok(self.plan.as_ref())
    }
    /// The participant's absences: dates only, never the kind.
    async fn absences(&self) -> &[crate::absences::types::AbsencePeriod] {
        &self.absences
    }
    /// The referrals of this participant to your organisation (for staff: those assigned to you).
    async fn referrals(&self) -> Vec<crate::providers::types::Referral> {
        self.referrals.iter().cloned().map(Into::into).collect()
    }
}

/// A citizen's registration as a jobseeker (tilmelding).
pub struct Registration(pub jobseeker_registration::Model);

/// A citizen's registration as a jobseeker (tilmelding).
#[async_graphql::Object]
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
    async fn deregistration_reason(&self) -> Option<jobbro_entities::enums::DeregistrationReason> {
        self.0.deregistration_reason
    }
}

/// One read of a citizen's personal data.
#[derive(SimpleObject)]
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
}
