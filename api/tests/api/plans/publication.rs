//! Publication: delivery in the portal or by Digital Post and validity (rule 5,
//! `003:401-438`), and the plan and its history carrying over a new case (rule 19,
//! `003:627-633`).

use anyhow::Context as _;
use chrono::Duration;
use jobbro_api::{
    kernel::clock::Clock,
    testing::{TestApp, test_epoch, world},
};
use jobbro_entities::{
    case, citizen,
    enums::{Channel, LetterStatus, VisitationCategory},
    letter,
};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, sea_query::Expr,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{
    graphql::{id_of, ok, query, time_of},
    outbox::run_worker,
};

use super::{PROVIDER_PLANS, acknowledge, awaiting, my_plan, published, set_obliged, staff_plan};

#[tokio::test]
async fn obliged_citizens_get_the_plan_in_the_portal_others_by_digital_post_and_it_is_valid_only_once_delivered_rule_5_003_401_438()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let (c1, c2) = (w.citizen_1.subject, w.citizen_2.subject);

    // Citizen 1 is obliged to use the portal: delivered there at once, valid, to acknowledge.
    let v1 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v1["delivery"], "PORTAL");
    assert_eq!(time_of(&v1["deliveredAt"])?, test_epoch());
    assert_eq!(v1["valid"], true);
    assert_eq!(v1["acknowledgementRequested"], true);
    assert_eq!(v1["offers"][0]["valid"], true);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], v1["id"]);

    // Citizen 2 is not obliged and prefers SMS: the plan goes by Digital Post, and until the
    // letter is out the version binds nobody.
    set_obliged(&app, c2, false).await?;
    citizen::Entity::update_many()
        .col_expr(citizen::Column::PreferredChannel, Expr::value(Channel::Sms))
        .filter(citizen::Column::Id.eq(c2))
        .exec(&app.db)
        .await?;
    let v = published(&app, &w, &w.caseworker_a2, c2).await?;
    assert_eq!(v["delivery"], "DIGITAL_POST");
    assert_eq!(v["deliveredAt"], Value::Null);
    assert_eq!(v["valid"], false);
    assert_eq!(v["acknowledgementRequested"], false);
    let offers = v["offers"].as_array().context("offers")?;
    assert!(
        !offers.is_empty() && offers.iter().all(|o| o["valid"] == false),
        "{offers:?}"
    );
    assert!(
        my_plan(&app, &w.citizen_2).await?.is_empty(),
        "not delivered, not shown"
    );
    let staff = staff_plan(&app, &w.caseworker_a2, c2).await?;
    assert_eq!(
        staff["versions"][0]["valid"], false,
        "staff see it, marked invalid"
    );
    // The provider the citizen is referred to sees no plan before it is delivered.
    let providers = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        providers["provider"]["participants"]["nodes"][0]["plan"],
        Value::Null
    );

    // The worker sends the letter by Digital Post, whatever channel the citizen prefers, and
    // the version is delivered with it.
    app.clock.advance(Duration::minutes(10));
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(c2))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(letters[0].kind, "PLAN_VERSION");
    assert_eq!(letters[0].channel, Channel::DigitalPost);
    assert_eq!(letters[0].status, LetterStatus::Sent);
    assert_eq!(letters[0].sent_at, Some(app.clock.now()));
    assert_eq!(
        letter::Entity::find()
            .filter(letter::Column::CitizenId.eq(c1))
            .count(&app.db)
            .await?,
        0,
        "a portal delivery sends no letter"
    );
    let mine = my_plan(&app, &w.citizen_2).await?;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], v["id"]);
    assert_eq!(time_of(&mine[0]["deliveredAt"])?, app.clock.now());
    assert_eq!(mine[0]["valid"], true);
    assert!(
        mine[0]["offers"]
            .as_array()
            .context("offers")?
            .iter()
            .all(|o| o["valid"] == true)
    );
    assert_eq!(mine[0]["acknowledgementRequested"], false);
    let providers = query(&app, &w.provider_p_staff2, PROVIDER_PLANS, json!({})).await?;
    assert_eq!(
        providers["provider"]["participants"]["nodes"][0]["plan"]["id"],
        v["id"]
    );

    // An activity-ready citizen cannot be obliged to use the portal (`003:417`): even with the
    // flag set, the plan goes by Digital Post and no acknowledgement is asked for.
    case::Entity::update_many()
        .col_expr(
            case::Column::VisitationCategory,
            Expr::value(VisitationCategory::ActivityReady),
        )
        .filter(case::Column::CitizenId.eq(c1))
        .exec(&app.db)
        .await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v2["number"], 2);
    assert_eq!(v2["delivery"], "DIGITAL_POST");
    assert_eq!(v2["acknowledgementRequested"], false);
    assert_eq!(v2["valid"], false);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(
        mine.len(),
        1,
        "version 2 is not shown before it is delivered"
    );
    assert_eq!(mine[0]["number"], 1);
    app.clock.advance(Duration::minutes(10));
    run_worker(&app).await?;
    let letters = letter::Entity::find()
        .filter(letter::Column::CitizenId.eq(c1))
        .all(&app.db)
        .await?;
    assert_eq!(letters.len(), 1);
    assert_eq!(
        (
            letters[0].kind.as_str(),
            letters[0].channel,
            letters[0].status
        ),
        ("PLAN_VERSION", Channel::DigitalPost, LetterStatus::Sent)
    );
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 2);
    assert_eq!(
        (mine[0]["number"].clone(), mine[0]["valid"].clone()),
        (json!(2), json!(true))
    );
    Ok(())
}

#[tokio::test]
async fn the_plan_and_its_history_carry_over_when_the_case_is_closed_and_a_new_one_opened_rule_19_003_627_633()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let w = world(&app.db).await?;
    let c1 = w.citizen_1.subject;
    published(&app, &w, &w.caseworker_a, c1).await?;
    let v2 = published(&app, &w, &w.caseworker_a, c1).await?;
    ok(&acknowledge(&app, &w.citizen_1, &id_of(&v2)?).await?)?;
    let before = staff_plan(&app, &w.caseworker_a, c1).await?;

    // The benefit changes: the dagpenge case is closed and a cash-benefit case opened.
    app.clock.advance(Duration::days(30));
    let now = app.clock.now();
    case::Entity::update_many()
        .col_expr(case::Column::ClosedAt, Expr::value(Some(now)))
        .filter(case::Column::CitizenId.eq(c1))
        .exec(&app.db)
        .await?;
    case::Entity::insert(
        case::Model {
            id: Uuid::now_v7(),
            jobcentre_id: w.jobcentre_a,
            citizen_id: c1,
            contact_group_code: "KONTANTHJAELP_JOBPARAT".into(),
            target_group_code: "KONTANTHJAELP".into(),
            visitation_category: Some(VisitationCategory::JobReady),
            assigned_caseworker_id: Some(w.caseworker_a.subject),
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

    // Draft, versions and acknowledgement are all still there.
    let after = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(after, before);
    let mine = my_plan(&app, &w.citizen_1).await?;
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0]["acknowledgement"]["contentHash"], v2["contentHash"]);

    // The next publication continues the numbering and supersedes version 2.
    let v3 = published(&app, &w, &w.caseworker_a, c1).await?;
    assert_eq!(v3["number"], 3);
    assert_eq!(v3["goals"], v2["goals"], "the item ids carry over too");
    let plan = staff_plan(&app, &w.caseworker_a, c1).await?;
    assert_eq!(time_of(&plan["versions"][1]["supersededAt"])?, now);
    // The new case puts it on the caseworker's list through the new caseload.
    assert_eq!(
        awaiting(&app, &w.caseworker_a).await?,
        vec![(c1.to_string(), 0, 3)]
    );
    Ok(())
}
