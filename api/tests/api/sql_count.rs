//! A list's number of SQL statements does not grow with its length.

use jobbro_api::testing::{TestApp, world};
use jobbro_entities::{case, citizen, enums::Channel};
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::json;
use uuid::Uuid;

async fn add_to_caseload(
    app: &TestApp,
    jobcentre: Uuid,
    caseworker: Uuid,
    n: usize,
) -> anyhow::Result<()> {
    let now = jobbro_api::testing::test_epoch();
    for i in 0..n {
        let person = citizen::Model {
            id: Uuid::now_v7(),
            jobcentre_id: jobcentre,
            cpr: format!("7{:05}-{:04}", i, i),
            given_name: format!("Borger{i}"),
            family_name: "Mængde".into(),
            street: "Listevej 1".into(),
            postal_code: "9901".into(),
            city: "Nordby".into(),
            protected_address: false,
            phone: None,
            email: None,
            preferred_channel: Channel::Portal,
            obliged_digital: true,
            created_at: now,
            updated_at: now,
        };
        citizen::Entity::insert(person.clone().into_active_model())
            .exec_without_returning(&app.db)
            .await?;
        case::Entity::insert(
            case::Model {
                id: Uuid::now_v7(),
                jobcentre_id: jobcentre,
                citizen_id: person.id,
                contact_group_code: "DAGPENGE".into(),
                target_group_code: "DAGPENGE".into(),
                visitation_category: None,
                assigned_caseworker_id: Some(caseworker),
                opened_at: now,
                closed_at: None,
                deadline: None,
                version: 1,
            }
            .into_active_model(),
        )
        .exec_without_returning(&app.db)
        .await?;
    }
    Ok(())
}

const CASELOAD: &str = "query($first: Int) { caseworker { caseload(first: $first) { edges { node { cpr givenName cases { contactGroup } } } } } }";

#[tokio::test]
async fn a_caseload_page_costs_the_same_statements_for_5_and_for_50_citizens() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    add_to_caseload(&app, w.jobcentre_a, w.caseworker_a.subject, 60).await?;

    let mut costs = Vec::new();
    for first in [5, 50] {
        let before = app.statement_count();
        let answer = app
            .gql(Some(&w.caseworker_a), CASELOAD, json!({ "first": first }))
            .await;
        assert!(answer["errors"].is_null(), "{answer}");
        let edges = answer["data"]["caseworker"]["caseload"]["edges"]
            .as_array()
            .map(Vec::len);
        assert_eq!(edges, Some(first), "{answer}");
        costs.push(app.statement_count() - before);
    }
    assert_eq!(costs[0], costs[1], "statements for 5 vs 50 rows: {costs:?}");
    Ok(())
}
