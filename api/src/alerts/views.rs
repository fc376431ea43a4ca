//! Alerts in the caseworker's workspace.

use async_graphql::{Context, Object, Result, ResultExt};

use super::{service, types::Alert};
use crate::kernel::{
    context::{db, viewer},
    pagination::{self, IdConnection, PageArgs},
};

/// The workspace's alerts segment.
#[derive(Default)]
pub struct StaffAlerts;

#[Object]
impl StaffAlerts {
    /// Your alerts (advis), newest first.
    #[graphql(complexity = "pagination::cost(first, last, child_complexity)")]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many rows to return from the start of the list (or after `after`): \
                          0 to 100, 20 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Continue after this cursor (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many rows to return from the end of the list (or before `before`), \
                          paging backward: 0 to 100. Not together with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Continue backward before this cursor (`pageInfo.startCursor` of the page after)."
        )]
        before: Option<String>,
        #[graphql(desc = "Only alerts not yet marked read.", default = false)] unread_only: bool,
    ) -> Result<IdConnection<Alert>> {
        service::list(
            db(ctx)?,
            viewer(ctx)?,
            unread_only,
            PageArgs {
                first,
                after,
                last,
                before,
            },
        )
        .await
        .extend()
    }
}
