//! The demo municipality: deterministic, the promised size, a principal per role.

use jobbro_api::{
    auth::Role,
    demo::{self, DemoOptions},
    testing::TestApp,
};
use jobbro_entities::{
    candidate, case, caseworker, citizen, company, company_user, company_user_unit, consent,
    job_order, jobcentre, jobseeker_registration, meeting_slot, production_unit, provider,
    provider_user, service_order,
};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;
use sha2::{Digest, Sha256};

/// One line for a seeded table: its name, its number of rows and a SHA-256 of its rows (each
/// row's `Debug` text, sorted, one a line). Sorting the text, not trusting the engine's order,
/// gives the same line on SQLite and PostgreSQL.
async fn table<E>(db: &DatabaseConnection) -> anyhow::Result<String>
where
    E: EntityTrait,
    E::Model: std::fmt::Debug,
{
    let mut rows: Vec<String> = E::find()
        .all(db)
        .await?
        .iter()
        .map(|row| format!("{row:?}"))
        .collect();
    rows.sort();
    let mut hash = Sha256::new();
    for row in &rows {
        hash.update(row.as_bytes());
        hash.update(b"\n");
    }
    Ok(format!(
        "{} {} {}",
        E::default().table_name(),
        rows.len(),
        hex::encode(hash.finalize())
    ))
}

/// A line per table the demo fills.
async fn fingerprint(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    Ok(vec![
        table::<jobcentre::Entity>(db).await?,
        table::<caseworker::Entity>(db).await?,
        table::<citizen::Entity>(db).await?,
        table::<case::Entity>(db).await?,
        table::<jobseeker_registration::Entity>(db).await?,
        table::<consent::Entity>(db).await?,
        table::<provider::Entity>(db).await?,
        table::<provider_user::Entity>(db).await?,
        table::<service_order::Entity>(db).await?,
        table::<company::Entity>(db).await?,
        table::<production_unit::Entity>(db).await?,
        table::<company_user::Entity>(db).await?,
        table::<company_user_unit::Entity>(db).await?,
        table::<job_order::Entity>(db).await?,
        table::<candidate::Entity>(db).await?,
        table::<meeting_slot::Entity>(db).await?,
    ])
}

/// The demo's rows, pinned: moving a single random draw, id, name or CPR number changes a line
/// here, and so do the progress lines, the summary and the principals for the printed tokens.
/// When a change to the demo is meant (or a seeded entity gains a column), record the new lines
/// from the failure message.
#[tokio::test]
async fn the_demo_seeds_exactly_the_rows_it_always_has() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let options = DemoOptions {
        citizens: 300,
        today: jobbro_api::testing::test_epoch().date_naive(),
    };
    let progress = std::cell::RefCell::new(Vec::new());
    let mut summary = demo::seed(&app.db, &options, |line| {
        progress.borrow_mut().push(line.to_string())
    })
    .await?;
    summary.elapsed_ms = 0;

    assert_eq!(
        summary.to_string(),
        "demo loaded in 0 ms: 1 job centre, 20 caseworkers, 300 citizens, 326 cases, \
         10 providers, 49 referrals, 50 companies, 74 job orders, 222 candidates, \
         150 meeting slots"
    );
    assert_eq!(
        progress.into_inner(),
        [
            "demo: 20 caseworkers",
            "demo: 300 citizens",
            "demo: 326 cases, registrations and consents",
            "demo: 10 providers, 49 referrals",
            "demo: 50 companies, 74 job orders, 222 candidates",
            "demo: 150 free meeting slots from 2026-11-02",
        ]
    );
    assert_eq!(
        fingerprint(&app.db).await?,
        [
            "jobcentres 1 cb2008b6217c61119110c0df053f97c6b366a1c90c87eae60e4d91f15fc72181",
            "caseworkers 20 05130ac7e860fb83f13967cdf6e1a838f42b7ee631551144f1c39f11d888637a",
            "citizens 300 7cc6f70acb431895a71b27e1112dfbc8a0daae8eee1bc70077f4d4eb9b1638a3",
            "cases 326 47235e3cd93f9d8d9fa36809d524cd398f705dd6f725ed684ba68e2662df4336",
            "jobseeker_registrations 179 29da0561d866d229d07f56d1ed4b9a2056897d91ec295088831ca97b2b9864ff",
            "consents 189 b084aad90c5ce4b4141029ecb598f5cc8cf84be5d98e9e2f0cf88288c5d01c75",
            "providers 10 1245c26bb07eab14bb8a6faf4aba67e741565873a2190ea9861a6a2cd431fd65",
            "provider_users 30 68a23b721679f07d7b688b5ff9447bae4b420b17ef3723df82891f97ed6e685a",
            "service_orders 49 6b30965e92e4987953d14d022e3bbbec4bc762344e4c0993a26398261b4f5a8b",
            "companies 50 f3369e25d01ca575b4bd21fbaedff6010931595f49383f6aff3841d179215ea6",
            "production_units 105 7bb6fcbb947537d8e8fab45a0cde00fd00c0652ca91bf444d99da4a2df3381c2",
            "company_users 88 7eb47d5790d10aaa2a0b7f0e81849d92f10ccbb310e9e406c20d33a2e63485c9",
            "company_user_units 38 f6ccd7d648c554ef3cca6f8d8b57cd063a8d91c688cfa3aed7c3155a3b4ede30",
            "job_orders 74 6165800a25638a39b4b6d4beabafff3c051199a2c2ec7df33fe4325a5bf17f2a",
            "candidates 222 6087c3b9ddd7e34ad3e00b991cb4af36e1e4a021d618ff60a9234a4c7b6d74a2",
            "meeting_slots 150 6f1273b002904f385b274f464501dcc7a8a4a390f81bce8b2fec14481c3713f7",
        ]
    );
    let principals: Vec<String> = demo::principals(&app.db)
        .await?
        .iter()
        .map(|p| {
            format!(
                "{} {:?} {} {:?}",
                p.label, p.role, p.subject, p.organisation
            )
        })
        .collect();
    assert_eq!(
        principals,
        [
            "Citizen Citizen 01943ad7-aab5-7989-bd61-3a0127efd434 None",
            "Caseworker Hanne Olsen Caseworker 01943ad7-aa8d-7456-8280-4dd6d26ba99c \
             Some(01943ad7-aa81-7fe7-8932-5b90aee844e8)",
            "Manager Christian Jørgensen Manager 01943ad7-aa82-74fb-883f-b0577672a0f6 \
             Some(01943ad7-aa81-7fe7-8932-5b90aee844e8)",
            "Provider coordinator ProviderCoordinator 01943ad7-ae7d-7cd2-a0b9-504b6d37fcce \
             Some(01943ad7-ae7c-7868-84f3-01adc7e4ab9b)",
            "Provider staff ProviderStaff 01943ad7-ae7e-770d-b16d-f87ab73fdad2 \
             Some(01943ad7-ae7c-7868-84f3-01adc7e4ab9b)",
            "Company user Company 01943ad7-aed3-7d02-b76f-fde0f953e58f \
             Some(01943ad7-aed1-72d5-8932-b1ada4298615)",
        ]
    );
    Ok(())
}

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
    assert_eq!(
        fingerprint(&one.db).await?,
        fingerprint(&two.db).await?,
        "same options, same rows in every table"
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
