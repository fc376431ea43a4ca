//! The workload of `jobbro bench invoicing`: a job centre with one signed contract holding every
//! price component, and `participants` citizens referred under it, with a month of attendance
//! and some employment outcomes; and the measurement of generating that contract's basis. The
//! API tests load the same workload at two sizes to hold the statement count fixed.

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use jobbro_entities::{
    case, caseworker, citizen, contract, contract_service, contract_version, employment_outcome,
    enums::{
        AttendanceKind, Channel, OutcomeKind, PriceKind, ProviderUserRole, ServiceOrderStatus,
    },
    invoice_basis, invoice_line, invoice_warning, jobcentre, offer_attendance, price_component,
    provider, provider_user, service_order,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::views::GenerateInvoiceBasisInput;
use crate::kernel::{
    clock::{FixedClock, SharedClock},
    db::insert_batched,
    error::{AppError, AppResult},
    statements,
    viewer::Staff,
};

/// The month billed.
pub const MONTH: &str = "2026-10";
/// Rows per insert statement while loading (well under both engines' bind-parameter limits).
const BATCH: usize = 400;

/// When the basis is generated: early November 2026, after October has ended.
pub fn generated_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 6, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A loaded workload.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// The manager who generates the basis.
    pub staff: Staff,
    pub contract: Uuid,
    pub participants: usize,
}

/// One generation of a workload's basis.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    pub elapsed: Duration,
    pub statements: usize,
    pub lines: i32,
    pub total_ore: i64,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Loads a job centre of its own with a provider, a contract signed for 2026 whose one service
/// prices every component, and `participants` citizens, each with a case and an order under the
/// contract. Six in ten started before October and run through it, two in ten start in October,
/// one in ten ends in October, and one in ten ended in September and found a job in October (a
/// result bonus). Attendance is recorded three days a week in October: two and a half hours
/// attended, every seventh day sick instead.
pub async fn load(db: &DatabaseConnection, participants: usize) -> AppResult<Workload> {
    let created = Utc
        .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let tag = Uuid::now_v7().simple().to_string();
    let centre = jobcentre::Model {
        id: Uuid::now_v7(),
        name: format!("Jobcenter Benchmark {}", &tag[24..]),
        municipality_code: format!("B{}", &tag[24..]),
        created_at: created,
    };
    let manager = caseworker::Model {
        id: Uuid::now_v7(),
        jobcentre_id: centre.id,
        name: "Leder Benchmark".into(),
        email: format!("leder-{}@bench.example", &tag[24..]),
        team: None,
        is_manager: true,
        created_at: created,
    };
    let supplier = provider::Model {
        id: Uuid::now_v7(),
        name: "Benchmark Aktør ApS".into(),
        cvr: format!("9{}", &tag[25..]),
        internal: false,
        created_at: created,
    };
    let mentor = provider_user::Model {
        id: Uuid::now_v7(),
        provider_id: supplier.id,
        name: "Mentor Benchmark".into(),
        email: format!("mentor-{}@bench.example", &tag[24..]),
        role: ProviderUserRole::Staff,
    };
    let agreement = contract::Model {
        id: Uuid::now_v7(),
        jobcentre_id: centre.id,
        provider_id: supplier.id,
        reference: "K-BENCH-1".into(),
        title: "Mentorforløb, benchmark".into(),
        created_at: created,
    };
    let version = contract_version::Model {
        id: Uuid::now_v7(),
        contract_id: agreement.id,
        version: 1,
        valid_from: day(2026, 1, 1),
        created_by: manager.id,
        created_at: created,
        signed_by: Some(manager.id),
        signed_at: Some(created),
    };
    let service = contract_service::Model {
        id: Uuid::now_v7(),
        contract_version_id: version.id,
        service_code: "MENTOR".into(),
        offer_kind_code: "MENTOR".into(),
        description: "Mentorstøtte".into(),
        seats: i32::try_from(participants).unwrap_or(i32::MAX).max(1),
        budget_frame_code: "5.68.90".into(),
        alert_below_percent: 75,
    };
    let prices: Vec<price_component::Model> = [
        (PriceKind::StartFee, 250_000, None),
        (PriceKind::MonthlyFee, 310_000, None),
        (PriceKind::WeeklyPrice, 52_500, None),
        (PriceKind::HourlyPrice, 45_000, None),
        (PriceKind::ResultBonus, 1_000_000, Some(13)),
    ]
    .into_iter()
    .map(|(kind, amount_ore, within_weeks)| price_component::Model {
        id: Uuid::now_v7(),
        contract_service_id: service.id,
        kind,
        amount_ore,
        within_weeks,
    })
    .collect();

    let mut people = Vec::with_capacity(participants);
    let mut cases = Vec::with_capacity(participants);
    let mut orders = Vec::with_capacity(participants);
    let mut outcomes = Vec::new();
    let mut attendance = Vec::new();
    for i in 0..participants {
        let person = citizen::Model {
            id: Uuid::now_v7(),
            jobcentre_id: centre.id,
            // Day of month 61-88: never issued as a CPR number.
            cpr: format!("{:02}{}-{:04}", 61 + i % 28, &tag[26..30], i % 10_000),
            given_name: format!("Deltager{i}"),
            family_name: "Benchmark".into(),
            street: "Målevej 1".into(),
            postal_code: "9990".into(),
            city: "Måleby".into(),
            protected_address: false,
            phone: None,
            email: None,
            preferred_channel: Channel::Portal,
            obliged_digital: true,
            created_at: created,
            updated_at: created,
            co_name: None,
            co_street: None,
            co_postal_code: None,
            co_city: None,
        };
        let group = if i % 3 == 0 {
            "KONTANTHJAELP"
        } else {
            "DAGPENGE"
        };
        cases.push(case::Model {
            id: Uuid::now_v7(),
            jobcentre_id: centre.id,
            citizen_id: person.id,
            contact_group_code: "DAGPENGE".into(),
            target_group_code: group.into(),
            visitation_category: None,
            assigned_caseworker_id: Some(manager.id),
            opened_at: created,
            closed_at: None,
            secondary_since: None,
            deadline: None,
            version: 1,
        });
        let offset = u64::try_from(i % 28).unwrap_or(0);
        let (starts, finished) = match i % 10 {
            0..=5 => (day(2026, 9, 1) + Days::new(offset), None),
            6 | 7 => (day(2026, 10, 1) + Days::new(offset), None),
            8 => (
                day(2026, 8, 1) + Days::new(offset),
                Some(day(2026, 10, 5) + Days::new(offset % 20)),
            ),
            _ => (
                day(2026, 7, 1) + Days::new(offset),
                Some(day(2026, 9, 1) + Days::new(offset)),
            ),
        };
        let order = service_order::Model {
            id: Uuid::now_v7(),
            jobcentre_id: centre.id,
            citizen_id: person.id,
            provider_id: supplier.id,
            assigned_user_id: Some(mentor.id),
            offer_kind_code: "MENTOR".into(),
            justification: "Støtte til at fastholde et forløb.".into(),
            goal: "Stabilt fremmøde.".into(),
            remark: "Ingen bemærkninger.".into(),
            starts_on: starts,
            ends_on: Some(finished.unwrap_or(starts + Days::new(7 * 13))),
            status: if finished.is_some() {
                ServiceOrderStatus::Ended
            } else {
                ServiceOrderStatus::Started
            },
            created_at: created,
            contract_service_id: Some(service.id),
            minutes_per_week: Some(450),
            weeks: Some(13),
            accepted_at: Some(created),
            started_on: Some(starts),
            finished_on: finished,
            cancel_reason: None,
        };
        if let Some(ended) = finished.filter(|f| f.month() == 9) {
            outcomes.push(employment_outcome::Model {
                id: Uuid::now_v7(),
                jobcentre_id: centre.id,
                citizen_id: person.id,
                kind: OutcomeKind::Job,
                starts_on: ended + Days::new(30),
                recorded_by: manager.id,
                recorded_at: created,
            });
        }
        let last = order
            .ends_on
            .unwrap_or(day(2026, 10, 31))
            .min(day(2026, 10, 31));
        let mut d = starts.max(day(2026, 10, 1));
        let mut recorded = 0;
        while d <= last {
            if matches!(d.weekday(), Weekday::Mon | Weekday::Wed | Weekday::Thu) {
                recorded += 1;
                let sick = recorded % 7 == 0;
                attendance.push(offer_attendance::Model {
                    id: Uuid::now_v7(),
                    jobcentre_id: centre.id,
                    service_order_id: order.id,
                    citizen_id: person.id,
                    day: d,
                    kind: if sick {
                        AttendanceKind::AbsentSick
                    } else {
                        AttendanceKind::Attended
                    },
                    minutes: (!sick).then_some(150),
                    absence_id: None,
                    recorded_by: mentor.id,
                    recorded_at: created,
                });
            }
            d = d + Days::new(1);
        }
        people.push(person);
        orders.push(order);
    }

    let writing = crate::kernel::db::begin_write(db).await?;
    let txn = &*writing;
    centre.clone().into_active_model().insert(txn).await?;
    manager.clone().into_active_model().insert(txn).await?;
    supplier.into_active_model().insert(txn).await?;
    mentor.clone().into_active_model().insert(txn).await?;
    agreement.clone().into_active_model().insert(txn).await?;
    version.into_active_model().insert(txn).await?;
    service.into_active_model().insert(txn).await?;
    insert_batched(txn, prices, BATCH).await?;
    insert_batched(txn, people, BATCH).await?;
    insert_batched(txn, cases, BATCH).await?;
    insert_batched(txn, orders, BATCH).await?;
    insert_batched(txn, outcomes, BATCH).await?;
    insert_batched(txn, attendance, BATCH).await?;
    writing.commit().await?;
    Ok(Workload {
        staff: Staff {
            caseworker: manager.id,
            jobcentre: centre.id,
            manager: true,
        },
        contract: agreement.id,
        participants,
    })
}

/// Removes the workload's bases, so that the next generation computes and writes a first
/// version again rather than finding the same draft.
pub async fn forget_bases(db: &DatabaseConnection, workload: &Workload) -> AppResult<()> {
    let writing = crate::kernel::db::begin_write(db).await?;
    let txn = &*writing;
    let bases = invoice_basis::Entity::find()
        .select_only()
        .column(invoice_basis::Column::Id)
        .filter(invoice_basis::Column::ContractId.eq(workload.contract))
        .into_query();
    invoice_line::Entity::delete_many()
        .filter(invoice_line::Column::BasisId.in_subquery(bases.clone()))
        .exec(txn)
        .await?;
    invoice_warning::Entity::delete_many()
        .filter(invoice_warning::Column::BasisId.in_subquery(bases))
        .exec(txn)
        .await?;
    invoice_basis::Entity::delete_many()
        .filter(invoice_basis::Column::ContractId.eq(workload.contract))
        .exec(txn)
        .await?;
    writing.commit().await?;
    Ok(())
}

/// Generates the workload's basis for [`MONTH`] as a manager would (`generateInvoiceBasis`, its
/// transaction included), from no earlier version, and measures it.
pub async fn generate_once(db: &DatabaseConnection, workload: &Workload) -> AppResult<Round> {
    forget_bases(db, workload).await?;
    let clock: SharedClock = std::sync::Arc::new(FixedClock::at(generated_at()));
    let input = GenerateInvoiceBasisInput {
        contract_id: async_graphql::ID(workload.contract.to_string()),
        month: MONTH.into(),
        idempotency_key: None,
    };
    let started = Instant::now();
    let (payload, statements) =
        statements::counting(super::service::generate(db, &clock, &workload.staff, input)).await;
    let elapsed = started.elapsed();
    let payload = payload?;
    if let Some(refused) = payload.user_errors.first() {
        return Err(AppError::Internal(anyhow::anyhow!(
            "the benchmark's basis was refused: {}",
            refused.message
        )));
    }
    let basis = invoice_basis::Entity::find()
        .filter(invoice_basis::Column::ContractId.eq(workload.contract))
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no basis was saved")))?;
    Ok(Round {
        elapsed,
        statements,
        lines: basis.line_count,
        total_ore: basis.total_ore,
    })
}
