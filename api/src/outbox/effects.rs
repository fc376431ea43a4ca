//! What an event causes, as data: alerts for caseworkers, letters for citizens, notices for the
//! unemployment fund and the benefits service. The domains' [`EventHandler`](super::EventHandler)s build [`Effects`]; the
//! [`worker`](super::worker) writes them (once per event, whatever the retries), hands the letters
//! and notices to their ports and records them sent.
//!
//! Alert texts carry no sensitive data (rule 14, `003:1626-1631`): they name what happened and
//! point at the citizen record, which the caseworker opens under the usual audit.

use jobbro_entities::{
    citizen,
    enums::{BenefitsNoticeKind, Channel, FundNotificationKind},
};
use uuid::Uuid;

/// An alert to raise for one caseworker. One per event and caseworker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    pub jobcentre_id: Uuid,
    pub caseworker_id: Uuid,
    pub citizen_id: Uuid,
    /// What happened, as a code (`CONSENT_REVOKED`).
    pub kind: &'static str,
    /// What happened, in words without personal data.
    pub message: String,
}

/// A letter to write to a citizen. One per event and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub channel: Channel,
    /// What the letter is, as a code (`SUMMONS`).
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

/// A notice to write to the citizen's unemployment fund. One per event and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFundNotice {
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub absence_id: Uuid,
    pub kind: FundNotificationKind,
}

/// A task to make for one caseworker. One per event and caseworker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub jobcentre_id: Uuid,
    pub caseworker_id: Uuid,
    pub citizen_id: Uuid,
    /// What it is, as a code (`SUPPLIER_REPORT_ACTION`).
    pub kind: &'static str,
    /// What to do, in words without personal data.
    pub title: String,
    pub due_at: chrono::DateTime<chrono::Utc>,
}

/// What a notice to the benefits service is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeSubject {
    /// A service order (an offer at a provider).
    Order(Uuid),
    /// A person marking (rule 13).
    Marking(Uuid),
}

/// A notice to write to the benefits service about an order or a marking. One per event and
/// kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBenefitsNotice {
    pub jobcentre_id: Uuid,
    pub citizen_id: Uuid,
    pub subject: NoticeSubject,
    pub kind: BenefitsNoticeKind,
    /// The day it concerns.
    pub day: chrono::NaiveDate,
    /// The provider's change request undecided at the time, if any.
    pub pending_change_request: Option<Uuid>,
}

/// Everything one event causes; empty for an event nobody reacts to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    pub alerts: Vec<NewAlert>,
    pub letters: Vec<NewLetter>,
    pub fund: Vec<NewFundNotice>,
    pub benefits: Vec<NewBenefitsNotice>,
    pub tasks: Vec<NewTask>,
}

impl Effects {
    /// Nothing.
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.alerts.is_empty()
            && self.letters.is_empty()
            && self.fund.is_empty()
            && self.benefits.is_empty()
            && self.tasks.is_empty()
    }

    /// Adds `other`'s effects to these.
    pub fn extend(&mut self, other: Effects) {
        self.alerts.extend(other.alerts);
        self.letters.extend(other.letters);
        self.fund.extend(other.fund);
        self.benefits.extend(other.benefits);
        self.tasks.extend(other.tasks);
    }

    /// Alerts `caseworker_id` about `person`.
    pub fn alert(
        &mut self,
        person: &citizen::Model,
        caseworker_id: Uuid,
        kind: &'static str,
        message: impl Into<String>,
    ) {
        self.alerts.push(NewAlert {
            jobcentre_id: person.jobcentre_id,
            caseworker_id,
            citizen_id: person.id,
            kind,
            message: message.into(),
        });
    }

    /// Gives `caseworker_id` a task about `person`, due at `due_at`.
    pub fn task(
        &mut self,
        person: &citizen::Model,
        caseworker_id: Uuid,
        (kind, title): (&'static str, &str),
        due_at: chrono::DateTime<chrono::Utc>,
    ) {
        self.tasks.push(NewTask {
            jobcentre_id: person.jobcentre_id,
            caseworker_id,
            citizen_id: person.id,
            kind,
            title: title.to_string(),
            due_at,
        });
    }

    /// Writes to `person` on the channel they prefer.
    pub fn letter(
        &mut self,
        person: &citizen::Model,
        kind: &'static str,
        subject: &str,
        body: impl Into<String>,
    ) {
        self.letter_by(person, person.preferred_channel, kind, subject, body);
    }

    /// Writes to `person` on `channel`, whatever they prefer.
    pub fn letter_by(
        &mut self,
        person: &citizen::Model,
        channel: Channel,
        kind: &'static str,
        subject: &str,
        body: impl Into<String>,
    ) {
        self.letters.push(NewLetter {
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            channel,
            kind,
            subject: subject.to_string(),
            body: body.into(),
        });
    }

    /// Tells `person`'s unemployment fund about an absence.
    pub fn fund_notice(
        &mut self,
        person: &citizen::Model,
        absence_id: Uuid,
        kind: FundNotificationKind,
    ) {
        self.fund.push(NewFundNotice {
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            absence_id,
            kind,
        });
    }

    /// Tells the benefits service `kind` about `order_id` of `person`, for `day`, naming the
    /// change request undecided at the time.
    pub fn benefits_notice(
        &mut self,
        person: &citizen::Model,
        (order_id, pending_change_request): (Uuid, Option<Uuid>),
        kind: BenefitsNoticeKind,
        day: chrono::NaiveDate,
    ) {
        self.benefits.push(NewBenefitsNotice {
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            subject: NoticeSubject::Order(order_id),
            kind,
            day,
            pending_change_request,
        });
    }

    /// Tells the benefits service `kind` about the person marking `marking_id` of `person`, for
    /// `day`.
    pub fn marking_notice(
        &mut self,
        person: &citizen::Model,
        marking_id: Uuid,
        kind: BenefitsNoticeKind,
        day: chrono::NaiveDate,
    ) {
        self.benefits.push(NewBenefitsNotice {
            jobcentre_id: person.jobcentre_id,
            citizen_id: person.id,
            subject: NoticeSubject::Marking(marking_id),
            kind,
            day,
            pending_change_request: None,
        });
    }
}
