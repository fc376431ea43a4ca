//! The invoicing basis computed from its sources, without a database: the lines of a month per
//! order and price component, the adjustments of months already approved, and the findings.
//! Every rule of the calculation is here, in one place a test can call.
//!
//! - **Start fee**: once, in the month the order started.
//! - **Monthly fee**: pro rata by calendar days active in the month: days ÷ days of the month
//!   (a start on the 10th of a 30-day month pays 21/30).
//! - **Weekly price**: per ISO week (Monday to Sunday) in which the order ran at least one day.
//!   A week spanning two months is billed once, in the month the job centre's
//!   [`WeekSplitRule`] names: the month of the first day of the week the order ran
//!   (`FIRST_ACTIVE_DAY`, the default), or the month holding the week's Thursday (`THURSDAY`;
//!   when the order started after that Thursday or ended before it, its first or last day).
//! - **Hourly price**: per attended hour recorded in the month; sick, excused and no-show days
//!   are never paid.
//! - **Result bonus**: once, when the citizen starts a job or an education (a recorded outcome)
//!   from the order's start until the component's weeks after its end; billed in the month of
//!   the later of the end and the outcome.
//!
//! An order runs from its start to its end (the day it ended or was cancelled, else its ordered
//! last day). A line is priced by the signed contract version in force on its service date (the
//! first day it pays for), by the service's code, so a new version's prices apply from its
//! validity date. Each line's amount is rounded to whole øre at the line, half away from zero,
//! never at the total.
//!
//! Months already approved are not changed: what is due for them now is compared with what
//! approved bases paid, and each difference becomes an adjustment line that points at the
//! approved line it corrects.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};
use jobbro_entities::{
    case, employment_outcome,
    enums::{AttendanceKind, InvoiceFindingSeverity, PriceKind, ServiceOrderStatus, WeekSplitRule},
    offer_attendance, service_order, supplier_report,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{cases, kernel::workdays::week_start, providers::contracts::PricedService};

/// A calendar month: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Month {
    /// The month holding `day`.
    pub fn of(day: NaiveDate) -> Self {
        let first = day.with_day(1).unwrap_or(day);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Self {
            first,
            last: next.pred_opt().unwrap_or(first),
        }
    }

    /// `2026-11` as a month; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
        Some(Self::of(first))
    }

    /// `2026-11`.
    pub fn label(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }

    /// How many days the month has.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// The month `n` months before this one.
    pub fn back(&self, n: u32) -> Self {
        Self::of(
            self.first
                .checked_sub_months(chrono::Months::new(n))
                .unwrap_or(self.first),
        )
    }
}

/// A line already paid by an approved basis.
#[derive(Debug, Clone)]
pub struct PaidLine {
    pub id: Uuid,
    pub line: Line,
}

/// Everything a basis is computed from, read once per basis.
pub struct Sources {
    pub today: NaiveDate,
    pub rule: WeekSplitRule,
    /// The contract's services in every version, by service id.
    pub services: HashMap<Uuid, PricedService>,
    /// Orders under the contract that ran in the months computed.
    pub orders: Vec<service_order::Model>,
    /// The recorded days of the orders, per order.
    pub attendance: HashMap<Uuid, Vec<offer_attendance::Model>>,
    /// The case history of each citizen (for the target group on a day).
    pub cases: HashMap<Uuid, Vec<case::Model>>,
    /// The employment outcomes of each citizen.
    pub outcomes: HashMap<Uuid, Vec<employment_outcome::Model>>,
    /// The final report of each order that has one.
    pub finals: HashMap<Uuid, supplier_report::Model>,
    /// Orders with an undecided change request.
    pub pending: HashSet<Uuid>,
    /// Lines of approved bases of earlier months of the contract.
    pub paid: Vec<PaidLine>,
    /// Earlier months of the contract with an approved basis.
    pub approved_months: Vec<Month>,
}

/// One line of a basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub service_order_id: Uuid,
    pub citizen_id: Uuid,
    pub contract_version_id: Uuid,
    pub contract_service_id: Uuid,
    pub price_component_id: Option<Uuid>,
    pub kind: PriceKind,
    pub service_month: NaiveDate,
    pub service_date: NaiveDate,
    pub quantity_numerator: i64,
    pub quantity_denominator: i64,
    pub unit_amount_ore: i64,
    pub amount_ore: i64,
    pub target_group_code: Option<String>,
    pub budget_frame_code: String,
    pub attendance_ids: Vec<Uuid>,
    pub outcome_id: Option<Uuid>,
    pub adjusts_line_id: Option<Uuid>,
}

/// A warning or a block found on a basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: InvoiceFindingSeverity,
    pub code: String,
    pub service_order_id: Option<Uuid>,
    pub message: String,
}

/// A computed basis: its lines and findings.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    pub lines: Vec<Line>,
    pub findings: Vec<Finding>,
}

/// The sum of a basis per target group and budget frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub target_group_code: Option<String>,
    pub budget_frame_code: String,
    pub lines: i64,
    pub amount_ore: i64,
}

impl Computed {
    pub fn total_ore(&self) -> i64 {
        self.lines.iter().map(|l| l.amount_ore).sum()
    }

    pub fn blocked(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == InvoiceFindingSeverity::Block)
    }

    /// SHA-256 (hex) of the lines and findings, in their order: the same data, the same hash.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(&(&self.lines, &self.findings)).unwrap_or_default();
        hex(&Sha256::digest(bytes))
    }
}

/// The sums of `(target group, budget frame, amount)` per target group and budget frame.
pub fn totals(lines: impl Iterator<Item = (Option<String>, String, i64)>) -> Vec<Total> {
    let mut sums: BTreeMap<(Option<String>, String), (i64, i64)> = BTreeMap::new();
    for (group, frame, amount) in lines {
        let sum = sums.entry((group, frame)).or_default();
        sum.0 += 1;
        sum.1 += amount;
    }
    sums.into_iter()
        .map(|((group, frame), (lines, amount))| Total {
            target_group_code: group,
            budget_frame_code: frame,
            lines,
            amount_ore: amount,
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `numerator / denominator` rounded to a whole number, half away from zero.
pub fn round_half_away(numerator: i128, denominator: i128) -> i64 {
    let (q, r) = (numerator / denominator, numerator % denominator);
    let step = if 2 * r.abs() >= denominator.abs() {
        numerator.signum() * denominator.signum()
    } else {
        0
    };
    i64::try_from(q + step).unwrap_or(i64::MAX)
}

/// The basis of `month`: its own lines, the adjustments of approved earlier months, and the
/// findings.
pub fn compute(month: Month, src: &Sources) -> Computed {
    let mut out = Computed::default();
    let mut lines = Vec::new();
    for order in &src.orders {
        lines.extend(order_lines(src, order, month, &mut out.findings));
    }
    findings(src, month, &lines, &mut out.findings);
    let mut adjustments = Vec::new();
    for approved in &src.approved_months {
        if *approved >= month {
            continue;
        }
        let mut ignored = Vec::new();
        let due: Vec<Line> = src
            .orders
            .iter()
            .flat_map(|o| order_lines(src, o, *approved, &mut ignored))
            .collect();
        adjustments.extend(adjust(*approved, &due, &src.paid));
    }
    lines.sort_by_key(line_order);
    adjustments.sort_by_key(line_order);
    lines.extend(adjustments);
    out.lines = lines;
    out
}

fn line_order(l: &Line) -> (NaiveDate, Uuid, usize) {
    (l.service_month, l.service_order_id, kind_order(l.kind))
}

/// Components in the order an invoice lists them.
fn kind_order(kind: PriceKind) -> usize {
    match kind {
        PriceKind::StartFee => 0,
        PriceKind::MonthlyFee => 1,
        PriceKind::WeeklyPrice => 2,
        PriceKind::HourlyPrice => 3,
        PriceKind::ResultBonus => 4,
    }
}

/// The last day an order runs: the day it ended or was cancelled, else its ordered last day.
fn last_day(order: &service_order::Model) -> Option<NaiveDate> {
    order.finished_on.or(order.ends_on)
}

/// The pricing of a contract service on a day: the signed version in force that day, and the
/// same service (by code) in it.
fn priced_on<'a>(
    src: &'a Sources,
    ordered: &'a PricedService,
    day: NaiveDate,
) -> Result<&'a PricedService, &'static str> {
    let in_force = src
        .services
        .values()
        .filter(|s| s.version.signed_at.is_some() && s.version.valid_from <= day)
        .map(|s| &s.version)
        .max_by_key(|v| v.valid_from);
    let Some(version) = in_force else {
        return Err("CONTRACT_NOT_SIGNED");
    };
    src.services
        .values()
        .find(|s| {
            s.version.id == version.id && s.service.service_code == ordered.service.service_code
        })
        .ok_or("NO_PRICE")
}

/// The lines one order earns in `month` (blocks for lines that cannot be priced go to
/// `findings`).
fn order_lines(
    src: &Sources,
    order: &service_order::Model,
    month: Month,
    findings: &mut Vec<Finding>,
) -> Vec<Line> {
    let (Some(start), Some(ordered)) = (
        order.started_on,
        order
            .contract_service_id
            .and_then(|id| src.services.get(&id)),
    ) else {
        return Vec::new();
    };
    let end = last_day(order);
    let kinds: Vec<PriceKind> = ordered.prices.iter().map(|p| p.kind).collect();
    let mut out = Vec::new();
    let mut line = |kind: PriceKind,
                    service_date: NaiveDate,
                    (numerator, denominator): (i64, i64),
                    attendance_ids: Vec<Uuid>,
                    outcome_id: Option<Uuid>| {
        let priced = priced_on(src, ordered, service_date);
        let (service, price) = match priced {
            Ok(s) => (s, s.prices.iter().find(|p| p.kind == kind)),
            Err(_) => (ordered, None),
        };
        if price.is_none() {
            let (code, why) = match priced {
                Err("CONTRACT_NOT_SIGNED") => (
                    "CONTRACT_NOT_SIGNED",
                    format!("no signed version of the contract is in force on {service_date}"),
                ),
                _ => (
                    "NO_PRICE",
                    format!(
                        "the contract version in force on {service_date} holds no {kind:?} \
                         price for service {}",
                        ordered.service.service_code
                    ),
                ),
            };
            findings.push(Finding {
                severity: InvoiceFindingSeverity::Block,
                code: code.into(),
                service_order_id: Some(order.id),
                message: format!("{why}: the line cannot be priced; add the price in a new contract version or correct the order"),
            });
        }
        let unit = price.map_or(0, |p| p.amount_ore);
        out.push(Line {
            service_order_id: order.id,
            citizen_id: order.citizen_id,
            contract_version_id: service.version.id,
            contract_service_id: service.service.id,
            price_component_id: price.map(|p| p.id),
            kind,
            service_month: month.first,
            service_date,
            quantity_numerator: numerator,
            quantity_denominator: denominator,
            unit_amount_ore: unit,
            amount_ore: round_half_away(
                i128::from(unit) * i128::from(numerator),
                i128::from(denominator),
            ),
            target_group_code: src
                .cases
                .get(&order.citizen_id)
                .and_then(|h| cases::service::target_group_on(h, service_date)),
            budget_frame_code: service.service.budget_frame_code.clone(),
            attendance_ids,
            outcome_id,
            adjusts_line_id: None,
        });
    };
    let active_from = start.max(month.first);
    let active_to = end.map_or(month.last, |e| e.min(month.last));
    for kind in kinds {
        match kind {
            PriceKind::StartFee => {
                if month.contains(start) {
                    line(kind, start, (1, 1), vec![], None);
                }
            }
            PriceKind::MonthlyFee => {
                if active_from <= active_to {
                    let days = (active_to - active_from).num_days() + 1;
                    line(kind, active_from, (days, month.days()), vec![], None);
                }
            }
            PriceKind::WeeklyPrice => {
                let weeks = weeks_billed(start, end, month, src.rule);
                if let Some(first) = weeks.first() {
                    line(kind, *first, (weeks.len() as i64, 1), vec![], None);
                }
            }
            PriceKind::HourlyPrice => {
                let attended: Vec<&offer_attendance::Model> = src
                    .attendance
                    .get(&order.id)
                    .into_iter()
                    .flatten()
                    .filter(|d| d.kind == AttendanceKind::Attended && month.contains(d.day))
                    .collect();
                let minutes: i64 = attended
                    .iter()
                    .map(|d| i64::from(d.minutes.unwrap_or(0)))
                    .sum();
                if let (true, Some(first)) = (minutes > 0, attended.first()) {
                    line(
                        kind,
                        first.day,
                        (minutes, 60),
                        attended.iter().map(|d| d.id).collect(),
                        None,
                    );
                }
            }
            PriceKind::ResultBonus => {
                let weeks = ordered
                    .prices
                    .iter()
                    .find(|p| p.kind == kind)
                    .and_then(|p| p.within_weeks)
                    .unwrap_or(0);
                if let Some((day, outcome)) = bonus(src, order, start, weeks)
                    && month.contains(day)
                {
                    line(kind, day, (1, 1), vec![], Some(outcome));
                }
            }
        }
    }
    out
}

/// The days (each a week's billing day) of the ISO weeks billed in `month` for an order running
/// from `start` to `end`.
pub fn weeks_billed(
    start: NaiveDate,
    end: Option<NaiveDate>,
    month: Month,
    rule: WeekSplitRule,
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut monday = week_start(month.first - Days::new(6));
    while monday <= month.last {
        let sunday = monday + Days::new(6);
        let from = start.max(monday);
        let to = end.map_or(sunday, |e| e.min(sunday));
        if from <= to {
            let billed = match rule {
                WeekSplitRule::FirstActiveDay => from,
                WeekSplitRule::Thursday => (monday + Days::new(3)).clamp(from, to),
            };
            if month.contains(billed) {
                out.push(from);
            }
        }
        monday = monday + Days::new(7);
    }
    out
}

/// The day a result bonus is billed, and the outcome it pays for: the first outcome of the
/// citizen from the order's start to `weeks` weeks after its end; only an order that ended.
fn bonus(
    src: &Sources,
    order: &service_order::Model,
    start: NaiveDate,
    weeks: i32,
) -> Option<(NaiveDate, Uuid)> {
    if order.status != ServiceOrderStatus::Ended {
        return None;
    }
    let end = order.finished_on?;
    let until = end + Days::new(7 * u64::try_from(weeks).ok()?);
    src.outcomes
        .get(&order.citizen_id)?
        .iter()
        .filter(|o| o.starts_on >= start && o.starts_on <= until)
        .min_by_key(|o| o.starts_on)
        .map(|o| (o.starts_on.max(end), o.id))
}

/// The warnings of `month`: final reports missing or overdue, undecided change requests,
/// attendance outside the order's period, and weeks with more hours than ordered.
fn findings(src: &Sources, month: Month, lines: &[Line], out: &mut Vec<Finding>) {
    let billed: HashSet<Uuid> = lines.iter().map(|l| l.service_order_id).collect();
    let warn = |order: Uuid, code: &str, message: String| Finding {
        severity: InvoiceFindingSeverity::Warning,
        code: code.into(),
        service_order_id: Some(order),
        message,
    };
    for order in src.orders.iter().filter(|o| billed.contains(&o.id)) {
        if src.pending.contains(&order.id) {
            out.push(warn(
                order.id,
                "PENDING_CHANGE_REQUEST",
                "a change request on the order is undecided; its outcome may change what is due"
                    .into(),
            ));
        }
        if matches!(
            order.status,
            ServiceOrderStatus::Ended | ServiceOrderStatus::Cancelled
        ) && order.finished_on.is_some_and(|f| f <= month.last)
        {
            match src.finals.get(&order.id) {
                None => out.push(warn(
                    order.id,
                    "FINAL_REPORT_MISSING",
                    "the order has ended and has no final report".into(),
                )),
                Some(r) if r.submitted_at.is_none() && r.due_on.is_some_and(|d| d < src.today) => {
                    out.push(warn(
                        order.id,
                        "FINAL_REPORT_OVERDUE",
                        format!(
                            "the final report was due {} and is not submitted",
                            r.due_on.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        let days: Vec<&offer_attendance::Model> = src
            .attendance
            .get(&order.id)
            .into_iter()
            .flatten()
            .filter(|d| d.kind == AttendanceKind::Attended && month.contains(d.day))
            .collect();
        let end = last_day(order);
        let outside: Vec<String> = days
            .iter()
            .filter(|d| {
                order.started_on.is_none_or(|s| d.day < s) || end.is_some_and(|e| d.day > e)
            })
            .map(|d| d.day.to_string())
            .collect();
        if !outside.is_empty() {
            out.push(warn(
                order.id,
                "ATTENDANCE_OUTSIDE_ORDER",
                format!(
                    "attendance is recorded outside the order's period on {}",
                    outside.join(", ")
                ),
            ));
        }
        if let Some(ordered) = order.minutes_per_week {
            let mut weeks: BTreeMap<NaiveDate, i64> = BTreeMap::new();
            for d in &days {
                *weeks.entry(week_start(d.day)).or_default() += i64::from(d.minutes.unwrap_or(0));
            }
            let over: Vec<String> = weeks
                .iter()
                .filter(|(_, m)| **m > i64::from(ordered))
                .map(|(w, m)| {
                    format!(
                        "week {} ({} of {} hours)",
                        crate::kernel::workdays::iso_week(*w),
                        hours(*m),
                        hours(i64::from(ordered))
                    )
                })
                .collect();
            if !over.is_empty() {
                out.push(warn(
                    order.id,
                    "HOURS_OVER_ORDERED",
                    format!("more hours recorded than ordered: {}", over.join(", ")),
                ));
            }
        }
    }
}

/// Minutes as hours, `37.5`.
pub fn hours(minutes: i64) -> String {
    decimal(minutes, 60)
}

/// An exact fraction as a decimal with at most four places, `0.7`, `37.5`, `0.3548`.
pub fn decimal(numerator: i64, denominator: i64) -> String {
    let scaled = round_half_away(
        i128::from(numerator) * 10_000,
        i128::from(denominator.max(1)),
    );
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, part) = (scaled.abs() / 10_000, scaled.abs() % 10_000);
    let part = format!("{part:04}");
    let part = part.trim_end_matches('0');
    if part.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{part}")
    }
}

/// The adjustments of an approved `month`: what is due for it now less what approved bases
/// paid, per order and price component, each pointing at the approved line it corrects.
fn adjust(month: Month, due: &[Line], paid: &[PaidLine]) -> Vec<Line> {
    type Key = (Uuid, usize);
    let mut was: BTreeMap<Key, (Option<Uuid>, i64, i64, &Line)> = BTreeMap::new();
    for p in paid.iter().filter(|p| p.line.service_month == month.first) {
        let entry = was
            .entry((p.line.service_order_id, kind_order(p.line.kind)))
            .or_insert((None, 0, 0, &p.line));
        if p.line.adjusts_line_id.is_none() {
            entry.0 = Some(p.id);
        } else if entry.0.is_none() {
            entry.0 = p.line.adjusts_line_id;
        }
        entry.1 += p.line.amount_ore;
        entry.2 += p.line.quantity_numerator;
    }
    let now: BTreeMap<Key, &Line> = due
        .iter()
        .map(|l| ((l.service_order_id, kind_order(l.kind)), l))
        .collect();
    let keys: std::collections::BTreeSet<Key> = was.keys().chain(now.keys()).copied().collect();
    let mut out = Vec::new();
    for key in keys {
        let (original, paid_ore, paid_quantity, paid_line) = match was.get(&key) {
            Some((id, ore, q, l)) => (*id, *ore, *q, Some(*l)),
            None => (None, 0, 0, None),
        };
        let due_line = now.get(&key).copied();
        let (due_ore, due_quantity) =
            due_line.map_or((0, 0), |l| (l.amount_ore, l.quantity_numerator));
        if due_ore == paid_ore && due_quantity == paid_quantity {
            continue;
        }
        let Some(base) = due_line.or(paid_line) else {
            continue;
        };
        out.push(Line {
            quantity_numerator: due_quantity - paid_quantity,
            amount_ore: due_ore - paid_ore,
            service_month: month.first,
            attendance_ids: due_line
                .map(|l| l.attendance_ids.clone())
                .unwrap_or_default(),
            adjusts_line_id: original,
            ..base.clone()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(5, 2), 3);
        assert_eq!(round_half_away(-5, 2), -3);
        assert_eq!(round_half_away(7, 3), 2);
        assert_eq!(round_half_away(-7, 3), -2);
        assert_eq!(round_half_away(149, 100), 1);
        assert_eq!(round_half_away(150, 100), 2);
        // 21/30 of 9,999 øre is 6,999.3 øre: 6,999.
        assert_eq!(round_half_away(9_999 * 21, 30), 6_999);
    }

    #[test]
    fn months_parse_and_count_their_days() {
        let m = Month::parse("2027-02").unwrap_or(Month::of(day(2000, 1, 1)));
        assert_eq!(
            (m.first, m.last, m.days()),
            (day(2027, 2, 1), day(2027, 2, 28), 28)
        );
        assert_eq!(m.label(), "2027-02");
        assert!(Month::parse("2027-13").is_none());
        assert!(Month::parse("27-1").is_none());
        assert_eq!(m.back(2).label(), "2026-12");
    }

    #[test]
    fn a_week_across_two_months_is_billed_once_by_the_rule() {
        // The order starts Tuesday 30 November 2027, in the ISO week from Monday 29 November to
        // Sunday 5 December (Thursday 2 December), and runs to Friday 17 December.
        let november = Month::of(day(2027, 11, 1));
        let december = Month::of(day(2027, 12, 1));
        let (start, end) = (day(2027, 11, 30), Some(day(2027, 12, 17)));
        let by_first = |m| weeks_billed(start, end, m, WeekSplitRule::FirstActiveDay).len();
        let by_thursday = |m| weeks_billed(start, end, m, WeekSplitRule::Thursday).len();
        assert_eq!((by_first(november), by_first(december)), (1, 2));
        assert_eq!((by_thursday(november), by_thursday(december)), (0, 3));
        // Started on the Friday after the week's Thursday: billed from its first day.
        let late = day(2027, 12, 3);
        assert_eq!(
            weeks_billed(late, end, november, WeekSplitRule::Thursday).len(),
            0
        );
        assert_eq!(
            weeks_billed(late, end, december, WeekSplitRule::Thursday).len(),
            3
        );
    }

    #[test]
    fn fractions_read_as_decimals() {
        assert_eq!(decimal(2250, 60), "37.5");
        assert_eq!(decimal(21, 30), "0.7");
        assert_eq!(decimal(11, 31), "0.3548");
        assert_eq!(decimal(-90, 60), "-1.5");
        assert_eq!(decimal(3, 1), "3");
    }
}
