//! The providers the job centre refers citizens to, each with a coordinator and two staff
//! users, and the referrals (service orders) of some of the citizens.

use chrono::{Duration, NaiveDate};
use jobbro_entities::{
    citizen,
    enums::{ProviderUserRole, ServiceOrderStatus},
    provider, provider_user, service_order,
};
use sea_orm::DbErr;

use super::{load::Load, names};

/// Providers in the demo.
const PROVIDERS: usize = 10;

/// The kinds of offer a referral is for.
const OFFER_KINDS: [&str; 5] = [
    "MENTOR",
    "VEJLEDNING_OPKVALIFICERING",
    "VIRKSOMHEDSPRAKTIK",
    "SUNDHEDSINDSATS",
    "SOCIAL_INDSATS",
];

/// Inserts the providers, their users, and referrals for about 15 % of `people`.
pub(super) async fn providers(
    load: &mut Load,
    people: &[citizen::Model],
    progress: &impl Fn(&str),
) -> Result<(), DbErr> {
    let (providers, users) = providers_and_users(load);
    let referrals = referrals(load, people, &providers, &users);
    load.summary.providers = providers.len();
    load.summary.referrals = referrals.len();
    load.insert(providers).await?;
    load.insert(users).await?;
    load.insert(referrals).await?;
    progress(&format!(
        "demo: {} providers, {} referrals",
        load.summary.providers, load.summary.referrals
    ));
    Ok(())
}

/// The providers, and three users for each: a coordinator, then two staff (in that order, which
/// [`referrals`] relies on).
fn providers_and_users(load: &mut Load) -> (Vec<provider::Model>, Vec<provider_user::Model>) {
    let mut providers = Vec::new();
    let mut users = Vec::new();
    for (i, name) in names::PROVIDERS.iter().take(PROVIDERS).enumerate() {
        let p = provider::Model {
            id: load.ids.next(),
            name: (*name).into(),
            cvr: format!("9{:07}", 1000 + i),
            internal: false,
            created_at: load.created,
        };
        for (j, role) in [
            ProviderUserRole::Coordinator,
            ProviderUserRole::Staff,
            ProviderUserRole::Staff,
        ]
        .into_iter()
        .enumerate()
        {
            users.push(provider_user::Model {
                id: load.ids.next(),
                provider_id: p.id,
                name: names::full_name(&mut load.rng),
                email: format!("bruger{}@aktoer{:02}.example", j + 1, i + 1),
                role,
            });
        }
        providers.push(p);
    }
    (providers, users)
}

/// Active referrals starting in 2026, each to a random provider and one of its staff users.
fn referrals(
    load: &mut Load,
    people: &[citizen::Model],
    providers: &[provider::Model],
    users: &[provider_user::Model],
) -> Vec<service_order::Model> {
    let rng = &mut load.rng;
    let mut referrals = Vec::new();
    for person in people {
        if !rng.chance(15) {
            continue;
        }
        let p = rng.below(providers.len());
        let staff_user = &users[p * 3 + 1 + rng.below(2)];
        let starts =
            NaiveDate::from_ymd_opt(2026, 1 + rng.below(11) as u32, 1 + rng.below(28) as u32)
                .unwrap_or_default();
        referrals.push(service_order::Model {
            id: load.ids.next(),
            jobcentre_id: load.centre.id,
            citizen_id: person.id,
            provider_id: providers[p].id,
            assigned_user_id: Some(staff_user.id),
            offer_kind_code: (*rng.pick(&OFFER_KINDS)).into(),
            justification: "Borgeren har behov for støtte til at komme tættere på arbejdsmarkedet."
                .into(),
            goal: "Afklaring af beskæftigelsesmål og første skridt mod job eller uddannelse."
                .into(),
            remark: "Mødes på adressen i henvisningen.".into(),
            starts_on: starts,
            ends_on: Some(starts + Duration::weeks(13)),
            status: ServiceOrderStatus::Started,
            created_at: load.created,
            contract_service_id: None,
            minutes_per_week: None,
            weeks: None,
            accepted_at: None,
            started_on: Some(starts),
            finished_on: None,
            cancel_reason: None,
        });
    }
    referrals
}
