//! Extractors that turn bad input into `ErrorBody` answers instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;
use shared::FieldErrors;
use shared::validate::Validate;

use crate::error::AppError;

/// JSON body, parsed with the failing field's path in the error (`roles[0]: unknown variant`).
/// Only `application/json` is accepted: a cross-site HTML form cannot send it without a CORS
/// preflight, which closes one CSRF route regardless of cookies.
#[derive(Debug)]
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(AppError::InvalidBody {
                message: "Send the request body as JSON, with Content-Type: application/json".into(),
                fields: FieldErrors::new(),
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            });
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::InvalidBody {
                message: e.body_text(),
                fields: FieldErrors::new(),
                status: e.status(),
            })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(de).map(AppJson).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = if inner.is_syntax() || inner.is_eof() {
                "The request body is not valid JSON".to_owned()
            } else {
                format!("The request body has the wrong shape: {inner}")
            };
            let mut fields = FieldErrors::new();
            // A missing field is reported at its parent (`.`); name it when serde tells us.
            if path != "." {
                fields.insert(path, vec![inner.to_string()]);
            }
            AppError::InvalidBody {
                message,
                fields,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            }
        })
    }
}

/// A JSON body that has also passed its shared `validate()`.
#[derive(Debug)]
pub struct Valid<T>(pub T);

impl<T: DeserializeOwned + Validate, S: Send + Sync> FromRequest<S> for Valid<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let AppJson(value) = AppJson::<T>::from_request(req, state).await?;
        value.validate()?;
        Ok(Valid(value))
    }
}

/// A path id that answers 404 JSON (not axum's plain text) when it is not a UUID.
#[derive(Debug)]
pub struct IdPath<T>(pub T);

impl<T: std::str::FromStr + Send, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound("Record"))?;
        raw.parse().map(IdPath).map_err(|_| AppError::NotFound("Record"))
    }
}

/// Query parameters, with a 400 `ErrorBody` naming the problem when they do not parse.
#[derive(Debug)]
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| AppQuery(q.0))
            .map_err(|e| AppError::InvalidBody {
                message: e.body_text(),
                fields: FieldErrors::new(),
                status: StatusCode::BAD_REQUEST,
            })
    }
}

/// Where a request came from, for the read audit: the peer's address (when the server was
/// started with it: `serve` is) and the browser's own name for itself, cut short.
#[derive(Debug)]
pub struct ReadFrom(pub crate::store::history::From);

impl<S: Send + Sync> FromRequestParts<S> for ReadFrom {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        let agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(AGENT_MAX).collect());
        Ok(ReadFrom(crate::store::history::From { address, agent }))
    }
}

/// The longest browser name kept.
const AGENT_MAX: usize = 200;
