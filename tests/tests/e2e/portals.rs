//! Every operation file under `portals/`, sent over HTTP as the portal's principal.
//!
//! The table below lists each operation with its variables and what its answer must show. The
//! run follows the table's order, which is deliberate:
//!
//! 1. the reads, against the world as built (citizen 1 consents to share the CV, so company K
//!    sees exactly one candidate);
//! 2. `AccessLog`, after the staff reads, so that it has entries to show;
//! 3. the mutations last: `GrantConsent` for a purpose not yet in force, then `RevokeConsent`,
//!    which withdraws citizen 1's CV consent and so hides them from company K. After the run
//!    the test checks exactly that, and that a retried grant is answered from its idempotency
//!    key; and company K posts a job order.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use anyhow::{Context as _, Result, bail, ensure};
use async_graphql::parser::{
    parse_query,
    types::{DocumentOperations, OperationType},
};
use jobbro_api::{
    http::trusted,
    testing::{Principal, World},
};
use serde_json::{Value, json};

use crate::harness::{Server, array, at, string};

/// The portal directories and the principal each one's operations are sent as.
const PORTALS: &[&str] = &["citizen", "caseworker", "provider", "company"];

fn principal(world: &World, portal: &str) -> Result<Principal> {
    Ok(match portal {
        "citizen" => world.citizen_1,
        "caseworker" => world.caseworker_a,
        "provider" => world.provider_p_coordinator,
        "company" => world.company_k,
        other => bail!("no principal for the portal directory {other:?}"),
    })
}

/// One row of the table.
struct Operation {
    portal: &'static str,
    name: &'static str,
    variables: fn(&World) -> Value,
    /// Checks the answer's `data`.
    check: fn(&World, &Value) -> Result<()>,
}

fn id(u: uuid::Uuid) -> Value {
    Value::String(u.to_string())
}

/// The idempotency key of the run's `GrantConsent`: fixed per world, so a retry can reuse it.
fn grant_key(w: &World) -> String {
    format!("e2e-grant-{}", w.citizen_1.subject)
}

/// Every operation under `portals/`, in the order they run.
fn operations() -> Vec<Operation> {
    vec![
        // 1. Reads.
        Operation {
            portal: "citizen",
            name: "Me",
            variables: |_| json!({}),
            check: |w, data| {
                ensure!(string(data, "/viewer/role")? == "CITIZEN");
                ensure!(at(data, "/viewer/subjectId")? == &id(w.citizen_1.subject));
                ensure!(at(data, "/citizen/id")? == &id(w.citizen_1.subject));
                ensure!(string(data, "/citizen/givenName")? == "Anna");
                at(data, "/citizen/registration")?;
                let consents = array(data, "/citizen/consents")?;
                ensure!(
                    consents.len() == 1
                        && consents[0]["id"] == id(w.citizen_1_consent)
                        && consents[0]["purpose"] == "SHARE_CV_WITH_COMPANIES"
                        && consents[0]["active"] == true,
                    "expected the one CV consent in force, got {consents:?}"
                );
                Ok(())
            },
        },
        Operation {
            portal: "caseworker",
            name: "Caseload",
            variables: |_| json!({ "first": 10 }),
            check: |w, data| {
                ensure!(at(data, "/caseworker/me/id")? == &id(w.caseworker_a.subject));
                ensure!(at(data, "/caseworker/me/jobcentre/id")? == &id(w.jobcentre_a));
                let nodes = array(data, "/caseworker/caseload/nodes")?;
                ensure!(
                    nodes.len() == 1 && nodes[0]["id"] == id(w.citizen_1.subject),
                    "caseworker A's caseload should be citizen 1 alone, got {nodes:?}"
                );
                let cases = array(&nodes[0], "/cases")?;
                ensure!(
                    cases.len() == 1
                        && cases[0]["assignedCaseworkerId"] == id(w.caseworker_a.subject),
                    "expected one case assigned to caseworker A, got {cases:?}"
                );
                ensure!(at(data, "/caseworker/caseload/pageInfo/hasNextPage")? == false);
                Ok(())
            },
        },
        Operation {
            portal: "caseworker",
            name: "Citizen",
            variables: |w| json!({ "id": id(w.citizen_1.subject) }),
            check: |w, data| {
                ensure!(at(data, "/caseworker/citizen/id")? == &id(w.citizen_1.subject));
                ensure!(string(data, "/caseworker/citizen/cpr")? == "610190-1001");
                ensure!(array(data, "/caseworker/citizen/cases")?.len() == 1);
                let consents = array(data, "/caseworker/citizen/consents")?;
                ensure!(
                    consents.iter().any(|c| c["id"] == id(w.citizen_1_consent)),
                    "citizen 1's consent is missing: {consents:?}"
                );
                Ok(())
            },
        },
        Operation {
            portal: "caseworker",
            name: "Alerts",
            variables: |_| json!({ "first": 10 }),
            // Alerts come from the outbox worker, which the test settings switch off; the
            // operation must still run and answer a (possibly empty) page.
            check: |_, data| {
                array(data, "/caseworker/alerts/nodes")?;
                Ok(())
            },
        },
        Operation {
            portal: "provider",
            name: "Participants",
            variables: |_| json!({ "first": 10 }),
            check: |w, data| {
                ensure!(string(data, "/provider/organisation/name")? == "Provider P");
                let nodes = array(data, "/provider/participants/nodes")?;
                let ids: BTreeSet<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
                let expected = [w.citizen_1.subject, w.citizen_2.subject].map(|u| u.to_string());
                ensure!(
                    nodes.len() == 2 && expected.iter().all(|e| ids.contains(e.as_str())),
                    "the coordinator should see citizens 1 and 2, got {nodes:?}"
                );
                for n in nodes {
                    let referrals = array(n, "/referrals")?;
                    ensure!(
                        referrals.len() == 1 && referrals[0]["offerKind"] == "MENTOR",
                        "expected one MENTOR referral, got {referrals:?}"
                    );
                }
                Ok(())
            },
        },
        Operation {
            portal: "company",
            name: "Organisation",
            variables: |_| json!({}),
            check: |w, data| {
                ensure!(string(data, "/viewer/role")? == "COMPANY");
                let company = w.company_k.organisation.context("company K has no id")?;
                ensure!(at(data, "/company/organisation/id")? == &id(company));
                ensure!(string(data, "/company/organisation/name")? == "Virksomhed K");
                let units = array(data, "/company/organisation/productionUnits")?;
                ensure!(units.len() == 2, "company K has two units, got {units:?}");
                Ok(())
            },
        },
        Operation {
            portal: "caseworker",
            name: "JobOrders",
            variables: |_| json!({ "first": 10 }),
            check: |_, data| {
                let nodes = array(data, "/caseworker/jobOrders/nodes")?;
                ensure!(
                    nodes.len() == 2 && nodes.iter().all(|n| n["status"] == "IN_PROGRESS"),
                    "job centre A has company K's two orders, got {nodes:?}"
                );
                ensure!(nodes[0]["requiredSkills"] == json!(["Truckcertifikat"]));
                Ok(())
            },
        },
        Operation {
            portal: "company",
            name: "JobOrders",
            variables: |_| json!({ "first": 10 }),
            check: |_, data| {
                let nodes = array(data, "/company/jobOrders/nodes")?;
                ensure!(
                    nodes.len() == 2 && nodes.iter().all(|n| n["status"] == "IN_PROGRESS"),
                    "company K has two job orders in progress, got {nodes:?}"
                );
                ensure!(
                    nodes.iter().all(|n| n["occupation"]["label"]
                        == "Lagerarbejdere og lagerekspedienter"
                        && n["kind"] == "ORDINARY"
                        && n["hoursPerWeek"] == 37.0),
                    "{nodes:?}"
                );
                Ok(())
            },
        },
        Operation {
            portal: "company",
            name: "Candidates",
            variables: |_| json!({ "first": 10 }),
            check: |_, data| {
                let nodes = array(data, "/company/candidates/nodes")?;
                // Citizen 2 is a candidate too, but has not consented to share the CV.
                ensure!(
                    nodes.len() == 1 && nodes[0]["givenName"] == "Anna",
                    "company K should see exactly citizen 1 (Anna), got {nodes:?}"
                );
                Ok(())
            },
        },
        // 2. The right of access, after the staff reads above.
        Operation {
            portal: "citizen",
            name: "AccessLog",
            variables: |_| json!({ "first": 50 }),
            check: |_, data| {
                let nodes = array(data, "/citizen/accessLog/nodes")?;
                let seen: BTreeSet<(&str, &str)> = nodes
                    .iter()
                    .filter_map(|n| Some((n["actorRole"].as_str()?, n["operation"].as_str()?)))
                    .collect();
                for expected in [
                    ("caseworker", "Caseload"),
                    ("caseworker", "Citizen"),
                    ("provider_coordinator", "Participants"),
                    ("company", "Candidates"),
                ] {
                    ensure!(
                        seen.contains(&expected),
                        "the access log lacks a read {expected:?}; it holds {seen:?}"
                    );
                }
                Ok(())
            },
        },
        // 3. Mutations.
        Operation {
            portal: "citizen",
            name: "GrantConsent",
            // The CV consent is already in force; granting it again would be ALREADY_DONE.
            variables: |w| json!({ "purpose": "SHARE_DATA_AFTER_MOVING", "idempotencyKey": grant_key(w) }),
            check: |_, data| {
                ensure!(
                    string(data, "/grantConsent/consent/purpose")? == "SHARE_DATA_AFTER_MOVING"
                );
                ensure!(at(data, "/grantConsent/consent/active")? == true);
                Ok(())
            },
        },
        Operation {
            portal: "citizen",
            name: "RevokeConsent",
            variables: |w| json!({ "consentId": id(w.citizen_1_consent) }),
            check: |w, data| {
                ensure!(at(data, "/revokeConsent/consent/id")? == &id(w.citizen_1_consent));
                ensure!(at(data, "/revokeConsent/consent/active")? == false);
                ensure!(at(data, "/revokeConsent/consent/revokedAt")?.is_string());
                Ok(())
            },
        },
        Operation {
            portal: "company",
            name: "PostJobOrder",
            variables: |w| {
                json!({ "input": {
                    "jobcentreId": id(w.jobcentre_a),
                    "terms": {
                        "kind": "WAGE_SUBSIDY", "title": "Lagermedarbejder med løntilskud",
                        "occupationCode": "4321", "description": "Modtagelse og pluk.",
                        "hoursPerWeek": 37, "productionUnitId": id(w.company_k_unit1),
                        "positions": 2, "startsOn": "2026-12-01", "applyBy": "2026-11-16",
                        "contact": { "name": "Lone Lager", "email": "lager@virksomhed.example" },
                        "requiredSkills": ["Truckcertifikat"]
                    }
                }})
            },
            check: |_, data| {
                let order = at(data, "/postJobOrder/jobOrder")?;
                ensure!(order["status"] == "SUBMITTED" && order["kind"] == "WAGE_SUBSIDY");
                ensure!(order["occupation"]["label"] == "Lagerarbejdere og lagerekspedienter");
                let steps: Vec<&str> = array(order, "/log")?
                    .iter()
                    .filter_map(|l| l["step"].as_str())
                    .collect();
                ensure!(steps == ["POSTED", "SUBMITTED"], "{steps:?}");
                Ok(())
            },
        },
    ]
}

/// One operation file.
pub(crate) struct PortalFile {
    pub(crate) portal: String,
    pub(crate) name: String,
    /// `portals/<portal>/<name>.graphql`, for messages.
    pub(crate) path: String,
    pub(crate) text: String,
}

fn portals_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../portals")
}

/// Every file under `portals/<portal>/`. Anything that is not a `.graphql` file in a known
/// portal directory is an error, so nothing there is skipped silently.
pub(crate) fn portal_files() -> Result<Vec<PortalFile>> {
    let root = portals_dir();
    // For messages: the path from the repository root.
    let shown = |p: &Path| match p.strip_prefix(&root) {
        Ok(rel) => format!("portals/{}", rel.display()),
        Err(_) => p.display().to_string(),
    };
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() {
            ensure!(
                name == "README.md",
                "unexpected file {}: operation files go in a portal directory",
                shown(&path)
            );
            continue;
        }
        ensure!(
            PORTALS.contains(&name.as_str()),
            "{} is not a known portal directory ({PORTALS:?}); add it to PORTALS and give it a principal",
            shown(&path)
        );
        for file in std::fs::read_dir(&path)? {
            let file = file?;
            let path = file.path();
            ensure!(
                file.file_type()?.is_file(),
                "unexpected directory {}",
                shown(&path)
            );
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let (Some(stem), Some("graphql")) = (stem, path.extension().and_then(|e| e.to_str()))
            else {
                bail!(
                    "{} is not a .graphql file; portal directories hold operations only",
                    shown(&path)
                );
            };
            let text = std::fs::read_to_string(&path)?;
            files.push(PortalFile {
                portal: name.clone(),
                name: stem,
                path: shown(&path),
                text,
            });
        }
    }
    files.sort_by(|a, b| (&a.portal, &a.name).cmp(&(&b.portal, &b.name)));
    Ok(files)
}

/// Fails unless the files and the table name the same operations.
fn check_coverage(files: &[PortalFile], table: &[Operation]) -> Result<()> {
    let on_disk: BTreeSet<(&str, &str)> = files
        .iter()
        .map(|f| (f.portal.as_str(), f.name.as_str()))
        .collect();
    let mut in_table = BTreeSet::new();
    for op in table {
        ensure!(
            in_table.insert((op.portal, op.name)),
            "{}/{} is in the table twice",
            op.portal,
            op.name
        );
    }
    // The meeting, plan, offer, invoicing and companies flows run their operations in
    // `meetings.rs`, `plans.rs`, `offers.rs`, `invoicing.rs` and `companies.rs`, in an order of
    // their own.
    in_table.extend(crate::meetings::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::plans::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::offers::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::invoicing::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::companies::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::casework::steps().iter().map(|s| (s.portal, s.name)));
    in_table.extend(crate::health::steps().iter().map(|s| (s.portal, s.name)));
    let untested: Vec<String> = on_disk
        .difference(&in_table)
        .map(|(p, n)| format!("portals/{p}/{n}.graphql"))
        .collect();
    let missing: Vec<String> = in_table
        .difference(&on_disk)
        .map(|(p, n)| format!("portals/{p}/{n}.graphql"))
        .collect();
    ensure!(
        untested.is_empty() && missing.is_empty(),
        "the operation table in {} and portals/ disagree.\n\
         files without a row (add one, with variables and checks): {untested:?}\n\
         rows without a file: {missing:?}",
        file!()
    );
    Ok(())
}

/// A portal file's one operation.
pub(crate) struct Parsed {
    pub(crate) is_mutation: bool,
    /// Its variables, and whether each must be passed (non-null without a default).
    variables: BTreeMap<String, bool>,
}

/// Parses a portal file, which must hold one operation named like the file.
pub(crate) fn parse(file: &PortalFile) -> Result<Parsed> {
    let doc = parse_query(&file.text).with_context(|| format!("{} does not parse", file.path))?;
    let DocumentOperations::Multiple(ops) = &doc.operations else {
        bail!("{}: the operation must be named {}", file.path, file.name);
    };
    ensure!(
        ops.len() == 1,
        "{}: one operation per file, found {}",
        file.path,
        ops.len()
    );
    let op = ops
        .get(file.name.as_str())
        .with_context(|| format!("{}: the operation must be named {}", file.path, file.name))?;
    let variables = op
        .node
        .variable_definitions
        .iter()
        .map(|v| {
            let required = !v.node.var_type.node.nullable && v.node.default_value.is_none();
            (v.node.name.node.to_string(), required)
        })
        .collect();
    Ok(Parsed {
        is_mutation: op.node.ty == OperationType::Mutation,
        variables,
    })
}

/// The table's variables must be ones the operation declares, and cover the required ones.
pub(crate) fn check_variables(file: &PortalFile, parsed: &Parsed, variables: &Value) -> Result<()> {
    let given = variables
        .as_object()
        .context("variables must be a JSON object")?;
    for name in given.keys() {
        ensure!(
            parsed.variables.contains_key(name),
            "{}: the table passes ${name}, which the operation does not declare",
            file.path
        );
    }
    for (name, required) in &parsed.variables {
        ensure!(
            !required || given.contains_key(name),
            "{}: the table does not pass the required ${name}",
            file.path
        );
    }
    Ok(())
}

/// Sends one operation as its portal's principal and checks the answer.
async fn run(server: &Server, file: &PortalFile, op: &Operation) -> Result<()> {
    let variables = (op.variables)(&server.world);
    let parsed = parse(file)?;
    check_variables(file, &parsed, &variables)?;
    let who = principal(&server.world, &file.portal)?;
    // Sent as the portals send it: by the document's id from the trusted-documents manifest.
    let reply = server
        .operation_by_id(&who, &trusted::id_of(&file.text), &variables)
        .await?;
    let body = &reply.body;
    ensure!(
        reply.status == reqwest::StatusCode::OK,
        "HTTP {}: {body}",
        reply.status
    );
    ensure!(
        reply.headers.contains_key("x-request-id"),
        "no x-request-id header"
    );
    ensure!(body.get("errors").is_none(), "errors: {body}");
    let data = body
        .get("data")
        .filter(|d| d.is_object())
        .with_context(|| format!("no data: {body}"))?;
    if parsed.is_mutation {
        let fields = data.as_object().context("data is not an object")?;
        for (field, payload) in fields {
            let errors = array(payload, "/userErrors")
                .with_context(|| format!("{field} must select userErrors"))?;
            ensure!(errors.is_empty(), "{field}: userErrors {errors:?}");
        }
    }
    (op.check)(&server.world, data).with_context(|| format!("unexpected data: {data}"))
}

#[test]
fn every_portal_file_is_in_the_table() -> Result<()> {
    let files = portal_files()?;
    ensure!(
        !files.is_empty(),
        "no operation files under {}",
        portals_dir().display()
    );
    check_coverage(&files, &operations())?;
    for file in &files {
        parse(file)?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_portal_operation_runs_over_http() -> Result<()> {
    let files = portal_files()?;
    let table = operations();
    check_coverage(&files, &table)?;
    // Only trusted documents run, for every role: what a production installation can require.
    let server = Server::start_with(|s| s.trusted_documents.required = true).await?;

    for op in &table {
        let file = files
            .iter()
            .find(|f| f.portal == op.portal && f.name == op.name)
            .context("checked by check_coverage")?;
        run(&server, file, op)
            .await
            .with_context(|| format!("portals/{}/{}.graphql", op.portal, op.name))?;
    }

    // After the run: the revoked CV consent hides citizen 1 from company K...
    let file = |portal: &str, name: &str| {
        files
            .iter()
            .find(|f| f.portal == portal && f.name == name)
            .with_context(|| format!("portals/{portal}/{name}.graphql"))
    };
    let w = server.world.clone();
    let reply = server
        .operation(
            &w.company_k,
            &file("company", "Candidates")?.text,
            "Candidates",
            &json!({ "first": 10 }),
        )
        .await?;
    let nodes = array(&reply.body, "/data/company/candidates/nodes")?;
    ensure!(
        nodes.is_empty(),
        "after the revocation company K should see no candidates, got {nodes:?}"
    );

    // ... the citizen sees it revoked next to the new grant ...
    let reply = server
        .operation(&w.citizen_1, &file("citizen", "Me")?.text, "Me", &json!({}))
        .await?;
    let consents = array(&reply.body, "/data/citizen/consents")?;
    let cv = consents
        .iter()
        .find(|c| c["id"] == id(w.citizen_1_consent))
        .context("the CV consent is gone")?;
    ensure!(
        cv["active"] == false,
        "the CV consent is still active: {cv}"
    );
    let moving: Vec<&Value> = consents
        .iter()
        .filter(|c| c["purpose"] == "SHARE_DATA_AFTER_MOVING")
        .collect();
    ensure!(
        moving.len() == 1 && moving[0]["active"] == true,
        "expected the one new consent, got {consents:?}"
    );

    // ... and a retried grant with the same idempotency key returns that consent again.
    let grant = file("citizen", "GrantConsent")?;
    let vars = json!({ "purpose": "SHARE_DATA_AFTER_MOVING", "idempotencyKey": grant_key(&w) });
    let reply = server
        .operation(&w.citizen_1, &grant.text, "GrantConsent", &vars)
        .await?;
    ensure!(reply.body.get("errors").is_none(), "retry: {}", reply.body);
    ensure!(
        array(&reply.body, "/data/grantConsent/userErrors")?.is_empty(),
        "retry: {}",
        reply.body
    );
    ensure!(
        at(&reply.body, "/data/grantConsent/consent/id")? == &moving[0]["id"],
        "the retry granted anew: {}",
        reply.body
    );

    server.stop().await
}
