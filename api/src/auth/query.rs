//! The `viewer` root field: who is signed in.

use async_graphql::{Context, ErrorExtensions, ID, Object, Result};
use jobbro_entities::{caseworker, citizen, company_user, provider_user};
use sea_orm::EntityTrait;

use super::{Role, RoleGuard, Viewer, guard::viewer};

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
        self.0.role
    }
    /// Your own id (citizen, caseworker, provider user or company user).
    async fn subject_id(&self) -> ID {
        ID(self.0.subject.to_string())
    }
    /// The organisation you act for: job centre, provider or company; null for citizens.
    async fn organisation_id(&self) -> Option<ID> {
        self.0.organisation.map(|o| ID(o.to_string()))
    }
    /// Your name as the job centre has it, for a greeting; null if the record is gone.
    async fn display_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let db = crate::schema::db(ctx)?;
        let id = self.0.subject;
        let name = match self.0.role {
            Role::Citizen => citizen::Entity::find_by_id(id)
                .one(db)
                .await
                .map(|m| m.map(|c| format!("{} {}", c.given_name, c.family_name))),
            Role::Caseworker | Role::Manager => caseworker::Entity::find_by_id(id)
                .one(db)
                .await
                .map(|m| m.map(|c| c.name)),
            Role::ProviderCoordinator | Role::ProviderStaff => {
                provider_user::Entity::find_by_id(id)
                    .one(db)
                    .await
                    .map(|m| m.map(|u| u.name))
            }
            Role::Company => company_user::Entity::find_by_id(id)
                .one(db)
                .await
                .map(|m| m.map(|u| u.name)),
            Role::Integration => Ok(None),
        };
        name.map_err(|e| crate::error::AppError::from(e).extend())
    }
}
