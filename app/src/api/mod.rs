//! The only module that speaks HTTP. Typed functions over the `shared` request and response types;
//! every failure arrives as an [`ApiError`] the pages can show.

pub mod audit;
pub mod auth;
pub mod directory;
pub mod results;
pub mod sync;
pub mod teams;
pub mod templates;
pub mod users;

use gloo_net::http::{Request, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::FieldErrors;

/// The server's error body (`shared::ErrorBody`) as the app reads it: the sentence and the field
/// messages. Its `code` is for other programs; reading that enum cost the first download 1.7 KB.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ErrorBody {
    pub message: String,
    #[serde(default)]
    pub fields: FieldErrors,
}

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

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(&exchange(Request::get(path), None).await?)
}

/// `get`, for an answer that may take minutes on a slow phone (the whole directory).
pub async fn get_large<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let deadline = Deadline::within(LARGE_DEADLINE_MS);
    let request = Request::get(path)
        .abort_signal(deadline.signal().as_ref())
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(&answer(request, deadline).await?)
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    decode(&exchange(Request::post(path), Some(encode(body)?)).await?)
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    exchange(Request::delete(path), None).await.map(|_| ())
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    decode(&exchange(Request::put(path), Some(encode(body)?)).await?)
}

// Only encoding and decoding are generic: the request, its deadline and the reading of error
// bodies are compiled once, not again for every request and answer type.

fn encode<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))
}

/// An answer's JSON text as `T` (from text, like every answer: a `Value` deserializer here would
/// be compiled again for every answer type).
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Network(e.to_string()))
}

/// Sends the request (with a JSON body, if any) and reads the answer's text within the
/// deadline: `"null"` for 204 No Content, and an [`ApiError`] for anything but success.
async fn exchange(builder: RequestBuilder, json: Option<String>) -> Result<String, ApiError> {
    let deadline = Deadline::start();
    let builder = builder.abort_signal(deadline.signal().as_ref());
    let request = match json {
        Some(json) => builder.header("content-type", "application/json").body(json),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    answer(request, deadline).await
}

/// Sends a built request and reads its answer within `deadline` (held until the body is read).
async fn answer(request: Request, deadline: Deadline) -> Result<String, ApiError> {
    let _deadline = deadline;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        if status == 204 {
            return Ok("null".to_owned());
        }
        return response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string()));
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    // A proxy or a crash may answer without our body: still give the user a sentence.
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str::<ErrorBody>(&text).unwrap_or_else(|_| ErrorBody {
        message: format!("The server answered with an error ({status}). Try again later"),
        fields: FieldErrors::new(),
    });
    Err(ApiError::Server {
        status,
        body,
        retry_after,
    })
}

/// How long a request may take, answer and body together, before it is given up as no answer.
/// A connection that hangs (a captive portal, a half-dead mobile link) would otherwise hold the
/// sync engine, which sends one thing at a time, for as long as the browser cares to wait.
const DEADLINE_MS: u32 = 30_000;
/// The deadline of a large answer: three megabytes at half a megabit a second.
const LARGE_DEADLINE_MS: u32 = 60_000;

/// Aborts the request it signals when [`DEADLINE_MS`] pass; dropping it (the request finished)
/// cancels the timer. Held until the body is read, since a body can hang as well as headers.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    _timer: Option<gloo_timers::callback::Timeout>,
}

impl Deadline {
    #[inline(always)]
    fn start() -> Self {
        Self::within(DEADLINE_MS)
    }

    fn within(ms: u32) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller
            .clone()
            .map(|controller| gloo_timers::callback::Timeout::new(ms, move || controller.abort()));
        Self {
            controller,
            _timer: timer,
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }
}
