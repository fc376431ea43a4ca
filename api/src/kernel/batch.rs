//! Loading per-row data for a whole list at once. A list (a page of citizens, say) hands each of
//! its rows the keys of all its rows (its *peers*); when a field of one row asks for its data,
//! the loader fetches the data of every peer not yet loaded in one query and keeps it for the
//! request, so the other rows find theirs ready. A page therefore costs one query per selected
//! field, however many rows it has, and with no timing window that could split it.
//!
//! Loaders apply their domain's scope to what they read; their keys come from rows that were
//! already read through a scope (for citizens, the `Visible` proof of the citizens domain).
//!
//! The cache lives for one request. A mutation's payload therefore reads what it shows directly
//! (not through a loader), so a second mutation in the same document never sees a value cached
//! before the first one changed it.

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    future::Future,
    hash::Hash,
    sync::{Arc, Mutex},
};

use async_graphql::{Context, ErrorExtensions, Result};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::{context, error::AppResult, viewer::Viewer};

/// What a loader may use: the request's database, viewer and time.
pub struct LoadContext<'a> {
    pub db: &'a DatabaseConnection,
    pub viewer: &'a Viewer,
    pub now: DateTime<Utc>,
}

/// A per-request loader of one kind of per-row data.
pub trait BatchLoad: Send + Sync + 'static {
    /// What identifies a row (a citizen id, a meeting id).
    type Key: Copy + Eq + Hash + Send + Sync + 'static;
    /// The field's arguments, the same for every row of a list (`()` for most).
    type Args: Clone + Eq + Hash + Send + Sync + 'static;
    /// The row's data; `Default` stands for "none" (an empty list, no record).
    type Value: Clone + Default + Send + Sync + 'static;

    /// The data of every key, in a fixed number of queries.
    fn load(
        cx: &LoadContext<'_>,
        args: &Self::Args,
        keys: &[Self::Key],
    ) -> impl Future<Output = AppResult<HashMap<Self::Key, Self::Value>>> + Send;
}

/// The per-request caches, one per loader type; attached to every request.
#[derive(Default)]
pub struct Batches {
    caches: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

/// The values loaded so far, by the field's arguments and the row's key.
type Loaded<L> = HashMap<(<L as BatchLoad>::Args, <L as BatchLoad>::Key), <L as BatchLoad>::Value>;

struct Cache<L: BatchLoad> {
    values: tokio::sync::Mutex<Loaded<L>>,
}

impl Batches {
    fn cache<L: BatchLoad>(&self) -> Arc<Cache<L>> {
        let mut caches = self.caches.lock().unwrap_or_else(|p| p.into_inner());
        let entry = caches.entry(TypeId::of::<L>()).or_insert_with(|| {
            Arc::new(Cache::<L> {
                values: tokio::sync::Mutex::new(HashMap::new()),
            })
        });
        match Arc::clone(entry).downcast::<Cache<L>>() {
            Ok(cache) => cache,
            // The map is keyed by the type it holds, so this cannot happen; start afresh if it did.
            Err(_) => Arc::new(Cache::<L> {
                values: tokio::sync::Mutex::new(HashMap::new()),
            }),
        }
    }
}

/// The data of `key`, loading it together with every peer not loaded yet in this request.
pub async fn load<L: BatchLoad<Args = ()>>(
    ctx: &Context<'_>,
    key: L::Key,
    peers: &[L::Key],
) -> Result<L::Value> {
    load_with::<L>(ctx, (), key, peers).await
}

/// As [`load`], for a field with arguments: rows asking with the same arguments share a query.
pub async fn load_with<L: BatchLoad>(
    ctx: &Context<'_>,
    args: L::Args,
    key: L::Key,
    peers: &[L::Key],
) -> Result<L::Value> {
    let batches = ctx.data_opt::<Batches>().ok_or_else(|| {
        super::error::AppError::Internal(anyhow::anyhow!("request has no batches")).extend()
    })?;
    let cache = batches.cache::<L>();
    // Held across the load, so rows asking at once wait for the first one's query.
    let mut values = cache.values.lock().await;
    if let Some(v) = values.get(&(args.clone(), key)) {
        return Ok(v.clone());
    }
    let mut keys: Vec<L::Key> = peers
        .iter()
        .copied()
        .filter(|k| !values.contains_key(&(args.clone(), *k)))
        .collect();
    if !keys.contains(&key) {
        keys.push(key);
    }
    let cx = LoadContext {
        db: context::db(ctx)?,
        viewer: context::viewer(ctx)?,
        now: context::clock(ctx)?.now(),
    };
    let mut loaded = L::load(&cx, &args, &keys).await.map_err(|e| e.extend())?;
    for k in keys {
        let v = loaded.remove(&k).unwrap_or_default();
        values.insert((args.clone(), k), v);
    }
    Ok(values.get(&(args, key)).cloned().unwrap_or_default())
}

/// Rows grouped by a key (a page's rows by citizen, say), each group in the rows' order.
pub fn grouped<K: Eq + Hash, V>(
    rows: impl IntoIterator<Item = V>,
    key: impl Fn(&V) -> K,
) -> HashMap<K, Vec<V>> {
    let mut groups: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
