//! Messages and documents per order (UC5, `000:192-193`): between the provider and the job
//! centre's team mailbox, not one person (`003:1412-1415`); a provider's message is due an
//! answer within three Danish workdays and listed as overdue after it; attachments under the
//! plans' limits, read by both sides of the order and nobody else, each read audited.

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use jobbro_api::testing::{TestApp, world};
use jobbro_entities::audit_read;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::{
    contracts::accepted_order,
    graphql::{ok, query, user_error},
    uploads::{Upload, download, pdf, post_multipart},
};

const SEND: &str = "mutation($input: SendOrderMessageInput!) { sendOrderMessage(input: $input) { message { id sender answerDueOn attachments { id filename url } } userErrors { field code message } } }";
const AWAITING: &str = "{ caseworker { messagesAwaitingAnswer { id overdue answerDueOn } } }";

fn at(d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

#[tokio::test]
async fn the_team_mailbox_answers_within_three_workdays_and_both_sides_read_the_files()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let order = accepted_order(&app, &w, "K-M1", ("2026-11-02", "2026-11-27")).await?;
    // Thursday 5 November: the provider writes, with a PDF.
    app.clock.set(at(5));
    let operations = json!({
        "query": SEND,
        "variables": { "input": { "serviceOrderId": order, "text": "Borgeren ønsker at tale om timetallet.",
                                  "attachments": [null] } }
    });
    let (status, body) = post_multipart(
        &app,
        &w.provider_p_staff1,
        &operations,
        "variables.input.attachments",
        &[Upload {
            filename: "aftale.pdf",
            content_type: "application/pdf",
            bytes: pdf(),
        }],
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sent = &body["data"]["sendOrderMessage"];
    ok(sent)?;
    assert_eq!(sent["message"]["sender"], "PROVIDER");
    // Thursday + 3 workdays: Tuesday 10 November.
    assert_eq!(sent["message"]["answerDueOn"], "2026-11-10");
    let url = sent["message"]["attachments"][0]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // Any caseworker of the job centre sees it in the mailbox, not only the order's.
    for who in [&w.caseworker_a, &w.caseworker_a2] {
        let awaiting = query(&app, who, AWAITING, json!({})).await?;
        assert_eq!(
            awaiting["caseworker"]["messagesAwaitingAnswer"][0]["overdue"], false,
            "{awaiting}"
        );
    }
    // Past the due day it is overdue.
    app.clock.set(at(11));
    let awaiting = query(&app, &w.caseworker_a2, AWAITING, json!({})).await?;
    assert_eq!(
        awaiting["caseworker"]["messagesAwaitingAnswer"][0]["overdue"],
        true
    );

    // Both sides of the order read the file; another provider and the provider's other staff
    // member do not, and are told nothing.
    for (who, expected) in [
        (&w.caseworker_a2, StatusCode::OK),
        (&w.provider_p_coordinator, StatusCode::OK),
        (&w.provider_p_staff2, StatusCode::NOT_FOUND),
        (&w.provider_q_coordinator, StatusCode::NOT_FOUND),
        (&w.caseworker_b, StatusCode::NOT_FOUND),
    ] {
        let (status, _, bytes) = download(&app, Some(who), &url).await?;
        assert_eq!(status, expected, "{who:?}");
        if expected == StatusCode::OK {
            assert_eq!(bytes, pdf());
        }
    }
    let reads = audit_read::Entity::find()
        .filter(audit_read::Column::Operation.eq("GET /files"))
        .filter(audit_read::Column::CitizenId.eq(w.citizen_1.subject))
        .count(&app.db)
        .await?;
    assert_eq!(
        reads, 2,
        "each read by someone else is in the citizen's access log"
    );

    // The answer from the mailbox answers the provider's message.
    let answer = query(
        &app,
        &w.caseworker_a2,
        SEND,
        json!({ "input": { "serviceOrderId": order, "text": "Vi ringer til borgeren i morgen." } }),
    )
    .await?;
    ok(&answer["sendOrderMessage"])?;
    assert_eq!(answer["sendOrderMessage"]["message"]["sender"], "JOBCENTRE");
    let awaiting = query(&app, &w.caseworker_a, AWAITING, json!({})).await?;
    assert_eq!(awaiting["caseworker"]["messagesAwaitingAnswer"], json!([]));
    let thread = query(
        &app,
        &w.provider_p_staff1,
        "query($id: ID!) { provider { orderMessages(serviceOrderId: $id) { sender text answeredAt } } }",
        json!({ "id": order }),
    )
    .await?;
    let messages = thread["provider"]["orderMessages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(messages.len(), 2);
    assert!(!messages[0]["answeredAt"].is_null());
    // Another provider sees no thread at all.
    let other = query(
        &app,
        &w.provider_q_coordinator,
        "query($id: ID!) { provider { orderMessages(serviceOrderId: $id) { text } } }",
        json!({ "id": order }),
    )
    .await?;
    assert_eq!(other["provider"]["orderMessages"], Value::Null);
    Ok(())
}

#[tokio::test]
async fn bad_messages_are_refused_and_nothing_is_stored() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let order = accepted_order(&app, &w, "K-M2", ("2026-11-02", "2026-11-27")).await?;
    let empty = query(
        &app,
        &w.provider_p_staff1,
        SEND,
        json!({ "input": { "serviceOrderId": order, "text": "  " } }),
    )
    .await?;
    assert_eq!(
        user_error(&empty["sendOrderMessage"]),
        (json!("INVALID"), json!(["input", "text"]))
    );
    // A file that says PDF but is not one.
    let operations = json!({
        "query": SEND,
        "variables": { "input": { "serviceOrderId": order, "text": "Se vedhæftet.", "attachments": [null] } }
    });
    let (_, body) = post_multipart(
        &app,
        &w.provider_p_staff1,
        &operations,
        "variables.input.attachments",
        &[Upload {
            filename: "virus.pdf",
            content_type: "application/pdf",
            bytes: b"MZ\x90\x00".to_vec(),
        }],
    )
    .await?;
    assert_eq!(
        user_error(&body["data"]["sendOrderMessage"]),
        (json!("INVALID"), json!(["input", "attachments", "0"]))
    );
    // Staff member 2 of the provider is not assigned to the order.
    let stranger = query(
        &app,
        &w.provider_p_staff2,
        SEND,
        json!({ "input": { "serviceOrderId": order, "text": "Hej" } }),
    )
    .await?;
    assert_eq!(
        user_error(&stranger["sendOrderMessage"]),
        (json!("NOT_FOUND"), json!(["input", "serviceOrderId"]))
    );
    let stored = jobbro_entities::order_message::Entity::find()
        .count(&app.db)
        .await?;
    assert_eq!(stored, 0);
    Ok(())
}
