//! The server's one error type. Every failure leaves the API as `ErrorBody` JSON with a stable
//! code; 5xx bodies are generic and the cause goes to the log instead.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::{ErrorBody, ErrorCode, FieldErrors};

use crate::store::StoreError;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the request body is not acceptable: {message}")]
    InvalidBody {
        message: String,
        fields: FieldErrors,
        status: StatusCode,
    },
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("not signed in")]
    Unauthenticated(&'static str),
    #[error("forbidden")]
    Forbidden,
    #[error("the password an administrator chose must be changed first")]
    PasswordChangeRequired,
    #[error("not found")]
    NotFound(&'static str),
    #[error("conflict: {0:?}")]
    Conflict(FieldErrors),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error("cross-site request refused")]
    BadOrigin,
    #[error("the answer took longer than the server's limit")]
    TimedOut,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A rule of the database the store did not name itself is still the caller's: an id a record
/// sent already belongs to another (`409`), or names one that does not exist (`422`). Anything
/// else from the database is the server's problem.
impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        let broken = match &err {
            StoreError::Database(sqlx::Error::Database(db)) => {
                Some((db.is_unique_violation(), db.is_foreign_key_violation()))
            }
            _ => None,
        };
        match broken {
            Some((true, _)) => AppError::Store(StoreError::Conflict {
                field: "id",
                message: "An id in this record is already used by another record",
            }),
            Some((_, true)) => AppError::Store(StoreError::MissingReference {
                field: "id",
                message: "This record refers to a record that does not exist",
            }),
            _ => AppError::Store(err),
        }
    }
}

impl AppError {
    /// One field's message, for errors found after validation (a taken email, an unknown team).
    pub fn field(field: &str, message: impl Into<String>) -> FieldErrors {
        FieldErrors::from([(field.to_owned(), vec![message.into()])])
    }

    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::InvalidBody { status, .. } => *status,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::BadOrigin | AppError::PasswordChangeRequired => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TimedOut => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(StoreError::Conflict { .. }) => StatusCode::CONFLICT,
            AppError::Store(StoreError::MissingReference { .. }) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Store(StoreError::Database(_)) | AppError::Other(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn body(&self) -> ErrorBody {
        use ErrorCode as C;
        match self {
            AppError::InvalidBody { message, fields, .. } => {
                ErrorBody::with_fields(C::InvalidBody, message.clone(), fields.clone())
            }
            AppError::Validation(fields) => ErrorBody::with_fields(
                C::ValidationFailed,
                "Some answers need correcting",
                fields.clone(),
            ),
            AppError::Unauthenticated(message) => ErrorBody::new(C::Unauthenticated, *message),
            AppError::Forbidden => ErrorBody::new(C::Forbidden, "You do not have permission to do that"),
            AppError::PasswordChangeRequired => ErrorBody::new(
                C::PasswordChangeRequired,
                "An administrator chose your password: choose your own before going on",
            ),
            AppError::NotFound(what) => ErrorBody::new(C::NotFound, format!("{what} not found")),
            AppError::Conflict(fields) => ErrorBody::with_fields(
                C::Conflict,
                "That clashes with something already saved",
                fields.clone(),
            ),
            AppError::Store(StoreError::Conflict { field, message }) => {
                ErrorBody::with_fields(C::Conflict, *message, Self::field(field, *message))
            }
            AppError::Store(StoreError::MissingReference { field, message }) => {
                ErrorBody::with_fields(C::ValidationFailed, *message, Self::field(field, *message))
            }
            AppError::RateLimited { retry_after_secs } => ErrorBody::new(
                C::RateLimited,
                format!("Too many tries. {}", try_again_in(*retry_after_secs)),
            ),
            AppError::BadOrigin => ErrorBody::new(C::BadOrigin, "Requests from other sites are not accepted"),
            AppError::TimedOut => ErrorBody::new(
                C::TimedOut,
                "The server took too long to answer. Try again in a moment",
            ),
            AppError::Store(StoreError::Database(_)) | AppError::Other(_) => {
                ErrorBody::new(C::Internal, "Something went wrong on our side. Try again later")
            }
        }
    }
}

/// "Try again in 3 seconds", "… in 2 minutes": the wait in words, rounded up.
fn try_again_in(secs: u64) -> String {
    match secs {
        0..=1 => "Try again in a second".to_owned(),
        2..=90 => format!("Try again in {secs} seconds"),
        _ => format!("Try again in {} minutes", secs.div_ceil(60)),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            // The cause stays in the log; the client gets the generic body.
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = (status, Json(self.body())).into_response();
        if let AppError::BadOrigin = self {
            // The audit trail says why the request was refused, beside who and what.
            response
                .extensions_mut()
                .insert(crate::audit::Refusal("from another site"));
        }
        if let AppError::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl From<FieldErrors> for AppError {
    fn from(fields: FieldErrors) -> Self {
        AppError::Validation(fields)
    }
}
