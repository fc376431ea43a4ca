//! A list's number of SQL statements does not grow with its length.

use jobbro_api::testing::{TestApp, world};
use jobbro_entities::{case, citizen, enums::Channel};
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::json;
use uuid::Uuid;

pub(crate) async fn add_to_caseload(
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
            co_name: None,
            co_street: None,
            co_postal_code: None,
            co_city: None,
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
                secondary_since: None,
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

/// Citizens referred to provider P, each with a delivered plan version and an absence.
async fn add_participants(
    app: &TestApp,
    w: &jobbro_api::testing::World,
    n: usize,
) -> anyhow::Result<()> {
    use jobbro_entities::{
        absence,
        enums::{AbsenceReporter, PlanDelivery, ServiceOrderStatus},
        plan, plan_version, service_order,
    };
    let now = jobbro_api::testing::test_epoch();
    let provider = w
        .provider_p_coordinator
        .organisation
        .ok_or_else(|| anyhow::anyhow!("no provider"))?;
    add_to_caseload(app, w.jobcentre_a, w.caseworker_a.subject, n).await?;
    let people = citizen::Entity::find().all(&app.db).await?;
    for person in people.iter().filter(|p| p.family_name == "Mængde") {
        service_order::Entity::insert(service_order::ActiveModel {
            id: sea_orm::Set(Uuid::now_v7()),
            jobcentre_id: sea_orm::Set(w.jobcentre_a),
            citizen_id: sea_orm::Set(person.id),
            provider_id: sea_orm::Set(provider),
            assigned_user_id: sea_orm::Set(None),
            offer_kind_code: sea_orm::Set("MENTOR".into()),
            justification: sea_orm::Set("Støtte".into()),
            goal: sea_orm::Set("Job".into()),
            remark: sea_orm::Set("Mødes på adressen i henvisningen.".into()),
            starts_on: sea_orm::Set(now.date_naive()),
            ends_on: sea_orm::Set(None),
            status: sea_orm::Set(ServiceOrderStatus::Started),
            created_at: sea_orm::Set(now),
            ..Default::default()
        })
        .exec_without_returning(&app.db)
        .await?;
        let plan_id = Uuid::now_v7();
        plan::Entity::insert(plan::ActiveModel {
            id: sea_orm::Set(plan_id),
            jobcentre_id: sea_orm::Set(w.jobcentre_a),
            citizen_id: sea_orm::Set(person.id),
            draft: sea_orm::Set(
                "{\"goals\":[],\"activities\":[],\"offers\":[],\"appointments\":[]}".into(),
            ),
            draft_version: sea_orm::Set(1),
            draft_updated_at: sea_orm::Set(now),
            draft_updated_by: sea_orm::Set(None),
            created_at: sea_orm::Set(now),
        })
        .exec_without_returning(&app.db)
        .await?;
        let content = "{\"goals\":[{\"id\":\"goal-1\",\"text\":\"Job\"}],\"activities\":[],\"offers\":[],\"appointments\":[]}";
        plan_version::Entity::insert(plan_version::ActiveModel {
            id: sea_orm::Set(Uuid::now_v7()),
            plan_id: sea_orm::Set(plan_id),
            jobcentre_id: sea_orm::Set(w.jobcentre_a),
            citizen_id: sea_orm::Set(person.id),
            number: sea_orm::Set(1),
            content: sea_orm::Set(content.into()),
            content_hash: sea_orm::Set("0".repeat(64)),
            published_by: sea_orm::Set(w.caseworker_a.subject),
            published_at: sea_orm::Set(now),
            delivery: sea_orm::Set(PlanDelivery::Portal),
            acknowledgement_requested: sea_orm::Set(true),
            delivered_at: sea_orm::Set(Some(now)),
            superseded_at: sea_orm::Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        absence::Entity::insert(absence::ActiveModel {
            id: sea_orm::Set(Uuid::now_v7()),
            jobcentre_id: sea_orm::Set(w.jobcentre_a),
            citizen_id: sea_orm::Set(person.id),
            absence_type_code: sea_orm::Set("FERIE".into()),
            starts_on: sea_orm::Set(now.date_naive()),
            ends_on: sea_orm::Set(None),
            reported_by: sea_orm::Set(AbsenceReporter::Caseworker),
            reporter_subject: sea_orm::Set(w.caseworker_a.subject.to_string()),
            note: sea_orm::Set(None),
            created_at: sea_orm::Set(now),
            ended_at: sea_orm::Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
    }
    Ok(())
}

const PARTICIPANTS: &str = "query($first: Int) { provider { participants(first: $first) { nodes { givenName referrals { offerKind } absences { startsOn } plan { number goals { text } } } } } }";

#[tokio::test]
async fn a_provider_page_with_plans_and_absences_costs_the_same_statements_for_3_and_for_30()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    add_participants(&app, &w, 40).await?;

    let mut costs = Vec::new();
    for first in [3, 30] {
        let before = app.statement_count();
        let answer = app
            .gql(
                Some(&w.provider_p_coordinator),
                PARTICIPANTS,
                json!({ "first": first }),
            )
            .await;
        assert!(answer["errors"].is_null(), "{answer}");
        let nodes = answer["data"]["provider"]["participants"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(nodes.len(), first);
        // The world's own two participants come first; the rest carry a plan and an absence.
        assert!(
            nodes
                .iter()
                .skip(2)
                .all(|n| n["plan"]["number"] == 1 && n["absences"][0]["startsOn"].is_string()),
            "{answer}"
        );
        costs.push(app.statement_count() - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 3 vs 30 participants: {costs:?}"
    );
    Ok(())
}
