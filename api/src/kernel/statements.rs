//! Counts the SQL statements a request runs, for its log line. The database connection reports
//! every statement here; the count is kept per task, so a request handler that runs inside
//! [`counting`] sees only its own statements, whatever else the server is doing.

use std::{cell::Cell, future::Future};

tokio::task_local! {
    static COUNT: Cell<usize>;
}

/// Runs `work` and returns its output with the number of statements it ran.
pub async fn counting<F: Future>(work: F) -> (F::Output, usize) {
    COUNT
        .scope(Cell::new(0), async {
            let out = work.await;
            (out, COUNT.with(Cell::get))
        })
        .await
}

/// Records one statement for the task's request, if it is inside [`counting`].
pub fn record() {
    add(1);
}

/// Records `n` statements for the task's request: those a task it waited for ran.
pub fn add(n: usize) {
    let _ = COUNT.try_with(|c| c.set(c.get() + n));
}
