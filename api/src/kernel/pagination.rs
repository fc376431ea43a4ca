//! Relay connections: `first` / `after`, keyset-paged on the time-ordered UUID v7 id, at most
//! [`MAX_PAGE`] rows a page.

use async_graphql::{
    OutputType,
    connection::{Connection, CursorType, Edge},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
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

/// The page a client asked for, checked.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<Uuid>,
}

impl PageRequest {
    pub fn new(first: Option<i32>, after: Option<String>) -> AppResult<Self> {
        let first = first.unwrap_or(DEFAULT_PAGE);
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(AppError::BadUserInput(format!(
                "`first` must be between 0 and {MAX_PAGE}, got {first}"
            )));
        }
        let after = after
            .map(|a| IdCursor::decode_cursor(&a).map(|c| c.0))
            .transpose()?;
        Ok(Self {
            first: first as u64,
            after,
        })
    }
}

/// Complexity of a connection field: its selection counted once per requested row.
pub fn cost(first: Option<i32>, child_complexity: usize) -> usize {
    let rows = first.unwrap_or(DEFAULT_PAGE).clamp(0, MAX_PAGE) as usize;
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

/// One page of `select`, ordered by `id_column` in `direction`, as model rows and whether more
/// follow.
pub async fn fetch_page<E, C>(
    db: &C,
    select: Select<E>,
    id_column: E::Column,
    page: PageRequest,
    direction: Direction,
) -> AppResult<(Vec<E::Model>, bool)>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let mut select = match direction {
        Direction::OldestFirst => select.order_by_asc(id_column),
        Direction::NewestFirst => select.order_by_desc(id_column),
    };
    if let Some(after) = page.after {
        select = select.filter(match direction {
            Direction::OldestFirst => id_column.gt(after),
            Direction::NewestFirst => id_column.lt(after),
        });
    }
    let mut rows = select.limit(page.first + 1).all(db).await?;
    let has_next = rows.len() as u64 > page.first;
    rows.truncate(page.first as usize);
    Ok((rows, has_next))
}

/// Builds a connection from a page of rows.
pub fn connection<M, N, F>(
    rows: Vec<M>,
    has_next: bool,
    page: PageRequest,
    id_of: impl Fn(&M) -> Uuid,
    to_node: F,
) -> Connection<IdCursor, N>
where
    N: OutputType,
    F: Fn(M) -> N,
{
    let mut conn = Connection::new(page.after.is_some(), has_next);
    conn.edges.extend(rows.into_iter().map(|row| {
        let cursor = IdCursor(id_of(&row));
        Edge::new(cursor, to_node(row))
    }));
    conn
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
}

/// One page of a list held in memory, `first` rows after the `after` cursor.
pub fn slice<T>(items: Vec<T>, first: Option<i32>, after: Option<String>) -> AppResult<Slice<T>> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if !(0..=MAX_PAGE).contains(&first) {
        return Err(AppError::BadUserInput(format!(
            "`first` must be between 0 and {MAX_PAGE}, got {first}"
        )));
    }
    let start = match after {
        Some(a) => PositionCursor::decode_cursor(&a)?.0 + 1,
        None => 0,
    };
    let total = items.len();
    let rows: Vec<(PositionCursor, T)> = items
        .into_iter()
        .enumerate()
        .skip(start)
        .take(first as usize)
        .map(|(i, t)| (PositionCursor(i), t))
        .collect();
    let has_next = start + rows.len() < total;
    Ok(Slice {
        has_previous: start > 0,
        has_next,
        rows,
    })
}
