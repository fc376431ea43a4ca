//! Every list is bounded and costed: enumerated from the schema, each plain (unpaged) list of
//! objects counts its selection once per row it may hold in the query's complexity, and its
//! description states that bound. Connections are paged with `first` and costed by it.

use std::collections::{HashMap, VecDeque};

use jobbro_api::testing::ComplexityProbe;

use crate::support::schema_walk::{Field, SchemaMap};

/// Arguments for a field on the way to a list: any valid value does, since nothing runs.
fn arguments(f: &Field) -> Option<String> {
    let mut given = Vec::new();
    for (name, ty, required) in &f.args {
        if !required {
            continue;
        }
        let value = match ty.as_str() {
            "ID" | "String" => "\"00000000-0000-0000-0000-000000000000\"".to_string(),
            "DateTime" => format!(
                "\"2026-11-0{}T00:00:00Z\"",
                if name == "to" { 9 } else { 2 }
            ),
            "NaiveDate" => format!("\"2026-11-0{}\"", if name == "to" { 9 } else { 2 }),
            "Int" => "1".to_string(),
            _ => return None,
        };
        given.push(format!("{name}: {value}"));
    }
    Some(if given.is_empty() {
        f.name.clone()
    } else {
        format!("{}({})", f.name, given.join(", "))
    })
}

/// The first scalar field of a type that takes no argument.
fn leaf<'a>(schema: &'a SchemaMap, type_name: &str) -> Option<&'a str> {
    schema
        .fields(type_name)
        .iter()
        .find(|f| !schema.is_object(&f.type_name) && f.args.is_empty() && !f.list)
        .map(|f| f.name.as_str())
}

/// For each object type reachable from the query root, the selection that reaches it: a
/// template with `{}` where the type's own selection goes.
fn paths(schema: &SchemaMap) -> HashMap<String, String> {
    let mut found: HashMap<String, String> = HashMap::new();
    let mut queue = VecDeque::from([("Query".to_string(), "{ {} }".to_string())]);
    found.insert("Query".into(), "{ {} }".into());
    while let Some((type_name, template)) = queue.pop_front() {
        for f in schema.fields(&type_name) {
            if !schema.is_object(&f.type_name) || found.contains_key(&f.type_name) {
                continue;
            }
            let Some(call) = arguments(f) else { continue };
            // Through a connection, to its rows.
            let (target, inner) = if f.connection() {
                (
                    f.type_name.trim_end_matches("Connection").to_string(),
                    format!("{call} {{ nodes {{ {{}} }} }}"),
                )
            } else {
                (f.type_name.clone(), format!("{call} {{ {{}} }}"))
            };
            if found.contains_key(&target) {
                continue;
            }
            let template = template.replacen("{}", &inner, 1);
            found.insert(target.clone(), template.clone());
            queue.push_back((target, template));
        }
    }
    found
}

#[tokio::test]
async fn every_plain_list_costs_its_bound_and_its_description_states_it() -> anyhow::Result<()> {
    let schema = SchemaMap::load()?;
    let probe = ComplexityProbe::default();
    let paths = paths(&schema);
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut names: Vec<&str> = schema.object_names().collect();
    names.sort_unstable();
    for type_name in names {
        if type_name.ends_with("Connection") || type_name.ends_with("Edge") {
            continue;
        }
        for f in schema.fields(type_name) {
            if !f.list || !schema.is_object(&f.type_name) {
                continue;
            }
            let label = format!("{type_name}.{}", f.name);
            // Payloads answer a mutation with its own input's errors; not read as lists.
            if type_name.ends_with("Payload") {
                continue;
            }
            // A workspace has no scalar of its own; it is reached once, which `__typename`
            // (costing nothing) and the floor of one below account for.
            let (Some(path), Some(own), Some(row), Some(call)) = (
                paths.get(type_name),
                leaf(&schema, type_name).or(Some("__typename")),
                leaf(&schema, &f.type_name),
                arguments(f),
            ) else {
                problems.push(format!("{label}: not reachable from the query root"));
                continue;
            };
            let query = |inner: &str| format!("query {}", path.replacen("{}", inner, 1));
            let one = probe
                .measure(&query(&format!("{call} {{ r1: {row} }}")))
                .await
                .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
            let two = probe
                .measure(&query(&format!("{call} {{ r1: {row} r2: {row} }}")))
                .await
                .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
            let beside = probe
                .measure(&query(&format!("o1: {own} {call} {{ r1: {row} }}")))
                .await
                .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
            // One more field per row costs the bound times what one more field of the list's
            // parent costs.
            let per_parent = beside.saturating_sub(one).max(1);
            let bound = two.saturating_sub(one) / per_parent;
            checked += 1;
            if bound < 2 {
                problems.push(format!("{label}: costed as {bound} row(s)"));
                continue;
            }
            let text = f.description.replace('\n', " ").to_lowercase();
            let stated = [
                format!("at most {bound}"),
                format!("newest {bound}"),
                format!("latest {bound}"),
            ];
            if !stated.iter().any(|s| text.contains(s.as_str())) {
                problems.push(format!(
                    "{label}: costed as {bound} rows, but its description does not say so: {text:?}"
                ));
            }
        }
    }
    assert!(checked >= 30, "only {checked} lists checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// A calendar period holding more slots than a listing may hold is refused with a message that
/// says how to ask instead, rather than cut off silently.
#[tokio::test]
async fn a_calendar_period_with_more_than_the_bound_is_refused() -> anyhow::Result<()> {
    use chrono::Duration;
    use jobbro_api::testing::{TestApp, error_code, test_epoch, world};
    use jobbro_entities::{
        enums::{MeetingChannel, MeetingType},
        meeting_slot,
    };
    use sea_orm::{ActiveValue::Set, EntityTrait};
    use serde_json::json;

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let start = test_epoch() + Duration::days(1);
    let slots: Vec<meeting_slot::ActiveModel> = (0..201)
        .map(|i| meeting_slot::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            caseworker_id: Set(w.caseworker_a.subject),
            series_id: Set(None),
            meeting_type: Set(MeetingType::JobConversation),
            channel: Set(MeetingChannel::InPerson),
            location: Set("Rum 1".into()),
            starts_at: Set(start + Duration::minutes(15 * i)),
            ends_at: Set(start + Duration::minutes(15 * i + 15)),
            capacity: Set(1),
            booked: Set(0),
            cancelled_at: Set(None),
            created_at: Set(test_epoch()),
        })
        .collect();
    meeting_slot::Entity::insert_many(slots)
        .exec_without_returning(&app.db)
        .await?;
    let query = "query($from: DateTime!, $to: DateTime!) { caseworker { slots(from: $from, to: $to) { id } } }";
    let period = |hours: i64| json!({ "from": start.to_rfc3339(), "to": (start + Duration::hours(hours)).to_rfc3339() });
    let answer = app.gql(Some(&w.caseworker_a), query, period(24 * 3)).await;
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("more than 200 slots") && m.contains("shorter period")),
        "{answer}"
    );
    // A day of them is fine.
    let answer = app.gql(Some(&w.caseworker_a), query, period(24)).await;
    assert_eq!(answer["errors"], serde_json::Value::Null, "{answer}");
    assert_eq!(
        answer["data"]["caseworker"]["slots"]
            .as_array()
            .map(Vec::len),
        Some(96)
    );
    Ok(())
}

/// The lists bounded by the rules that write them: a plan holds at most 50 goals (and as many
/// activities, offers and appointments).
#[tokio::test]
async fn a_plan_draft_holds_at_most_the_bound() -> anyhow::Result<()> {
    use jobbro_api::testing::{TestApp, world};
    use serde_json::json;

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let goals: Vec<_> = (0..51)
        .map(|i| json!({ "text": format!("Mål {i}") }))
        .collect();
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { userErrors { field code message } } }",
            json!({ "input": { "citizenId": w.citizen_1.subject.to_string(), "expectedDraftVersion": 0,
                "content": { "goals": goals, "activities": [], "offers": [], "appointments": [] } } }),
        )
        .await;
    let error = &answer["data"]["updatePlanDraft"]["userErrors"][0];
    assert_eq!(
        error["field"],
        json!(["input", "content", "goals"]),
        "{answer}"
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("at most 50 goals")),
        "{answer}"
    );
    Ok(())
}
