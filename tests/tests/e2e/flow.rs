//! Ordered flows of portal operations: each step names an operation file, who sends it, its
//! variables (which may use earlier answers and move the test clock) and what its answer must
//! show. Shared by the meeting and plan flows.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result, ensure};
use jobbro_api::testing::{Principal, World};
use serde_json::Value;

use crate::{
    harness::{Server, array, at},
    portals::{check_variables, parse, portal_files},
};

/// The answers so far, by step label.
pub(crate) type Answers = BTreeMap<&'static str, Value>;

/// One step of the flow.
pub(crate) struct Step {
    pub(crate) portal: &'static str,
    pub(crate) name: &'static str,
    /// Names this step's answer for later steps (an operation may run more than once).
    pub(crate) label: &'static str,
    pub(crate) who: fn(&World) -> Principal,
    /// The variables; may move the test clock first.
    pub(crate) variables: fn(&Server, &Answers) -> Result<Value>,
    /// Checks the answer's `data`, against the world and the earlier answers.
    pub(crate) check: fn(&World, &Answers, &Value) -> Result<()>,
}

pub(crate) fn id(u: uuid::Uuid) -> Value {
    Value::String(u.to_string())
}

pub(crate) fn answer<'a>(answers: &'a Answers, label: &str, pointer: &str) -> Result<&'a Value> {
    let data = answers
        .get(label)
        .with_context(|| format!("no answer from {label} yet"))?;
    at(data, pointer)
}

pub(crate) fn set_clock(server: &Server, rfc3339: &str) -> Result<()> {
    let t = chrono::DateTime::parse_from_rfc3339(rfc3339)?.with_timezone(&chrono::Utc);
    server.app.clock.set(t);
    Ok(())
}

/// The draft's item with `key` equal to `value` (e.g. the activity whose `providerId` is P).
/// Runs the steps in order against the server, checking each answer.
pub(crate) async fn run(server: &Server, steps: Vec<Step>) -> Result<()> {
    run_after(server, steps, Answers::new()).await.map(|_| ())
}

/// As [`run`], going on from the answers of an earlier part of the flow; returns them with
/// this part's added (for flows that do something between parts, such as running the worker).
pub(crate) async fn run_after(
    server: &Server,
    steps: Vec<Step>,
    mut answers: Answers,
) -> Result<Answers> {
    let files = portal_files()?;
    for step in steps {
        let file = files
            .iter()
            .find(|f| f.portal == step.portal && f.name == step.name)
            .with_context(|| format!("portals/{}/{}.graphql is missing", step.portal, step.name))?;
        let context = || {
            format!(
                "{} (portals/{}/{}.graphql)",
                step.label, step.portal, step.name
            )
        };
        let variables = (step.variables)(server, &answers).with_context(context)?;
        let parsed = parse(file)?;
        check_variables(file, &parsed, &variables)?;
        let who = (step.who)(&server.world);
        let reply = server
            .operation(&who, &file.text, &file.name, &variables)
            .await?;
        let body = &reply.body;
        ensure!(
            reply.status == reqwest::StatusCode::OK,
            "{}: HTTP {}: {body}",
            context(),
            reply.status
        );
        ensure!(
            body.get("errors").is_none(),
            "{}: errors: {body}",
            context()
        );
        let data = body
            .get("data")
            .cloned()
            .with_context(|| format!("{}: no data", context()))?;
        if parsed.is_mutation {
            for (field, payload) in data.as_object().context("data is not an object")? {
                let errors = array(payload, "/userErrors")
                    .with_context(|| format!("{field} must select userErrors"))?;
                ensure!(errors.is_empty(), "{}: userErrors {errors:?}", context());
            }
        }
        (step.check)(&server.world, &answers, &data)
            .with_context(|| format!("{}: unexpected data: {data}", context()))?;
        answers.insert(step.label, data);
    }
    Ok(answers)
}
