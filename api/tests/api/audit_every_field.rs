//! Audit, for every field: each field of each audience type, read by someone other than the
//! citizen, leaves an access-log row; read by the citizen, leaves none. The fields come from the
//! schema, so a new field is covered the day it is added.

use jobbro_api::testing::{Principal, TestApp, error_code, world};
use jobbro_entities::audit_read;
use sea_orm::{EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::schema_walk::{Field, SchemaMap};

async fn rows_for(app: &TestApp, citizen: Uuid) -> anyhow::Result<u64> {
    Ok(audit_read::Entity::find()
        .filter(audit_read::of_citizens(
            app.db.get_database_backend(),
            &[citizen],
        ))
        .count(&app.db)
        .await?)
}

/// Arguments for the fields that require them.
fn required_args(f: &Field) -> Option<String> {
    let needs = |name: &str| f.args.iter().any(|(n, _, r)| n == name && *r);
    (needs("from") && needs("to"))
        .then(|| "from: \"2026-10-01T00:00:00Z\", to: \"2026-11-30T00:00:00Z\"".to_string())
}

/// Selects `field` of `type_name` alone (with everything under it), wrapped by `wrap`.
fn query_for(schema: &SchemaMap, type_name: &str, f: &Field, wrap: &str) -> String {
    let call = match required_args(f) {
        Some(a) => format!("{}({a})", f.name),
        None => f.name.clone(),
    };
    let inner = if schema.is_object(&f.type_name) {
        format!(
            "{call} {{ {} }}",
            schema.selection(&f.type_name, 3, &required_args)
        )
    } else {
        call
    };
    let _ = type_name;
    wrap.replace("FIELD", &inner)
}

struct Audience {
    type_name: &'static str,
    wrap: &'static str,
    readers: Vec<Principal>,
    /// Whether reads must leave rows (false for the citizen's own record).
    audited: bool,
}

#[tokio::test]
async fn every_field_of_every_audience_type_is_audited_for_others_and_not_for_the_citizen()
-> anyhow::Result<()> {
    let schema = SchemaMap::load()?;
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let citizen = w.citizen_1.subject;
    let audiences = [
        Audience {
            type_name: "CitizenSelf",
            wrap: "query Audit { citizen { FIELD } }",
            readers: vec![w.citizen_1],
            audited: false,
        },
        Audience {
            type_name: "CaseworkerCitizen",
            wrap: "query Audit($id: ID!) { caseworker { citizen(id: $id) { FIELD } } }",
            readers: vec![w.caseworker_a, w.manager_a],
            audited: true,
        },
        Audience {
            type_name: "ProviderParticipant",
            wrap: "query Audit($id: ID!) { provider { participant(id: $id) { FIELD } } }",
            readers: vec![w.provider_p_coordinator, w.provider_p_staff1],
            audited: true,
        },
        Audience {
            type_name: "CompanyCandidate",
            wrap: "query Audit { company { candidates { nodes { FIELD } } } }",
            readers: vec![w.company_k],
            audited: true,
        },
    ];
    let mut checked = 0;
    let mut gaps = Vec::new();
    for audience in &audiences {
        let fields = schema.fields(audience.type_name);
        assert!(
            !fields.is_empty(),
            "{} is not in the schema",
            audience.type_name
        );
        for f in fields {
            // The id is how the row was found, not data about the person.
            if f.name == "id" {
                continue;
            }
            let query = query_for(&schema, audience.type_name, f, audience.wrap);
            for reader in &audience.readers {
                let before = rows_for(&app, citizen).await?;
                let answer = app
                    .gql(Some(reader), &query, json!({ "id": citizen.to_string() }))
                    .await;
                // A field guarded for other roles (the access log is for managers) is refused,
                // and a refusal shows nothing.
                if error_code(&answer) == Some("FORBIDDEN") {
                    continue;
                }
                assert_eq!(answer["errors"], Value::Null, "{query}: {answer}");
                let after = rows_for(&app, citizen).await?;
                checked += 1;
                let logged = after > before;
                if logged != audience.audited {
                    gaps.push(format!(
                        "{}.{} read by {}: {}",
                        audience.type_name,
                        f.name,
                        reader.role.claim(),
                        if logged { "logged" } else { "not logged" }
                    ));
                }
            }
        }
    }
    assert!(gaps.is_empty(), "audit gaps:\n{}", gaps.join("\n"));
    assert!(checked > 40, "only {checked} reads checked");
    Ok(())
}
