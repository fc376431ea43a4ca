//! The signed-in principal, built from verified token claims.

use async_graphql::Enum;
use uuid::Uuid;

/// What a signed-in principal is to the job centre. Each role sees the data through its own
/// root field and types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A citizen (borger) using the self-service portal.
    Citizen,
    /// A caseworker (sagsbehandler, jobkonsulent) of one job centre.
    Caseworker,
    /// A manager (leder): everything a caseworker may, for the whole job centre, plus management
    /// information.
    Manager,
    /// A provider's (anden aktør) coordinator: sees every referral to the organisation.
    ProviderCoordinator,
    /// A provider's staff member: sees only the referrals assigned to them.
    ProviderStaff,
    /// A company user acting for one CVR number (virksomhed).
    Company,
    /// A service account of another system (benefits service, Digital Post receipts).
    Integration,
}

impl Role {
    /// Roles that work in a job centre.
    pub const JOBCENTRE_STAFF: &'static [Role] = &[Role::Caseworker, Role::Manager];
    /// Roles that act for a provider.
    pub const PROVIDER_USERS: &'static [Role] = &[Role::ProviderCoordinator, Role::ProviderStaff];
    /// Every role: for fields open to anyone signed in.
    pub const ALL: &'static [Role] = &[
        Role::Citizen,
        Role::Caseworker,
        Role::Manager,
        Role::ProviderCoordinator,
        Role::ProviderStaff,
        Role::Company,
        Role::Integration,
    ];

    /// The claim value, as written in tokens.
    pub fn claim(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Caseworker => "caseworker",
            Role::Manager => "manager",
            Role::ProviderCoordinator => "provider_coordinator",
            Role::ProviderStaff => "provider_staff",
            Role::Company => "company",
            Role::Integration => "integration",
        }
    }

    /// Whether a token for this role must name the organisation it acts for.
    pub fn needs_organisation(self) -> bool {
        match self {
            Role::Citizen | Role::Integration => false,
            Role::Caseworker
            | Role::Manager
            | Role::ProviderCoordinator
            | Role::ProviderStaff
            | Role::Company => true,
        }
    }
}

/// The signed-in principal of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub role: Role,
    /// The person or account: a citizen, caseworker, provider user or company user id.
    pub subject: Uuid,
    /// The organisation the subject acts for: the job centre for caseworkers and managers, the
    /// provider for provider users, the company for company users.
    pub organisation: Option<Uuid>,
    /// The job centre whose data the subject works with (caseworkers and managers).
    pub jobcentre: Option<Uuid>,
}

impl Viewer {
    /// The organisation, for roles whose tokens must carry one (checked at sign-in).
    pub fn organisation_id(&self) -> Uuid {
        self.organisation.unwrap_or(Uuid::nil())
    }

    /// The job centre of job-centre staff (checked at sign-in); nil for other roles, which
    /// matches no row.
    pub fn jobcentre_id(&self) -> Uuid {
        self.jobcentre.unwrap_or(Uuid::nil())
    }

    /// A stable key for idempotency records and logs: `role:subject`.
    pub fn principal(&self) -> String {
        format!("{}:{}", self.role.claim(), self.subject)
    }
}
