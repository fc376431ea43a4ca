//! What job-centre staff see of themselves.

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use jobbro_entities::{caseworker, jobcentre};

use super::service;
use crate::kernel::context::{db, staff};

/// The workspace's profile segment: who is signed in.
#[derive(Default)]
pub struct StaffMe;

#[Object]
impl StaffMe {
    /// Your own profile and job centre.
    async fn me(&self, ctx: &Context<'_>) -> Result<CaseworkerProfile> {
        let (me, centre) = service::me(db(ctx)?, staff(ctx)?).await.extend()?;
        Ok(CaseworkerProfile { me, centre })
    }
}

/// A caseworker's own profile.
pub struct CaseworkerProfile {
    me: caseworker::Model,
    centre: jobcentre::Model,
}

/// A caseworker's own profile.
#[Object]
impl CaseworkerProfile {
    /// Your id.
    async fn id(&self) -> ID {
        ID(self.me.id.to_string())
    }
    /// Your name.
    async fn name(&self) -> &str {
        &self.me.name
    }
    /// Your work e-mail.
    async fn email(&self) -> &str {
        &self.me.email
    }
    /// Your team, if any.
    async fn team(&self) -> Option<&str> {
        self.me.team.as_deref()
    }
    /// Whether you are a manager (leder).
    async fn is_manager(&self) -> bool {
        self.me.is_manager
    }
    /// Your job centre.
    async fn jobcentre(&self) -> Jobcentre {
        Jobcentre {
            id: ID(self.centre.id.to_string()),
            name: self.centre.name.clone(),
            municipality_code: self.centre.municipality_code.clone(),
        }
    }
}

/// A job centre (jobcenter): the tenant every personal record belongs to.
#[derive(SimpleObject)]
pub struct Jobcentre {
    /// The job centre's id.
    pub id: ID,
    /// Its name, e.g. "Jobcenter Aalborg".
    pub name: String,
    /// The municipality's code (kommunekode), e.g. "0851".
    pub municipality_code: String,
}
