//! The audit trail: every read of a citizen's personal data by someone other than the citizen
//! leaves a row (who, which citizen, what category, which operation, when), queryable per
//! citizen.

use jobbro_api::testing::{TestApp, world};
use jobbro_entities::{audit_event, audit_read, enums::AuditCategory};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

async fn rows_for(app: &TestApp, citizen: Uuid) -> anyhow::Result<Vec<audit_read::Model>> {
    Ok(audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            app.db.get_database_backend(),
            &[citizen],
        ))
        .all(&app.db)
        .await?)
}

#[tokio::test]
async fn a_caseworker_reading_cpr_and_name_leaves_one_row_per_category() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.caseworker_a),
            "query LookUp($id: ID!) { caseworker { citizen(id: $id) { cpr givenName familyName again: givenName } } }",
            json!({ "id": w.citizen_1.subject.to_string() }),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");

    let rows = rows_for(&app, w.citizen_1.subject).await?;
    let mut categories: Vec<_> = rows.iter().map(|r| r.category).collect();
    categories.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        categories,
        vec![AuditCategory::Cpr, AuditCategory::Identity]
    );
    for row in &rows {
        assert_eq!(row.actor_role, "caseworker");
        assert_eq!(row.actor_subject, w.caseworker_a.subject.to_string());
        assert_eq!(row.actor_organisation, Some(w.jobcentre_a.to_string()));
        assert_eq!(row.jobcentre_id, Some(w.jobcentre_a));
        assert_eq!(row.operation, "LookUp");
        assert!(!row.request_id.is_empty());
        assert_eq!(row.request_id, rows[0].request_id, "one request, one batch");
    }
    Ok(())
}

#[tokio::test]
async fn a_citizen_reading_own_data_is_not_logged() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { cpr givenName address { street } consents { id } } }",
            json!({}),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
    assert!(rows_for(&app, w.citizen_1.subject).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn provider_and_company_reads_are_logged_with_their_organisation() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.gql(
        Some(&w.provider_p_staff1),
        "{ provider { participants { edges { node { givenName phone } } } } }",
        json!({}),
    )
    .await;
    app.gql(
        Some(&w.company_k),
        "{ company { candidates { edges { node { familyName } } } } }",
        json!({}),
    )
    .await;

    let rows = rows_for(&app, w.citizen_1.subject).await?;
    let provider_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.actor_role == "provider_staff")
        .collect();
    assert_eq!(provider_rows.len(), 2, "identity and contact: {rows:?}");
    assert!(
        provider_rows.iter().all(
            |r| r.actor_organisation == w.provider_p_staff1.organisation.map(|o| o.to_string())
        )
    );
    let company_rows: Vec<_> = rows.iter().filter(|r| r.actor_role == "company").collect();
    assert_eq!(company_rows.len(), 1);
    assert_eq!(company_rows[0].category, AuditCategory::Identity);
    Ok(())
}

#[tokio::test]
async fn a_citizen_can_see_who_looked_and_a_manager_can_too() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    app.gql(
        Some(&w.caseworker_a),
        "query Peek($id: ID!) { caseworker { citizen(id: $id) { cpr } } }",
        json!({ "id": w.citizen_1.subject.to_string() }),
    )
    .await;

    let own = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { accessLog { edges { node { actorRole category operation } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        own["data"]["citizen"]["accessLog"]["edges"][0]["node"],
        json!({ "actorRole": "caseworker", "category": "CPR", "operation": "Peek" }),
        "{own}"
    );

    let other = app
        .gql(
            Some(&w.citizen_2),
            "{ citizen { accessLog { edges { node { operation } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        other["data"]["citizen"]["accessLog"]["edges"],
        json!([]),
        "citizen 2 sees citizen 1's log: {other}"
    );

    let manager = app
        .gql(
            Some(&w.manager_a),
            "query($id: ID!) { caseworker { citizen(id: $id) { accessLog(first: 10) { edges { node { operation } } } } } }",
            json!({ "id": w.citizen_1.subject.to_string() }),
        )
        .await;
    let operations: Vec<_> = manager["data"]["caseworker"]["citizen"]["accessLog"]["edges"]
        .as_array()
        .map(|e| e.iter().map(|x| x["node"]["operation"].clone()).collect())
        .unwrap_or_default();
    assert!(operations.contains(&json!("Peek")), "{manager}");
    Ok(())
}

#[tokio::test]
async fn listing_plans_awaiting_acknowledgement_is_an_audited_read() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject.to_string();
    let draft = app
        .gql(
            Some(&w.caseworker_a),
            "mutation($id: ID!) { updatePlanDraft(input: {citizenId: $id, expectedDraftVersion: 0, content: {goals: [{text: \"Job\"}], activities: [], offers: [], appointments: []}}) { userErrors { code } } }",
            json!({ "id": citizen }),
        )
        .await;
    assert_eq!(
        draft["data"]["updatePlanDraft"]["userErrors"],
        json!([]),
        "{draft}"
    );
    let published = app
        .gql(
            Some(&w.caseworker_a),
            "mutation($id: ID!) { publishPlan(input: {citizenId: $id, expectedDraftVersion: 1}) { userErrors { code } } }",
            json!({ "id": citizen }),
        )
        .await;
    assert_eq!(
        published["data"]["publishPlan"]["userErrors"],
        json!([]),
        "{published}"
    );
    let before = rows_for(&app, w.citizen_1.subject).await?.len();
    let list = app
        .gql(
            Some(&w.manager_a),
            "query Waiting { caseworker { plansAwaitingAcknowledgement { nodes { citizenId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        list["data"]["caseworker"]["plansAwaitingAcknowledgement"]["nodes"][0]["citizenId"],
        json!(citizen),
        "{list}"
    );
    let rows = rows_for(&app, w.citizen_1.subject).await?;
    assert!(
        rows.len() > before
            && rows
                .iter()
                .any(|r| r.operation == "Waiting" && r.actor_role == "manager"),
        "{rows:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_request_reading_thousands_of_citizens_writes_one_row_per_category_in_one_statement()
-> anyhow::Result<()> {
    use jobbro_api::kernel::{audit::AuditLog, viewer::Viewer};
    use jobbro_entities::{citizen, enums::Channel};
    use sea_orm::{ActiveValue::Set, PaginatorTrait};

    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let now = jobbro_api::testing::test_epoch();
    // 3,000 citizens and four categories each: 12,000 reads, which as one bound value per column
    // and read would be 120,000 bind parameters, over both engines' limits (SQLite 32,766;
    // PostgreSQL 65,535). They are written as one row per category holding the citizens, bound
    // as lists: one statement.
    let ids: Vec<Uuid> = (0..3000).map(|_| Uuid::now_v7()).collect();
    for (n, chunk) in ids.chunks(500).enumerate() {
        let rows = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| citizen::ActiveModel {
                id: Set(*id),
                jobcentre_id: Set(w.jobcentre_a),
                // Day of month 61-66: never issued as a CPR number.
                cpr: Set(format!("{}0190-{:04}", 61 + n, i)),
                given_name: Set("Mange".into()),
                family_name: Set("Borgere".into()),
                street: Set("Listevej 1".into()),
                postal_code: Set("9901".into()),
                city: Set("Nordby".into()),
                protected_address: Set(false),
                phone: Set(None),
                email: Set(None),
                preferred_channel: Set(Channel::Portal),
                obliged_digital: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                co_name: Set(None),
                co_street: Set(None),
                co_postal_code: Set(None),
                co_city: Set(None),
            });
        citizen::Entity::insert_many(rows)
            .exec_without_returning(&app.db)
            .await?;
    }
    let manager = Viewer::new(
        w.manager_a.role,
        w.manager_a.subject,
        w.manager_a.organisation,
    )?;
    let log = AuditLog::new(Some(manager), "many".into());
    for id in &ids {
        for category in [
            AuditCategory::Identity,
            AuditCategory::Cpr,
            AuditCategory::Contact,
            AuditCategory::Case,
        ] {
            log.record(*id, w.jobcentre_a, category);
        }
    }
    let clock: jobbro_api::kernel::clock::SharedClock = std::sync::Arc::new(app.clock.clone());
    let before = app.statement_count();
    let written = log.flush(&app.db, &clock, "Many").await?;
    assert_eq!(written, 12_000);
    assert_eq!(
        app.statement_count() - before,
        1,
        "one statement for the audit rows"
    );
    let stored = audit_event::Entity::find()
        .filter(audit_event::Column::Operation.eq("Many"))
        .count(&app.db)
        .await?;
    assert_eq!(stored, 4, "one row per category");
    let reads = audit_read::Entity::find()
        .filter(audit_read::Column::Operation.eq("Many"))
        .count(&app.db)
        .await?;
    assert_eq!(reads, 12_000, "every citizen of every category");
    let last = audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            app.db.get_database_backend(),
            &ids[2999..],
        ))
        .all(&app.db)
        .await?;
    assert_eq!(last.len(), 4, "{last:?}");
    Ok(())
}

#[tokio::test]
async fn the_access_log_names_the_organisation_and_the_purpose_never_the_reader()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = json!({ "id": w.citizen_1.subject.to_string() });
    // A portal operation with a purpose of its own, and one without (the role's default).
    for (who, q) in [
        (
            &w.caseworker_a,
            "query Citizen($id: ID!) { caseworker { citizen(id: $id) { cpr } } }",
        ),
        (
            &w.caseworker_a,
            "query Peek($id: ID!) { caseworker { citizen(id: $id) { givenName } } }",
        ),
    ] {
        app.gql(Some(who), q, citizen.clone()).await;
    }
    app.gql(
        Some(&w.provider_p_staff1),
        "query Participants { provider { participants(first: 10) { nodes { givenName } } } }",
        json!({}),
    )
    .await;
    let own = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { accessLog(first: 20) { nodes { actorRole organisationName purpose operation } } } }",
            json!({}),
        )
        .await;
    let nodes = own["data"]["citizen"]["accessLog"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let seen: Vec<(String, String, String)> = nodes
        .iter()
        .map(|n| {
            (
                n["operation"].as_str().unwrap_or_default().to_string(),
                n["organisationName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                n["purpose"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "Participants".to_string(),
                "Provider P".to_string(),
                "Overblik over deltagere i tilbud".to_string()
            ),
            (
                "Peek".to_string(),
                "Jobcenter A".to_string(),
                "Sagsbehandling i jobcentret".to_string()
            ),
            (
                "Citizen".to_string(),
                "Jobcenter A".to_string(),
                "Opslag på borgerens sag".to_string()
            ),
        ],
        "{own}"
    );
    // The type has no field that could name the employee who read.
    let answer = app
        .gql(
            Some(&w.citizen_1),
            "{ citizen { accessLog { nodes { actorSubject } } } }",
            json!({}),
        )
        .await;
    assert!(answer["errors"].is_array(), "{answer}");
    Ok(())
}
