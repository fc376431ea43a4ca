//! The `viewer` root field: who is signed in, for every role.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use crate::{
    auth::{Role, RoleGuard},
    caseworkers, citizens, companies,
    kernel::{
        context::{db, viewer},
        viewer::Viewer,
    },
    providers,
};

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The signed-in principal. Portals call this first to learn which root field to use.
    #[graphql(guard = "RoleGuard::new(Role::ALL)")]
    async fn viewer(&self, ctx: &Context<'_>) -> Result<SignedIn> {
        Ok(SignedIn(viewer(ctx)?.clone()))
    }
}

/// The signed-in principal, as the token names it.
pub struct SignedIn(Viewer);

/// The signed-in principal, as the token names it.
#[Object(name = "Viewer")]
impl SignedIn {
    /// Your role: decides which root field (`citizen`, `caseworker`, `provider`, `company`) you use.
    async fn role(&self) -> Role {
        self.0.role()
    }
    /// Your own id (citizen, caseworker, provider user or company user).
    async fn subject_id(&self) -> ID {
        ID(self.0.subject().to_string())
    }
    /// The organisation you act for: job centre, provider or company; null for citizens.
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation().map(|o| ID(o.to_string()))
    }
    /// Your name as the job centre has it, for a greeting; null if the record is gone.
    async fn display_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let db = db(ctx)?;
        match &self.0 {
            Viewer::Citizen { .. } => return citizens::service::own_name(ctx).await,
            Viewer::Staff(staff) => caseworkers::service::name(db, staff).await,
            Viewer::Provider(user) => providers::service::user_name(db, user).await,
            Viewer::Company(user) => companies::service::user_name(db, user).await,
            Viewer::Integration { .. } => Ok(None),
        }
        .extend()
    }
}
