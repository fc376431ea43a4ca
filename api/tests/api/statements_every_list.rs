//! No statement count grows with a page, for every list of every audience: the lists come from
//! the schema, each is queried with every scalar and nested object of its rows (three levels
//! down), once over a world with 3 of everything and once over one with 60, and the number of
//! SQL statements must be the same. A connection is asked for by `nodes` and by `edges { node }`,
//! and both shapes must cost the same.

use chrono::Duration;
use jobbro_api::testing::{Principal, TestApp, World, test_epoch, world};
use jobbro_entities::{
    booking_deadline, candidate, case, citizen, consent, contract_version, employment_outcome,
    enums::{
        BookingDeadlineStatus, CandidateStatus, Channel, ConsentPurpose, InvoiceBasisStatus,
        InvoiceFindingSeverity, MeetingType, OutcomeKind, PriceKind, ReportSection,
        ServiceOrderStatus, SupplierReportKind,
    },
    invoice_basis, invoice_line, invoice_warning, job_order, order_message,
    order_message_attachment, person_marking, service_order, stored_file, supplier_report,
    supplier_report_section, task,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::support::{
    contracts::signed_contract,
    graphql::query,
    outbox::run_worker,
    schema_walk::{Field, SchemaMap},
};

/// `n` citizens on caseworker A's caseload, past due for a conversation, referred to provider P
/// (staff 1), presented to company K with consent to share the CV; each with a meeting P takes
/// part in, a past absence, a published plan with an activity run by P and one hosted by K, a
/// booking deadline, a free slot of caseworker A, a signed contract with P and an order under it
/// with an overdue and a written supplier report and an invoicing basis of October, a job
/// started, a task, a person marking, and the alerts all this raised.
pub(crate) async fn populate(app: &TestApp, w: &World, n: usize) -> anyhow::Result<()> {
    let now = test_epoch();
    let provider = w.provider_p_coordinator.organisation.unwrap_or_default();
    let company = w.company_k.organisation.unwrap_or_default();
    let order = job_order::Entity::find()
        .filter(job_order::Column::CompanyId.eq(company))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("company K has no job order"))?;
    for i in 0..n {
        let id = Uuid::now_v7();
        citizen::Entity::insert(citizen::ActiveModel {
            id: Set(id),
            jobcentre_id: Set(w.jobcentre_a),
            // Day of month 61-88: never issued as a CPR number.
            cpr: Set(format!("{}0190-{:04}", 61 + i % 28, 5000 + i)),
            given_name: Set(format!("Borger{i}")),
            family_name: Set("Mængde".into()),
            street: Set("Listevej 1".into()),
            postal_code: Set("9901".into()),
            city: Set("Nordby".into()),
            protected_address: Set(false),
            phone: Set(Some("90000000".into())),
            email: Set(None),
            preferred_channel: Set(Channel::Portal),
            obliged_digital: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            co_name: Set(None),
            co_street: Set(None),
            co_postal_code: Set(None),
            co_city: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        case::Entity::insert(case::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            contact_group_code: Set("DAGPENGE".into()),
            target_group_code: Set("DAGPENGE".into()),
            visitation_category: Set(None),
            assigned_caseworker_id: Set(Some(w.caseworker_a.subject)),
            opened_at: Set(now - Duration::days(200)),
            closed_at: Set(None),
            secondary_since: Set(None),
            deadline: Set(None),
            version: Set(1),
        })
        .exec_without_returning(&app.db)
        .await?;
        service_order::Entity::insert(service_order::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            provider_id: Set(provider),
            assigned_user_id: Set(Some(w.provider_p_staff1.subject)),
            offer_kind_code: Set("MENTOR".into()),
            justification: Set("Støtte".into()),
            goal: Set("Job".into()),
            remark: Set("Mødes på adressen i henvisningen.".into()),
            starts_on: Set(now.date_naive()),
            ends_on: Set(None),
            status: Set(ServiceOrderStatus::Started),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&app.db)
        .await?;
        consent::Entity::insert(consent::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            purpose: Set(ConsentPurpose::ShareCvWithCompanies),
            granted_at: Set(now),
            revoked_at: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        candidate::Entity::insert(candidate::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            job_order_id: Set(order.id),
            citizen_id: Set(id),
            presented_at: Set(Some(now)),
            status: Set(CandidateStatus::Presented),
            proposed_at: Set(now),
            proposed_by: Set(None),
            outcome_at: Set(None),
            version: Set(1),
        })
        .exec_without_returning(&app.db)
        .await?;
        booking_deadline::Entity::insert(booking_deadline::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            meeting_type: Set(MeetingType::JobConversation),
            due_at: Set(now + Duration::days(14)),
            status: Set(BookingDeadlineStatus::Open),
            meeting_id: Set(None),
            created_by: Set(Some(w.caseworker_a.subject)),
            created_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await?;

        let citizen_id = id.to_string();
        // A signed contract with provider P and an order for this citizen under it.
        let (version, service) = signed_contract(app, w, &format!("K-LIST-{i}"), 2).await?;
        let placed = query(
            app,
            &w.caseworker_a,
            "mutation($input: CreateServiceOrderInput!) { createServiceOrder(input: $input) { serviceOrder { id } userErrors { code message } } }",
            json!({ "input": {
                "citizenId": citizen_id, "contractServiceId": service,
                "startsOn": "2026-11-09", "endsOn": "2026-12-04", "hoursPerWeek": 10, "weeks": 4,
                "justification": "Støtte", "goal": "Job", "remark": "Ingen"
            }}),
        )
        .await?;
        anyhow::ensure!(
            placed["createServiceOrder"]["userErrors"] == json!([]),
            "{placed}"
        );
        let order_id: Uuid = placed["createServiceOrder"]["serviceOrder"]["id"]
            .as_str()
            .unwrap_or_default()
            .parse()?;
        // Two supplier reports on it: one overdue, one written and unread; a task and a person
        // marking.
        for (kind, written) in [
            (SupplierReportKind::Start, false),
            (SupplierReportKind::Final, true),
        ] {
            let report = Uuid::now_v7();
            supplier_report::Entity::insert(supplier_report::ActiveModel {
                id: Set(report),
                jobcentre_id: Set(w.jobcentre_a),
                service_order_id: Set(order_id),
                citizen_id: Set(id),
                provider_id: Set(provider),
                kind: Set(kind),
                period_from: Set(now.date_naive() - Duration::days(30)),
                due_on: Set(Some(now.date_naive() - Duration::days(3))),
                requested_by: Set(None),
                request_note: Set(None),
                submitted_at: Set(written.then_some(now)),
                submitted_by: Set(written.then_some(w.provider_p_staff1.subject)),
                action_needed: Set(written.then_some(false)),
                next_step: Set(None),
                read_at: Set(None),
                read_by: Set(None),
                created_at: Set(now),
            })
            .exec_without_returning(&app.db)
            .await?;
            if written {
                for section in [ReportSection::Progression, ReportSection::Barriers] {
                    supplier_report_section::Entity::insert(supplier_report_section::ActiveModel {
                        report_id: Set(report),
                        section: Set(section),
                        body: Set("Godt fremmøde.".into()),
                    })
                    .exec_without_returning(&app.db)
                    .await?;
                }
            }
        }
        // An invoicing basis of the contract with a line for the order and a finding, and a
        // job the citizen started.
        let version: Uuid = version.parse()?;
        let contract_id = contract_version::Entity::find_by_id(version)
            .one(&app.db)
            .await?
            .map(|v| v.contract_id)
            .unwrap_or_default();
        let basis = Uuid::now_v7();
        invoice_basis::Entity::insert(invoice_basis::ActiveModel {
            id: Set(basis),
            jobcentre_id: Set(w.jobcentre_a),
            contract_id: Set(contract_id),
            provider_id: Set(provider),
            month: Set(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default()),
            version: Set(1),
            status: Set(InvoiceBasisStatus::Draft),
            content_hash: Set("0".repeat(64)),
            total_ore: Set(250_000),
            line_count: Set(1),
            blocked: Set(false),
            generated_by: Set(None),
            generated_at: Set(now),
            approved_by: Set(None),
            approved_at: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        invoice_line::Entity::insert(invoice_line::ActiveModel {
            id: Set(Uuid::now_v7()),
            basis_id: Set(basis),
            line_no: Set(1),
            service_order_id: Set(order_id),
            citizen_id: Set(id),
            contract_version_id: Set(version),
            contract_service_id: Set(service.parse()?),
            price_component_id: Set(None),
            kind: Set(PriceKind::StartFee),
            service_month: Set(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default()),
            service_date: Set(chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap_or_default()),
            quantity_numerator: Set(1),
            quantity_denominator: Set(1),
            unit_amount_ore: Set(250_000),
            amount_ore: Set(250_000),
            target_group_code: Set(Some("DAGPENGE".into())),
            budget_frame_code: Set("5.68.90".into()),
            attendance_ids: Set("[]".into()),
            outcome_id: Set(None),
            adjusts_line_id: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        invoice_warning::Entity::insert(invoice_warning::ActiveModel {
            id: Set(Uuid::now_v7()),
            basis_id: Set(basis),
            position: Set(1),
            severity: Set(InvoiceFindingSeverity::Warning),
            code: Set("FINAL_REPORT_MISSING".into()),
            service_order_id: Set(Some(order_id)),
            message: Set("the order has ended and has no final report".into()),
        })
        .exec_without_returning(&app.db)
        .await?;
        employment_outcome::Entity::insert(employment_outcome::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            kind: Set(OutcomeKind::Job),
            starts_on: Set(now.date_naive()),
            recorded_by: Set(w.caseworker_a.subject),
            recorded_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await?;
        // A message from provider P awaiting an answer, with a file.
        let message = Uuid::now_v7();
        order_message::Entity::insert(order_message::ActiveModel {
            id: Set(message),
            jobcentre_id: Set(w.jobcentre_a),
            service_order_id: Set(order_id),
            citizen_id: Set(id),
            provider_id: Set(provider),
            sender: Set(jobbro_entities::enums::MessageSender::Provider),
            author_subject: Set(w.provider_p_staff1.subject),
            body: Set("Borgeren har bedt om et møde.".into()),
            created_at: Set(now),
            answer_due_on: Set(Some(now.date_naive() + Duration::days(3))),
            answered_at: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        let key = format!("list-{message}");
        stored_file::Entity::insert(stored_file::ActiveModel {
            key: Set(key.clone()),
            content_type: Set("application/pdf".into()),
            size_bytes: Set(4),
            sha256: Set("0".repeat(64)),
            bytes: Set(b"%PDF".to_vec()),
            created_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await?;
        order_message_attachment::Entity::insert(order_message_attachment::ActiveModel {
            id: Set(Uuid::now_v7()),
            message_id: Set(message),
            file_key: Set(key),
            filename: Set("aftale.pdf".into()),
            content_type: Set("application/pdf".into()),
            size_bytes: Set(4),
            created_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await?;
        task::Entity::insert(task::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            caseworker_id: Set(w.caseworker_a.subject),
            citizen_id: Set(Some(id)),
            kind: Set("SUPPLIER_REPORT_ACTION".into()),
            title: Set("En leverandørrapport kræver handling.".into()),
            due_at: Set(now + Duration::days(2)),
            source_event_id: Set(None),
            created_at: Set(now),
            done_at: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        person_marking::Entity::insert(person_marking::ActiveModel {
            id: Set(Uuid::now_v7()),
            jobcentre_id: Set(w.jobcentre_a),
            citizen_id: Set(id),
            reason: Set("Hjemløs.".into()),
            set_by: Set(w.caseworker_a.subject),
            set_at: Set(now),
            removed_by: Set(None),
            removed_at: Set(None),
            removal_reason: Set(None),
        })
        .exec_without_returning(&app.db)
        .await?;
        let starts = now + Duration::days(1) + Duration::minutes(30 * i as i64);
        query(
            app,
            &w.caseworker_a,
            "mutation($input: SummonCitizenInput!) { summonCitizen(input: $input) { userErrors { code message } } }",
            json!({ "input": {
                "citizenId": citizen_id, "meetingType": "JOB_CONVERSATION", "channel": "IN_PERSON",
                "location": "Jobcenter A", "startsAt": starts.to_rfc3339(),
                "endsAt": (starts + Duration::minutes(30)).to_rfc3339(),
                "participants": [{ "providerUserId": w.provider_p_staff1.subject.to_string() }]
            }}),
        )
        .await?;
        query(
            app,
            &w.caseworker_a,
            "mutation($input: RegisterAbsenceInput!) { registerAbsence(input: $input) { userErrors { code message } } }",
            json!({ "input": {
                "citizenId": citizen_id, "typeCode": "FERIE",
                "startsOn": (now - Duration::days(30)).date_naive().to_string(),
                "endsOn": (now - Duration::days(20)).date_naive().to_string()
            }}),
        )
        .await?;
        query(
            app,
            &w.caseworker_a,
            "mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { userErrors { code message } } }",
            json!({ "input": { "citizenId": citizen_id, "expectedDraftVersion": 0, "content": {
                "goals": [{ "text": "Job" }],
                "activities": [
                    { "description": "Mentor", "providerId": provider.to_string() },
                    { "description": "Praktik", "companyId": company.to_string() }
                ],
                "offers": [{ "offerKindCode": "VIRKSOMHEDSPRAKTIK", "description": "Praktik" }],
                "appointments": [{ "text": "Søg job" }]
            }}}),
        )
        .await?;
        query(
            app,
            &w.caseworker_a,
            "mutation($input: PublishPlanInput!) { publishPlan(input: $input) { userErrors { code message } } }",
            json!({ "input": { "citizenId": citizen_id, "expectedDraftVersion": 1 } }),
        )
        .await?;
        let slot = now + Duration::days(2) + Duration::minutes(30 * i as i64);
        query(
            app,
            &w.caseworker_a,
            "mutation($input: PublishSlotsInput!) { publishSlots(input: $input) { userErrors { code message } } }",
            json!({ "input": {
                "meetingType": "JOB_CONVERSATION", "channel": "IN_PERSON", "location": "Rum 1",
                "startsAt": slot.to_rfc3339(), "durationMinutes": 30
            }}),
        )
        .await?;
    }
    run_worker(app).await
}

/// Arguments for fields that take them: a period covering the world's meetings and slots, and
/// the largest page.
pub(crate) fn args(f: &Field) -> Option<String> {
    let mut given = Vec::new();
    for (name, _, required) in &f.args {
        match name.as_str() {
            "from" => given.push("from: \"2026-10-01T00:00:00Z\"".to_string()),
            "to" => given.push("to: \"2026-11-30T00:00:00Z\"".to_string()),
            "first" => given.push("first: 100".to_string()),
            "month" => given.push("month: \"2026-10\"".to_string()),
            // A list about one record named by id (the matches of one order) is not a list of
            // the world's rows; it is measured by its own test.
            _ if *required => return None,
            _ => {}
        }
    }
    (!given.is_empty()).then(|| given.join(", "))
}

/// Every list reachable from an audience's root, with the query that selects everything of its
/// rows: `(label, who, query)`.
fn list_queries(schema: &SchemaMap, w: &World) -> Vec<(String, Principal, String)> {
    let roots = [
        ("citizen", "CitizenSelf", vec![w.citizen_1]),
        (
            "caseworker",
            "CaseworkerWorkspace",
            vec![w.caseworker_a, w.manager_a],
        ),
        (
            "provider",
            "ProviderWorkspace",
            vec![w.provider_p_coordinator],
        ),
        ("company", "CompanyWorkspace", vec![w.company_k]),
    ];
    let mut out = Vec::new();
    for (root, type_name, readers) in roots {
        for f in schema.fields(type_name) {
            if !(f.list || f.connection()) {
                continue;
            }
            let call = match args(f) {
                Some(a) => format!("{}({a})", f.name),
                None if f.no_required_args() => f.name.clone(),
                None => continue,
            };
            // A connection is asked for in both of its shapes: the rows' data must be loaded
            // for the whole page whichever a client uses.
            let shapes: Vec<(&str, String)> = if f.connection() {
                let node = f.type_name.trim_end_matches("Connection");
                let rows = schema.selection(node, 3, &args);
                vec![
                    (" [nodes]", format!("nodes {{ {rows} }}")),
                    (" [edges]", format!("edges {{ cursor node {{ {rows} }} }}")),
                ]
            } else if schema.is_object(&f.type_name) {
                vec![("", schema.selection(&f.type_name, 3, &args))]
            } else {
                vec![("", String::new())]
            };
            for (shape, rows) in shapes {
                let body = if rows.is_empty() {
                    call.clone()
                } else {
                    format!("{call} {{ {rows} }}")
                };
                for reader in &readers {
                    out.push((
                        format!("{root}.{} as {}{shape}", f.name, reader.role.claim()),
                        *reader,
                        format!("query List {{ {root} {{ {body} }} }}"),
                    ));
                }
            }
        }
    }
    out
}

/// Statements per list query, and the number of rows each answered with.
async fn costs(n: usize) -> anyhow::Result<Vec<(String, usize, usize)>> {
    let schema = SchemaMap::load()?;
    // Everything of every row at once is more than the complexity limit lets a client ask
    // for; the limit is not what is measured here.
    let app = TestApp::spawn_with(|s| s.limits.max_complexity = usize::MAX).await?;
    let w = world(&app.db).await?;
    populate(&app, &w, n).await?;
    let mut out = Vec::new();
    for (label, who, query) in list_queries(&schema, &w) {
        let before = app.statement_count();
        let answer = app.gql(Some(&who), &query, json!({})).await;
        let statements = app.statement_count() - before;
        // A field guarded for another role (a manager's access log) is refused row by row;
        // anything else is a failure.
        let refused_only = answer["errors"].as_array().is_none_or(|errors| {
            errors
                .iter()
                .all(|e| e["extensions"]["code"] == "FORBIDDEN")
        });
        anyhow::ensure!(refused_only, "{label}: {}", answer["errors"]);
        let data = answer["data"].clone();
        // The number of rows the list itself answered with.
        let list = data
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(|v| v.as_object())
            .and_then(|o| o.values().next())
            .cloned()
            .unwrap_or_default();
        let rows = list["nodes"]
            .as_array()
            .or(list["edges"].as_array())
            .or(list.as_array())
            .map(Vec::len)
            .unwrap_or(0);
        out.push((label, statements, rows));
    }
    Ok(out)
}

#[tokio::test]
async fn every_list_costs_the_same_statements_for_3_rows_as_for_60() -> anyhow::Result<()> {
    let small = costs(3).await?;
    let large = costs(60).await?;
    assert_eq!(small.len(), large.len());
    assert!(small.len() >= 15, "only {} lists found", small.len());
    let mut grows = Vec::new();
    let mut scaled = 0;
    for ((label, s, rows_s), (_, l, rows_l)) in small.iter().zip(&large) {
        if rows_l > rows_s {
            scaled += 1;
        }
        if s != l {
            grows.push(format!(
                "{label}: {s} statements for {rows_s} rows, {l} for {rows_l}"
            ));
        }
    }
    assert!(
        grows.is_empty(),
        "lists whose cost grows:\n{}",
        grows.join("\n")
    );
    // The test means something only if the lists really were longer the second time.
    assert!(scaled >= 10, "only {scaled} lists grew with the world");
    // `edges { node }` and `nodes` cost the same.
    let mut shapes_differ = Vec::new();
    let mut pairs = 0;
    for (label, statements, rows) in &large {
        let Some(list) = label.strip_suffix(" [nodes]") else {
            continue;
        };
        let edges = large
            .iter()
            .find(|(l, _, _)| l.strip_suffix(" [edges]") == Some(list));
        let Some((_, by_edges, rows_by_edges)) = edges else {
            panic!("{list} was not asked for by edges");
        };
        pairs += 1;
        assert_eq!(
            rows, rows_by_edges,
            "{list}: the shapes answered different rows"
        );
        if statements != by_edges {
            shapes_differ.push(format!(
                "{list}: {statements} statements by nodes, {by_edges} by edges"
            ));
        }
    }
    assert!(pairs >= 5, "only {pairs} connections found");
    assert!(
        shapes_differ.is_empty(),
        "connections whose cost depends on the shape:\n{}",
        shapes_differ.join("\n")
    );
    Ok(())
}
