//! When an order's supplier reports fall due, from its dates and its target group's policy
//! (rule 7, `003:97-148`). The invariants, whatever the policy: every order gets exactly one
//! final report, due a number of workdays after its end (`003:138`); an order shorter than the
//! policy's threshold gets no periodic reports; in EXCEPTION_ONLY mode (`003:141-142`) only the
//! final one is scheduled, and the provider writes an exception report when something is wrong.

use chrono::{Duration, NaiveDate};
use jobbro_entities::{
    enums::{ReportPolicyMode, SupplierReportKind},
    supplier_report_policy,
};

use crate::kernel::workdays::Workdays;

/// One report to schedule: its kind, the first day of the period it covers, and its due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: SupplierReportKind,
    pub period_from: NaiveDate,
    pub due_on: NaiveDate,
}

/// The first workday on or after `day`.
fn on_or_after(calendar: &Workdays, day: NaiveDate) -> NaiveDate {
    if calendar.is_workday(day) {
        day
    } else {
        calendar.add(day, 1)
    }
}

/// The reports an order running from `start` to `end` owes under `policy`, in due order.
pub fn schedule(
    policy: &supplier_report_policy::Model,
    calendar: &Workdays,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<Due> {
    let mut due = Vec::new();
    let mut period_from = start;
    if policy.mode == ReportPolicyMode::Periodic {
        if policy.start_report {
            let on = calendar.add(start, policy.start_workdays.max(0) as u32);
            if on < end {
                due.push(Due {
                    kind: SupplierReportKind::Start,
                    period_from: start,
                    due_on: on,
                });
            }
        }
        let weeks = (end - start).num_days() / 7;
        if weeks >= i64::from(policy.periodic_from_weeks) {
            let step = Duration::weeks(i64::from(policy.period_weeks.max(1)));
            let mut at = start + step;
            while at < end {
                let on = on_or_after(calendar, at);
                due.push(Due {
                    kind: SupplierReportKind::Periodic,
                    period_from,
                    due_on: on,
                });
                period_from = at;
                at += step;
            }
        }
    }
    due.push(Due {
        kind: SupplierReportKind::Final,
        period_from: start,
        due_on: calendar.add(end, policy.final_workdays.max(0) as u32),
    });
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default()
    }

    fn policy(mode: ReportPolicyMode) -> supplier_report_policy::Model {
        supplier_report_policy::Model {
            target_group_code: "KONTANTHJAELP".into(),
            valid_from: d(1, 1),
            mode,
            start_report: true,
            start_workdays: 10,
            period_weeks: 8,
            periodic_from_weeks: 12,
            final_workdays: 10,
            request_workdays: 5,
        }
    }

    fn kinds(due: &[Due]) -> Vec<SupplierReportKind> {
        due.iter().map(|d| d.kind).collect()
    }

    #[test]
    fn a_long_offer_gets_a_start_periodic_and_one_final_report() {
        // 1 March to 31 May 2027: 13 weeks; periodic every 8 weeks: 26 April.
        let due = schedule(
            &policy(ReportPolicyMode::Periodic),
            &Workdays::default(),
            d(3, 1),
            d(5, 31),
        );
        use SupplierReportKind::*;
        assert_eq!(kinds(&due), [Start, Periodic, Final]);
        assert_eq!(due[0].due_on, d(3, 15));
        assert_eq!(due[1].due_on, d(4, 26));
        // Ten workdays after Monday 31 May: Monday 14 June.
        assert_eq!(due[2].due_on, d(6, 14));
    }

    #[test]
    fn a_short_offer_gets_no_periodic_report_but_its_final_one() {
        // Two weeks: under the 12-week threshold, and the start report would fall after the end.
        let due = schedule(
            &policy(ReportPolicyMode::Periodic),
            &Workdays::default(),
            d(3, 1),
            d(3, 12),
        );
        assert_eq!(kinds(&due), [SupplierReportKind::Final]);
    }

    #[test]
    fn exception_only_schedules_the_final_report_alone() {
        let due = schedule(
            &policy(ReportPolicyMode::ExceptionOnly),
            &Workdays::default(),
            d(3, 1),
            d(8, 31),
        );
        assert_eq!(kinds(&due), [SupplierReportKind::Final]);
    }
}
