//! Field checks the directory's records share: links, optional emails, and a nested record's
//! errors named by where it sits (`schedules.0.closes_at`).

use crate::FieldErrors;
use crate::validate::Check;

pub const URL_MAX: usize = 2_000;

/// An optional link must be absolute (`https://…`): the ORUK feed publishes it as a URI, and a
/// bare `www.…` opens nowhere from another site.
pub fn absolute_url(check: &mut Check, field: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    check.require(
        !is_absolute_url(value),
        field,
        "Enter a full web address, starting https://",
    );
}

pub fn is_absolute_url(value: &str) -> bool {
    let value = value.trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|host| {
        let host = host.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') || host.starts_with("localhost")
    }) && value.len() <= URL_MAX
        && !value.chars().any(char::is_whitespace)
}

pub fn optional_email(check: &mut Check, field: &str, value: Option<&str>) {
    if let Some(value) = value {
        check.email(field, value);
    }
}

/// Adds a nested record's errors under `prefix`.
pub fn nested(check: &mut Check, prefix: &str, result: Result<(), FieldErrors>) {
    if let Err(errors) = result {
        for (field, messages) in errors {
            for message in messages {
                check.require(true, &format!("{prefix}.{field}"), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_absolute_url;

    #[test]
    fn only_full_web_addresses_count() {
        for good in [
            "https://example.org",
            "http://www.bradford.gov.uk/adult-social-care?x=1",
            "http://localhost:3000/oruk",
        ] {
            assert!(is_absolute_url(good), "{good}");
        }
        for bad in [
            "www.example.org",
            "example.org",
            "https://",
            "https://nodot",
            "ftp://x.org",
            "https://a b.org",
        ] {
            assert!(!is_absolute_url(bad), "{bad}");
        }
    }
}
