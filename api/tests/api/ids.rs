//! One answer to a bad id, everywhere: every id a mutation or a field argument takes is read
//! through the kernel's id newtypes, so a malformed id is a GraphQL error with
//! `extensions.code = BAD_USER_INPUT`, and a well-formed id that names nothing the caller may see
//! is a `NOT_FOUND` userError on that id's field (a read answers null or an empty list). The
//! places that take an id are read from the schema: one without a row here fails the test.

use std::collections::BTreeSet;

use async_graphql::parser::types::{
    BaseType, InputValueDefinition, Type, TypeKind, TypeSystemDefinition,
};
use jobbro_api::testing::{Principal, TestApp, World, error_code, world};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::id_of,
    meetings::{booked, new_slot},
    time::tomorrow,
};

/// What a row's operation needs besides the id under test.
struct Fixture {
    /// A free slot citizen 1 may book.
    slot: String,
    /// A meeting citizen 1 booked themself, far enough ahead to move.
    meeting: String,
    citizen_1: String,
    /// Citizen 1's order to provider P.
    order: String,
    /// Job centre A.
    jobcentre: String,
    /// A job order of company K's, and the production unit it is at.
    job_order: String,
    unit: String,
    /// The company of `job_order`.
    company: String,
}

struct Row {
    /// Where the id is taken, as [`places_taking_ids`] names it.
    place: &'static str,
    who: fn(&World) -> Principal,
    /// The operation, with the id under test as `$id`.
    operation: &'static str,
    variables: fn(&Fixture, &str) -> Value,
    /// The userError's field for a well-formed id that names nothing; `None` for a read.
    not_found: Option<&'static [&'static str]>,
}

const PUBLISH_SLOTS: &str = "mutation($id: ID) { publishSlots(input: {caseworkerId: $id, meetingType: JOB_CONVERSATION, channel: IN_PERSON, location: \"Rum 1\", startsAt: \"2030-01-07T09:00:00Z\", durationMinutes: 30}) { userErrors { field code } } }";
const SUMMON: &str = "mutation($citizen: ID!, $user: ID!) { summonCitizen(input: {citizenId: $citizen, meetingType: JOB_CONVERSATION, channel: IN_PERSON, location: \"Rum 1\", startsAt: \"2030-01-07T09:00:00Z\", endsAt: \"2030-01-07T09:30:00Z\", participants: [{providerUserId: $user}]}) { userErrors { field code } } }";
const DRAFT: &str = "mutation($citizen: ID!, $content: PlanContentInput!) { updatePlanDraft(input: {citizenId: $citizen, expectedDraftVersion: 0, content: $content}) { userErrors { field code } } }";

fn activity(key: &str, id: &str) -> Value {
    json!({ "goals": [], "offers": [], "appointments": [],
            "activities": [{ "description": "Kursus", key: id }] })
}

const POST_JOB_ORDER: &str = "mutation($jobcentre: ID!, $terms: JobOrderTermsInput!) { postJobOrder(input: {jobcentreId: $jobcentre, terms: $terms}) { userErrors { field code } } }";
const UPDATE_JOB_ORDER: &str = "mutation($id: ID!, $terms: JobOrderTermsInput!) { updateJobOrder(input: {jobOrderId: $id, expectedVersion: 1, terms: $terms}) { userErrors { field code } } }";

/// Valid job-order terms at `unit`.
fn job_order_terms(unit: &str) -> Value {
    json!({ "kind": "ORDINARY", "title": "Kok", "occupationCode": "5120",
            "description": "Frokostkøkken", "hoursPerWeek": 37, "productionUnitId": unit,
            "positions": 1, "startsOn": "2030-02-01", "applyBy": "2030-01-15",
            "contact": { "name": "Kim Køkken", "email": "kim@virksomhed.example" } })
}

const DRAFT_CONTRACT: &str = "mutation($id: ID, $provider: ID) { draftContractVersion(input: {contractId: $id, providerId: $provider, reference: \"K-1\", title: \"Mentor\", validFrom: \"2030-01-01\", services: [{serviceCode: \"M1\", offerKind: \"MENTOR\", description: \"Mentor\", seats: 2, targetGroups: [], budgetFrameCode: \"5.68.90\", prices: []}]}) { userErrors { field code } } }";
const ORDER: &str = "mutation($citizen: ID!, $service: ID!) { createServiceOrder(input: {citizenId: $citizen, contractServiceId: $service, startsOn: \"2030-01-07\", endsOn: \"2030-02-07\", hoursPerWeek: 10, weeks: 4, justification: \"Behov\", goal: \"Job\", remark: \"Ingen\"}) { userErrors { field code } } }";

fn rows() -> Vec<Row> {
    vec![
        Row {
            place: "draftContractVersion: input.contractId",
            who: |w| w.caseworker_a,
            operation: DRAFT_CONTRACT,
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "contractId"]),
        },
        Row {
            place: "draftContractVersion: input.providerId",
            who: |w| w.caseworker_a,
            operation: DRAFT_CONTRACT,
            variables: |_, id| json!({ "provider": id }),
            not_found: Some(&["input", "providerId"]),
        },
        Row {
            place: "signContractVersion: input.contractVersionId",
            who: |w| w.manager_a,
            operation: "mutation($id: ID!) { signContractVersion(input: {contractVersionId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "contractVersionId"]),
        },
        Row {
            place: "createServiceOrder: input.citizenId",
            who: |w| w.caseworker_a,
            operation: ORDER,
            variables: |_, id| json!({ "citizen": id, "service": Uuid::nil().to_string() }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "createServiceOrder: input.contractServiceId",
            who: |w| w.caseworker_a,
            operation: ORDER,
            variables: |f, id| json!({ "citizen": f.citizen_1, "service": id }),
            not_found: Some(&["input", "contractServiceId"]),
        },
        Row {
            place: "acceptServiceOrder: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!, $user: ID!) { acceptServiceOrder(input: {serviceOrderId: $id, assignTo: $user}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id, "user": Uuid::nil().to_string() }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "acceptServiceOrder: input.assignTo",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($order: ID!, $id: ID!) { acceptServiceOrder(input: {serviceOrderId: $order, assignTo: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "order": f.order, "id": id }),
            not_found: Some(&["input", "assignTo"]),
        },
        Row {
            place: "startServiceOrder: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { startServiceOrder(input: {serviceOrderId: $id, startedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "recordOfferAttendance: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { recordOfferAttendance(input: {serviceOrderId: $id, days: [{day: \"2026-11-02\", kind: NO_SHOW}]}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "recordResummons: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { recordResummons(input: {serviceOrderId: $id, newDate: \"2026-11-10\", channels: [PAPER]}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "recordNoShowDecision: input.serviceOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { recordNoShowDecision(input: {serviceOrderId: $id, decision: \"Ingen sanktion\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "setPersonMarking: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { setPersonMarking(input: {citizenId: $id, reason: \"Hjemløs\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "openCase: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { openCase(input: {citizenId: $id, contactGroup: \"DAGPENGE\", targetGroup: \"DAGPENGE\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "openCase: input.assignedCaseworkerId",
            who: |w| w.caseworker_a,
            operation: "mutation($citizen: ID!, $id: ID!) { openCase(input: {citizenId: $citizen, contactGroup: \"DAGPENGE\", targetGroup: \"DAGPENGE\", assignedCaseworkerId: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "citizen": f.citizen_1, "id": id }),
            not_found: Some(&["input", "assignedCaseworkerId"]),
        },
        Row {
            place: "visitCase: input.caseId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { visitCase(input: {caseId: $id, category: JOB_READY, expectedVersion: 1}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "caseId"]),
        },
        Row {
            place: "changeBenefit: input.caseId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { changeBenefit(input: {caseId: $id, contactGroup: \"DAGPENGE\", targetGroup: \"DAGPENGE\", expectedVersion: 1}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "caseId"]),
        },
        Row {
            place: "closeCase: input.caseId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { closeCase(input: {caseId: $id, reason: \"OTHER\", expectedVersion: 1}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "caseId"]),
        },
        Row {
            place: "reportBenefitEnded: input.citizenId",
            who: |w| w.integration,
            operation: "mutation($id: ID!) { reportBenefitEnded(input: {citizenId: $id, endedOn: \"2026-11-01\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "requestHealthInformation: input.caseId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { requestHealthInformation(input: {caseId: $id, recipientKind: GENERAL_PRACTITIONER, recipientName: \"Lægehuset\", certificateType: \"LAE_265\", questions: [\"Kan borgeren arbejde 10 timer om ugen?\"]}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "caseId"]),
        },
        Row {
            place: "sendHealthMessage: input.healthRequestId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { sendHealthMessage(input: {healthRequestId: $id, body: \"Tak\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "healthRequestId"]),
        },
        Row {
            place: "deliverHealthDocument: input.healthRequestId",
            who: |w| w.integration,
            operation: "mutation($id: ID!) { deliverHealthDocument(input: {healthRequestId: $id, externalId: \"D-1\", title: \"LÆ 265\", body: \"Svar\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "healthRequestId"]),
        },
        Row {
            place: "postClinicianMessage: input.healthRequestId",
            who: |w| w.integration,
            operation: "mutation($id: ID!) { postClinicianMessage(input: {healthRequestId: $id, body: \"Svar følger\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "healthRequestId"]),
        },
        Row {
            place: "reportDeath: input.citizenId",
            who: |w| w.integration,
            operation: "mutation($id: ID!) { reportDeath(input: {citizenId: $id, diedOn: \"2026-11-01\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "reportNoPostalAddress: input.citizenId",
            who: |w| w.integration,
            operation: "mutation($id: ID!) { reportNoPostalAddress(input: {citizenId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "recordEmploymentOutcome: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { recordEmploymentOutcome(input: {citizenId: $id, kind: JOB, startsOn: \"2026-11-20\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "generateInvoiceBasis: input.contractId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { generateInvoiceBasis(input: {contractId: $id, month: \"2026-10\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "contractId"]),
        },
        Row {
            place: "approveInvoiceBasis: input.invoiceBasisId",
            who: |w| w.manager_a,
            operation: "mutation($id: ID!) { approveInvoiceBasis(input: {invoiceBasisId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "invoiceBasisId"]),
        },
        Row {
            place: "postJobOrder: input.jobcentreId",
            who: |w| w.company_k,
            operation: POST_JOB_ORDER,
            variables: |f, id| json!({ "jobcentre": id, "terms": job_order_terms(&f.unit) }),
            not_found: Some(&["input", "jobcentreId"]),
        },
        Row {
            place: "postJobOrder: input.terms.productionUnitId",
            who: |w| w.company_k,
            operation: POST_JOB_ORDER,
            variables: |f, id| json!({ "jobcentre": f.jobcentre, "terms": job_order_terms(id) }),
            not_found: Some(&["input", "terms", "productionUnitId"]),
        },
        Row {
            place: "updateJobOrder: input.jobOrderId",
            who: |w| w.company_k,
            operation: UPDATE_JOB_ORDER,
            variables: |f, id| json!({ "id": id, "terms": job_order_terms(&f.unit) }),
            not_found: Some(&["input", "jobOrderId"]),
        },
        Row {
            place: "updateJobOrder: input.terms.productionUnitId",
            who: |w| w.company_k,
            operation: UPDATE_JOB_ORDER,
            variables: |f, id| json!({ "id": f.job_order, "terms": job_order_terms(id) }),
            not_found: Some(&["input", "terms", "productionUnitId"]),
        },
        Row {
            place: "takeUpJobOrder: input.jobOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { takeUpJobOrder(input: {jobOrderId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "jobOrderId"]),
        },
        Row {
            place: "closeJobOrder: input.jobOrderId",
            who: |w| w.company_k,
            operation: "mutation($id: ID!) { closeJobOrder(input: {jobOrderId: $id, reason: \"Besat internt\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "jobOrderId"]),
        },
        Row {
            place: "proposeCandidate: input.jobOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!, $citizen: ID!) { proposeCandidate(input: {jobOrderId: $id, citizenId: $citizen}) { userErrors { field code } } }",
            variables: |f, id| json!({ "id": id, "citizen": f.citizen_1 }),
            not_found: Some(&["input", "jobOrderId"]),
        },
        Row {
            place: "proposeCandidate: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($order: ID!, $id: ID!) { proposeCandidate(input: {jobOrderId: $order, citizenId: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "order": f.job_order, "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "presentCandidate: input.candidateId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { presentCandidate(input: {candidateId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "candidateId"]),
        },
        Row {
            place: "recordCandidateOutcome: input.candidateId",
            who: |w| w.company_k,
            operation: "mutation($id: ID!) { recordCandidateOutcome(input: {candidateId: $id, outcome: INTERVIEW}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "candidateId"]),
        },
        Row {
            place: "CaseworkerWorkspace.candidatesFor(jobOrderId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { candidatesFor(jobOrderId: $id) { citizenId } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.jobOrdersFor(citizenId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { jobOrdersFor(citizenId: $id) { hotJob } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "grantPlacements: input.jobOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { grantPlacements(input: {jobOrderId: $id, candidateIds: [$id], terms: {startsOn: \"2026-12-01\"}}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "jobOrderId"]),
        },
        Row {
            place: "grantPlacements: input.candidateIds",
            who: |w| w.caseworker_a,
            operation: "mutation($order: ID!, $id: ID!) { grantPlacements(input: {jobOrderId: $order, candidateIds: [$id], terms: {startsOn: \"2026-12-01\"}}) { userErrors { field code } } }",
            variables: |f, id| json!({ "order": f.job_order, "id": id }),
            not_found: Some(&["input", "candidateIds", "0"]),
        },
        Row {
            place: "grantPlacement: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!, $unit: ID!) { grantPlacement(input: {citizenId: $id, productionUnitId: $unit, kind: ORDINARY, terms: {startsOn: \"2026-12-01\"}}) { userErrors { field code } } }",
            variables: |f, id| json!({ "id": id, "unit": f.unit }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "grantPlacement: input.productionUnitId",
            who: |w| w.caseworker_a,
            operation: "mutation($citizen: ID!, $id: ID!) { grantPlacement(input: {citizenId: $citizen, productionUnitId: $id, kind: ORDINARY, terms: {startsOn: \"2026-12-01\"}}) { userErrors { field code } } }",
            variables: |f, id| json!({ "citizen": f.citizen_1, "id": id }),
            not_found: Some(&["input", "productionUnitId"]),
        },
        Row {
            place: "startPlacement: input.placementId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { startPlacement(input: {placementId: $id, startedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "endPlacement: input.placementId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { endPlacement(input: {placementId: $id, endedOn: \"2026-11-02\", reason: \"Slut\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "cancelPlacement: input.placementId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { cancelPlacement(input: {placementId: $id, reason: \"Aflyst\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "proposeCandidatePlacement: input.candidateId",
            who: |w| w.company_k,
            operation: "mutation($id: ID!) { proposeCandidatePlacement(input: {candidateId: $id, startsOn: \"2026-12-01\", note: \"Ja tak\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "candidateId"]),
        },
        Row {
            place: "proposePlacement: input.citizenId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!, $unit: ID!) { proposePlacement(input: {citizenId: $id, productionUnitId: $unit, kind: COMPANY_INTERNSHIP, startsOn: \"2026-12-01\", note: \"Praktik\"}) { userErrors { field code } } }",
            variables: |f, id| json!({ "id": id, "unit": f.unit }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "proposePlacement: input.productionUnitId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($citizen: ID!, $id: ID!) { proposePlacement(input: {citizenId: $citizen, productionUnitId: $id, kind: COMPANY_INTERNSHIP, startsOn: \"2026-12-01\", note: \"Praktik\"}) { userErrors { field code } } }",
            variables: |f, id| json!({ "citizen": f.citizen_1, "id": id }),
            not_found: Some(&["input", "productionUnitId"]),
        },
        Row {
            place: "grantPlacementProposal: input.proposalId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { grantPlacementProposal(input: {proposalId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "proposalId"]),
        },
        Row {
            place: "declinePlacementProposal: input.proposalId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { declinePlacementProposal(input: {proposalId: $id, reason: \"Nej\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "proposalId"]),
        },
        Row {
            place: "recordPlacementFollowUp: input.placementId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { recordPlacementFollowUp(input: {placementId: $id, followedUpOn: \"2026-11-02\", note: \"Fint\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "setPlacementFollowUp: input.placementId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { setPlacementFollowUp(input: {placementId: $id, everyWeeks: 2}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "requestPlacementExtension: input.placementId",
            who: |w| w.company_k,
            operation: "mutation($id: ID!) { requestPlacementExtension(input: {placementId: $id, endsOn: \"2027-01-29\", reason: \"Mere tid\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "placementId"]),
        },
        Row {
            place: "decidePlacementExtension: input.extensionId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { decidePlacementExtension(input: {extensionId: $id, approve: true}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "extensionId"]),
        },
        Row {
            place: "confirmPlacementExtension: input.extensionId",
            who: |w| w.company_k,
            operation: "mutation($id: ID!) { confirmPlacementExtension(input: {extensionId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "extensionId"]),
        },
        Row {
            place: "CaseworkerWorkspace.placementLog(placementId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { placementLog(placementId: $id) { step } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "recordCompanyContact: input.companyId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { recordCompanyContact(input: {companyId: $id, channel: PHONE, topic: \"Ordre\", contactedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "companyId"]),
        },
        Row {
            place: "recordCompanyContact: input.productionUnitId",
            who: |w| w.caseworker_a,
            operation: "mutation($company: ID!, $id: ID!) { recordCompanyContact(input: {companyId: $company, productionUnitId: $id, channel: PHONE, topic: \"Ordre\", contactedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |f, id| json!({ "company": f.company, "id": id }),
            not_found: Some(&["input", "productionUnitId"]),
        },
        Row {
            place: "recordCompanyContact: input.consultantId",
            who: |w| w.caseworker_a,
            operation: "mutation($company: ID!, $id: ID!) { recordCompanyContact(input: {companyId: $company, consultantId: $id, channel: PHONE, topic: \"Ordre\", contactedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |f, id| json!({ "company": f.company, "id": id }),
            not_found: Some(&["input", "consultantId"]),
        },
        Row {
            place: "setCompanyConsultant: input.companyId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { setCompanyConsultant(input: {companyId: $id, consultantId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "companyId"]),
        },
        Row {
            place: "setCompanyConsultant: input.consultantId",
            who: |w| w.caseworker_a,
            operation: "mutation($company: ID!, $id: ID!) { setCompanyConsultant(input: {companyId: $company, consultantId: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "company": f.company, "id": id }),
            not_found: Some(&["input", "consultantId"]),
        },
        Row {
            place: "CaseworkerWorkspace.companies(consultantId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { companies(consultantId: $id) { nodes { id } } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.invoiceBasis(id)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { invoiceBasis(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.invoiceBasis(id)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { invoiceBasis(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.previewInvoiceBasis(contractId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { previewInvoiceBasis(contractId: $id, month: \"2026-10\") { month } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.previewInvoiceBasis(contractId)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { previewInvoiceBasis(contractId: $id, month: \"2026-10\") { month } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "removePersonMarking: input.personMarkingId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { removePersonMarking(input: {personMarkingId: $id, reason: \"Bolig fundet\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "personMarkingId"]),
        },
        Row {
            place: "submitSupplierReport: input.supplierReportId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { submitSupplierReport(input: {supplierReportId: $id, sections: [], actionNeeded: false}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "supplierReportId"]),
        },
        Row {
            place: "submitSupplierReport: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { submitSupplierReport(input: {serviceOrderId: $id, sections: [], actionNeeded: false}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "requestSupplierReport: input.serviceOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { requestSupplierReport(input: {serviceOrderId: $id, note: \"Status\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "markSupplierReportRead: input.supplierReportId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { markSupplierReportRead(input: {supplierReportId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "supplierReportId"]),
        },
        Row {
            place: "completeTask: input.taskId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { completeTask(input: {taskId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "taskId"]),
        },
        Row {
            place: "requestOfferChange: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { requestOfferChange(input: {serviceOrderId: $id, kind: NOT_STARTED, reason: \"Mødte aldrig\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "requestOfferChange: input.supplierReportId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($order: ID!, $id: ID!) { requestOfferChange(input: {serviceOrderId: $order, kind: NOT_STARTED, reason: \"Mødte aldrig\", supplierReportId: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "order": f.order, "id": id }),
            not_found: Some(&["input", "supplierReportId"]),
        },
        Row {
            place: "decideOfferChange: input.changeRequestId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { decideOfferChange(input: {changeRequestId: $id, approve: false, note: \"Nej\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "changeRequestId"]),
        },
        Row {
            place: "recordCitizenUnreachable: input.changeRequestId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { recordCitizenUnreachable(input: {changeRequestId: $id, unreachable: true}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "changeRequestId"]),
        },
        Row {
            place: "sendOrderMessage: input.serviceOrderId",
            who: |w| w.provider_p_coordinator,
            operation: "mutation($id: ID!) { sendOrderMessage(input: {serviceOrderId: $id, text: \"Hej\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "endServiceOrder: input.serviceOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { endServiceOrder(input: {serviceOrderId: $id, endedOn: \"2026-11-02\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "cancelServiceOrder: input.serviceOrderId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { cancelServiceOrder(input: {serviceOrderId: $id, reason: \"I job\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "serviceOrderId"]),
        },
        Row {
            place: "publishSlots: input.caseworkerId",
            who: |w| w.caseworker_a,
            operation: PUBLISH_SLOTS,
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "caseworkerId"]),
        },
        Row {
            place: "bookMeeting: input.slotId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { bookMeeting(input: {slotId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "slotId"]),
        },
        Row {
            place: "bookMeeting: input.participants.providerUserId",
            who: |w| w.citizen_1,
            operation: "mutation($slot: ID!, $id: ID!) { bookMeeting(input: {slotId: $slot, participants: [{providerUserId: $id}]}) { userErrors { field code } } }",
            variables: |f, id| json!({ "slot": f.slot, "id": id }),
            not_found: Some(&["input", "participants"]),
        },
        Row {
            place: "rescheduleMeeting: input.meetingId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!, $slot: ID!) { rescheduleMeeting(input: {meetingId: $id, slotId: $slot}) { userErrors { field code } } }",
            variables: |f, id| json!({ "id": id, "slot": f.slot }),
            not_found: Some(&["input", "meetingId"]),
        },
        Row {
            place: "rescheduleMeeting: input.slotId",
            who: |w| w.citizen_1,
            operation: "mutation($meeting: ID!, $id: ID!) { rescheduleMeeting(input: {meetingId: $meeting, slotId: $id}) { userErrors { field code } } }",
            variables: |f, id| json!({ "meeting": f.meeting, "id": id }),
            not_found: Some(&["input", "slotId"]),
        },
        Row {
            place: "cancelMeeting: input.meetingId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { cancelMeeting(input: {meetingId: $id, reason: \"syg\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "meetingId"]),
        },
        Row {
            place: "registerArrival: input.meetingId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { registerArrival(input: {meetingId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "meetingId"]),
        },
        Row {
            place: "summonCitizen: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { summonCitizen(input: {citizenId: $id, meetingType: JOB_CONVERSATION, channel: IN_PERSON, location: \"Rum 1\", startsAt: \"2030-01-07T09:00:00Z\", endsAt: \"2030-01-07T09:30:00Z\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "summonCitizen: input.participants.providerUserId",
            who: |w| w.caseworker_a,
            operation: SUMMON,
            variables: |f, id| json!({ "citizen": f.citizen_1, "user": id }),
            not_found: Some(&["input", "participants"]),
        },
        Row {
            place: "cancelMeetingByJobcentre: input.meetingId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { cancelMeetingByJobcentre(input: {meetingId: $id, reason: \"sygdom\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "meetingId"]),
        },
        Row {
            place: "requestSelfBooking: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { requestSelfBooking(input: {citizenId: $id, meetingType: JOB_CONVERSATION, dueAt: \"2030-01-07T09:00:00Z\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "registerAttendance: input.meetingId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { registerAttendance(input: {meetingId: $id, outcome: ATTENDED, expectedVersion: 1}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "meetingId"]),
        },
        Row {
            place: "registerAbsence: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { registerAbsence(input: {citizenId: $id, typeCode: \"FERIE\", startsOn: \"2030-01-01\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "endAbsence: input.absenceId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { endAbsence(input: {absenceId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "absenceId"]),
        },
        Row {
            place: "updatePlanDraft: input.citizenId",
            who: |w| w.caseworker_a,
            operation: DRAFT,
            variables: |_, id| json!({ "citizen": id, "content": activity("description", "x") }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "updatePlanDraft: input.content.activities.providerId",
            who: |w| w.caseworker_a,
            operation: DRAFT,
            variables: |f, id| json!({ "citizen": f.citizen_1, "content": activity("providerId", id) }),
            not_found: Some(&["input", "content", "activities", "0", "providerId"]),
        },
        Row {
            place: "updatePlanDraft: input.content.activities.companyId",
            who: |w| w.caseworker_a,
            operation: DRAFT,
            variables: |f, id| json!({ "citizen": f.citizen_1, "content": activity("companyId", id) }),
            not_found: Some(&["input", "content", "activities", "0", "companyId"]),
        },
        Row {
            place: "publishPlan: input.citizenId",
            who: |w| w.caseworker_a,
            operation: "mutation($id: ID!) { publishPlan(input: {citizenId: $id, expectedDraftVersion: 1}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "acknowledgePlan: input.versionId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { acknowledgePlan(input: {versionId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "versionId"]),
        },
        Row {
            place: "requestPlanLanguage: input.versionId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { requestPlanLanguage(input: {versionId: $id, language: \"en\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "versionId"]),
        },
        Row {
            place: "commentOnPlanActivity: input.citizenId",
            who: |w| w.provider_p_staff1,
            operation: "mutation($id: ID!) { commentOnPlanActivity(input: {citizenId: $id, activityId: \"activity-1\", text: \"Godt fremmøde\"}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "citizenId"]),
        },
        Row {
            place: "revokeConsent: input.consentId",
            who: |w| w.citizen_1,
            operation: "mutation($id: ID!) { revokeConsent(input: {consentId: $id}) { userErrors { field code } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: Some(&["input", "consentId"]),
        },
        Row {
            place: "CaseworkerWorkspace.serviceOrder(id)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { serviceOrder(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.serviceOrderDelivery(serviceOrderId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { serviceOrderDelivery(serviceOrderId: $id) { serviceOrderId } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.orderDelivery(serviceOrderId)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { orderDelivery(serviceOrderId: $id) { serviceOrderId } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.noShowProcedure(serviceOrderId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { noShowProcedure(serviceOrderId: $id) { status } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.noShowProcedure(serviceOrderId)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { noShowProcedure(serviceOrderId: $id) { step } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.supplierReport(id)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { supplierReport(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.overdueSupplierReports(providerId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { overdueSupplierReports(providerId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.supplierReport(id)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { supplierReport(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.orderMessages(serviceOrderId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { orderMessages(serviceOrderId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.orderMessages(serviceOrderId)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { orderMessages(serviceOrderId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.contract(id)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { contract(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.citizen(id)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID!) { caseworker { citizen(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.slots(caseworkerId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID) { caseworker { slots(from: \"2026-11-02T00:00:00Z\", to: \"2026-11-30T00:00:00Z\", caseworkerId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.meetings(caseworkerId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID) { caseworker { meetings(from: \"2026-11-02T00:00:00Z\", to: \"2026-11-30T00:00:00Z\", caseworkerId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "CaseworkerWorkspace.meetingsMissingRegistration(caseworkerId)",
            who: |w| w.caseworker_a,
            operation: "query($id: ID) { caseworker { meetingsMissingRegistration(caseworkerId: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
        Row {
            place: "ProviderWorkspace.participant(id)",
            who: |w| w.provider_p_coordinator,
            operation: "query($id: ID!) { provider { participant(id: $id) { id } } }",
            variables: |_, id| json!({ "id": id }),
            not_found: None,
        },
    ]
}

/// Whether a type is `ID`, `ID!`, `[ID!]`, ... .
fn names_id(ty: &Type) -> bool {
    match &ty.base {
        BaseType::Named(name) => name.as_str() == "ID",
        BaseType::List(inner) => names_id(inner),
    }
}

/// The named type under any list and non-null wrappers.
fn base_name(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => base_name(inner),
    }
}

/// Every place in the schema that takes an id: `mutation: input.path.to.id` for ids inside a
/// mutation's input, and `Type.field(argument)` for an id argument of a field.
fn places_taking_ids() -> anyhow::Result<BTreeSet<String>> {
    let document = async_graphql::parser::parse_schema(jobbro_api::schema::sdl())?;
    let mut inputs = std::collections::HashMap::new();
    let mut objects = Vec::new();
    for def in &document.definitions {
        if let TypeSystemDefinition::Type(t) = def {
            let name = t.node.name.node.to_string();
            match &t.node.kind {
                TypeKind::InputObject(input) => {
                    let fields: Vec<InputValueDefinition> =
                        input.fields.iter().map(|f| f.node.clone()).collect();
                    inputs.insert(name, fields);
                }
                TypeKind::Object(obj) => objects.push((name, obj.clone())),
                _ => {}
            }
        }
    }
    fn walk(
        inputs: &std::collections::HashMap<String, Vec<InputValueDefinition>>,
        prefix: &str,
        value: &InputValueDefinition,
        seen: &mut Vec<String>,
        out: &mut BTreeSet<String>,
    ) {
        let path = format!("{prefix}.{}", value.name.node);
        if names_id(&value.ty.node) {
            out.insert(path);
            return;
        }
        let inner = base_name(&value.ty.node).to_string();
        if let Some(fields) = inputs.get(&inner)
            && !seen.contains(&inner)
        {
            seen.push(inner);
            for f in fields {
                walk(inputs, &path, f, seen, out);
            }
            seen.pop();
        }
    }
    let mut out = BTreeSet::new();
    for (type_name, obj) in &objects {
        for field in &obj.fields {
            let field = &field.node;
            for arg in &field.arguments {
                let arg = &arg.node;
                if type_name == "Mutation" {
                    let mut found = BTreeSet::new();
                    walk(&inputs, "", arg, &mut vec![], &mut found);
                    out.extend(
                        found
                            .into_iter()
                            .map(|p| format!("{}: {}", field.name.node, &p[1..])),
                    );
                } else if names_id(&arg.ty.node) {
                    out.insert(format!(
                        "{type_name}.{}({})",
                        field.name.node, arg.name.node
                    ));
                }
            }
        }
    }
    Ok(out)
}

#[tokio::test]
async fn every_place_that_takes_an_id_has_a_row() -> anyhow::Result<()> {
    let in_schema = places_taking_ids()?;
    let covered: BTreeSet<String> = rows().iter().map(|r| r.place.to_string()).collect();
    let missing: Vec<_> = in_schema.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&in_schema).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "ids without a row: {missing:?}; rows the schema no longer has: {stale:?}"
    );
    assert!(
        in_schema.len() > 20,
        "the walk finds the ids: {in_schema:?}"
    );
    Ok(())
}

async fn fixture(app: &TestApp, w: &World) -> anyhow::Result<Fixture> {
    let slot = new_slot(app, &w.caseworker_a, tomorrow(), json!({ "capacity": 3 })).await?;
    let later = tomorrow() + chrono::Duration::hours(2);
    let taken = new_slot(app, &w.caseworker_a, later, json!({})).await?;
    let meeting = id_of(&booked(app, &w.citizen_1, &taken).await?)?;
    let order = jobbro_entities::service_order::Entity::find()
        .filter(jobbro_entities::service_order::Column::CitizenId.eq(w.citizen_1.subject))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("citizen 1 has no order"))?;
    let job_order = jobbro_entities::job_order::Entity::find()
        .filter(
            jobbro_entities::job_order::Column::CompanyId
                .eq(w.company_k.organisation.unwrap_or_default()),
        )
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("company K has no job order"))?;
    Ok(Fixture {
        slot,
        meeting,
        citizen_1: w.citizen_1.subject.to_string(),
        order: order.id.to_string(),
        jobcentre: w.jobcentre_a.to_string(),
        job_order: job_order.id.to_string(),
        unit: job_order.production_unit_id.to_string(),
        company: job_order.company_id.to_string(),
    })
}

/// The payload of a mutation row's root field.
fn payload<'a>(answer: &'a Value, row: &Row) -> &'a Value {
    let root = row.place.split(':').next().unwrap_or_default();
    &answer["data"][root]
}

#[tokio::test]
async fn a_malformed_id_is_bad_user_input_everywhere() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let f = fixture(&app, &w).await?;
    let mut failures = Vec::new();
    for row in rows() {
        let answer = app
            .gql(
                Some(&(row.who)(&w)),
                row.operation,
                (row.variables)(&f, "not-an-id"),
            )
            .await;
        let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
        let id_name = row
            .place
            .rsplit(['.', '('])
            .next()
            .unwrap_or_default()
            .trim_end_matches(')');
        if error_code(&answer) != Some("BAD_USER_INPUT") || !message.contains(id_name) {
            failures.push(format!("{}: {answer}", row.place));
        }
    }
    assert!(
        failures.is_empty(),
        "not BAD_USER_INPUT:\n{}",
        failures.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn a_well_formed_id_that_names_nothing_is_not_found() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let f = fixture(&app, &w).await?;
    let nobody = Uuid::now_v7().to_string();
    let mut failures = Vec::new();
    for row in rows() {
        let answer = app
            .gql(
                Some(&(row.who)(&w)),
                row.operation,
                (row.variables)(&f, &nobody),
            )
            .await;
        let fine = match row.not_found {
            Some(field) => {
                error_code(&answer).is_none()
                    && payload(&answer, &row)["userErrors"]
                        == json!([{ "field": field, "code": "NOT_FOUND" }])
            }
            // A read answers with nothing, not with an error.
            None => error_code(&answer).is_none(),
        };
        if !fine {
            failures.push(format!("{}: {answer}", row.place));
        }
    }
    assert!(
        failures.is_empty(),
        "not NOT_FOUND:\n{}",
        failures.join("\n")
    );
    Ok(())
}
