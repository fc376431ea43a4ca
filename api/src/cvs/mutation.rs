//! The citizen's CV mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result, SimpleObject};

use super::{
    service::{self, SaveMyCvInput, SetMyCvHiddenInput},
    views::Cv,
};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;

use crate::{
    auth::{Role, RoleGuard},
    citizens::{self, Visible},
    kernel::{
        clock::danish_date,
        context::{clock, db, viewer},
        error::{AppError, AppResult},
        user_error::{Outcome, UserError},
        viewer::Viewer,
    },
};

/// The result of a CV mutation.
#[derive(SimpleObject)]
pub struct CvPayload {
    /// The CV as it is now, unless there are user errors.
    pub cv: Option<Cv>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct CvMutation;

/// The CV of the citizen the outcome names, or the outcome's user errors.
async fn payload(
    db: &DatabaseConnection,
    day: NaiveDate,
    outcome: Outcome,
) -> AppResult<CvPayload> {
    let cv = match outcome.id {
        Some(id) => service::load_many(db, &[id], day)
            .await?
            .remove(&id)
            .map(Cv),
        None => None,
    };
    Ok(CvPayload {
        cv,
        user_errors: outcome.user_errors,
    })
}

/// The signed-in citizen.
async fn me(db: &DatabaseConnection, viewer: &Viewer) -> AppResult<Visible> {
    citizens::scope::own(db, viewer)
        .await?
        .ok_or_else(|| AppError::not_found("citizen"))
}

#[Object]
impl CvMutation {
    /// Writes your CV, all of it (what you leave out is removed): job wishes, skills,
    /// education, driving licences, how far you will travel and informal competences. Give the
    /// `version` you changed as `expectedVersion` (leave it out for your first CV).
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn save_my_cv(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The CV as it is to be.")] input: SaveMyCvInput,
    ) -> Result<CvPayload> {
        let (db, viewer, clock) = (db(ctx)?, viewer(ctx)?, clock(ctx)?);
        async {
            let me = me(db, viewer).await?;
            let outcome =
                service::save(db, &clock, viewer, me.uuid(), me.jobcentre_id(), input).await?;
            payload(db, danish_date(clock.now()), outcome).await
        }
        .await
        .map_err(|e| e.extend())
    }

    /// Keeps your CV out of the job centre's matching (`hidden: true`) or opens it again.
    /// While you are registered as a jobseeker your CV stays available
    /// (`CV_MUST_STAY_AVAILABLE`); who else sees it is up to your consent to share it with
    /// companies.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn set_my_cv_hidden(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whether to hide the CV.")] input: SetMyCvHiddenInput,
    ) -> Result<CvPayload> {
        let (db, viewer, clock) = (db(ctx)?, viewer(ctx)?, clock(ctx)?);
        async {
            let me = me(db, viewer).await?;
            let outcome = service::set_hidden(db, &clock, viewer, me.uuid(), input).await?;
            payload(db, danish_date(clock.now()), outcome).await
        }
        .await
        .map_err(|e| e.extend())
    }
}
