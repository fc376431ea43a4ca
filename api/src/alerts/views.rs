//! Alerts in the caseworker's workspace.

use async_graphql::{Context, Object, Result, ResultExt, connection::Connection};

use super::{service, types::Alert};
use crate::kernel::{
    context::{db, viewer},
    pagination::{self, IdCursor},
};

/// The workspace's alerts segment.
#[derive(Default)]
pub struct StaffAlerts;

#[Object]
impl StaffAlerts {
    /// Your alerts (advis), newest first.
    #[graphql(complexity = "pagination::cost(first, child_complexity)")]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many rows to return: 0 to 100, 20 when left out.")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(desc = "Only alerts not yet marked read.", default = false)] unread_only: bool,
    ) -> Result<Connection<IdCursor, Alert>> {
        service::list(db(ctx)?, viewer(ctx)?, unread_only, first, after)
            .await
            .extend()
    }
}
