//! The only module that speaks HTTP. Typed functions over the `shared` request and response types;
//! every failure arrives as an [`ApiError`] the pages can show.

pub mod auth;
pub mod results;
pub mod sync;
pub mod teams;
pub mod templates;
pub mod users;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::{ErrorBody, ErrorCode, FieldErrors};

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with its error body (and perhaps a `Retry-After` in seconds).
    Server {
        status: u16,
        body: ErrorBody,
        retry_after: Option<u64>,
    },
    /// No answer: offline, or the server is down.
    Network(String),
}

impl ApiError {
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Server { status: 401, .. })
    }

    /// Field messages to show beside inputs (empty when the error is not about fields).
    pub fn fields(&self) -> FieldErrors {
        match self {
            ApiError::Server { body, .. } => body.fields.clone(),
            ApiError::Network(_) => FieldErrors::new(),
        }
    }

    /// The same error, with its message shown against `field` (the sign-in page puts "Enter a
    /// correct email address and password" against the email, as GOV.UK does).
    pub fn against(self, field: &str) -> Self {
        match self {
            ApiError::Server {
                status,
                mut body,
                retry_after,
            } => {
                body.fields.insert(field.to_owned(), vec![body.message.clone()]);
                ApiError::Server {
                    status,
                    body,
                    retry_after,
                }
            }
            other => other,
        }
    }

    /// Worth trying again later (no answer, a server error, or "too many requests"), as opposed
    /// to an answer that will not change.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Server { status, .. } => *status == 429 || *status >= 500,
        }
    }

    /// One sentence for people.
    pub fn message(&self) -> String {
        match self {
            ApiError::Server { body, .. } => body.message.clone(),
            ApiError::Network(_) => {
                "Touchstone cannot reach the server. Check your connection and try again".into()
            }
        }
    }
}

async fn finish<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = response.map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        if status == 204 {
            return serde_json::from_value(serde_json::Value::Null)
                .map_err(|e| ApiError::Network(e.to_string()));
        }
        return response
            .json()
            .await
            .map_err(|e| ApiError::Network(e.to_string()));
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    // A proxy or a crash may answer without our body: still give the user a sentence.
    let body = response.json::<ErrorBody>().await.unwrap_or_else(|_| {
        ErrorBody::new(
            ErrorCode::Internal,
            format!("The server answered with an error ({status}). Try again later"),
        )
    });
    Err(ApiError::Server {
        status,
        body,
        retry_after,
    })
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    finish(Request::get(path).send().await).await
}

async fn with_body<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let request = builder.json(body).map_err(|e| ApiError::Network(e.to_string()))?;
    finish(request.send().await).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    with_body(Request::post(path), body).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    with_body(Request::put(path), body).await
}
