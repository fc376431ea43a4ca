//! Every root field and mutation, called by every role and anonymously: who is admitted, who
//! gets FORBIDDEN, who gets UNAUTHENTICATED. A root field without a row here fails the
//! completeness test.

use std::collections::BTreeSet;

use jobbro_api::{
    auth::Role,
    testing::{Principal, TestApp, World, error_code, world},
};
use serde_json::{Value, json};

struct Row {
    field: &'static str,
    query: &'static str,
    allowed: &'static [Role],
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            field: "viewer",
            query: "{ viewer { role subjectId } }",
            allowed: Role::ALL,
        },
        Row {
            field: "citizen",
            query: "{ citizen { id } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "caseworker",
            query: "{ caseworker { me { id } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "provider",
            query: "{ provider { organisation { id } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "company",
            query: "{ company { organisation { id } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "grantConsent",
            query: "mutation { grantConsent(input: {purpose: SHARE_DATA_AFTER_MOVING}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "publishSlots",
            query: "mutation { publishSlots(input: {meetingType: JOB_CONVERSATION, channel: IN_PERSON, location: \"Rum 1\", startsAt: \"2030-01-07T09:00:00Z\", durationMinutes: 30}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "bookMeeting",
            query: "mutation($id: ID!) { bookMeeting(input: {slotId: $id}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "rescheduleMeeting",
            query: "mutation($id: ID!) { rescheduleMeeting(input: {meetingId: $id, slotId: $id}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "cancelMeeting",
            query: "mutation($id: ID!) { cancelMeeting(input: {meetingId: $id, reason: \"syg\"}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "registerArrival",
            query: "mutation($id: ID!) { registerArrival(input: {meetingId: $id}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "summonCitizen",
            query: "mutation($id: ID!) { summonCitizen(input: {citizenId: $id, meetingType: JOB_CONVERSATION, channel: IN_PERSON, location: \"Rum 1\", startsAt: \"2030-01-07T09:00:00Z\", endsAt: \"2030-01-07T09:30:00Z\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "cancelMeetingByJobcentre",
            query: "mutation($id: ID!) { cancelMeetingByJobcentre(input: {meetingId: $id, reason: \"sygdom\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "requestSelfBooking",
            query: "mutation($id: ID!) { requestSelfBooking(input: {citizenId: $id, meetingType: JOB_CONVERSATION, dueAt: \"2030-01-07T09:00:00Z\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "registerAttendance",
            query: "mutation($id: ID!) { registerAttendance(input: {meetingId: $id, outcome: ATTENDED, expectedVersion: 1}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "reportSick",
            query: "mutation { reportSick(input: {}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "reportRecovered",
            query: "mutation { reportRecovered(input: {}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "registerAbsence",
            query: "mutation($id: ID!) { registerAbsence(input: {citizenId: $id, typeCode: \"FERIE\", startsOn: \"2030-01-01\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "endAbsence",
            query: "mutation($id: ID!) { endAbsence(input: {absenceId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "updatePlanDraft",
            query: "mutation($id: ID!) { updatePlanDraft(input: {citizenId: $id, expectedDraftVersion: 0, content: {goals: [], activities: [], offers: [], appointments: []}}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "publishPlan",
            query: "mutation($id: ID!) { publishPlan(input: {citizenId: $id, expectedDraftVersion: 1}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "acknowledgePlan",
            query: "mutation($id: ID!) { acknowledgePlan(input: {versionId: $id}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "requestPlanLanguage",
            query: "mutation($id: ID!) { requestPlanLanguage(input: {versionId: $id, language: \"en\"}) { userErrors { code } } }",
            allowed: &[Role::Citizen, Role::Caseworker, Role::Manager],
        },
        Row {
            field: "submitPlanFollowUp",
            query: "mutation { submitPlanFollowUp(input: {itemId: \"goal-1\", text: \"Jeg har søgt 5 job\"}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "commentOnPlanActivity",
            query: "mutation($id: ID!) { commentOnPlanActivity(input: {citizenId: $id, activityId: \"activity-1\", text: \"Godt fremmøde\"}) { userErrors { code } } }",
            allowed: &[
                Role::ProviderCoordinator,
                Role::ProviderStaff,
                Role::Company,
            ],
        },
        Row {
            field: "draftContractVersion",
            query: "mutation($id: ID!) { draftContractVersion(input: {contractId: $id, validFrom: \"2030-01-01\", services: []}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "signContractVersion",
            query: "mutation($id: ID!) { signContractVersion(input: {contractVersionId: $id}) { userErrors { code } } }",
            allowed: &[Role::Manager],
        },
        Row {
            field: "createServiceOrder",
            query: "mutation($id: ID!) { createServiceOrder(input: {citizenId: $id, contractServiceId: $id, startsOn: \"2030-01-07\", endsOn: \"2030-02-07\", hoursPerWeek: 10, weeks: 4, justification: \"Behov\", goal: \"Job\", remark: \"Ingen\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "acceptServiceOrder",
            query: "mutation($id: ID!) { acceptServiceOrder(input: {serviceOrderId: $id, assignTo: $id}) { userErrors { code } } }",
            allowed: &[Role::ProviderCoordinator],
        },
        Row {
            field: "startServiceOrder",
            query: "mutation($id: ID!) { startServiceOrder(input: {serviceOrderId: $id, startedOn: \"2026-11-02\"}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "recordOfferAttendance",
            query: "mutation($id: ID!) { recordOfferAttendance(input: {serviceOrderId: $id, days: [{day: \"2026-11-02\", kind: NO_SHOW}]}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "recordResummons",
            query: "mutation($id: ID!) { recordResummons(input: {serviceOrderId: $id, newDate: \"2026-11-10\", channels: [PAPER]}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "recordNoShowDecision",
            query: "mutation($id: ID!) { recordNoShowDecision(input: {serviceOrderId: $id, decision: \"Ingen sanktion\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "setPersonMarking",
            query: "mutation($id: ID!) { setPersonMarking(input: {citizenId: $id, reason: \"Hjemløs\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "recordEmploymentOutcome",
            query: "mutation($id: ID!) { recordEmploymentOutcome(input: {citizenId: $id, kind: JOB, startsOn: \"2026-11-20\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "postJobOrder",
            query: "mutation($id: ID!) { postJobOrder(input: {jobcentreId: $id, terms: {kind: ORDINARY, title: \"Kok\", occupationCode: \"5120\", description: \"\", hoursPerWeek: 37, productionUnitId: $id, positions: 1, startsOn: \"2030-02-01\", applyBy: \"2030-01-15\", contact: {name: \"Kim\", email: \"kim@virksomhed.example\"}}}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "updateJobOrder",
            query: "mutation($id: ID!) { updateJobOrder(input: {jobOrderId: $id, expectedVersion: 1, terms: {kind: ORDINARY, title: \"Kok\", occupationCode: \"5120\", description: \"\", hoursPerWeek: 37, productionUnitId: $id, positions: 1, startsOn: \"2030-02-01\", applyBy: \"2030-01-15\", contact: {name: \"Kim\", email: \"kim@virksomhed.example\"}}}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "takeUpJobOrder",
            query: "mutation($id: ID!) { takeUpJobOrder(input: {jobOrderId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "closeJobOrder",
            query: "mutation($id: ID!) { closeJobOrder(input: {jobOrderId: $id, reason: \"Besat\"}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "proposeCandidate",
            query: "mutation($id: ID!) { proposeCandidate(input: {jobOrderId: $id, citizenId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "presentCandidate",
            query: "mutation($id: ID!) { presentCandidate(input: {candidateId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "recordCandidateOutcome",
            query: "mutation($id: ID!) { recordCandidateOutcome(input: {candidateId: $id, outcome: HIRED}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "saveMyCv",
            query: "mutation { saveMyCv(input: {jobWishes: [\"5120\"]}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "setMyCvHidden",
            query: "mutation { setMyCvHidden(input: {hidden: false}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
        Row {
            field: "proposeCandidatePlacement",
            query: "mutation($id: ID!) { proposeCandidatePlacement(input: {candidateId: $id, startsOn: \"2026-12-01\", note: \"Ja\"}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "proposePlacement",
            query: "mutation($id: ID!) { proposePlacement(input: {citizenId: $id, productionUnitId: $id, kind: COMPANY_INTERNSHIP, startsOn: \"2026-12-01\", note: \"Praktik\"}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "grantPlacementProposal",
            query: "mutation($id: ID!) { grantPlacementProposal(input: {proposalId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "declinePlacementProposal",
            query: "mutation($id: ID!) { declinePlacementProposal(input: {proposalId: $id, reason: \"Nej\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "recordPlacementFollowUp",
            query: "mutation($id: ID!) { recordPlacementFollowUp(input: {placementId: $id, followedUpOn: \"2026-11-02\", note: \"Fint\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "setPlacementFollowUp",
            query: "mutation($id: ID!) { setPlacementFollowUp(input: {placementId: $id, everyWeeks: 2}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "requestPlacementExtension",
            query: "mutation($id: ID!) { requestPlacementExtension(input: {placementId: $id, endsOn: \"2027-01-29\", reason: \"Mere tid\"}) { userErrors { code } } }",
            allowed: &[Role::Caseworker, Role::Manager, Role::Company],
        },
        Row {
            field: "decidePlacementExtension",
            query: "mutation($id: ID!) { decidePlacementExtension(input: {extensionId: $id, approve: false}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "confirmPlacementExtension",
            query: "mutation($id: ID!) { confirmPlacementExtension(input: {extensionId: $id}) { userErrors { code } } }",
            allowed: &[Role::Company],
        },
        Row {
            field: "recordCompanyContact",
            query: "mutation($id: ID!) { recordCompanyContact(input: {companyId: $id, channel: PHONE, topic: \"Ordre\", contactedOn: \"2026-11-02\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "setCompanyConsultant",
            query: "mutation($id: ID!) { setCompanyConsultant(input: {companyId: $id, consultantId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "grantPlacements",
            query: "mutation($id: ID!) { grantPlacements(input: {jobOrderId: $id, candidateIds: [$id], terms: {startsOn: \"2026-12-01\"}}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "grantPlacement",
            query: "mutation($id: ID!) { grantPlacement(input: {citizenId: $id, productionUnitId: $id, kind: ORDINARY, terms: {startsOn: \"2026-12-01\"}}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "startPlacement",
            query: "mutation($id: ID!) { startPlacement(input: {placementId: $id, startedOn: \"2026-11-02\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "endPlacement",
            query: "mutation($id: ID!) { endPlacement(input: {placementId: $id, endedOn: \"2026-11-02\", reason: \"Slut\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "cancelPlacement",
            query: "mutation($id: ID!) { cancelPlacement(input: {placementId: $id, reason: \"Aflyst\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "generateInvoiceBasis",
            query: "mutation($id: ID!) { generateInvoiceBasis(input: {contractId: $id, month: \"2026-10\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "approveInvoiceBasis",
            query: "mutation($id: ID!) { approveInvoiceBasis(input: {invoiceBasisId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "removePersonMarking",
            query: "mutation($id: ID!) { removePersonMarking(input: {personMarkingId: $id, reason: \"Bolig fundet\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "submitSupplierReport",
            query: "mutation($id: ID!) { submitSupplierReport(input: {supplierReportId: $id, sections: [], actionNeeded: false}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "requestSupplierReport",
            query: "mutation($id: ID!) { requestSupplierReport(input: {serviceOrderId: $id, note: \"Status\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "markSupplierReportRead",
            query: "mutation($id: ID!) { markSupplierReportRead(input: {supplierReportId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "completeTask",
            query: "mutation($id: ID!) { completeTask(input: {taskId: $id}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "requestOfferChange",
            query: "mutation($id: ID!) { requestOfferChange(input: {serviceOrderId: $id, kind: NOT_STARTED, reason: \"Mødte aldrig\"}) { userErrors { code } } }",
            allowed: Role::PROVIDER_USERS,
        },
        Row {
            field: "decideOfferChange",
            query: "mutation($id: ID!) { decideOfferChange(input: {changeRequestId: $id, approve: false, note: \"Nej\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "recordCitizenUnreachable",
            query: "mutation($id: ID!) { recordCitizenUnreachable(input: {changeRequestId: $id, unreachable: true}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "sendOrderMessage",
            query: "mutation($id: ID!) { sendOrderMessage(input: {serviceOrderId: $id, text: \"Hej\"}) { userErrors { code } } }",
            allowed: &[
                Role::Caseworker,
                Role::Manager,
                Role::ProviderCoordinator,
                Role::ProviderStaff,
            ],
        },
        Row {
            field: "endServiceOrder",
            query: "mutation($id: ID!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: \"2026-11-02\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "cancelServiceOrder",
            query: "mutation($id: ID!) { cancelServiceOrder(input: {serviceOrderId: $id, reason: \"Borgeren er i job\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "openCase",
            query: "mutation($id: ID!) { openCase(input: {citizenId: $id, contactGroup: \"DAGPENGE\", targetGroup: \"DAGPENGE\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "visitCase",
            query: "mutation($id: ID!) { visitCase(input: {caseId: $id, category: JOB_READY, expectedVersion: 1}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "changeBenefit",
            query: "mutation($id: ID!) { changeBenefit(input: {caseId: $id, contactGroup: \"DAGPENGE\", targetGroup: \"DAGPENGE\", expectedVersion: 1}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "closeCase",
            query: "mutation($id: ID!) { closeCase(input: {caseId: $id, reason: \"OTHER\", expectedVersion: 1}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "reportBenefitEnded",
            query: "mutation($id: ID!) { reportBenefitEnded(input: {citizenId: $id, endedOn: \"2026-11-01\"}) { userErrors { code } } }",
            allowed: &[Role::Integration],
        },
        Row {
            field: "requestHealthInformation",
            query: "mutation($id: ID!) { requestHealthInformation(input: {caseId: $id, recipientKind: GENERAL_PRACTITIONER, recipientName: \"Lægehuset\", certificateType: \"LAE_265\", questions: [\"Kan borgeren arbejde 10 timer om ugen?\"]}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "sendHealthMessage",
            query: "mutation($id: ID!) { sendHealthMessage(input: {healthRequestId: $id, body: \"Tak\"}) { userErrors { code } } }",
            allowed: Role::JOBCENTRE_STAFF,
        },
        Row {
            field: "deliverHealthDocument",
            query: "mutation($id: ID!) { deliverHealthDocument(input: {healthRequestId: $id, externalId: \"D-1\", title: \"LÆ 265\", body: \"Svar\"}) { userErrors { code } } }",
            allowed: &[Role::Integration],
        },
        Row {
            field: "postClinicianMessage",
            query: "mutation($id: ID!) { postClinicianMessage(input: {healthRequestId: $id, body: \"Svar følger\"}) { userErrors { code } } }",
            allowed: &[Role::Integration],
        },
        Row {
            field: "reportDeath",
            query: "mutation($id: ID!) { reportDeath(input: {citizenId: $id, diedOn: \"2026-11-01\"}) { userErrors { code } } }",
            allowed: &[Role::Integration],
        },
        Row {
            field: "reportNoPostalAddress",
            query: "mutation($id: ID!) { reportNoPostalAddress(input: {citizenId: $id}) { userErrors { code } } }",
            allowed: &[Role::Integration],
        },
        Row {
            field: "revokeConsent",
            query: "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { code } } }",
            allowed: &[Role::Citizen],
        },
    ]
}

fn variables(w: &World) -> Value {
    json!({ "id": w.citizen_1_consent.to_string() })
}

async fn check(app: &TestApp, w: &World, row: &Row, who: Option<&Principal>) -> Result<(), String> {
    let answer = app.gql(who, row.query, variables(w)).await;
    let label = who.map_or("anonymous".to_string(), |p| p.role.claim().to_string());
    let admitted = who.is_some_and(|p| row.allowed.contains(&p.role));
    let code = error_code(&answer);
    let expected = match who {
        None => Some("UNAUTHENTICATED"),
        Some(_) if admitted => None,
        Some(_) => Some("FORBIDDEN"),
    };
    if code == expected {
        Ok(())
    } else {
        Err(format!(
            "{} as {label}: expected {expected:?}, got {answer}",
            row.field
        ))
    }
}

#[tokio::test]
async fn every_root_field_and_mutation_admits_exactly_its_roles() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let mut failures = Vec::new();
    for row in rows() {
        if let Err(e) = check(&app, &w, &row, None).await {
            failures.push(e);
        }
        for who in w.one_per_role() {
            if let Err(e) = check(&app, &w, &row, Some(&who)).await {
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix failures:\n{}",
        failures.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn the_matrix_covers_every_root_field_and_mutation() -> anyhow::Result<()> {
    let sdl = jobbro_api::schema::sdl();
    let document = async_graphql::parser::parse_schema(&sdl)?;
    let mut in_schema = BTreeSet::new();
    for def in &document.definitions {
        if let async_graphql::parser::types::TypeSystemDefinition::Type(t) = def
            && ["Query", "Mutation"].contains(&t.node.name.node.as_str())
            && let async_graphql::parser::types::TypeKind::Object(obj) = &t.node.kind
        {
            in_schema.extend(obj.fields.iter().map(|f| f.node.name.node.to_string()));
        }
    }
    let covered: BTreeSet<String> = rows().iter().map(|r| r.field.to_string()).collect();
    let missing: Vec<_> = in_schema.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "root fields without a role-matrix row: {missing:?}"
    );
    Ok(())
}

#[tokio::test]
async fn only_managers_may_read_a_citizens_access_log() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let query = "query($id: ID!) { caseworker { citizen(id: $id) { accessLog { edges { node { category } } } } } }";
    let vars = json!({ "id": w.citizen_1.subject.to_string() });
    let as_manager = app.gql(Some(&w.manager_a), query, vars.clone()).await;
    assert_eq!(error_code(&as_manager), None, "{as_manager}");
    let as_caseworker = app.gql(Some(&w.caseworker_a), query, vars).await;
    assert_eq!(
        error_code(&as_caseworker),
        Some("FORBIDDEN"),
        "{as_caseworker}"
    );
    Ok(())
}
