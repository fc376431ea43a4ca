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

/// The signed-in principal of one request. Each kind of principal carries what its role needs,
/// so a caseworker always has a job centre and a provider user always an organisation: scopes
/// match on the variant, and a new kind of principal is a compile error in every scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// A citizen signed in to the self-service portal.
    Citizen {
        /// The citizen's id.
        citizen: Uuid,
    },
    /// A caseworker or manager of one job centre.
    Staff(Staff),
    /// A coordinator or staff member of a provider.
    Provider(ProviderUser),
    /// A company user acting for one company.
    Company(CompanyUser),
    /// A service account of another system.
    Integration {
        /// The account's id.
        account: Uuid,
    },
}

/// A caseworker or manager, and the job centre they work for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff {
    pub caseworker: Uuid,
    pub jobcentre: Uuid,
    /// Managers see the whole job centre where caseworkers see their caseload.
    pub manager: bool,
}

/// A provider user and the provider organisation they act for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderUser {
    pub user: Uuid,
    pub provider: Uuid,
    /// Coordinators see every referral of the organisation, staff only their own.
    pub coordinator: bool,
}

/// A company user and the company they act for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanyUser {
    pub user: Uuid,
    pub company: Uuid,
}

/// A token named a role that acts for an organisation but named none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the role {} must name the organisation it acts for", .0.claim())]
pub struct MissingOrganisation(pub Role);

impl Viewer {
    /// The principal a token names: its role, its subject and, for roles that act for one, the
    /// organisation (job centre, provider or company).
    pub fn new(
        role: Role,
        subject: Uuid,
        organisation: Option<Uuid>,
    ) -> Result<Self, MissingOrganisation> {
        let org = || organisation.ok_or(MissingOrganisation(role));
        Ok(match role {
            Role::Citizen => Viewer::Citizen { citizen: subject },
            Role::Caseworker | Role::Manager => Viewer::Staff(Staff {
                caseworker: subject,
                jobcentre: org()?,
                manager: role == Role::Manager,
            }),
            Role::ProviderCoordinator | Role::ProviderStaff => Viewer::Provider(ProviderUser {
                user: subject,
                provider: org()?,
                coordinator: role == Role::ProviderCoordinator,
            }),
            Role::Company => Viewer::Company(CompanyUser {
                user: subject,
                company: org()?,
            }),
            Role::Integration => Viewer::Integration { account: subject },
        })
    }

    /// The role, as the token names it.
    pub fn role(&self) -> Role {
        match self {
            Viewer::Citizen { .. } => Role::Citizen,
            Viewer::Staff(s) if s.manager => Role::Manager,
            Viewer::Staff(_) => Role::Caseworker,
            Viewer::Provider(p) if p.coordinator => Role::ProviderCoordinator,
            Viewer::Provider(_) => Role::ProviderStaff,
            Viewer::Company(_) => Role::Company,
            Viewer::Integration { .. } => Role::Integration,
        }
    }

    /// The person or account: a citizen, caseworker, provider user, company user or service
    /// account id.
    pub fn subject(&self) -> Uuid {
        match self {
            Viewer::Citizen { citizen } => *citizen,
            Viewer::Staff(s) => s.caseworker,
            Viewer::Provider(p) => p.user,
            Viewer::Company(c) => c.user,
            Viewer::Integration { account } => *account,
        }
    }

    /// The organisation the subject acts for: the job centre, provider or company; none for
    /// citizens and service accounts.
    pub fn organisation(&self) -> Option<Uuid> {
        match self {
            Viewer::Staff(s) => Some(s.jobcentre),
            Viewer::Provider(p) => Some(p.provider),
            Viewer::Company(c) => Some(c.company),
            Viewer::Citizen { .. } | Viewer::Integration { .. } => None,
        }
    }

    /// Whether this is the citizen themself.
    pub fn is_citizen(&self, citizen_id: Uuid) -> bool {
        matches!(self, Viewer::Citizen { citizen } if *citizen == citizen_id)
    }

    /// A stable key for idempotency records and logs: `role:subject`.
    pub fn principal(&self) -> String {
        format!("{}:{}", self.role().claim(), self.subject())
    }
}
