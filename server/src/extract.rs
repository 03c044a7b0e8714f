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

/// Where a request came from, for the read audit and sign-in's failure counts: the client's
/// address (the peer's, or, when the peer is a balancer named in `--trusted-proxies`, the one it
/// says it forwarded for) and the browser's own name for itself, cut short.
#[derive(Debug)]
pub struct ReadFrom(pub crate::store::history::From);

impl FromRequestParts<crate::state::AppState> for ReadFrom {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let address =
            client_address(peer, forwarded, &state.settings.trusted_proxies).map(|ip| ip.to_string());
        let agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(AGENT_MAX).collect());
        Ok(ReadFrom(crate::store::history::From { address, agent }))
    }
}

/// The client's address: the peer's, unless the peer is a trusted proxy; then the address it
/// forwarded for, read from the right of `X-Forwarded-For` (the hops a client cannot forge)
/// for as long as each hop is itself a trusted proxy.
pub fn client_address(
    peer: Option<std::net::IpAddr>,
    forwarded: Option<&str>,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let mut address = peer?;
    for hop in forwarded.into_iter().flat_map(|list| list.rsplit(',')) {
        if !trusted.contains(&address) {
            break;
        }
        match hop.trim().parse() {
            Ok(ip) => address = ip,
            Err(_) => break,
        }
    }
    Some(address)
}

/// The longest browser name kept.
const AGENT_MAX: usize = 200;

#[cfg(test)]
mod tests {
    use super::client_address;

    #[test]
    fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let ip = |s: &str| s.parse().unwrap();
        let balancer = ip("10.0.0.5");
        let trusted = [balancer];
        let header = Some("6.6.6.6, 203.0.113.7");
        // Straight from a client: its own address, whatever it claims.
        assert_eq!(
            client_address(Some(ip("198.51.100.1")), header, &trusted),
            Some(ip("198.51.100.1"))
        );
        // Through the balancer: the hop it added, not what the client wrote before it.
        assert_eq!(
            client_address(Some(balancer), header, &trusted),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(client_address(Some(balancer), None, &trusted), Some(balancer));
        assert_eq!(
            client_address(Some(balancer), Some("nonsense"), &trusted),
            Some(balancer)
        );
        assert_eq!(
            client_address(Some(balancer), header, &[]),
            Some(balancer),
            "no proxy trusted"
        );
        assert_eq!(client_address(None, header, &trusted), None);
    }
}
