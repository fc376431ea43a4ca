//! Relay connections: `first` / `after` forward and `last` / `before` backward, keyset-paged on
//! the time-ordered UUID v7 id, at most [`MAX_PAGE`] rows a page, with `totalCount`.
//!
//! Cursors are opaque: a row's cursor names the row (its id), so it stays valid while the row is
//! in the list, across requests and releases; rows added or removed elsewhere in the list do not
//! shift a page's boundaries, and a page never repeats or skips a row that stayed.

use std::sync::Arc;

use async_graphql::{
    Context, Object, OutputType, ResultExt,
    connection::{Connection, CursorType, Edge},
};
use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, sea_query::ValueType,
};
use uuid::Uuid;

use crate::kernel::error::{AppError, AppResult};

/// Largest page a client may ask for.
pub const MAX_PAGE: i32 = 100;
/// Page size when `first` is not given.
pub const DEFAULT_PAGE: i32 = 20;

/// An opaque cursor: the row id, base64url-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdCursor(pub Uuid);

impl CursorType for IdCursor {
    type Error = AppError;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|b| Uuid::from_slice(&b).ok())
            .map(IdCursor)
            .ok_or_else(|| AppError::BadUserInput("`after` is not a cursor from this API".into()))
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_bytes())
    }
}

/// A connection field's paging arguments as the client sent them: `first` rows after `after`
/// (forward), or `last` rows before `before` (backward).
#[derive(Debug, Clone, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// The page a client asked for, checked: `size` rows on one side of `cursor` (or from the end
/// the reading starts at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub size: u64,
    pub cursor: Option<Uuid>,
    /// Reading from the end of the list towards its start (`last` / `before`).
    pub backward: bool,
}

impl PageRequest {
    pub fn new(args: PageArgs) -> AppResult<Self> {
        let (size, cursor, backward) = args.checked()?;
        let cursor = cursor
            .map(|c| IdCursor::decode_cursor(&c).map(|c| c.0))
            .transpose()?;
        Ok(Self {
            size,
            cursor,
            backward,
        })
    }
}

impl PageRequest {
    /// Whether the page is read in ascending id order: the list's order, reversed when paging
    /// backward.
    pub fn reads_ascending(&self, direction: Direction) -> bool {
        (direction == Direction::OldestFirst) != self.backward
    }

    /// Takes the cursor's own row off the front of rows read for this page (the bound is
    /// inclusive, so it comes first when it is still in the list); true when it was there,
    /// which proves that rows lie behind the cursor.
    pub fn take_cursor_row<M>(&self, rows: &mut Vec<M>, id_of: impl Fn(&M) -> Uuid) -> bool {
        let at_cursor = self
            .cursor
            .is_some_and(|cursor| rows.first().is_some_and(|r| id_of(r) == cursor));
        if at_cursor {
            rows.remove(0);
        }
        at_cursor
    }

    /// The page from rows read in reading order (cursor's row taken off, up to `size + 1`
    /// left): the rows in the list's order, and which sides have more. `behind` says whether
    /// rows lie behind the cursor.
    pub fn settle<M>(&self, mut rows: Vec<M>, behind: bool) -> Settled<M> {
        let ahead = rows.len() as u64 > self.size;
        rows.truncate(self.size as usize);
        if self.backward {
            rows.reverse();
            Settled {
                rows,
                has_previous: ahead,
                has_next: behind,
            }
        } else {
            Settled {
                rows,
                has_previous: behind,
                has_next: ahead,
            }
        }
    }
}

/// A page's rows in the list's order, and whether rows lie before and after it.
#[derive(Debug, Clone)]
pub struct Settled<M> {
    pub rows: Vec<M>,
    pub has_previous: bool,
    pub has_next: bool,
}

impl<M> Settled<M> {
    /// The page, with how to count the whole list.
    pub fn with_total(self, total: Total) -> Page<M> {
        Page {
            rows: self.rows,
            has_previous: self.has_previous,
            has_next: self.has_next,
            total,
        }
    }
}

impl<M> Default for Settled<M> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            has_previous: false,
            has_next: false,
        }
    }
}

impl PageArgs {
    /// The page size, the cursor (not decoded) and whether the page runs backward; refuses both
    /// directions at once and a size out of range.
    fn checked(self) -> AppResult<(u64, Option<String>, bool)> {
        let backward = self.last.is_some() || self.before.is_some();
        if backward && (self.first.is_some() || self.after.is_some()) {
            return Err(AppError::BadUserInput(
                "page forward with `first` and `after`, or backward with `last` and `before`, \
                 not both"
                    .into(),
            ));
        }
        let (name, size, cursor) = if backward {
            ("last", self.last, self.before)
        } else {
            ("first", self.first, self.after)
        };
        let size = size.unwrap_or(DEFAULT_PAGE);
        if !(0..=MAX_PAGE).contains(&size) {
            return Err(AppError::BadUserInput(format!(
                "`{name}` must be between 0 and {MAX_PAGE}, got {size}"
            )));
        }
        Ok((size as u64, cursor, backward))
    }
}

/// Complexity of a connection field: its selection counted once per requested row.
pub fn cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let rows = first.or(last).unwrap_or(DEFAULT_PAGE).clamp(0, MAX_PAGE) as usize;
    rows.max(1).saturating_mul(child_complexity.max(1))
}

/// Complexity of a plain (unpaged) list: its selection counted once per row it may hold. Every
/// plain list has a bound, `cap`, named beside it and held where its rows are read (see
/// [`capped`]) or by the rule that writes them, and stated in its description.
pub fn list_cost(cap: usize, child_complexity: usize) -> usize {
    cap.max(1).saturating_mul(child_complexity.max(1))
}

/// The first `cap` rows of a list (lists come ordered so that the first ones matter most).
pub fn capped<T>(rows: impl IntoIterator<Item = T>, cap: usize) -> Vec<T> {
    rows.into_iter().take(cap).collect()
}

/// Which way a connection runs through its time-ordered ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    OldestFirst,
    NewestFirst,
}

/// One page of a list: its rows in the list's order, whether rows come before and after it, and
/// how to count the whole list.
pub struct Page<M> {
    pub rows: Vec<M>,
    pub has_previous: bool,
    pub has_next: bool,
    pub total: Total,
}

impl<M> Page<M> {
    /// The same page with its rows replaced (the nodes made from them, say).
    pub fn with_rows<N>(self, rows: Vec<N>) -> Page<N> {
        Page {
            rows,
            has_previous: self.has_previous,
            has_next: self.has_next,
            total: self.total,
        }
    }
}

/// One page of `select`, ordered by `id_column` in `direction`.
///
/// The cursor's own row is read with the page (the bound is inclusive): when it is still in the
/// list, it proves that rows lie on its side, so `hasPreviousPage` (forward) or `hasNextPage`
/// (backward) is exact without another statement; only when it has left the list is that side
/// asked for by one more.
pub async fn fetch_page<E>(
    db: &DatabaseConnection,
    select: Select<E>,
    id_column: E::Column,
    page: PageRequest,
    direction: Direction,
) -> AppResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    fetch_page_narrowed(db, select, None, id_column, page, direction).await
}

/// As [`fetch_page`], with a condition that only the page's read gets: one that narrows the
/// list to (a superset of) the page's rows so the database need not walk the list to find them,
/// such as the ids of the page read by [`bounded_ids`] from the table the list's scope is
/// defined by. It must admit every row of the list the page could hold, or the page comes out
/// short.
pub async fn fetch_page_narrowed<E>(
    db: &DatabaseConnection,
    select: Select<E>,
    narrow: Option<sea_orm::Condition>,
    id_column: E::Column,
    page: PageRequest,
    direction: Direction,
) -> AppResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    let total = Total::count(select.clone());
    let ascending = page.reads_ascending(direction);
    let mut read = select.clone();
    if let Some(narrow) = narrow {
        read = read.filter(narrow);
    }
    let mut read = if ascending {
        read.order_by_asc(id_column)
    } else {
        read.order_by_desc(id_column)
    };
    if let Some(cursor) = page.cursor {
        read = read.filter(if ascending {
            id_column.gte(cursor)
        } else {
            id_column.lte(cursor)
        });
    }
    let mut rows = read.limit(page.size + 2).all(db).await?;
    let id_of = |r: &E::Model| <Uuid as ValueType>::try_from(r.get(id_column)).unwrap_or_default();
    let behind = match page.cursor {
        None => false,
        Some(_) if page.take_cursor_row(&mut rows, id_of) => true,
        // The cursor's row has left the list: ask whether any row lies beyond where it was.
        Some(cursor) => {
            let beyond = if ascending {
                id_column.lt(cursor)
            } else {
                id_column.gt(cursor)
            };
            select.filter(beyond).limit(1).one(db).await?.is_some()
        }
    };
    Ok(page.settle(rows, behind).with_total(total))
}

/// The ids a page of a list can hold, read from the subquery that defines the list (`ids`,
/// selecting `column`): the same bound, order and limit as [`fetch_page`]'s read, applied where
/// an index gives them in order, so the database reads the page's few ids instead of walking the
/// list's table to find them. For [`fetch_page_narrowed`].
pub fn bounded_ids(
    mut ids: sea_orm::sea_query::SelectStatement,
    column: impl sea_orm::sea_query::IntoColumnRef + Copy,
    page: PageRequest,
    direction: Direction,
) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{Expr, ExprTrait, Order};
    let ascending = page.reads_ascending(direction);
    if let Some(cursor) = page.cursor {
        ids.and_where(if ascending {
            Expr::col(column).gte(cursor)
        } else {
            Expr::col(column).lte(cursor)
        });
    }
    ids.distinct()
        .order_by(column, if ascending { Order::Asc } else { Order::Desc })
        .limit(page.size + 2)
        .to_owned()
}

/// Builds a connection from a page of rows.
pub fn connection<M, N, F>(
    page: Page<M>,
    id_of: impl Fn(&M) -> Uuid,
    to_node: F,
) -> Connection<IdCursor, N, Total>
where
    N: OutputType,
    F: Fn(M) -> N,
{
    let mut conn = Connection::with_additional_fields(page.has_previous, page.has_next, page.total);
    conn.edges.extend(page.rows.into_iter().map(|row| {
        let cursor = IdCursor(id_of(&row));
        Edge::new(cursor, to_node(row))
    }));
    conn
}

/// A connection of rows paged by their ids, with `totalCount`.
pub type IdConnection<N> = Connection<IdCursor, N, Total>;

/// How many rows a whole list holds, counted only when a client asks for `totalCount`.
pub struct Total(TotalKind);

enum TotalKind {
    Known(u64),
    Counted(Arc<dyn Count>),
}

/// Counts a list, for `totalCount`: one statement, scoped as the list is.
#[async_trait]
pub trait Count: Send + Sync {
    async fn count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64>;
}

impl Total {
    /// A count already known (a list held in memory).
    pub fn known(n: usize) -> Self {
        Self(TotalKind::Known(n as u64))
    }

    /// A count computed when asked for.
    pub fn counted(by: impl Count + 'static) -> Self {
        Self(TotalKind::Counted(Arc::new(by)))
    }

    /// `SELECT COUNT(*)` of a select, with the select's filters (its scope).
    pub fn count<E>(select: Select<E>) -> Self
    where
        E: EntityTrait,
        E::Model: Send + Sync,
    {
        Self::counted(SelectCount(select))
    }
}

struct SelectCount<E: EntityTrait>(Select<E>);

#[async_trait]
impl<E> Count for SelectCount<E>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    async fn count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let db = super::context::db(ctx)?;
        Ok(self
            .0
            .clone()
            .count(db)
            .await
            .map_err(AppError::from)
            .extend()?)
    }
}

#[Object]
impl Total {
    /// How many rows the whole list holds, every page together, as the list is scoped for you.
    /// Counted only when asked for (one statement).
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let n = match &self.0 {
            TotalKind::Known(n) => *n,
            TotalKind::Counted(by) => by.count(ctx).await?,
        };
        Ok(<i32 as TryFrom<u64>>::try_from(n).unwrap_or(i32::MAX))
    }
}

/// A cursor for lists ordered by something other than their id (most overdue first, say): the
/// position in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionCursor(pub usize);

impl CursorType for PositionCursor {
    type Error = AppError;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("at:").and_then(|n| n.parse().ok()))
            .map(PositionCursor)
            .ok_or_else(|| AppError::BadUserInput("`after` is not a cursor from this API".into()))
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("at:{}", self.0))
    }
}

/// One page of a list held in memory.
pub struct Slice<T> {
    /// The rows of the page, each with its cursor.
    pub rows: Vec<(PositionCursor, T)>,
    pub has_previous: bool,
    pub has_next: bool,
    /// The length of the whole list.
    pub total: usize,
}

/// The rows a page asks for, as positions in its list (from 0), before the list's length is
/// known: what a list read page by page from the database asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Positions {
    /// `size` rows from `start` on.
    From { start: usize, size: usize },
    /// `size` rows before `end`, or the last `size` rows when `end` is `None`.
    Before { end: Option<usize>, size: usize },
}

impl Positions {
    /// Reads a page's arguments (`BAD_USER_INPUT` for a foreign cursor or a bad size).
    pub fn of(args: PageArgs) -> AppResult<Self> {
        let (size, cursor, backward) = args.checked()?;
        let size = size as usize;
        let position = cursor
            .map(|c| PositionCursor::decode_cursor(&c).map(|c| c.0))
            .transpose()?;
        Ok(if backward {
            Self::Before {
                end: position,
                size,
            }
        } else {
            Self::From {
                start: position.map_or(0, |p| p + 1),
                size,
            }
        })
    }

    /// The positions `start..end` of the page in a list of `total` rows.
    pub fn within(self, total: usize) -> (usize, usize) {
        match self {
            Self::Before { end, size } => {
                let end = end.map_or(total, |p| p.min(total));
                (end.saturating_sub(size), end)
            }
            Self::From { start, size } => {
                let start = start.min(total);
                (start, (start + size).min(total))
            }
        }
    }
}

/// One page of a list held in memory: `first` rows after `after`, or `last` rows before
/// `before`.
pub fn slice<T>(items: Vec<T>, args: PageArgs) -> AppResult<Slice<T>> {
    let total = items.len();
    let (start, end) = Positions::of(args)?.within(total);
    Ok(page_of(
        items.into_iter().enumerate().skip(start).take(end - start),
        (start, end),
        total,
    ))
}

/// The page at positions `start..end` of a list of `total` rows, from rows read with their
/// positions (those outside the page are left out).
pub fn page_of<T>(
    rows: impl IntoIterator<Item = (usize, T)>,
    (start, end): (usize, usize),
    total: usize,
) -> Slice<T> {
    Slice {
        has_previous: start > 0,
        has_next: end < total,
        total,
        rows: rows
            .into_iter()
            .filter(|(i, _)| (start..end).contains(i))
            .map(|(i, t)| (PositionCursor(i), t))
            .collect(),
    }
}
