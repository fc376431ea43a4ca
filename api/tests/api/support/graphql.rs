//! Calling the schema as the portals do, and reading the answers.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use jobbro_api::testing::{Principal, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

/// Runs a mutation and returns its payload; a top-level GraphQL error fails the test.
pub(crate) async fn mutate(
    app: &TestApp,
    who: &Principal,
    query: &str,
    variables: Value,
    field: &str,
) -> anyhow::Result<Value> {
    let answer = app.gql(Some(who), query, variables).await;
    anyhow::ensure!(
        answer.get("errors").is_none(),
        "{field} answered with errors: {answer}"
    );
    Ok(answer["data"][field].clone())
}

/// Runs a query and returns `data`; a top-level GraphQL error fails the test.
pub(crate) async fn query(
    app: &TestApp,
    who: &Principal,
    query: &str,
    variables: Value,
) -> anyhow::Result<Value> {
    let answer = app.gql(Some(who), query, variables).await;
    anyhow::ensure!(
        answer.get("errors").is_none(),
        "query answered with errors: {answer}"
    );
    Ok(answer["data"].clone())
}

/// Fails unless the payload has no user errors.
pub(crate) fn ok(payload: &Value) -> anyhow::Result<()> {
    anyhow::ensure!(
        payload["userErrors"] == json!([]),
        "unexpected user errors: {payload}"
    );
    Ok(())
}

/// The first user error's code and field path.
pub(crate) fn user_error(payload: &Value) -> (Value, Value) {
    (
        payload["userErrors"][0]["code"].clone(),
        payload["userErrors"][0]["field"].clone(),
    )
}

pub(crate) fn id_of(value: &Value) -> anyhow::Result<String> {
    value["id"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("no id in {value}"))
}

pub(crate) fn uuid_of(value: &Value) -> anyhow::Result<Uuid> {
    Ok(Uuid::parse_str(&id_of(value)?)?)
}

pub(crate) fn time_of(value: &Value) -> anyhow::Result<DateTime<Utc>> {
    let text = value
        .as_str()
        .with_context(|| format!("not a time: {value}"))?;
    Ok(DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc))
}

/// Sets the fields of `extra` on the object `base` (variables, inputs).
pub(crate) fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        for (k, v) in extra {
            base.insert(k, v);
        }
    }
}
