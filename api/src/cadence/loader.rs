//! Per-request loader of a page of citizens' next due conversation.

use std::collections::HashMap;

use uuid::Uuid;

use super::{NextConversation, compute, scope};
use crate::{
    cases,
    kernel::{
        batch::{BatchLoad, LoadContext},
        error::AppResult,
    },
};

/// When each citizen's next job conversation is due; none when their group has no cadence.
pub struct NextConversationByCitizen;

impl BatchLoad for NextConversationByCitizen {
    type Key = Uuid;
    type Args = ();
    type Value = Option<NextConversation>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Self::Value>> {
        let cases =
            cases::service::all_open_cases(cx.db, scope::cases_followed_by(cx.viewer), keys)
                .await?;
        let mut next: HashMap<Uuid, Self::Value> = HashMap::new();
        for (case, n) in compute(cx.db, cases, cx.now).await? {
            let slot = next.entry(case.citizen_id).or_default();
            if slot.as_ref().is_none_or(|s| n.due_on < s.due_on) {
                *slot = Some(n);
            }
        }
        Ok(next)
    }
}

/// The viewer's overdue conversations, computed once per request: a document that asks for
/// `overdueConversations` under several aliases (or pages) pays for one computation.
pub struct OverdueOfViewer;

impl BatchLoad for OverdueOfViewer {
    type Key = ();
    type Args = ();
    type Value = Vec<super::Overdue>;

    async fn load(cx: &LoadContext<'_>, _: &(), _: &[()]) -> AppResult<HashMap<(), Self::Value>> {
        let list = super::overdue(cx.db, cx.viewer, cx.now).await?;
        Ok(HashMap::from([((), list)]))
    }
}
