//! SeaORM entities for jobbro's tables.
//!
//! One module per table, as specified in `docs/data-model.md` and created by the
//! `jobbro-migration` crate on SQLite and PostgreSQL alike. Enumerated text columns use the
//! Rust enums in [`enums`], which double as GraphQL enums. Ids are UUID v7, times are UTC,
//! JSON payloads are stored as text.

pub mod enums;

pub mod absence;
pub mod absence_type;
pub mod alert;
pub mod audit_event;
pub mod audit_read;
pub mod benefits_notice;
pub mod booking_deadline;
pub mod cadence_policy;
pub mod candidate;
pub mod case;
pub mod caseworker;
pub mod citizen;
pub mod company;
pub mod company_user;
pub mod company_user_unit;
pub mod consent;
pub mod contact_group;
pub mod contract;
pub mod contract_service;
pub mod contract_service_target_group;
pub mod contract_version;
pub mod delivery_shortfall;
pub mod fund_notification;
pub mod idempotency_key;
pub mod job_order;
pub mod jobcentre;
pub mod jobseeker_registration;
pub mod letter;
pub mod meeting;
pub mod meeting_participant;
pub mod meeting_slot;
pub mod meeting_status_change;
pub mod no_show_policy;
pub mod no_show_procedure;
pub mod offer_attendance;
pub mod offer_kind;
pub mod outbox_event;
pub mod person_marking;
pub mod plan;
pub mod plan_acknowledgement;
pub mod plan_activity;
pub mod plan_attachment;
pub mod plan_follow_up;
pub mod plan_language_request;
pub mod plan_version;
pub mod price_component;
pub mod production_unit;
pub mod provider;
pub mod provider_user;
pub mod public_holiday;
pub mod self_booking_policy;
pub mod service_order;
pub mod stored_file;
pub mod target_group;

/// The `Entity` type of every table, named after the table in the singular.
pub mod prelude {
    pub use super::absence::Entity as Absence;
    pub use super::absence_type::Entity as AbsenceType;
    pub use super::alert::Entity as Alert;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::audit_read::Entity as AuditRead;
    pub use super::benefits_notice::Entity as BenefitsNotice;
    pub use super::booking_deadline::Entity as BookingDeadline;
    pub use super::cadence_policy::Entity as CadencePolicy;
    pub use super::candidate::Entity as Candidate;
    pub use super::case::Entity as Case;
    pub use super::caseworker::Entity as Caseworker;
    pub use super::citizen::Entity as Citizen;
    pub use super::company::Entity as Company;
    pub use super::company_user::Entity as CompanyUser;
    pub use super::company_user_unit::Entity as CompanyUserUnit;
    pub use super::consent::Entity as Consent;
    pub use super::contact_group::Entity as ContactGroup;
    pub use super::contract::Entity as Contract;
    pub use super::contract_service::Entity as ContractService;
    pub use super::contract_service_target_group::Entity as ContractServiceTargetGroup;
    pub use super::contract_version::Entity as ContractVersion;
    pub use super::delivery_shortfall::Entity as DeliveryShortfall;
    pub use super::fund_notification::Entity as FundNotification;
    pub use super::idempotency_key::Entity as IdempotencyKey;
    pub use super::job_order::Entity as JobOrder;
    pub use super::jobcentre::Entity as Jobcentre;
    pub use super::jobseeker_registration::Entity as JobseekerRegistration;
    pub use super::letter::Entity as Letter;
    pub use super::meeting::Entity as Meeting;
    pub use super::meeting_participant::Entity as MeetingParticipant;
    pub use super::meeting_slot::Entity as MeetingSlot;
    pub use super::meeting_status_change::Entity as MeetingStatusChange;
    pub use super::no_show_policy::Entity as NoShowPolicy;
    pub use super::no_show_procedure::Entity as NoShowProcedure;
    pub use super::offer_attendance::Entity as OfferAttendance;
    pub use super::offer_kind::Entity as OfferKind;
    pub use super::outbox_event::Entity as OutboxEvent;
    pub use super::person_marking::Entity as PersonMarking;
    pub use super::plan::Entity as Plan;
    pub use super::plan_acknowledgement::Entity as PlanAcknowledgement;
    pub use super::plan_activity::Entity as PlanActivity;
    pub use super::plan_attachment::Entity as PlanAttachment;
    pub use super::plan_follow_up::Entity as PlanFollowUp;
    pub use super::plan_language_request::Entity as PlanLanguageRequest;
    pub use super::plan_version::Entity as PlanVersion;
    pub use super::price_component::Entity as PriceComponent;
    pub use super::production_unit::Entity as ProductionUnit;
    pub use super::provider::Entity as Provider;
    pub use super::provider_user::Entity as ProviderUser;
    pub use super::public_holiday::Entity as PublicHoliday;
    pub use super::self_booking_policy::Entity as SelfBookingPolicy;
    pub use super::service_order::Entity as ServiceOrder;
    pub use super::stored_file::Entity as StoredFile;
    pub use super::target_group::Entity as TargetGroup;
}
