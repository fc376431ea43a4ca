//! Follow-up on goals and activities (`000:171-176`): the citizen's follow-up with files (a
//! GraphQL multipart request), comments from providers and companies, and both kept once under
//! an idempotency key.

use anyhow::Context as _;
use axum::http::{StatusCode, header};
use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{Principal, TestApp, world},
};
use jobbro_entities::{alert, plan_attachment, plan_follow_up, stored_file};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    graphql::{mutate, ok, query, time_of, user_error},
    outbox::run_worker,
    uploads::{Upload, download, pdf, png, post_multipart},
};

use super::{
    COMMENT, COMPANY_ACTIVITIES, activity_of, comment, my_plan, org, published, sha256_hex,
    staff_plan,
};

const SUBMIT: &str = "mutation($input: SubmitPlanFollowUpInput!) {
  submitPlanFollowUp(input: $input) {
    followUp { id itemId author text createdAt attachments { id filename contentType sizeBytes } }
    userErrors { field code message }
  }
}";

fn goal_of(version: &Value) -> anyhow::Result<String> {
    version["goals"][0]["id"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("no goal in {version}"))
}

/// `submitPlanFollowUp` as the citizen portal sends it: a GraphQL multipart request.
async fn submit_follow_up(
    app: &TestApp,
    who: &Principal,
    item_id: &str,
    text: &str,
    files: &[Upload],
) -> anyhow::Result<Value> {
    submit_follow_up_with_key(app, who, (item_id, text), files, None).await
}

/// As [`submit_follow_up`], with an idempotency key.
async fn submit_follow_up_with_key(
    app: &TestApp,
    who: &Principal,
    (item_id, text): (&str, &str),
    files: &[Upload],
    key: Option<&str>,
) -> anyhow::Result<Value> {
    let slots: Vec<Value> = files.iter().map(|_| Value::Null).collect();
    let operations = json!({
        "query": SUBMIT,
        "variables": { "input": {
            "itemId": item_id, "text": text, "attachments": slots, "idempotencyKey": key
        } }
    });
    let (status, answer) =
        post_multipart(app, who, &operations, "variables.input.attachments", files).await?;
    anyhow::ensure!(status == StatusCode::OK, "HTTP {status}: {answer}");
    anyhow::ensure!(
        answer.get("errors").is_none(),
        "submitPlanFollowUp answered with errors: {answer}"
    );
    Ok(answer["data"]["submitPlanFollowUp"].clone())
}

/// How many follow-ups, attachments and stored files there are.
async fn stored_counts(app: &TestApp) -> anyhow::Result<(u64, u64, u64)> {
    Ok((
        plan_follow_up::Entity::find().count(&app.db).await?,
        plan_attachment::Entity::find().count(&app.db).await?,
        stored_file::Entity::find().count(&app.db).await?,
    ))
}

#[tokio::test]
async fn citizens_send_follow_up_with_files_and_providers_and_companies_comment_on_their_activities_000_171_176()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let goal = goal_of(&v1)?;
    let provider_activity = activity_of(&v1, "providerId", org(&w.provider_p_coordinator)?)?;
    let company_activity = activity_of(&v1, "companyId", org(&w.company_k)?)?;
    run_worker(&app).await?;

    // A PDF and a PNG on the goal, as a multipart request.
    app.clock.advance(Duration::hours(1));
    let files = [
        Upload {
            filename: "ansoegning.pdf",
            content_type: "application/pdf",
            bytes: pdf(),
        },
        Upload {
            filename: "kvittering.png",
            content_type: "image/png",
            bytes: png(),
        },
    ];
    let sent = submit_follow_up(
        &app,
        &w.citizen_1,
        &goal,
        "Jeg har søgt to job som lagermedarbejder, se vedhæftet.",
        &files,
    )
    .await?;
    ok(&sent)?;
    let follow_up = &sent["followUp"];
    assert_eq!(follow_up["itemId"], json!(goal));
    assert_eq!(follow_up["author"], "CITIZEN");
    assert_eq!(time_of(&follow_up["createdAt"])?, app.clock.now());
    let attachments = follow_up["attachments"].as_array().context("attachments")?;
    assert_eq!(attachments.len(), 2);
    for (a, f) in attachments.iter().zip(&files) {
        assert_eq!(a["filename"], f.filename);
        assert_eq!(a["contentType"], f.content_type);
        assert_eq!(a["sizeBytes"], json!(f.bytes.len()));
    }
    // The bytes are stored, with their SHA-256.
    let rows = plan_attachment::Entity::find().all(&app.db).await?;
    assert_eq!(rows.len(), 2);
    for f in &files {
        let row = rows
            .iter()
            .find(|r| r.filename == f.filename)
            .with_context(|| format!("no attachment row for {}", f.filename))?;
        let stored = stored_file::Entity::find_by_id(row.file_key.clone())
            .one(&app.db)
            .await?
            .with_context(|| format!("no stored file {}", row.file_key))?;
        assert_eq!(stored.bytes, f.bytes);
        assert_eq!(stored.sha256, sha256_hex(&f.bytes));
        assert_eq!(stored.content_type, f.content_type);
        assert_eq!(stored.size_bytes, f.bytes.len() as i64);
    }
    let before = stored_counts(&app).await?;
    assert_eq!(before, (1, 2, 2));

    // A ".pdf" that is really text is refused, and nothing of the submission is stored.
    let fake = [
        Upload {
            filename: "cv.pdf",
            content_type: "application/pdf",
            bytes: pdf(),
        },
        Upload {
            filename: "laegeerklaering.pdf",
            content_type: "application/pdf",
            bytes: b"Dette er bare tekst, ikke en PDF.".to_vec(),
        },
    ];
    let refused = submit_follow_up(&app, &w.citizen_1, &goal, "Se vedhæftet.", &fake).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "attachments", "1"]))
    );
    assert_eq!(refused["followUp"], Value::Null);
    assert_eq!(stored_counts(&app).await?, before);

    // At most five files.
    let six: Vec<Upload> = (0..6)
        .map(|_| Upload {
            filename: "side.png",
            content_type: "image/png",
            bytes: png(),
        })
        .collect();
    let refused = submit_follow_up(&app, &w.citizen_1, &goal, "Seks sider.", &six).await?;
    assert_eq!(
        user_error(&refused),
        (json!("INVALID"), json!(["input", "attachments"]))
    );
    assert_eq!(stored_counts(&app).await?, before);

    // Only goals and activities of the current plan.
    let refused = submit_follow_up(&app, &w.citizen_1, "goal-unknown", "Hej.", &[]).await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "itemId"]))
    );
    assert_eq!(stored_counts(&app).await?, before);

    // The submission alerts the assigned caseworker (and only them) once the worker has run.
    run_worker(&app).await?;
    let alerts = alert::Entity::find()
        .filter(alert::Column::Kind.eq("PLAN_FOLLOW_UP"))
        .all(&app.db)
        .await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].caseworker_id, w.caseworker_a.subject);
    assert_eq!(alerts[0].citizen_id, Some(c1));
    let inbox = query(
        &app,
        &w.caseworker_a,
        "query { caseworker { alerts(first: 10) { nodes { kind citizenId message } } } }",
        json!({}),
    )
    .await?;
    let nodes = inbox["caseworker"]["alerts"]["nodes"]
        .as_array()
        .context("alerts")?;
    assert!(
        nodes
            .iter()
            .any(|n| n["kind"] == "PLAN_FOLLOW_UP" && n["citizenId"] == json!(c1.to_string())),
        "{nodes:?}"
    );

    // Provider P runs an activity: its staff may comment on it, not on the company's.
    let said = comment(
        &app,
        &w.provider_p_staff1,
        c1,
        &provider_activity,
        "Godt fremmøde de første to uger.",
    )
    .await?;
    ok(&said)?;
    assert_eq!(said["followUp"]["author"], "PROVIDER");
    assert_eq!(said["followUp"]["itemId"], json!(provider_activity));
    let refused = comment(&app, &w.provider_p_staff1, c1, &company_activity, "Hej.").await?;
    assert_eq!(
        user_error(&refused),
        (json!("NOT_FOUND"), json!(["input", "activityId"]))
    );
    // Staff of P not assigned to citizen 1 do not reach the citizen at all.
    let refused = comment(&app, &w.provider_p_staff2, c1, &provider_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));
    // Provider Q runs nothing for citizen 1.
    let refused = comment(
        &app,
        &w.provider_q_coordinator,
        c1,
        &provider_activity,
        "Hej.",
    )
    .await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));

    // Company K hosts the internship: it sees that activity, nothing more, and may comment.
    let k = query(&app, &w.company_k, COMPANY_ACTIVITIES, json!({})).await?;
    let listed = k["company"]["planActivities"]["nodes"]
        .as_array()
        .context("planActivities")?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["citizenId"], json!(c1.to_string()));
    assert_eq!(listed[0]["activity"]["id"], json!(company_activity));
    assert_eq!(
        listed[0]["activity"]["companyId"],
        json!(org(&w.company_k)?.to_string())
    );
    let said = comment(
        &app,
        &w.company_k,
        c1,
        &company_activity,
        "Praktikken starter mandag kl. 7.",
    )
    .await?;
    ok(&said)?;
    assert_eq!(said["followUp"]["author"], "COMPANY");
    let refused = comment(&app, &w.company_k, c1, &provider_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));
    // Company L hosts nothing.
    let l = query(&app, &w.company_l, COMPANY_ACTIVITIES, json!({})).await?;
    assert_eq!(l["company"]["planActivities"]["nodes"], json!([]));
    let refused = comment(&app, &w.company_l, c1, &company_activity, "Hej.").await?;
    assert_eq!(user_error(&refused).0, json!("NOT_FOUND"));

    // Each comment alerts the caseworker too.
    run_worker(&app).await?;
    assert_eq!(
        alert::Entity::find()
            .filter(alert::Column::Kind.eq("PLAN_FOLLOW_UP"))
            .filter(alert::Column::CaseworkerId.eq(w.caseworker_a.subject))
            .count(&app.db)
            .await?,
        3
    );

    // The citizen and the caseworker read all three on the version.
    let mine = my_plan(&app, &w.citizen_1).await?;
    let authors: Vec<&Value> = mine[0]["followUps"]
        .as_array()
        .context("followUps")?
        .iter()
        .map(|f| &f["author"])
        .collect();
    assert_eq!(authors, vec!["CITIZEN", "PROVIDER", "COMPANY"]);
    assert_eq!(
        mine[0]["followUps"][0]["attachments"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let staff = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(staff["versions"][0]["followUps"], mine[0]["followUps"]);
    Ok(())
}

/// Follow-ups and comments take an idempotency key: a retry (a lost answer, a double tap) with
/// the same key returns the first follow-up and stores nothing twice; the same key with another
/// text or other files is refused.
#[tokio::test]
async fn a_follow_up_or_comment_retried_with_its_idempotency_key_is_kept_once() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let goal = goal_of(&v1)?;
    let provider_activity = activity_of(&v1, "providerId", org(&w.provider_p_coordinator)?)?;
    let file = |bytes: Vec<u8>| Upload {
        filename: "ansoegning.pdf",
        content_type: "application/pdf",
        bytes,
    };
    let item = (goal.as_str(), "Jeg har søgt to job.");
    let key = Some("follow-up-1");

    let first = submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(pdf())], key).await?;
    ok(&first)?;
    let again = submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(pdf())], key).await?;
    assert_eq!(again, first, "the retry answers with the first follow-up");
    assert_eq!(
        stored_counts(&app).await?,
        (1, 1, 1),
        "nothing stored twice"
    );
    let mut other_pdf = pdf();
    other_pdf.extend_from_slice(b"\n% another scan\n");
    let other =
        submit_follow_up_with_key(&app, &w.citizen_1, item, &[file(other_pdf)], key).await?;
    assert_eq!(
        user_error(&other),
        (
            json!("IDEMPOTENCY_KEY_REUSED"),
            json!(["input", "idempotencyKey"])
        )
    );
    assert_eq!(stored_counts(&app).await?, (1, 1, 1));

    let input = json!({ "input": {
        "citizenId": c1.to_string(), "activityId": provider_activity,
        "text": "Godt fremmøde.", "idempotencyKey": "comment-1"
    }});
    let said = mutate(
        &app,
        &w.provider_p_staff1,
        COMMENT,
        input.clone(),
        "commentOnPlanActivity",
    )
    .await?;
    ok(&said)?;
    let again = mutate(
        &app,
        &w.provider_p_staff1,
        COMMENT,
        input,
        "commentOnPlanActivity",
    )
    .await?;
    assert_eq!(again["followUp"]["id"], said["followUp"]["id"]);
    assert_eq!(stored_counts(&app).await?.0, 2, "one comment, not two");
    Ok(())
}

/// Audit rows written for file reads.
async fn file_reads(app: &TestApp) -> anyhow::Result<Vec<jobbro_entities::audit_read::Model>> {
    use jobbro_entities::audit_read;
    Ok(audit_read::Entity::find()
        .filter(audit_read::Column::Operation.eq("GET /files"))
        .all(&app.db)
        .await?)
}

#[tokio::test]
async fn a_sent_file_is_read_by_the_citizen_and_their_job_centre_and_is_404_to_anyone_else()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    let goal = goal_of(&v1)?;
    let files = [Upload {
        filename: "lægeerklæring.pdf",
        content_type: "application/pdf",
        bytes: pdf(),
    }];
    let sent = submit_follow_up(&app, &w.citizen_1, &goal, "Se vedhæftet.", &files).await?;
    ok(&sent)?;
    let id = sent["followUp"]["attachments"][0]["id"]
        .as_str()
        .context("attachment id")?
        .to_string();
    let url = format!("/files/{id}");
    let listed = query(
        &app,
        &w.citizen_1,
        "{ citizen { planVersions { followUps { attachments { url } } } } }",
        json!({}),
    )
    .await?;
    assert!(listed.to_string().contains(&url), "{listed}");

    // Without a token: 401, whatever the id.
    let (status, _, _) = download(&app, None, &url).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The citizen reads their own file; that is not an access to log.
    let (status, headers, bytes) = download(&app, Some(&w.citizen_1), &url).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, files[0].bytes);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str()?;
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''l%C3%A6geerkl%C3%A6ring.pdf"),
        "{disposition}"
    );
    assert!(file_reads(&app).await?.is_empty());

    // Staff of the citizen's job centre read it, and the read is in the citizen's access log.
    for staff in [&w.caseworker_a, &w.caseworker_a2, &w.manager_a] {
        let (status, _, bytes) = download(&app, Some(staff), &url).await?;
        assert_eq!(status, StatusCode::OK, "{}", staff.role.claim());
        assert_eq!(bytes, files[0].bytes);
    }
    let reads = file_reads(&app).await?;
    assert_eq!(reads.len(), 3);
    assert!(reads.iter().all(|r| r.citizen_id == c1));

    // Anyone else gets what a file that does not exist gets: 404, the same answer.
    let (_, _, missing) = download(
        &app,
        Some(&w.caseworker_b),
        &format!("/files/{}", uuid::Uuid::now_v7()),
    )
    .await?;
    for other in [
        &w.caseworker_b,
        &w.citizen_2,
        &w.citizen_3,
        &w.provider_p_coordinator,
        &w.provider_p_staff1,
        &w.company_k,
        &w.integration,
    ] {
        let (status, _, body) = download(&app, Some(other), &url).await?;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", other.role.claim());
        assert_eq!(body, missing, "{}", other.role.claim());
    }
    let (status, _, _) = download(&app, Some(&w.caseworker_a), "/files/not-an-id").await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(file_reads(&app).await?.len(), 3, "refusals read nothing");
    Ok(())
}

#[tokio::test]
async fn the_portal_sends_its_follow_up_with_files_by_document_id() -> anyhow::Result<()> {
    // Only the citizen is held to trusted documents; staff publish the plan with the test's own
    // documents.
    let app = TestApp::spawn_with(|s| {
        s.trusted_documents.required = true;
        s.trusted_documents.full_documents_for = vec!["caseworker".into(), "manager".into()];
    })
    .await?;
    let w = world(&app.db).await?;
    let v1 = published(&app, &w, &w.caseworker_a, w.citizen_1.subject).await?;
    let goal = goal_of(&v1)?;
    let document = jobbro_api::http::trusted::all()
        .iter()
        .find(|d| d.path == "citizen/SubmitPlanFollowUp.graphql")
        .context("the portal's follow-up operation")?;
    let operations = json!({
        "documentId": document.id,
        "variables": { "itemId": goal, "text": "Se vedhæftet.", "attachments": [null] },
    });
    let files = [Upload {
        filename: "ansoegning.pdf",
        content_type: "application/pdf",
        bytes: pdf(),
    }];
    let (status, answer) = post_multipart(
        &app,
        &w.citizen_1,
        &operations,
        "variables.attachments",
        &files,
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let sent = &answer["data"]["submitPlanFollowUp"];
    ok(sent)?;
    assert_eq!(
        sent["followUp"]["attachments"][0]["filename"],
        "ansoegning.pdf"
    );
    Ok(())
}
