//! Danish workdays: Monday to Friday except the public holidays held as data in
//! `public_holidays` (helligdage, seeded by migration, extended by the municipality). Deadlines
//! "within N workdays" (supplier reports, change requests, messages) count with [`Workdays`].

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use jobbro_entities::public_holiday;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::error::AppResult;

/// The workdays of a stretch of the calendar: the holidays of that stretch, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workdays {
    holidays: BTreeSet<NaiveDate>,
}

impl Workdays {
    /// A calendar knowing `holidays` (and every Saturday and Sunday).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// The calendar from `from` to `to`, both included, with its holidays from the database.
    pub async fn load(
        db: &impl ConnectionTrait,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Self> {
        let days: Vec<NaiveDate> = public_holiday::Entity::find()
            .select_only()
            .column(public_holiday::Column::Day)
            .filter(public_holiday::Column::Day.between(from, to))
            .into_tuple()
            .all(db)
            .await?;
        Ok(Self::new(days))
    }

    /// The calendar needed to count `workdays` workdays on from `from`: a week and a half per
    /// five workdays covers any run of Danish holidays.
    pub async fn around(
        db: &impl ConnectionTrait,
        from: NaiveDate,
        workdays: u32,
    ) -> AppResult<Self> {
        let span = i64::from(workdays) * 2 + 14;
        Self::load(db, from, from + Duration::days(span)).await
    }

    /// Whether `day` is a workday.
    pub fn is_workday(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The `n`-th workday after `from` (`from` itself when `n` is 0): a deadline of `n`
    /// workdays from an event on `from`.
    pub fn add(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_workday(day) {
                left -= 1;
            }
        }
        day
    }

    /// The workdays after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_workday(*d))
            .count() as u32
    }
}

/// The Monday of `day`'s ISO week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// `day`'s ISO week as `2027-W10`.
pub fn iso_week(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    /// Easter 2027: Maundy Thursday 25 March, Good Friday 26 March, Easter Monday 29 March.
    fn easter_2027() -> Workdays {
        Workdays::new([
            d(2027, 3, 25),
            d(2027, 3, 26),
            d(2027, 3, 28),
            d(2027, 3, 29),
        ])
    }

    #[test]
    fn three_workdays_from_a_friday_end_on_wednesday() {
        // Friday 5 March 2027 + 3 workdays: Mon 8, Tue 9, Wed 10.
        assert_eq!(Workdays::default().add(d(2027, 3, 5), 3), d(2027, 3, 10));
    }

    #[test]
    fn the_easter_holidays_and_the_weekend_between_them_do_not_count() {
        // Wednesday 24 March 2027 + 3 workdays: Thu 25 and Fri 26 are holidays, the weekend,
        // Mon 29 is Easter Monday: Tue 30, Wed 31, Thu 1 April.
        let cal = easter_2027();
        assert_eq!(cal.add(d(2027, 3, 24), 3), d(2027, 4, 1));
        assert_eq!(cal.between(d(2027, 3, 24), d(2027, 4, 1)), 3);
    }

    #[test]
    fn zero_workdays_is_the_same_day_and_counting_backwards_is_none() {
        let cal = Workdays::default();
        assert_eq!(cal.add(d(2027, 3, 6), 0), d(2027, 3, 6));
        assert_eq!(cal.between(d(2027, 3, 10), d(2027, 3, 5)), 0);
    }

    #[test]
    fn iso_weeks_start_on_monday_and_cross_the_new_year() {
        assert_eq!(week_start(d(2027, 3, 7)), d(2027, 3, 1));
        assert_eq!(iso_week(d(2027, 1, 1)), "2026-W53");
        assert_eq!(iso_week(d(2027, 3, 10)), "2027-W10");
    }
}
