//! The demo municipality: deterministic, the promised size, a principal per role.

use jobbro_api::{
    auth::Role,
    demo::{self, DemoOptions},
    testing::TestApp,
};
use jobbro_entities::{caseworker, citizen, company, provider};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;

#[tokio::test]
async fn the_demo_is_deterministic_and_has_a_principal_for_every_portal() -> anyhow::Result<()> {
    let (one, two) = (TestApp::spawn().await?, TestApp::spawn().await?);
    let options = DemoOptions {
        citizens: 60,
        today: jobbro_api::testing::test_epoch().date_naive(),
    };
    let summary = demo::seed(&one.db, &options, |_| {}).await?;
    demo::seed(&two.db, &options, |_| {}).await?;

    assert_eq!(summary.citizens, 60);
    assert_eq!(citizen::Entity::find().count(&one.db).await?, 60);
    assert_eq!(caseworker::Entity::find().count(&one.db).await?, 20);
    assert_eq!(provider::Entity::find().count(&one.db).await?, 10);
    assert_eq!(company::Entity::find().count(&one.db).await?, 50);

    let people = |db| async move {
        citizen::Entity::find()
            .order_by_asc(citizen::Column::Id)
            .all(db)
            .await
    };
    assert_eq!(
        people(&one.db).await?,
        people(&two.db).await?,
        "same options, same rows"
    );
    assert!(
        people(&one.db)
            .await?
            .iter()
            .all(|c| c.cpr[..2].parse::<u32>().is_ok_and(|day| day > 60)),
        "demo CPR numbers use a day of month no real CPR number has"
    );

    let principals = demo::principals(&one.db).await?;
    let roles: Vec<Role> = principals.iter().map(|p| p.role).collect();
    assert_eq!(
        roles,
        vec![
            Role::Citizen,
            Role::Caseworker,
            Role::Manager,
            Role::ProviderCoordinator,
            Role::ProviderStaff,
            Role::Company
        ]
    );
    // Every printed token opens a non-empty portal.
    let portal = [
        ("{ citizen { id } }", "/data/citizen/id"),
        (
            "{ caseworker { caseload(first: 1) { edges { node { id } } } } }",
            "/data/caseworker/caseload/edges/0/node/id",
        ),
        (
            "{ caseworker { citizens(first: 1) { edges { node { id } } } } }",
            "/data/caseworker/citizens/edges/0/node/id",
        ),
        (
            "{ provider { participants(first: 1) { edges { node { id } } } } }",
            "/data/provider/participants/edges/0/node/id",
        ),
        (
            "{ provider { participants(first: 1) { edges { node { id } } } } }",
            "/data/provider/participants/edges/0/node/id",
        ),
        (
            "{ company { jobOrders(first: 1) { edges { node { id } } } } }",
            "/data/company/jobOrders/edges/0/node/id",
        ),
    ];
    for (p, (query, pointer)) in principals.iter().zip(portal) {
        let who = jobbro_api::testing::Principal {
            role: p.role,
            subject: p.subject,
            organisation: p.organisation,
        };
        let answer = one.gql(Some(&who), query, json!({})).await;
        assert!(
            answer.pointer(pointer).is_some_and(|v| v.is_string()),
            "{} sees nothing: {answer}",
            p.label
        );
    }

    assert!(
        demo::seed(&one.db, &options, |_| {}).await.is_err(),
        "loading twice is refused"
    );
    Ok(())
}
