//! API requests run to the end even when the client goes away.
//!
//! hyper drops a handler's future when its connection closes: a phone losing its signal in the
//! middle of a sync. Dropped inside a database transaction, sqlx can hand the connection back to
//! its pool still in that transaction (sqlx issue #3932): the next transaction on it fails, and
//! on SQLite its write lock makes every other write wait, then fail as "database is locked".
//! So each API request runs in a task of its own, which a closed connection does not cancel:
//! what it does is committed or rolled back whole, and only the answer is thrown away.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn run_to_completion(req: Request, next: Next) -> Response {
    match tokio::spawn(next.run(req)).await {
        Ok(response) => response,
        // A panicking handler panics here, as it would have without the task.
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only when the server is shutting down.
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
