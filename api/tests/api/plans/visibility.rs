//! Who sees what of a plan (rule 15, `003:2708-2739`): each role its own part; a company the
//! activities it hosts, found by reference, in the version in force.

use anyhow::Context as _;
use jobbro_api::testing::{TestApp, error_code, world};
use jobbro_entities::plan_version;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::{
    graphql::{ok, query, user_error},
    outbox::run_worker,
};

use super::{
    COMPANY_ACTIVITIES, PROVIDER_PLANS, activity_of, comment, my_plan, org, publish_plan,
    published, set_obliged, staff_plan, staff_plan_op, standard_content, update_draft,
};

#[tokio::test]
async fn each_role_sees_only_its_part_of_the_plan_rule_15_003_2708_2739() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);
    published(&app, &w, &w.caseworker_a, c1).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;

    // The citizen: own delivered versions only.
    let mine = my_plan(&app, &w.citizen_1).await?;
    let numbers: Vec<&Value> = mine.iter().map(|v| &v["number"]).collect();
    assert_eq!(numbers, vec![&json!(2), &json!(1)]);
    assert!(my_plan(&app, &w.citizen_2).await?.is_empty());
    assert!(my_plan(&app, &w.citizen_3).await?.is_empty());

    // Caseworker B (another job centre) neither sees nor changes citizen 1's plan.
    let data = query(
        &app,
        &w.caseworker_b,
        &staff_plan_op(),
        json!({ "id": c1.to_string() }),
    )
    .await?;
    assert_eq!(data["caseworker"]["citizen"], Value::Null, "{data}");
    let refused = update_draft(&app, &w.caseworker_b, c1, standard_content(&w)?, 1).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "citizenId"]))
    );
    let refused = publish_plan(&app, &w.caseworker_b, c1, 1, None).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "citizenId"]))
    );
    assert_eq!(plan_version::Entity::find().count(&app.db).await?, 2);
    // Another caseworker of the same job centre sees it (own job centre).
    assert_eq!(
        staff_plan(&app, &w.caseworker_a2, c1).await?["versions"][0]["number"],
        2
    );

    // Provider P: the current version of each referred citizen, nothing for citizen 2 (no
    // plan), and never the follow-ups.
    let data = query(&app, &w.provider_p_coordinator, PROVIDER_PLANS, json!({})).await?;
    let nodes = data["provider"]["participants"]["nodes"]
        .as_array()
        .context("participants")?;
    assert_eq!(nodes.len(), 2);
    let one = nodes
        .iter()
        .find(|n| n["id"] == json!(c1.to_string()))
        .context("citizen 1 is referred to P")?;
    assert_eq!(one["plan"]["id"], v2["id"]);
    assert_eq!(one["plan"]["number"], 2);
    assert_eq!(
        one["plan"]["goals"],
        json!([{ "text": "Job som lagermedarbejder inden sommer" }])
    );
    let two = nodes
        .iter()
        .find(|n| n["id"] == json!(c2.to_string()))
        .context("citizen 2 is referred to P")?;
    assert_eq!(two["plan"], Value::Null);
    // Staff 2 is assigned citizen 2 only, so does not see citizen 1's plan.
    let data = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    let ids: Vec<&Value> = data["provider"]["participants"]["nodes"]
        .as_array()
        .context("participants")?
        .iter()
        .map(|n| &n["id"])
        .collect();
    assert_eq!(ids, vec![&json!(c2.to_string())]);
    let answer = app
        .gql(
            Some(&w.provider_p_coordinator),
            "query { provider { participants(first: 10) { nodes { plan { number followUps { text } } } } } }",
            json!({}),
        )
        .await;
    // Not refused at run time but absent from the type: a provider's plan version has no
    // follow-ups field at all.
    assert_eq!(answer["data"], Value::Null, "{answer}");
    assert!(
        answer["errors"][0]["message"].as_str().is_some_and(
            |m| m.contains("Unknown field \"followUps\" on type \"ProviderPlanVersion\"")
        ),
        "{answer}"
    );

    // Provider Q has no participants, so no plans.
    let data = query(&app, &w.provider_q_coordinator, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(data["provider"]["participants"]["nodes"], json!([]));

    // Companies: `planActivities` is the only plan field they have.
    let answer = app
        .gql(
            Some(&w.company_k),
            "query { company { candidates(first: 10) { nodes { plan { number } } } } }",
            json!({}),
        )
        .await;
    assert!(answer.get("errors").is_some(), "{answer}");
    let types = app
        .gql(
            Some(&w.company_k),
            "query {
              workspace: __type(name: \"CompanyWorkspace\") { fields { name } }
              candidate: __type(name: \"CompanyCandidate\") { fields { name } }
              activity: __type(name: \"CompanyPlanActivity\") { fields { name } }
            }",
            json!({}),
        )
        .await;
    let mut plan_fields = Vec::new();
    for t in ["workspace", "candidate", "activity"] {
        let fields = types["data"][t]["fields"]
            .as_array()
            .with_context(|| format!("no {t} in {types}"))?;
        plan_fields.extend(
            fields
                .iter()
                .filter_map(|f| f["name"].as_str())
                .filter(|n| n.to_lowercase().contains("plan"))
                .map(str::to_string),
        );
    }
    assert_eq!(plan_fields, vec!["planActivities"]);
    // And a company cannot read a citizen's plan through the staff or citizen roots.
    let answer = app
        .gql(
            Some(&w.company_k),
            &staff_plan_op(),
            json!({ "id": c1.to_string() }),
        )
        .await;
    assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");
    Ok(())
}

/// While a new version is on its way by Digital Post, the delivered one stays in force: the
/// company hosting an activity in it still sees the activity it may comment on.
#[tokio::test]
async fn a_company_keeps_seeing_its_activity_while_the_next_version_is_not_yet_delivered_rule_5()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let company_activity = activity_of(&v1, "companyId", org(&w.company_k)?)?;

    set_obliged(&app, c1, false).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v2["valid"], false);

    // Version 1 is what binds until version 2 is delivered: the provider reads it, the company
    // sees its activity in it, and both may comment.
    let p = query(&app, &w.provider_p_staff1, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        p["provider"]["participants"]["nodes"][0]["plan"]["number"],
        1
    );
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(
        k["company"]["planActivities"]["nodes"][0]["activity"]["id"],
        json!(company_activity),
        "{k}"
    );
    ok(&comment(&app, &w.company_k, c1, &company_activity, "Vi er klar.").await?)?;

    run_worker(&app).await?;
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    let listed = k["company"]["planActivities"]["nodes"]
        .as_array()
        .context("planActivities")?;
    assert_eq!(
        listed.len(),
        1,
        "one activity, from the delivered version 2: {listed:?}"
    );
    assert_eq!(listed[0]["activity"]["id"], json!(company_activity));
    Ok(())
}

#[tokio::test]
async fn a_company_sees_the_activities_it_hosts_by_reference_not_where_its_id_is_written_rule_15()
-> anyhow::Result<()> {
    use jobbro_entities::plan_activity;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let l = org(&w.company_l)?;
    // Company L's id appears in the plan's text, but K hosts the internship.
    let mut content = standard_content(&w)?;
    content["goals"][0]["text"] = json!(format!("Praktik som hos {l}"));
    content["activities"][0]["description"] = json!(format!("Mentor, ikke {l}"));
    let saved = update_draft(&app, &w.caseworker_a, c1, content, 0).await?;
    ok(&saved)?;
    let version = publish_plan(&app, &w.caseworker_a, c1, 1, None).await?;
    ok(&version)?;

    // The published version's activities are rows, in the plan's order, naming who runs and
    // who hosts each.
    let rows = plan_activity::Entity::find()
        .filter(plan_activity::Column::CitizenId.eq(c1))
        .all(&app.db)
        .await?;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows.iter()
            .map(|r| (r.position, r.provider_id, r.company_id))
            .collect::<Vec<_>>(),
        vec![
            (0, Some(org(&w.provider_p_coordinator)?), None),
            (1, None, Some(org(&w.company_k)?)),
        ]
    );

    let seen_by_l = query(&app, &w.company_l, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(seen_by_l["company"]["planActivities"]["nodes"], json!([]));
    let seen_by_k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(
        seen_by_k["company"]["planActivities"]["nodes"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    Ok(())
}
