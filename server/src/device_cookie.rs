//! The known-device cookie (`sign_in_guard`): a random token a browser gets when it signs in,
//! kept by the server only as its SHA-256. It proves nothing on its own and grants nothing; it
//! only lets that browser's failed sign-ins count apart from a stranger's.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

/// `__Host-` binds it to this origin, over https only; plain http on localhost drops the prefix.
fn name(secure: bool) -> &'static str {
    if secure {
        "__Host-touchstone_device"
    } else {
        "touchstone_device"
    }
}

/// The token the request's browser carries, if any.
pub fn token(headers: &HeaderMap, secure: bool) -> Option<String> {
    let wanted = name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == wanted)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// 32 random bytes, in hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the server keeps of a token.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` for a new token: a year, this site only, never readable by scripts.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    let cookie = cookie::Cookie::build((name(secure), token.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Strict)
        .max_age(cookie::time::Duration::days(365))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a token in hex is a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_through_its_cookie_and_only_its_hash_is_kept() {
        let made = new_token();
        assert_eq!(made.len(), 64);
        let set = cookie(&made, true);
        let text = set.to_str().unwrap();
        assert!(text.starts_with("__Host-touchstone_device="), "{text}");
        assert!(text.contains("HttpOnly") && text.contains("Secure") && text.contains("SameSite=Strict"));
        let pair = text.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {pair}")).unwrap(),
        );
        assert_eq!(token(&headers, true).as_deref(), Some(made.as_str()));
        assert_eq!(token(&headers, false), None, "the other name");
        assert_ne!(hash(&made), made);
        assert_eq!(hash(&made).len(), 64);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-touchstone_device=short"),
        );
        assert_eq!(token(&headers, true), None, "only a token this server made");
    }
}
