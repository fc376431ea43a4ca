//! The person-marking mutations.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, staff},
};

#[derive(Default)]
pub struct MarkingMutation;

#[Object]
impl MarkingMutation {
    /// Marks a citizen of your job centre as not to be sanctioned, with the reason: while the
    /// marking is in force a no-show at an offer raises no hearing request.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn set_person_marking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citizen and the reason.")] input: SetPersonMarkingInput,
    ) -> Result<PersonMarkingPayload> {
        service::set(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Removes a marking in force, with the reason, which is kept with who removed it and when;
    /// sanction steps apply again from then on.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn remove_person_marking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The marking and the reason.")] input: RemovePersonMarkingInput,
    ) -> Result<PersonMarkingPayload> {
        service::remove(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
