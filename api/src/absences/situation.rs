//! A citizen's situation on a given day: the open case's group, active absences, offers. The
//! rules about meetings (rules 3, 4 and 11 of the domain) are read off it.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbro_entities::{absence, absence_type, case, self_booking_policy};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::WAGE_SUBSIDY;
use crate::{cases, citizens::Visible, kernel::error::AppResult, providers};

/// Whether the citizen may, and must, book meetings themself (`002:117-120`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, async_graphql::SimpleObject)]
pub struct SelfBooking {
    /// The citizen may book, move and cancel meetings in the portal.
    pub right: bool,
    /// The citizen must book their conversations themself, by the deadlines the job centre sets.
    pub duty: bool,
}

/// What the rules need to know about one citizen on one day.
#[derive(Debug, Clone)]
pub struct Situation {
    pub citizen: Visible,
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
    /// The situation of one citizen on `day`.
    pub async fn load(
        db: &impl ConnectionTrait,
        person: Visible,
        day: NaiveDate,
    ) -> AppResult<Self> {
        let id = person.uuid();
        let mut all = Self::load_many(db, vec![person], day).await?;
        all.remove(&id)
            .ok_or_else(|| anyhow::anyhow!("no situation was built for citizen {id}").into())
    }

    /// The situations of several citizens on `day`, in a fixed number of queries.
    pub async fn load_many(
        db: &impl ConnectionTrait,
        people: Vec<Visible>,
        day: NaiveDate,
    ) -> AppResult<HashMap<Uuid, Self>> {
        let refs: Vec<&Visible> = people.iter().collect();
        let ids: Vec<Uuid> = people.iter().map(Visible::uuid).collect();
        let mut open_cases = cases::service::open_cases(db, &refs).await?;
        let mut offers = providers::service::running_offers(db, &refs, day).await?;
        let mut absences = active_absences(db, &ids, day).await?;
        let groups: Vec<String> = open_cases
            .values()
            .map(|c| c.contact_group_code.clone())
            .collect();
        let policies: HashMap<String, self_booking_policy::Model> =
            self_booking_policy::Entity::find()
                .filter(self_booking_policy::Column::ContactGroupCode.is_in(groups))
                .all(db)
                .await?
                .into_iter()
                .filter(|p| valid_on(p.valid_from, p.valid_to, day))
                .map(|p| (p.contact_group_code.clone(), p))
                .collect();
        Ok(people
            .into_iter()
            .map(|person| {
                let id = person.uuid();
                let open_case = open_cases.remove(&id);
                let policy = open_case
                    .as_ref()
                    .and_then(|c| policies.get(&c.contact_group_code).cloned());
                let offers = offers.remove(&id).unwrap_or_default();
                let situation = Situation {
                    citizen: person,
                    open_case,
                    absences: absences.remove(&id).unwrap_or_default(),
                    policy,
                    in_remote_offer: offers
                        .iter()
                        .any(|(_, k)| k.as_ref().is_some_and(|k| k.remote_conversations)),
                    wage_subsidy: offers
                        .iter()
                        .any(|(o, _)| o.offer_kind_code == WAGE_SUBSIDY),
                };
                (id, situation)
            })
            .collect())
    }

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

/// The absences running on `day` of each citizen, with their types, oldest first.
async fn active_absences(
    db: &impl ConnectionTrait,
    citizen_ids: &[Uuid],
    day: NaiveDate,
) -> AppResult<HashMap<Uuid, Vec<(absence::Model, absence_type::Model)>>> {
    let rows = absence::Entity::find()
        .find_also_related(absence_type::Entity)
        .filter(absence::Column::CitizenId.is_in(citizen_ids.iter().copied()))
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
    let mut by_citizen: HashMap<Uuid, Vec<_>> = HashMap::new();
    for (a, t) in rows {
        if let Some(t) = t {
            by_citizen.entry(a.citizen_id).or_default().push((a, t));
        }
    }
    Ok(by_citizen)
}
