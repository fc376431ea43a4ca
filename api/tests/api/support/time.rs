//! Times the tests build on, relative to the test clock's start.

use anyhow::Context as _;
use chrono::{DateTime, Duration, TimeZone, Utc};
use jobbro_api::testing::test_epoch;

/// Tomorrow 09:00 UTC (10:00 in Denmark), well beyond the two-hour booking lead.
pub(crate) fn tomorrow() -> DateTime<Utc> {
    test_epoch() + Duration::days(1)
}

pub(crate) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> anyhow::Result<DateTime<Utc>> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .context("not a time")
}
