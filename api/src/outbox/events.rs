//! The events jobbro's domains publish. The payload is stored as JSON; the variant name is the
//! `event_type` column.

use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::enums::{AttendanceKind, Channel, ConsentPurpose, MeetingStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Something that happened and that others (the caseworker, the citizen's mailbox, other
/// systems) must hear about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum DomainEvent {
    /// A citizen granted a consent.
    ConsentGranted {
        consent_id: Uuid,
        citizen_id: Uuid,
        purpose: ConsentPurpose,
    },
    /// A citizen revoked a consent.
    ConsentRevoked {
        consent_id: Uuid,
        citizen_id: Uuid,
        purpose: ConsentPurpose,
    },
    /// An absence began (a sick report, a holiday, an exemption).
    AbsenceStarted {
        absence_id: Uuid,
        citizen_id: Uuid,
        type_code: String,
        notify_fund: bool,
        deregistered: bool,
    },
    /// An absence ended (a recovery report, or staff ended it).
    AbsenceEnded {
        absence_id: Uuid,
        citizen_id: Uuid,
        type_code: String,
        notify_fund: bool,
    },
    /// A citizen booked a slot.
    MeetingBooked {
        meeting_id: Uuid,
        citizen_id: Uuid,
        caseworker_id: Uuid,
        statutory: bool,
    },
    /// A citizen moved a self-booked meeting.
    MeetingRescheduled { meeting_id: Uuid, citizen_id: Uuid },
    /// A citizen cancelled a meeting (afbud).
    MeetingCancelledByCitizen {
        meeting_id: Uuid,
        citizen_id: Uuid,
        caseworker_id: Uuid,
    },
    /// The job centre cancelled a meeting (aflysning).
    MeetingCancelledByJobcentre { meeting_id: Uuid, citizen_id: Uuid },
    /// Staff summoned a citizen.
    CitizenSummoned { meeting_id: Uuid, citizen_id: Uuid },
    /// Staff asked a citizen to book a meeting by a deadline.
    SelfBookingRequested { deadline_id: Uuid, citizen_id: Uuid },
    /// A citizen checked in for a meeting in person.
    CitizenArrived {
        meeting_id: Uuid,
        caseworker_id: Uuid,
        starts_at: DateTime<Utc>,
    },
    /// Staff published a plan version.
    PlanPublished {
        version_id: Uuid,
        citizen_id: Uuid,
        by_digital_post: bool,
    },
    /// A citizen, provider or company sent information on a plan.
    PlanFollowUpSubmitted {
        follow_up_id: Uuid,
        citizen_id: Uuid,
    },
    /// Staff registered what happened at a meeting.
    AttendanceRegistered {
        meeting_id: Uuid,
        citizen_id: Uuid,
        status: MeetingStatus,
        self_booked: bool,
    },
    /// A citizen started an offer at a provider: the benefits service learns that the citizen
    /// is in activation from that day (`004:364-372`).
    ActivationStarted {
        service_order_id: Uuid,
        citizen_id: Uuid,
        provider_id: Uuid,
        offer_kind: String,
        started_on: NaiveDate,
    },
    /// The job centre ended a running offer: the activation ends that day.
    ActivationEnded {
        service_order_id: Uuid,
        citizen_id: Uuid,
        provider_id: Uuid,
        ended_on: NaiveDate,
    },
    /// The job centre cancelled an order; if it had started, the activation ends that day.
    ActivationCancelled {
        service_order_id: Uuid,
        citizen_id: Uuid,
        provider_id: Uuid,
        started_on: Option<NaiveDate>,
        cancelled_on: NaiveDate,
    },
    /// A provider recorded a day of an offer as absent or no-show.
    OfferAttendanceRecorded {
        attendance_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        day: NaiveDate,
        kind: AttendanceKind,
        /// The provider's change request undecided when the day was recorded.
        #[serde(default)]
        pending_change_request: Option<Uuid>,
    },
    /// A started offer delivered less than its service's threshold two ISO weeks running
    /// (`000:189-191`); `weeks` are the Mondays of those weeks.
    DeliveryFellShort {
        service_order_id: Uuid,
        citizen_id: Uuid,
        weeks: Vec<NaiveDate>,
    },
    /// A citizen of a listed target group did not come on an offer's first day: a rejection of
    /// the offer, and the start of the no-show procedure (rule 9).
    OfferRejectedByNoShow {
        procedure_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        day: NaiveDate,
    },
    /// The provider re-summoned the citizen to `new_date`: jobbro sends the letter (on the
    /// provider's behalf when the address is protected).
    ResummonsLetterRecorded {
        procedure_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        provider_id: Uuid,
        new_date: NaiveDate,
        channel: Channel,
        on_behalf: bool,
    },
    /// The citizen did not come on the date in the letter: the benefits service is asked to
    /// hear the citizen (partshøring).
    HearingRequested {
        procedure_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        day: NaiveDate,
    },
    /// The citizen did not come on the date in the letter, but a person marking protects them
    /// from sanctions: no hearing request (rule 13).
    HearingWithheld {
        procedure_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        day: NaiveDate,
    },
    /// A provider asked to change an offer.
    OfferChangeRequested {
        change_request_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
    },
    /// A change request was not decided by its due day.
    OfferChangeOverdue {
        change_request_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
    },
    /// A provider submitted a supplier report; `action_needed` when it asks the job centre to act.
    SupplierReportSubmitted {
        report_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        action_needed: bool,
        submitted_on: NaiveDate,
    },
    /// A caseworker presented a candidate to a company: the citizen's CV was sent (rule 18).
    CandidatePresented {
        candidate_id: Uuid,
        citizen_id: Uuid,
        job_order_id: Uuid,
        /// The day the CV was sent (Danish time).
        presented_on: NaiveDate,
    },
    /// An internship extension is still not confirmed by the company a few workdays before the
    /// placement ends (`003:4506-4514`).
    PlacementExtensionUnconfirmed {
        extension_id: Uuid,
        placement_id: Uuid,
        citizen_id: Uuid,
        /// The end date that stands while the extension is not confirmed.
        ends_on: NaiveDate,
    },
    /// A person marking now protects the citizen from sanctions (rule 13): the benefits service
    /// must not impose one while it is in force.
    PersonMarkingSet {
        marking_id: Uuid,
        citizen_id: Uuid,
        /// The day it took effect (Danish time).
        day: NaiveDate,
    },
    /// A person marking was removed: sanctions apply again from that day.
    PersonMarkingRemoved {
        marking_id: Uuid,
        citizen_id: Uuid,
        /// The day it ended (Danish time).
        day: NaiveDate,
    },
    /// A clinician's document arrived for a request for health information: it is filed on the
    /// case and the caseworker is alerted (`003:4303-4315`).
    HealthDocumentReceived {
        document_id: Uuid,
        health_request_id: Uuid,
        citizen_id: Uuid,
        case_id: Uuid,
    },
    /// A clinician wrote in a request's thread.
    ClinicianMessageReceived {
        message_id: Uuid,
        health_request_id: Uuid,
        citizen_id: Uuid,
        case_id: Uuid,
    },
    /// The citizen came to the offer after a hearing was requested (`003:2875-2876`).
    CitizenReappeared {
        procedure_id: Uuid,
        service_order_id: Uuid,
        citizen_id: Uuid,
        day: NaiveDate,
    },
}

impl DomainEvent {
    /// The `event_type` column.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::ConsentGranted { .. } => "ConsentGranted",
            DomainEvent::CandidatePresented { .. } => "CandidatePresented",
            DomainEvent::PlacementExtensionUnconfirmed { .. } => "PlacementExtensionUnconfirmed",
            DomainEvent::ConsentRevoked { .. } => "ConsentRevoked",
            DomainEvent::AbsenceStarted { .. } => "AbsenceStarted",
            DomainEvent::AbsenceEnded { .. } => "AbsenceEnded",
            DomainEvent::MeetingBooked { .. } => "MeetingBooked",
            DomainEvent::MeetingRescheduled { .. } => "MeetingRescheduled",
            DomainEvent::MeetingCancelledByCitizen { .. } => "MeetingCancelledByCitizen",
            DomainEvent::MeetingCancelledByJobcentre { .. } => "MeetingCancelledByJobcentre",
            DomainEvent::CitizenSummoned { .. } => "CitizenSummoned",
            DomainEvent::SelfBookingRequested { .. } => "SelfBookingRequested",
            DomainEvent::CitizenArrived { .. } => "CitizenArrived",
            DomainEvent::AttendanceRegistered { .. } => "AttendanceRegistered",
            DomainEvent::PlanPublished { .. } => "PlanPublished",
            DomainEvent::PlanFollowUpSubmitted { .. } => "PlanFollowUpSubmitted",
            DomainEvent::ActivationStarted { .. } => "ActivationStarted",
            DomainEvent::ActivationEnded { .. } => "ActivationEnded",
            DomainEvent::ActivationCancelled { .. } => "ActivationCancelled",
            DomainEvent::OfferAttendanceRecorded { .. } => "OfferAttendanceRecorded",
            DomainEvent::DeliveryFellShort { .. } => "DeliveryFellShort",
            DomainEvent::OfferRejectedByNoShow { .. } => "OfferRejectedByNoShow",
            DomainEvent::ResummonsLetterRecorded { .. } => "ResummonsLetterRecorded",
            DomainEvent::HearingRequested { .. } => "HearingRequested",
            DomainEvent::HearingWithheld { .. } => "HearingWithheld",
            DomainEvent::CitizenReappeared { .. } => "CitizenReappeared",
            DomainEvent::PersonMarkingSet { .. } => "PersonMarkingSet",
            DomainEvent::HealthDocumentReceived { .. } => "HealthDocumentReceived",
            DomainEvent::ClinicianMessageReceived { .. } => "ClinicianMessageReceived",
            DomainEvent::PersonMarkingRemoved { .. } => "PersonMarkingRemoved",
            DomainEvent::SupplierReportSubmitted { .. } => "SupplierReportSubmitted",
            DomainEvent::OfferChangeRequested { .. } => "OfferChangeRequested",
            DomainEvent::OfferChangeOverdue { .. } => "OfferChangeOverdue",
        }
    }

    /// The record the event is about.
    pub fn aggregate_id(&self) -> Uuid {
        match self {
            DomainEvent::ConsentGranted { consent_id, .. }
            | DomainEvent::ConsentRevoked { consent_id, .. } => *consent_id,
            DomainEvent::AbsenceStarted { absence_id, .. }
            | DomainEvent::AbsenceEnded { absence_id, .. } => *absence_id,
            DomainEvent::MeetingBooked { meeting_id, .. }
            | DomainEvent::MeetingRescheduled { meeting_id, .. }
            | DomainEvent::MeetingCancelledByCitizen { meeting_id, .. }
            | DomainEvent::MeetingCancelledByJobcentre { meeting_id, .. }
            | DomainEvent::CitizenSummoned { meeting_id, .. }
            | DomainEvent::CitizenArrived { meeting_id, .. }
            | DomainEvent::AttendanceRegistered { meeting_id, .. } => *meeting_id,
            DomainEvent::SelfBookingRequested { deadline_id, .. } => *deadline_id,
            DomainEvent::PlanPublished { version_id, .. } => *version_id,
            DomainEvent::PlanFollowUpSubmitted { follow_up_id, .. } => *follow_up_id,
            DomainEvent::ActivationStarted {
                service_order_id, ..
            }
            | DomainEvent::ActivationEnded {
                service_order_id, ..
            }
            | DomainEvent::ActivationCancelled {
                service_order_id, ..
            }
            | DomainEvent::DeliveryFellShort {
                service_order_id, ..
            } => *service_order_id,
            DomainEvent::OfferAttendanceRecorded { attendance_id, .. } => *attendance_id,
            DomainEvent::OfferRejectedByNoShow { procedure_id, .. }
            | DomainEvent::ResummonsLetterRecorded { procedure_id, .. }
            | DomainEvent::HearingRequested { procedure_id, .. }
            | DomainEvent::HearingWithheld { procedure_id, .. }
            | DomainEvent::CitizenReappeared { procedure_id, .. } => *procedure_id,
            DomainEvent::SupplierReportSubmitted { report_id, .. } => *report_id,
            DomainEvent::HealthDocumentReceived { document_id, .. } => *document_id,
            DomainEvent::ClinicianMessageReceived { message_id, .. } => *message_id,
            DomainEvent::PersonMarkingSet { marking_id, .. }
            | DomainEvent::PersonMarkingRemoved { marking_id, .. } => *marking_id,
            DomainEvent::CandidatePresented { candidate_id, .. } => *candidate_id,
            DomainEvent::PlacementExtensionUnconfirmed { extension_id, .. } => *extension_id,
            DomainEvent::OfferChangeRequested {
                change_request_id, ..
            }
            | DomainEvent::OfferChangeOverdue {
                change_request_id, ..
            } => *change_request_id,
        }
    }
}
