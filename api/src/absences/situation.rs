//! A citizen's situation on a given day: the open case's group, active absences, offers. The
//! rules about meetings (rules 3, 4 and 11 of the domain) are read off it.

use chrono::NaiveDate;
use jobbro_entities::{
    absence, absence_type, case, citizen, enums::ServiceOrderStatus, offer_kind,
    self_booking_policy, service_order,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::WAGE_SUBSIDY;
use crate::error::AppResult;

/// Whether the citizen may, and must, book meetings themself (`002:117-120`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::SimpleObject)]
pub struct SelfBooking {
    /// The citizen may book, move and cancel meetings in the portal.
    pub right: bool,
    /// The citizen must book their conversations themself, by the deadlines the job centre sets.
    pub duty: bool,
}

/// What the rules need to know about one citizen on one day.
#[derive(Debug, Clone)]
pub struct Situation {
    pub citizen: citizen::Model,
    pub open_case: Option<case::Model>,
    /// Absences running on the day, with their types.
    pub absences: Vec<(absence::Model, absence_type::Model)>,
    pub policy: Option<self_booking_policy::Model>,
    /// Taking part in an offer under LAB chapters 10-12 (an active referral of a kind marked
    /// `remote_conversations`): conversations may then be held by phone or video
    /// (`003:1254-1296`).
    pub in_remote_offer: bool,
    /// Employed with wage subsidy: a sick report does not deregister (`002:57-60`).
    pub wage_subsidy: bool,
}

/// Whether a reference-data row is valid on `day`.
pub fn valid_on(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|t| t >= day)
}

impl Situation {
    /// Loads the situation of a citizen (already admitted by the caller's scope) on `day`.
    pub async fn load(
        db: &impl ConnectionTrait,
        person: citizen::Model,
        day: NaiveDate,
    ) -> AppResult<Self> {
        let open_case = case::Entity::find()
            .filter(case::Column::CitizenId.eq(person.id))
            .filter(case::Column::ClosedAt.is_null())
            .order_by_desc(case::Column::OpenedAt)
            .one(db)
            .await?;
        let absences = active_absences(db, person.id, day).await?;
        let policy = match &open_case {
            Some(c) => self_booking_policy::Entity::find_by_id(c.contact_group_code.clone())
                .one(db)
                .await?
                .filter(|p| valid_on(p.valid_from, p.valid_to, day)),
            None => None,
        };
        let offers = service_order::Entity::find()
            .filter(service_order::Column::CitizenId.eq(person.id))
            .filter(service_order::Column::Status.eq(ServiceOrderStatus::Active))
            .filter(service_order::Column::StartsOn.lte(day))
            .filter(
                Condition::any()
                    .add(service_order::Column::EndsOn.is_null())
                    .add(service_order::Column::EndsOn.gte(day)),
            )
            .find_also_related(offer_kind::Entity)
            .all(db)
            .await?;
        Ok(Self {
            citizen: person,
            open_case,
            absences,
            policy,
            in_remote_offer: offers
                .iter()
                .any(|(_, k)| k.as_ref().is_some_and(|k| k.remote_conversations)),
            wage_subsidy: offers
                .iter()
                .any(|(o, _)| o.offer_kind_code == WAGE_SUBSIDY),
        })
    }

    /// Rule 4: the group's policy, narrowed by every running absence.
    pub fn self_booking(&self) -> SelfBooking {
        let (group_right, group_duty) = self.policy.as_ref().map_or((false, false), |p| {
            (p.self_booking_right, p.self_booking_duty)
        });
        let right = group_right && self.absences.iter().all(|(_, t)| t.self_booking_right);
        let duty = right && group_duty && self.absences.iter().all(|(_, t)| t.self_booking_duty);
        SelfBooking { right, duty }
    }

    /// Rule 3: a running absence that suspends the contact course (such as a sick report) means
    /// the citizen is not summoned. Returns that absence's type.
    pub fn summons_suspended_by(&self) -> Option<&absence_type::Model> {
        self.absences
            .iter()
            .map(|(_, t)| t)
            .find(|t| t.suspends_contact_course)
    }

    /// Rule 11: personal attendance is the rule; phone or video only while the citizen takes part
    /// in an offer under LAB chapters 10-12 or holds an exemption from personal attendance.
    pub fn may_meet_remotely(&self) -> bool {
        self.in_remote_offer
            || self
                .absences
                .iter()
                .any(|(_, t)| t.suspends_personal_attendance)
    }

    /// The running absence of a given type, if any.
    pub fn running(&self, code: &str) -> Option<&absence::Model> {
        self.absences
            .iter()
            .map(|(a, _)| a)
            .find(|a| a.absence_type_code == code)
    }
}

/// Absences running on `day` (started, not ended), with their types.
pub async fn active_absences(
    db: &impl ConnectionTrait,
    citizen_id: Uuid,
    day: NaiveDate,
) -> AppResult<Vec<(absence::Model, absence_type::Model)>> {
    let rows = absence::Entity::find()
        .find_also_related(absence_type::Entity)
        .filter(absence::Column::CitizenId.eq(citizen_id))
        .filter(absence::Column::StartsOn.lte(day))
        .filter(absence::Column::EndedAt.is_null())
        .filter(
            Condition::any()
                .add(absence::Column::EndsOn.is_null())
                .add(absence::Column::EndsOn.gte(day)),
        )
        .order_by_asc(absence::Column::StartsOn)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, t)| t.map(|t| (a, t)))
        .collect())
}
