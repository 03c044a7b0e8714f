//! The one error body the API ever returns, and the codes the app matches on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Messages per field, keyed by the field's name in the request (`"email"`, `"roles[0]"`).
/// A BTreeMap keeps the JSON stable and the error summary in a predictable order.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Stable, machine-readable error codes. New codes may be added, so clients keep a fallback arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The body was not JSON, or not the expected shape (a missing field, an unknown role).
    InvalidBody,
    /// The request was well-formed but some fields are not acceptable; see `fields`.
    ValidationFailed,
    /// No valid session, or the email and password did not match.
    Unauthenticated,
    /// Signed in, but this role may not do this.
    Forbidden,
    NotFound,
    /// The request clashes with what is stored (an email already in use).
    Conflict,
    /// Too many attempts; try again later.
    RateLimited,
    /// A state-changing request from another site.
    BadOrigin,
    /// Something went wrong on our side; details are in the server log, never in the body.
    Internal,
    /// The server took longer than its limit to answer; what was sent may still be saved, and
    /// sending it again is safe (a sync change applies once).
    TimedOut,
    /// An administrator chose this person's password: until they choose their own
    /// (`/api/auth/password`), only `/api/auth/` answers them.
    PasswordChangeRequired,
}

/// `{code, message, fields}`: the JSON body of every 4xx and 5xx answer from `/api/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// Field-level messages; empty when the error is not about particular fields.
    #[serde(default)]
    pub fields: FieldErrors,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: FieldErrors::new(),
        }
    }

    pub fn with_fields(code: ErrorCode, message: impl Into<String>, fields: FieldErrors) -> Self {
        Self {
            code,
            message: message.into(),
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The wire shape is a contract with every client: pin it.
    #[test]
    fn error_body_json_is_stable() {
        let mut fields = FieldErrors::new();
        fields.insert("email".into(), vec!["Enter an email address".into()]);
        let body = ErrorBody::with_fields(ErrorCode::ValidationFailed, "Check the form", fields);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"code": "validation_failed", "message": "Check the form",
                   "fields": {"email": ["Enter an email address"]}})
        );
        let plain = ErrorBody::new(ErrorCode::RateLimited, "Wait");
        assert_eq!(serde_json::to_value(&plain).unwrap()["fields"], json!({}));
    }

    #[test]
    fn every_code_has_a_snake_case_name() {
        let codes = [
            (ErrorCode::InvalidBody, "invalid_body"),
            (ErrorCode::ValidationFailed, "validation_failed"),
            (ErrorCode::Unauthenticated, "unauthenticated"),
            (ErrorCode::Forbidden, "forbidden"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::Conflict, "conflict"),
            (ErrorCode::RateLimited, "rate_limited"),
            (ErrorCode::BadOrigin, "bad_origin"),
            (ErrorCode::Internal, "internal"),
        ];
        for (code, name) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), name);
        }
    }

    #[test]
    fn fields_may_be_absent_on_the_wire() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"not_found","message":"No such user"}"#).unwrap();
        assert!(body.fields.is_empty());
    }
}
