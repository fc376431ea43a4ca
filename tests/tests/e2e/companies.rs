//! Labour for companies (UC6, `000:201-218`) through the citizen, company and caseworker
//! portals, over HTTP: the citizen writes a CV, a company posts an order, the job centre takes
//! it up and matches it, the caseworker and the citizen see the order among the citizen's best
//! matches, the caseworker proposes and presents the citizen (who consents to sharing the CV),
//! and the company sees the CV and records an interview. The job centre grants the wage-subsidy
//! placement, publishes the plan draft holding its offer, and the citizen sees the offer in their
//! plan. The citizen gets the letter of rule 18. The company sees the placement; the job
//! centre logs a contact with the company, names its consultant and reads its lead times.

use anyhow::{Result, ensure};
use jobbro_entities::letter;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::{
    flow::{self, Step, answer, id},
    harness::{Server, array, at, string},
    offers,
};

fn order_id(a: &flow::Answers) -> Result<serde_json::Value> {
    Ok(answer(a, "Post", "/postJobOrder/jobOrder/id")?.clone())
}

fn candidate_id(a: &flow::Answers) -> Result<serde_json::Value> {
    Ok(answer(a, "Propose", "/proposeCandidate/candidateId")?.clone())
}

/// The flow's steps, in order.
pub(crate) fn steps() -> Vec<Step> {
    vec![
        Step {
            portal: "citizen",
            name: "SaveMyCv",
            label: "Cv",
            who: |w| w.citizen_1,
            variables: |_, _| {
                Ok(json!({ "input": {
                    "jobWishes": ["4321"], "skills": ["Truckcertifikat"],
                    "educations": [{ "title": "Lagerlogistik AMU", "completedYear": 2019 }],
                    "drivingLicences": ["B"], "maxTravelKm": 25,
                    "informalCompetences": "Holder styr på varelageret i min sportsklub."
                }}))
            },
            check: |_, _, data| {
                let cv = at(data, "/saveMyCv/cv")?;
                ensure!(
                    cv["availability"] == "AVAILABLE" && cv["version"] == 1,
                    "{cv}"
                );
                ensure!(cv["jobWishes"][0]["label"] == "Lagerarbejdere og lagerekspedienter");
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "PostJobOrder",
            label: "Post",
            who: |w| w.company_k,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "jobcentreId": id(s.world.jobcentre_a),
                    "terms": {
                        "kind": "WAGE_SUBSIDY", "title": "Lagermedarbejder med løntilskud",
                        "occupationCode": "4321", "description": "Modtagelse og pluk.",
                        "hoursPerWeek": 37, "productionUnitId": id(s.world.company_k_unit1),
                        "positions": 1, "startsOn": "2026-12-01", "applyBy": "2026-11-20",
                        "contact": { "name": "Lone Lager", "email": "lager@virksomhed.example" },
                        "requiredSkills": ["Truckcertifikat", "Kørekort C"]
                    }
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/postJobOrder/jobOrder/status")? == "SUBMITTED");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "TakeUpJobOrder",
            label: "TakeUp",
            who: |w| w.caseworker_a,
            variables: |_, a| Ok(json!({ "input": { "jobOrderId": order_id(a)? } })),
            check: |_, _, data| {
                let order = at(data, "/takeUpJobOrder/jobOrder")?;
                ensure!(order["status"] == "IN_PROGRESS" && order["openForCandidates"] == true);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "CandidatesFor",
            label: "Match",
            who: |w| w.caseworker_a,
            variables: |_, a| Ok(json!({ "jobOrderId": order_id(a)?, "first": 10 })),
            check: |w, _, data| {
                let found = array(data, "/caseworker/candidatesFor")?;
                let first = found.first().ok_or_else(|| anyhow::anyhow!("no match"))?;
                ensure!(first["citizenId"] == id(w.citizen_1.subject), "{found:?}");
                ensure!(
                    first["matchedSkills"] == json!(["Truckcertifikat"]),
                    "{first}"
                );
                let factors: Vec<&str> = array(first, "/reasons")?
                    .iter()
                    .filter_map(|r| r["factor"].as_str())
                    .collect();
                ensure!(
                    factors == ["OCCUPATION", "SKILLS", "DISTANCE", "AVAILABILITY"],
                    "{factors:?}"
                );
                // 40 for the wish, 15 for one of two skills, nothing for an unknown distance,
                // −25 for the offer with provider P on the first day.
                ensure!(first["score"] == 30, "{first}");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "JobOrdersFor",
            label: "OrdersForCitizen",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "citizenId": id(s.world.citizen_1.subject) })),
            check: |_, a, data| {
                // The new order among the citizen's matches (an earlier warehouse order that
                // asks only for the truck certificate ranks above it).
                let found = array(data, "/caseworker/jobOrdersFor")?;
                let ours = found
                    .iter()
                    .find(|m| m["jobOrder"]["id"] == order_id(a).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("the order is not matched: {found:?}"))?;
                ensure!(ours["hotJob"] == false && ours["score"] == 30, "{ours}");
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "MatchingJobOrders",
            label: "CitizenMatches",
            who: |w| w.citizen_1,
            variables: |_, _| Ok(json!({})),
            check: |_, a, data| {
                let found = array(data, "/citizen/matchingJobOrders")?;
                let ours = found
                    .iter()
                    .find(|m| m["job"]["id"] == order_id(a).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("the job is not offered: {found:?}"))?;
                ensure!(
                    ours["job"]["city"] == "Nordby" && ours["score"] == 30,
                    "{ours}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "ProposeCandidate",
            label: "Propose",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                Ok(json!({ "input": {
                    "jobOrderId": order_id(a)?, "citizenId": id(s.world.citizen_1.subject)
                }}))
            },
            check: |_, _, data| {
                ensure!(string(data, "/proposeCandidate/status")? == "PROPOSED");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "PresentCandidate",
            label: "Present",
            who: |w| w.caseworker_a,
            variables: |_, a| Ok(json!({ "input": { "candidateId": candidate_id(a)? } })),
            check: |_, _, data| {
                ensure!(string(data, "/presentCandidate/status")? == "PRESENTED");
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "Candidates",
            label: "CompanySees",
            who: |w| w.company_k,
            variables: |_, _| Ok(json!({ "first": 50 })),
            check: |_, a, data| {
                let nodes = array(data, "/company/candidates/nodes")?;
                let mine = nodes
                    .iter()
                    .find(|n| n["id"] == candidate_id(a).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("the presented candidate is not listed"))?;
                ensure!(mine["cv"]["skills"] == json!(["Truckcertifikat"]), "{mine}");
                ensure!(mine["givenName"] == "Anna" && mine["status"] == "PRESENTED");
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "RecordCandidateOutcome",
            label: "Interview",
            who: |w| w.company_k,
            variables: |_, a| {
                Ok(json!({ "input": { "candidateId": candidate_id(a)?, "outcome": "INTERVIEW" } }))
            },
            check: |_, _, data| {
                ensure!(string(data, "/recordCandidateOutcome/status")? == "INTERVIEW");
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "UpdatePlanDraft",
            label: "Goal",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "citizenId": id(s.world.citizen_1.subject),
                    "expectedDraftVersion": 0,
                    "content": { "goals": [{ "text": "Fast job på et lager inden sommer" }],
                                 "activities": [], "offers": [], "appointments": [] }
                }}))
            },
            check: |_, _, data| {
                ensure!(at(data, "/updatePlanDraft/plan/draftVersion")? == 1);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "GrantPlacements",
            label: "Grant",
            who: |w| w.caseworker_a,
            variables: |_, a| {
                Ok(json!({ "input": {
                    "jobOrderId": order_id(a)?, "candidateIds": [candidate_id(a)?],
                    "terms": { "startsOn": "2026-12-01", "endsOn": "2027-05-31",
                               "followUpEveryWeeks": 4 }
                }}))
            },
            check: |w, _, data| {
                let p = at(data, "/grantPlacements/placements/0")?;
                ensure!(
                    p["status"] == "GRANTED" && p["kind"] == "WAGE_SUBSIDY",
                    "{p}"
                );
                // The offer went into the draft beside the goal: its second version.
                ensure!(p["citizenId"] == id(w.citizen_1.subject) && p["planDraftVersion"] == 2);
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "PublishPlan",
            label: "PublishOffer",
            who: |w| w.caseworker_a,
            variables: |s, a| {
                Ok(json!({
                    "citizenId": id(s.world.citizen_1.subject),
                    "expectedDraftVersion": answer(a, "Grant", "/grantPlacements/placements/0/planDraftVersion")?,
                    "idempotencyKey": "e2e-publish-placement"
                }))
            },
            check: |_, _, data| {
                let offers = array(data, "/publishPlan/version/offers")?;
                ensure!(
                    offers.len() == 1 && offers[0]["offerKindCode"] == "LOENTILSKUD",
                    "{offers:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "citizen",
            name: "MyPlan",
            label: "CitizenSeesOffer",
            who: |w| w.citizen_1,
            variables: |_, _| Ok(json!({})),
            check: |_, _, data| {
                let text = data.to_string();
                ensure!(
                    text.contains("LOENTILSKUD") && text.contains("Løntilskud hos Virksomhed K"),
                    "{text}"
                );
                Ok(())
            },
        },
        Step {
            portal: "company",
            name: "Placements",
            label: "CompanySeesPlacement",
            who: |w| w.company_k,
            variables: |_, _| Ok(json!({})),
            check: |_, a, data| {
                let placements = array(data, "/company/placements")?;
                ensure!(
                    placements.len() == 1
                        && placements[0]["id"]
                            == *answer(a, "Grant", "/grantPlacements/placements/0/id")?
                        && placements[0]["status"] == "GRANTED",
                    "{placements:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "RecordCompanyContact",
            label: "Contact",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "companyId": id(s.world.company_k.organisation.unwrap_or_default()),
                    "productionUnitId": id(s.world.company_k_unit1),
                    "channel": "PHONE", "topic": "Opfølgning på ansættelse med løntilskud",
                    "contactedOn": "2026-11-02"
                }}))
            },
            check: |w, _, data| {
                ensure!(
                    *at(data, "/recordCompanyContact/contact/consultantId")?
                        == id(w.caseworker_a.subject)
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "SetCompanyConsultant",
            label: "Consultant",
            who: |w| w.caseworker_a,
            variables: |s, _| {
                Ok(json!({ "input": {
                    "companyId": id(s.world.company_k.organisation.unwrap_or_default()),
                    "consultantId": id(s.world.caseworker_a.subject)
                }}))
            },
            check: |w, _, data| {
                ensure!(
                    *at(data, "/setCompanyConsultant/consultant/id")? == id(w.caseworker_a.subject)
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "Companies",
            label: "MyCompanies",
            who: |w| w.caseworker_a,
            variables: |s, _| Ok(json!({ "consultantId": id(s.world.caseworker_a.subject) })),
            check: |w, _, data| {
                let nodes = array(data, "/caseworker/companies/nodes")?;
                ensure!(
                    nodes.len() == 1
                        && nodes[0]["id"] == id(w.company_k.organisation.unwrap_or_default())
                        && nodes[0]["contacts"][0]["channel"] == "PHONE",
                    "{nodes:?}"
                );
                Ok(())
            },
        },
        Step {
            portal: "caseworker",
            name: "JobOrderLeadTimes",
            label: "LeadTimes",
            who: |w| w.caseworker_a,
            variables: |_, _| Ok(json!({ "from": "2026-11-01", "to": "2026-11-30" })),
            check: |_, a, data| {
                let times = at(data, "/caseworker/jobOrderLeadTimes")?;
                ensure!(
                    times["withPlacement"].as_i64().unwrap_or_default() >= 1
                        && times["medianDaysToFirstPlacement"].is_number(),
                    "{times}"
                );
                let waiting = array(data, "/caseworker/jobOrders/nodes")?;
                let order = order_id(a)?;
                ensure!(waiting.iter().all(|o| o["id"] != order), "{waiting:?}");
                Ok(())
            },
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_finds_a_candidate_through_the_job_centre_over_http() -> Result<()> {
    let server = Server::start().await?;
    flow::run(&server, steps()).await?;
    // Rule 18: one letter to the citizen that the CV was sent.
    offers::drain(&server).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(server.world.citizen_1.subject))
        .filter(letter::Column::Kind.eq("CV_SENT"))
        .all(&server.app.db)
        .await?;
    ensure!(letters.len() == 1, "{letters:?}");
    ensure!(letters[0].body.contains("Lagermedarbejder med løntilskud"));
    server.stop().await
}
