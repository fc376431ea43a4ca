//! Tasks (opgaver): work for a caseworker with a due time, made by the outbox worker from an
//! event (a supplier report that needs action). A caseworker sees and completes their own.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobbro_entities::task;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde::Serialize;

use crate::kernel::{
    clock::SharedClock,
    context::{db, staff},
    error::AppResult,
    ids::TaskId,
    pagination,
    runner::{self, IdempotencyKey},
    user_error::{Outcome, UserError, UserErrorCode},
    viewer::{Staff, Viewer},
};

/// The most open tasks the list shows.
pub const MAX_TASKS: usize = 100;

/// A task for a caseworker. The title carries no sensitive data; open the citizen to see more.
pub struct Task(pub task::Model);

/// A task for a caseworker (opgave), with a due time. The title carries no sensitive data.
#[Object]
impl Task {
    /// The task's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is, as a stable code, e.g. `SUPPLIER_REPORT_ACTION`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// What to do.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The citizen it concerns, if any.
    async fn citizen_id(&self) -> Option<ID> {
        self.0.citizen_id.map(|id| ID(id.to_string()))
    }
    /// When it must be done.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it was done; null while open.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
}

/// The workspace's tasks segment.
#[derive(Default)]
pub struct StaffTasks;

#[Object]
impl StaffTasks {
    /// Your open tasks, the one due first first: at most 100.
    #[graphql(complexity = "pagination::list_cost(MAX_TASKS, child_complexity)")]
    async fn tasks(&self, ctx: &Context<'_>) -> Result<Vec<Task>> {
        let staff = staff(ctx)?;
        Ok(open_tasks(db(ctx)?, staff)
            .await?
            .into_iter()
            .map(Task)
            .collect())
    }
}

async fn open_tasks(db: &DatabaseConnection, staff: &Staff) -> AppResult<Vec<task::Model>> {
    Ok(task::Entity::find()
        .filter(task::Column::CaseworkerId.eq(staff.caseworker))
        .filter(task::Column::JobcentreId.eq(staff.jobcentre))
        .filter(task::Column::DoneAt.is_null())
        .order_by_asc(task::Column::DueAt)
        .order_by_asc(task::Column::Id)
        .limit(MAX_TASKS as u64)
        .all(db)
        .await?)
}

/// Input of `completeTask`.
#[derive(Debug, Clone, InputObject, Serialize)]
pub struct CompleteTaskInput {
    /// One of your open tasks.
    pub task_id: ID,
    /// Any unique string; a retry with the same key returns the first result.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The result of `completeTask`.
#[derive(SimpleObject)]
pub struct TaskPayload {
    /// The task, unless there are user errors.
    pub task: Option<Task>,
    /// What to fix; empty on success.
    pub user_errors: Vec<UserError>,
}

/// `completeTask`: marks one of the caseworker's open tasks done.
pub async fn complete(
    db: &DatabaseConnection,
    clock: &SharedClock,
    staff: &Staff,
    input: CompleteTaskInput,
) -> AppResult<TaskPayload> {
    let viewer = &Viewer::Staff(*staff);
    let now = clock.now();
    let id = TaskId::parse(&input.task_id, "taskId")?;
    let key = IdempotencyKey::new(
        viewer,
        input.idempotency_key.as_deref(),
        "completeTask",
        &input,
    )?;
    let outcome = runner::run(db, key, now, Outcome::err, async |txn| {
        let done = task::Entity::update_many()
            .col_expr(task::Column::DoneAt, Expr::value(Some(now)))
            .filter(task::Column::Id.eq(id.0))
            .filter(task::Column::CaseworkerId.eq(staff.caseworker))
            .filter(task::Column::JobcentreId.eq(staff.jobcentre))
            .filter(task::Column::DoneAt.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        if done == 0 {
            return Ok(Outcome::err(UserError::new(
                &["input", "taskId"],
                UserErrorCode::NotFound,
                "you have no open task with this id",
            )));
        }
        Ok(Outcome::ok(id.0))
    })
    .await?;
    let row = match outcome.id {
        Some(id) => task::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(TaskPayload {
        task: row.map(Task),
        user_errors: outcome.user_errors,
    })
}

/// The task mutations.
#[derive(Default)]
pub struct TaskMutation;

#[Object]
impl TaskMutation {
    /// Marks one of your open tasks done.
    #[graphql(guard = "crate::auth::RoleGuard::new(crate::auth::Role::JOBCENTRE_STAFF)")]
    async fn complete_task(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The task.")] input: CompleteTaskInput,
    ) -> Result<TaskPayload> {
        use async_graphql::ErrorExtensions;
        complete(
            db(ctx)?,
            &crate::kernel::context::clock(ctx)?,
            staff(ctx)?,
            input,
        )
        .await
        .map_err(|e| e.extend())
    }
}
