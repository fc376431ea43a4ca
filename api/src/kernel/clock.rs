//! Time as a dependency, so tests can move it (deadlines, overdue, cadence).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn at(t: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(t)))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }

    pub fn advance(&self, d: chrono::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *guard += d;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The clock handed to services.
pub type SharedClock = Arc<dyn Clock>;

/// The calendar day in Denmark at `t`: business dates (absence days, deadlines) are Danish days.
pub fn danish_date(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive()
}

/// A time as Danes read it, in Danish time: `03.11.2026 kl. 10:00` (letters and alerts).
pub fn danish_datetime(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Copenhagen)
        .format("%d.%m.%Y kl. %H:%M")
        .to_string()
}

/// The hour and minute of a time in Danish time: `10:00`.
pub fn danish_hour(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Copenhagen)
        .format("%H:%M")
        .to_string()
}

/// The first instant of a Danish calendar day, in UTC (the start of a period of days).
pub fn danish_midnight(day: chrono::NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono_tz::Europe::Copenhagen
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}
