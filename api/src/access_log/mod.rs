//! The organisation behind each read in a citizen's access log, by name: a job centre, a
//! provider or a company. The access log itself is the citizens domain's (`citizens::service::
//! access_log`); the names belong to the domains that own those organisations, which the
//! citizens domain cannot import (they import it), so this module sits above all four and adds
//! `AccessLogEntry.organisationName`, one query per kind of organisation for a whole page.
//! The reader's own name is never shown: the citizen learns which organisation read, and why.

use std::collections::HashMap;

use async_graphql::{ComplexObject, Context, Result};
use uuid::Uuid;

use crate::{
    caseworkers,
    citizens::views::AccessLogEntry,
    companies,
    kernel::{
        batch::{self, BatchLoad, LoadContext},
        error::AppResult,
    },
    providers,
};

/// The kind of organisation a reader acts for, from the reader's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationKind {
    Jobcentre,
    Provider,
    Company,
}

impl OrganisationKind {
    /// The kind a reader in `role` (as in tokens) acts for; none for a citizen or a system.
    pub fn of_role(role: &str) -> Option<Self> {
        match role {
            "caseworker" | "manager" => Some(Self::Jobcentre),
            "provider_coordinator" | "provider_staff" => Some(Self::Provider),
            "company" => Some(Self::Company),
            _ => None,
        }
    }
}

/// The names of organisations, by kind and id: one query per kind the page names.
pub struct OrganisationNames;

impl BatchLoad for OrganisationNames {
    type Key = (OrganisationKind, Uuid);
    type Args = ();
    type Value = Option<String>;

    async fn load(
        cx: &LoadContext<'_>,
        _: &(),
        keys: &[(OrganisationKind, Uuid)],
    ) -> AppResult<HashMap<(OrganisationKind, Uuid), Self::Value>> {
        let of = |kind| -> Vec<Uuid> {
            keys.iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id)
                .collect()
        };
        let mut names = HashMap::new();
        for (kind, found) in [
            (
                OrganisationKind::Jobcentre,
                caseworkers::service::jobcentre_names(cx.db, &of(OrganisationKind::Jobcentre))
                    .await?,
            ),
            (
                OrganisationKind::Provider,
                providers::service::names(cx.db, &of(OrganisationKind::Provider)).await?,
            ),
            (
                OrganisationKind::Company,
                companies::service::names(cx.db, &of(OrganisationKind::Company)).await?,
            ),
        ] {
            names.extend(found.into_iter().map(|(id, name)| ((kind, id), Some(name))));
        }
        Ok(names)
    }
}

/// The organisations an access-log page names, to load their names together.
pub fn organisations_of<'a>(
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<(OrganisationKind, Uuid)> {
    let mut keys: Vec<(OrganisationKind, Uuid)> = entries
        .filter_map(|(role, org)| {
            Some((
                OrganisationKind::of_role(role)?,
                Uuid::parse_str(org?).ok()?,
            ))
        })
        .collect();
    keys.sort_by_key(|(_, id)| *id);
    keys.dedup();
    keys
}

#[ComplexObject]
impl AccessLogEntry {
    /// The name of the organisation the reader acted for (the job centre, the provider or the
    /// company); null for a reader acting for none (another public system).
    async fn organisation_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let Some(key) = organisations_of(std::iter::once((
            self.actor_role.as_str(),
            self.actor_organisation.as_ref().map(|o| o.as_str()),
        )))
        .pop() else {
            return Ok(None);
        };
        let peers: Vec<(OrganisationKind, Uuid)> = organisations_of(
            self.organisation_peers
                .iter()
                .map(|(r, o)| (r.as_str(), Some(o.as_str()))),
        );
        batch::load::<OrganisationNames>(ctx, key, &peers).await
    }
}
