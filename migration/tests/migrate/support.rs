//! Helpers shared by the topics: results and checks, fixed times and dates, the database URL of
//! a fresh PostgreSQL database, model builders, and the round-trip macro.

use chrono::{DateTime, NaiveDate, Utc};
use jobbro_entities::enums::*;
use jobbro_entities::*;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use uuid::Uuid;

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub fn ensure(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(msg.into().into()) }
}

/// A fixed time with whole seconds, so it survives PostgreSQL's microsecond precision.
pub fn at(secs: i64) -> TestResult<DateTime<Utc>> {
    DateTime::from_timestamp(1_795_000_000 + secs, 0).ok_or_else(|| "bad timestamp".into())
}

pub fn day(y: i32, m: u32, d: u32) -> TestResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| "bad date".into())
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> TestResult<String> {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let (server, _) = base
        .rsplit_once('/')
        .ok_or("JOBBRO_TEST_DATABASE_URL has no database name")?;
    Ok(match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    })
}

/// Runs `check` on a fresh PostgreSQL database `jobbro_mig_*_{suffix}` made next to the one in
/// `JOBBRO_TEST_DATABASE_URL` and dropped afterwards; skipped (with a note) when that is not set.
pub async fn on_fresh_postgres<F, Fut>(suffix: &str, check: F) -> TestResult
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let Ok(url) = std::env::var("JOBBRO_TEST_DATABASE_URL") else {
        eprintln!("JOBBRO_TEST_DATABASE_URL not set; skipping the PostgreSQL test");
        return Ok(());
    };
    let admin = Database::connect(&url).await?;
    let name = format!(
        "jobbro_mig_{}_{}_{suffix}",
        std::process::id(),
        Utc::now().timestamp_micros()
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let outcome: TestResult = async {
        let db = Database::connect(&with_database(&url, &name)?).await?;
        let outcome = check(db.clone()).await;
        db.close().await?;
        outcome
    }
    .await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await?;
    admin.close().await?;
    outcome
}

pub fn citizen_model(jobcentre_id: Uuid, cpr: &str) -> TestResult<citizen::Model> {
    Ok(citizen::Model {
        id: Uuid::now_v7(),
        jobcentre_id,
        cpr: cpr.into(),
        given_name: "Karen".into(),
        family_name: "Jensen".into(),
        street: "Åboulevarden 1".into(),
        postal_code: "8000".into(),
        city: "Aarhus C".into(),
        protected_address: false,
        phone: Some("+4512345678".into()),
        email: None,
        preferred_channel: Channel::DigitalPost,
        obliged_digital: true,
        created_at: at(10)?,
        updated_at: at(11)?,
        co_name: None,
        co_street: None,
        co_postal_code: None,
        co_city: None,
    })
}

pub fn plan_version_model(
    plan: &plan::Model,
    published_by: Uuid,
    number: i32,
) -> TestResult<plan_version::Model> {
    Ok(plan_version::Model {
        id: Uuid::now_v7(),
        plan_id: plan.id,
        jobcentre_id: plan.jobcentre_id,
        citizen_id: plan.citizen_id,
        number,
        content: r#"{"goals":[]}"#.into(),
        content_hash: "0".repeat(64),
        published_by,
        published_at: at(100)?,
        delivery: PlanDelivery::Portal,
        acknowledgement_requested: true,
        delivered_at: None,
        superseded_at: None,
    })
}

/// Inserts `$model` through its entity and checks it reads back unchanged.
macro_rules! round_trip {
    ($db:expr, $module:ident, $model:expr) => {{
        let model: $module::Model = $model;
        let inserted = model.clone().into_active_model().insert($db).await?;
        ensure(
            inserted == model,
            format!(
                "{}: insert returned {inserted:?}, expected {model:?}",
                stringify!($module)
            ),
        )?;
        let all = $module::Entity::find().all($db).await?;
        ensure(
            all.contains(&model),
            format!("{}: {model:?} not read back", stringify!($module)),
        )?;
        model
    }};
}
pub(crate) use round_trip;

/// A citizen inserted by a test that stops before migration 17 (which added the temporary
/// address): the row without those columns, and its id.
pub struct OldCitizen {
    pub id: Uuid,
}

/// Inserts [`citizen_model`] leaving out the columns later migrations added.
pub async fn insert_old_citizen(
    db: &sea_orm::DatabaseConnection,
    jobcentre_id: Uuid,
    cpr: &str,
) -> TestResult<OldCitizen> {
    use sea_orm::{ActiveValue::NotSet, EntityTrait, IntoActiveModel};
    let mut row = citizen_model(jobcentre_id, cpr)?.into_active_model();
    row.co_name = NotSet;
    row.co_street = NotSet;
    row.co_postal_code = NotSet;
    row.co_city = NotSet;
    let id = row.id.clone().unwrap();
    citizen::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(OldCitizen { id })
}
