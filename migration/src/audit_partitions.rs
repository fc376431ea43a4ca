//! The monthly partitions of `audit_events` on PostgreSQL (`docs/data-model.md`): the table is
//! partitioned by `occurred_at`, one partition per calendar month (UTC) named
//! `audit_events_YYYY_MM`, and a default partition catches any row no month partition takes.
//! Retention is then a partition drop ([`prune`]), not a delete of millions of rows.
//!
//! On SQLite the table is a plain table; [`prune`] deletes the rows instead and [`ensure`] has
//! nothing to do.

use chrono::{Datelike, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// Months ahead of today that keep a partition ready: made by the migration, and again by
/// `jobbro serve` and `jobbro audit prune` ([`ensure_ahead`]).
pub const MONTHS_AHEAD: u32 = 12;

/// The partition that takes rows of months without a partition of their own.
pub const DEFAULT_PARTITION: &str = "audit_events_default";

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after `month`'s.
pub fn next_month(month: NaiveDate) -> NaiveDate {
    let month = month_of(month);
    month.checked_add_months(Months::new(1)).unwrap_or(month)
}

/// `months` months before `month` (a first of the month).
pub fn months_before(month: NaiveDate, months: u32) -> NaiveDate {
    month_of(month)
        .checked_sub_months(Months::new(months))
        .unwrap_or(month)
}

/// The partition of `month`'s rows.
pub fn partition_name(month: NaiveDate) -> String {
    format!("audit_events_{:04}_{:02}", month.year(), month.month())
}

/// The month a partition holds, from its name; `None` for the default partition.
fn month_of_partition(name: &str) -> Option<NaiveDate> {
    let rest = name.strip_prefix("audit_events_")?;
    let (y, m) = rest.split_once('_')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// Whether `audit_events` is a partitioned table (PostgreSQL once migrated).
pub async fn is_partitioned(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(false);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relkind::text AS kind FROM pg_class c \
             WHERE c.oid = to_regclass('audit_events')",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<String>("", "kind")? == "p",
        None => false,
    })
}

/// Creates the partitions of the months `from` to `to` (both included) that do not exist yet;
/// returns the names of those it created. Nothing on SQLite.
pub async fn ensure(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<String>, DbErr> {
    if !is_partitioned(db).await? {
        return Ok(Vec::new());
    }
    let existing = partitions(db).await?;
    let mut created = Vec::new();
    let mut month = month_of(from);
    while month <= to {
        let name = partition_name(month);
        if !existing.contains(&name) {
            db.execute_unprepared(&format!(
                "CREATE TABLE IF NOT EXISTS {name} PARTITION OF audit_events \
                 FOR VALUES FROM ('{month} 00:00:00+00') TO ('{} 00:00:00+00')",
                next_month(month)
            ))
            .await
            .map_err(|e| {
                DbErr::Custom(format!(
                    "could not create the audit partition {name}: {e} (rows of that month in \
                     {DEFAULT_PARTITION} must be moved out first)"
                ))
            })?;
            created.push(name);
        }
        month = next_month(month);
    }
    Ok(created)
}

/// Creates the partitions of the months from `today`'s to [`MONTHS_AHEAD`] months later that do
/// not exist yet; returns the names of those it created.
pub async fn ensure_ahead(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<String>, DbErr> {
    let until = today
        .checked_add_months(Months::new(MONTHS_AHEAD))
        .unwrap_or(today);
    ensure(db, today, until).await
}

/// The names of `audit_events`' partitions.
async fn partitions(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    db.query_all_raw(Statement::from_string(
        DbBackend::Postgres,
        "SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = to_regclass('audit_events') ORDER BY 1",
    ))
    .await?
    .iter()
    .map(|row| row.try_get::<String>("", "name"))
    .collect()
}

/// What [`prune`] removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pruned {
    /// The partitions dropped, with the rows each held.
    pub dropped: Vec<(String, i64)>,
    /// Rows deleted one by one: from the default partition, or on SQLite.
    pub deleted: u64,
}

/// Removes the audit rows of every month before `before` (a first of the month): on
/// PostgreSQL by dropping those months' partitions and deleting the older rows the default
/// partition holds; on SQLite by deleting them.
pub async fn prune(db: &impl ConnectionTrait, before: NaiveDate) -> Result<Pruned, DbErr> {
    let before = month_of(before);
    let cutoff = Utc.from_utc_datetime(&before.and_time(NaiveTime::MIN));
    let mut pruned = Pruned::default();
    if !is_partitioned(db).await? {
        let backend = db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => "DELETE FROM audit_events WHERE occurred_at < $1",
            _ => "DELETE FROM audit_events WHERE occurred_at < ?",
        };
        pruned.deleted = db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [Value::from(cutoff)],
            ))
            .await?
            .rows_affected();
        return Ok(pruned);
    }
    for name in partitions(db).await? {
        let Some(month) = month_of_partition(&name) else {
            continue;
        };
        if next_month(month) > before {
            continue;
        }
        let rows = db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT count(*) AS n FROM {name}"),
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        db.execute_unprepared(&format!("DROP TABLE {name}")).await?;
        pruned.dropped.push((name, rows));
    }
    pruned.deleted = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("DELETE FROM {DEFAULT_PARTITION} WHERE occurred_at < $1"),
            [Value::from(cutoff)],
        ))
        .await?
        .rows_affected();
    Ok(pruned)
}
