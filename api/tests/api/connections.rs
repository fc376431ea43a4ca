//! Every connection pages both ways and counts itself: `first`/`after` forward, `last`/`before`
//! backward, `pageInfo` exact at both ends, and `totalCount` equal to the rows a client can page
//! through. The connections come from the schema, not from a hand-picked list.

use std::collections::BTreeSet;

use jobbro_api::testing::{Principal, TestApp, World, error_code, world};
use serde_json::{Value, json};

use crate::{
    statements_every_list::{args, populate},
    support::schema_walk::SchemaMap,
};

/// Every root connection of every audience: `(label, who, root, field call without paging)`.
fn root_connections(schema: &SchemaMap, w: &World) -> Vec<(String, Principal, String, String)> {
    let roots = [
        ("citizen", "CitizenSelf", w.citizen_1),
        ("caseworker", "CaseworkerWorkspace", w.manager_a),
        ("provider", "ProviderWorkspace", w.provider_p_coordinator),
        ("company", "CompanyWorkspace", w.company_k),
    ];
    let mut out = Vec::new();
    for (root, type_name, who) in roots {
        for f in schema.fields(type_name) {
            if !f.connection() {
                continue;
            }
            // Keep the field's other arguments (a period), drop its paging.
            let other: Vec<String> = args(f)
                .unwrap_or_default()
                .split(", ")
                .filter(|a| !a.is_empty() && !a.starts_with("first"))
                .map(str::to_string)
                .collect();
            let call = if other.is_empty() {
                f.name.clone()
            } else {
                format!("{}({})", f.name, other.join(", "))
            };
            out.push((format!("{root}.{}", f.name), who, root.to_string(), call));
        }
    }
    out
}

/// One page: cursors, pageInfo and totalCount.
async fn page(
    app: &TestApp,
    who: &Principal,
    root: &str,
    call: &str,
    paging: &str,
) -> anyhow::Result<(Vec<String>, Value, i64)> {
    let call = match call.split_once('(') {
        Some((name, rest)) => format!("{name}({paging}, {rest}"),
        None => format!("{call}({paging})"),
    };
    let query = format!(
        "{{ {root} {{ {call} {{ totalCount edges {{ cursor }} pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }} }} }} }}"
    );
    let answer = app.gql(Some(who), &query, json!({})).await;
    anyhow::ensure!(answer["errors"].is_null(), "{query}: {}", answer["errors"]);
    let conn = answer["data"][root]
        .as_object()
        .and_then(|o| o.values().next())
        .cloned()
        .unwrap_or_default();
    let cursors = conn["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["cursor"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok((
        cursors,
        conn["pageInfo"].clone(),
        conn["totalCount"].as_i64().unwrap_or(-1),
    ))
}

#[test]
fn every_connection_takes_both_directions_and_has_a_total_count() -> anyhow::Result<()> {
    let schema = SchemaMap::load()?;
    let mut connections = 0;
    let mut missing = BTreeSet::new();
    for type_name in schema.object_names() {
        for f in schema.fields(type_name) {
            if !f.type_name.ends_with("Connection") {
                continue;
            }
            connections += 1;
            for arg in ["first", "after", "last", "before"] {
                if !f.args.iter().any(|(n, _, _)| n == arg) {
                    missing.insert(format!("{type_name}.{} has no `{arg}`", f.name));
                }
            }
            let fields: Vec<&str> = schema
                .fields(&f.type_name)
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            for needed in ["totalCount", "pageInfo", "edges", "nodes"] {
                if !fields.contains(&needed) {
                    missing.insert(format!("{} has no `{needed}`", f.type_name));
                }
            }
        }
    }
    assert!(connections >= 10, "only {connections} connections found");
    assert!(missing.is_empty(), "{missing:#?}");
    Ok(())
}

#[tokio::test]
async fn every_connection_pages_forward_and_backward_over_the_same_rows() -> anyhow::Result<()> {
    let schema = SchemaMap::load()?;
    let app = TestApp::spawn_with(|s| s.limits.max_complexity = usize::MAX).await?;
    let w = world(&app.db).await?;
    populate(&app, &w, 7).await?;
    let mut checked = 0;
    for (label, who, root, call) in root_connections(&schema, &w) {
        let (all, info, total) = page(&app, &who, &root, &call, "first: 100").await?;
        assert_eq!(total, all.len() as i64, "{label}: totalCount");
        assert_eq!(info["hasPreviousPage"], false, "{label}: {info}");
        assert_eq!(info["hasNextPage"], false, "{label}: {info}");
        if all.len() < 5 {
            continue;
        }
        checked += 1;

        // Forward by 2.
        let mut forward = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let paging = match &after {
                Some(c) => format!("first: 2, after: \"{c}\""),
                None => "first: 2".into(),
            };
            let (rows, info, _) = page(&app, &who, &root, &call, &paging).await?;
            assert_eq!(
                info["hasPreviousPage"],
                after.is_some(),
                "{label} forward after {after:?}: {info}"
            );
            forward.extend(rows);
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].as_str().map(str::to_string);
        }
        assert_eq!(forward, all, "{label}: forward pages");

        // Backward by 2, from the end.
        let mut backward: Vec<String> = Vec::new();
        let mut before: Option<String> = None;
        loop {
            let paging = match &before {
                Some(c) => format!("last: 2, before: \"{c}\""),
                None => "last: 2".into(),
            };
            let (rows, info, _) = page(&app, &who, &root, &call, &paging).await?;
            assert_eq!(
                info["hasNextPage"],
                before.is_some(),
                "{label} backward before {before:?}: {info}"
            );
            backward.splice(0..0, rows);
            if info["hasPreviousPage"] != true {
                break;
            }
            before = info["startCursor"].as_str().map(str::to_string);
        }
        assert_eq!(backward, all, "{label}: backward pages");
    }
    assert!(
        checked >= 5,
        "only {checked} connections had rows enough to page"
    );
    Ok(())
}

#[tokio::test]
async fn first_and_last_together_are_refused_with_a_clear_message() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "{ caseworker { citizens(first: 2, last: 2) { totalCount } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not both")),
        "{answer}"
    );
    Ok(())
}
