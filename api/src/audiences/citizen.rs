//! The citizen portal: the `citizen` root field and the citizen's own record.

use async_graphql::{Context, MergedObject, Object, Result, ResultExt};

use crate::{
    absences::views::CitizenAbsences,
    auth::{Role, RoleGuard},
    citizens::{
        self,
        views::{OwnAccessLog, PersonDetails},
    },
    companies::matching::CitizenMatching,
    consents::views::CitizenConsents,
    cvs::views::CitizenCv,
    health::views::OwnHealth,
    kernel::error::AppError,
    meetings::views::{CitizenMeetings, OwnSlots},
    plans::views::OwnPlan,
};

#[derive(Default)]
pub struct CitizenQuery;

#[Object]
impl CitizenQuery {
    /// The citizen portal: the signed-in citizen's own record.
    #[graphql(guard = "RoleGuard::new(&[Role::Citizen])")]
    async fn citizen(&self, ctx: &Context<'_>) -> Result<CitizenSelf> {
        let person = citizens::scope::own_in_request(ctx)
            .await?
            .ok_or_else(|| AppError::not_found("citizen"))
            .extend()?;
        Ok(CitizenSelf::of(person))
    }
}

/// The signed-in citizen's own record: everything the job centre holds about them that the
/// self-service portal shows.
#[derive(MergedObject)]
pub struct CitizenSelf(
    PersonDetails,
    CitizenConsents,
    CitizenCv,
    CitizenMatching,
    OwnSlots,
    CitizenMeetings,
    CitizenAbsences,
    OwnPlan,
    OwnHealth,
    OwnAccessLog,
);

impl CitizenSelf {
    fn of(person: citizens::Visible) -> Self {
        Self(
            PersonDetails(person.clone()),
            CitizenConsents(person.clone()),
            CitizenCv(person.clone()),
            CitizenMatching(person.clone()),
            OwnSlots(person.clone()),
            CitizenMeetings(person.clone()),
            CitizenAbsences(person.clone()),
            OwnPlan(person.clone()),
            OwnHealth(person.clone()),
            OwnAccessLog(person),
        )
    }
}
