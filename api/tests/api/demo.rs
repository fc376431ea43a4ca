//! The demo municipality: deterministic, the promised size, a principal per role.

use jobbro_api::{
    auth::Role,
    demo::{self, DemoOptions},
    testing::TestApp,
};
use jobbro_entities::{
    candidate, case, case_closure, case_event, caseworker, citizen, company, company_user,
    company_user_unit, consent, contract, contract_service, contract_version, job_order, jobcentre,
    jobseeker_registration, meeting_slot, price_component, production_unit, provider,
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
        table::<case_event::Entity>(db).await?,
        table::<case_closure::Entity>(db).await?,
        table::<jobseeker_registration::Entity>(db).await?,
        table::<consent::Entity>(db).await?,
        table::<provider::Entity>(db).await?,
        table::<provider_user::Entity>(db).await?,
        table::<contract::Entity>(db).await?,
        table::<contract_version::Entity>(db).await?,
        table::<contract_service::Entity>(db).await?,
        table::<price_component::Entity>(db).await?,
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
         150 meeting slots, 221 CVs"
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
            "demo: 221 CVs",
        ]
    );
    assert_eq!(
        fingerprint(&app.db).await?,
        [
            "jobcentres 1 cb2008b6217c61119110c0df053f97c6b366a1c90c87eae60e4d91f15fc72181",
            "caseworkers 20 05130ac7e860fb83f13967cdf6e1a838f42b7ee631551144f1c39f11d888637a",
            "citizens 300 7cc6f70acb431895a71b27e1112dfbc8a0daae8eee1bc70077f4d4eb9b1638a3",
            "cases 326 cd579dfa0094cbb0fb06f20a7c25421ea339bd3b826b2b229f2c3831c2b2fd27",
            "case_events 352 346c86bb0a35cb2abe0bd2bcd4515e78e806bd701a986bfe0d2b6d5e0d4105dc",
            "case_closures 26 459146bc9b14a3c55b18fe004b5175409bfcb23c512db9afb6e75b786fb9d6d4",
            "jobseeker_registrations 179 29da0561d866d229d07f56d1ed4b9a2056897d91ec295088831ca97b2b9864ff",
            "consents 189 b084aad90c5ce4b4141029ecb598f5cc8cf84be5d98e9e2f0cf88288c5d01c75",
            "providers 10 3c2185cb9c8d46f087bfd0ae5233e5f66e6f49cfd554072516718b595ebca5f1",
            "provider_users 30 68a23b721679f07d7b688b5ff9447bae4b420b17ef3723df82891f97ed6e685a",
            "contracts 10 e67d307194cd1957566b1f92cf282646459312496d75a5bfb2665a2377ab8a43",
            "contract_versions 10 e67887e7617b3b73cee3ac1c5bcc75a8e16a038557637ef7117194b2ec334104",
            "contract_services 50 180bd0ba83d9590842b14904f956d85e485fde6b63673b69e3b4186f2b89721d",
            "price_components 100 1a4545cf482274d00835d2b6d776d0a99e06fb2f3538450d87527bdaf5af10d8",
            "service_orders 49 a795a29e09285d889ebf4fed04f24138b6f6af26e1795434785e572f6b20a455",
            "companies 50 ff643554fb304954258197454ea91566522a7e14b7b9ddbb95bf7bff819d616d",
            "production_units 105 882f2587a711074582dc9eda676f48433aec89f2b149dc09404131226e822f51",
            "company_users 88 4a7a520de79ed93af1f86a44b1adad989746ef693523816f035456886793dcc6",
            "company_user_units 38 9de518040703399dd809ea16abb8fb4c19d22fd084216dd2133627d095019347",
            "job_orders 74 1fd8253b827ef5873adf014db1daf62a8be0453b278ce0691dc78ce654faf2c3",
            "candidates 222 5479cb4d5ef92237dbcbc6237a672c34e1d004637a8afaeb39169462ae2d72c7",
            "meeting_slots 150 7abf9f122951b9974eabaaeb5790d2b9b957d5b0d8af737dc92c974f6754e66d",
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
            "Company user Company 01943ad7-af7d-7b80-ad69-275cea7fd034 \
             Some(01943ad7-af7b-7c71-9e80-ab06f0c3a262)",
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
