//! API requests run to the end even when the client goes away.
//!
//! hyper drops a handler's future when its connection closes: a phone losing its signal in the
//! middle of a sync. Dropped inside a database transaction, sqlx can hand the connection back to
//! its pool still in that transaction (sqlx issue #3932): the next transaction on it fails, and
//! on SQLite its write lock makes every other write wait, then fail as "database is locked".
//! So each API request runs in a task of its own, which a closed connection does not cancel:
//! what it does is committed or rolled back whole, and only the answer is thrown away.
//!
//! The same holds for a request that takes longer than the server's limit
//! (`--request-timeout-secs`): the caller is answered `timed_out` (503) and stops waiting, and
//! the work finishes or rolls back in its task. A sync change sent again applies once.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

pub async fn run_to_completion(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    match tokio::time::timeout(limit, tokio::spawn(next.run(req))).await {
        Ok(Ok(response)) => response,
        // A panicking handler panics here, as it would have without the task.
        Ok(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only when the server is shutting down.
        Ok(Err(_)) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Err(_) => {
            tracing::warn!(%path, ?limit, "answered timed_out; the request finishes in its task");
            AppError::TimedOut.into_response()
        }
    }
}
