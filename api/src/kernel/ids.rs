//! Id newtypes, one per kind of record, so an id of one kind cannot be passed where another is
//! meant, and one way to read an id argument: a malformed id is `BAD_USER_INPUT` everywhere.
//! (A well-formed id that names nothing the caller may see is the service's answer, not ours: a
//! `NOT_FOUND` userError on that id's field in a mutation payload, null or nothing in a read.)
//! Every id argument is read through these types; there is no untyped way to parse one.

use async_graphql::ID;
use uuid::Uuid;

use super::error::AppError;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Reads a GraphQL id argument named `field`; a malformed id is `BAD_USER_INPUT`.
            pub fn parse(id: &ID, field: &str) -> Result<Self, AppError> {
                parse(id, field).map(Self)
            }
            /// The id as GraphQL shows it.
            pub fn to_id(self) -> ID {
                ID(self.0.to_string())
            }
        }

        impl From<$name> for sea_orm::Value {
            fn from(id: $name) -> sea_orm::Value {
                id.0.into()
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A citizen (borger).
    CitizenId,
    /// A caseworker or manager.
    CaseworkerId,
    /// A citizen's case.
    CaseId,
    /// A request for health information to a clinician.
    HealthRequestId,
    /// A meeting.
    MeetingId,
    /// A free time slot.
    SlotId,
    /// An absence or exemption.
    AbsenceId,
    /// A plan version.
    PlanVersionId,
    /// A provider user.
    ProviderUserId,
    /// A provider (anden aktør), the organisation.
    ProviderId,
    /// A company, the organisation.
    CompanyId,
    /// A consent.
    ConsentId,
    /// A contract with a provider.
    ContractId,
    /// A version of a contract.
    ContractVersionId,
    /// A service of a contract version.
    ContractServiceId,
    /// A service order (referral) to a provider.
    ServiceOrderId,
    /// A person marking on a citizen.
    PersonMarkingId,
    /// A version of an invoicing basis.
    InvoiceBasisId,
    /// A company's job order.
    JobOrderId,
    /// A job centre.
    JobcentreId,
    /// A company's production unit (P-number).
    ProductionUnitId,
    /// A caseworker's task.
    TaskId,
    /// A supplier report.
    SupplierReportId,
    /// A provider's change request on an offer.
    ChangeRequestId,
    /// A candidate for a job order.
    CandidateId,
    /// A placement with a company.
    PlacementId,
    /// A proposed placement.
    PlacementProposalId,
    /// An extension of an internship placement.
    PlacementExtensionId,
}

/// Reads a GraphQL id argument named `field` as a UUID; a malformed id is `BAD_USER_INPUT`.
fn parse(id: &ID, field: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| AppError::BadUserInput(format!("`{field}` is not a valid id")))
}
