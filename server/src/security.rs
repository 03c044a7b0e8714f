//! Browser-facing protections: response headers on everything, and a same-origin check on every
//! state-changing API request (defence in depth beside `SameSite=Strict` cookies and JSON-only bodies).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;

/// Everything from our own origin; WASM compiled with 'wasm-unsafe-eval' (needed by
/// `WebAssembly.instantiateStreaming`), and no inline script or style anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
    worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn headers(secure: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut list = vec![
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        // Geolocation for "Use my location" on the find page, from Touchstone's own pages only
        // (the browser still asks the person first).
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self), payment=()",
        ),
    ];
    if secure {
        list.push((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    list.into_iter()
        .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
        .collect()
}

/// Refuses POST/PUT/PATCH/DELETE sent by a page on another site. Browsers always send `Origin`
/// (and `Sec-Fetch-Site`) on such requests; tools like curl send neither and are let through,
/// since cross-site request forgery needs a browser.
pub async fn check_origin(req: Request, next: Next) -> Result<Response, AppError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let headers = req.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(AppError::BadOrigin);
    }
    if let Some(origin) = text("origin") {
        let origin_host = origin.split_once("://").map(|(_, host)| host);
        if origin_host.is_none() || origin_host != text("host") {
            return Err(AppError::BadOrigin);
        }
    }
    Ok(next.run(req).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_wasm_but_no_inline_code() {
        assert!(CONTENT_SECURITY_POLICY.contains("'wasm-unsafe-eval'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
        assert_eq!(
            headers(false).len() + 1,
            headers(true).len(),
            "HSTS only when cookies are secure"
        );
    }
}
