//! The providers the job centre refers citizens to (the last one is the municipality's own
//! unit), each with a coordinator and two staff users and a signed contract offering a service
//! per kind of offer with its prices, and the referrals (service orders) of some of the citizens
//! under those contracts.

use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

use jobbro_entities::{
    caseworker, citizen, contract, contract_service, contract_version,
    enums::{PriceKind, ProviderUserRole, ServiceOrderStatus},
    price_component, provider, provider_user, service_order,
};
use sea_orm::DbErr;
use uuid::Uuid;

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

/// Inserts the providers, their users, their contracts, and referrals for about 15 % of
/// `people`.
pub(super) async fn providers(
    load: &mut Load,
    staff: &[caseworker::Model],
    people: &[citizen::Model],
    progress: &impl Fn(&str),
) -> Result<(), DbErr> {
    let (providers, users) = providers_and_users(load);
    let mut referrals = referrals(load, people, &providers, &users);
    let contracts = contracts(load, staff, &providers);
    for r in &mut referrals {
        r.contract_service_id = contracts
            .service_of
            .get(&(r.provider_id, r.offer_kind_code.clone()))
            .copied();
        r.minutes_per_week = Some(600);
        r.weeks = Some(13);
    }
    load.summary.providers = providers.len();
    load.summary.referrals = referrals.len();
    load.insert(providers).await?;
    load.insert(users).await?;
    load.insert(contracts.contracts).await?;
    load.insert(contracts.versions).await?;
    load.insert(contracts.services).await?;
    load.insert(contracts.prices).await?;
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
            // The last is the municipality's own unit: ordered from alike, never invoiced.
            internal: i + 1 == PROVIDERS,
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

/// The contracts of the demo, and the service of each provider and kind of offer.
struct Contracts {
    contracts: Vec<contract::Model>,
    versions: Vec<contract_version::Model>,
    services: Vec<contract_service::Model>,
    prices: Vec<price_component::Model>,
    service_of: HashMap<(Uuid, String), Uuid>,
}

/// One contract per provider, its first version drawn up by a caseworker and signed by the
/// manager, valid from 1 January 2026, with a service of 20 seats per kind of offer, each with a
/// start fee and an hourly price.
fn contracts(
    load: &mut Load,
    staff: &[caseworker::Model],
    providers: &[provider::Model],
) -> Contracts {
    let drafter = staff.iter().find(|s| !s.is_manager).map(|s| s.id);
    let signer = staff.iter().find(|s| s.is_manager).map(|s| s.id);
    let valid_from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut out = Contracts {
        contracts: Vec::new(),
        versions: Vec::new(),
        services: Vec::new(),
        prices: Vec::new(),
        service_of: HashMap::new(),
    };
    for (i, p) in providers.iter().enumerate() {
        let c = contract::Model {
            id: load.ids.next(),
            jobcentre_id: load.centre.id,
            provider_id: p.id,
            reference: format!("K-2026-{:03}", i + 1),
            title: format!("Rammeaftale med {}", p.name),
            created_at: load.created,
        };
        let v = contract_version::Model {
            id: load.ids.next(),
            contract_id: c.id,
            version: 1,
            valid_from,
            created_by: drafter.unwrap_or_default(),
            created_at: load.created,
            signed_by: signer,
            signed_at: Some(load.created),
        };
        for kind in OFFER_KINDS {
            let service = contract_service::Model {
                id: load.ids.next(),
                contract_version_id: v.id,
                service_code: kind.to_string(),
                offer_kind_code: kind.to_string(),
                description: format!("{} efter kontrakt {}", kind, c.reference),
                seats: 20,
                budget_frame_code: "5.68.90".into(),
                alert_below_percent: 75,
            };
            for (price, amount) in [
                (PriceKind::StartFee, 250_000),
                (PriceKind::HourlyPrice, 45_000),
            ] {
                out.prices.push(price_component::Model {
                    id: load.ids.next(),
                    contract_service_id: service.id,
                    kind: price,
                    amount_ore: amount,
                    within_weeks: None,
                });
            }
            out.service_of.insert((p.id, kind.to_string()), service.id);
            out.services.push(service);
        }
        out.versions.push(v);
        out.contracts.push(c);
    }
    out
}
