//! Field validation shared by the forms and the server. Limits are constants so the app can show
//! them ("12 characters or more") and the server enforces the very same numbers. Messages follow
//! the GOV.UK Design System's wording for error messages.

use crate::error::FieldErrors;

pub const EMAIL_MAX: usize = 254;
pub const NAME_MAX: usize = 100;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;

/// A request that can check itself. The app's forms and the server's `Valid<T>` extractor call the
/// same implementation.
pub trait Validate {
    fn validate(&self) -> Result<(), FieldErrors>;
}

/// Collects field errors; `finish` turns them into a `Result`.
#[derive(Debug, Default)]
pub struct Check(FieldErrors);

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` against `field` when `failed` is true.
    pub fn require(&mut self, failed: bool, field: &str, message: impl Into<String>) -> &mut Self {
        if failed {
            self.0.entry(field.to_owned()).or_default().push(message.into());
        }
        self
    }

    /// A required, trimmed piece of text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, what: &str, max: usize) -> &mut Self {
        let value = value.trim();
        self.require(value.is_empty(), field, format!("Enter {what}"));
        self.require(
            value.chars().count() > max,
            field,
            format!(
                "{} must be {max} characters or fewer",
                capitalise(what_noun(what))
            ),
        )
    }

    pub fn email(&mut self, field: &str, value: &str) -> &mut Self {
        let value = value.trim();
        if value.is_empty() {
            return self.require(true, field, "Enter an email address");
        }
        self.require(
            !looks_like_email(value) || value.len() > EMAIL_MAX,
            field,
            "Enter an email address in the correct format, like name@example.com",
        )
    }

    pub fn new_password(&mut self, field: &str, value: &str) -> &mut Self {
        if value.is_empty() {
            return self.require(true, field, "Enter a password");
        }
        let len = value.chars().count();
        self.require(
            len < PASSWORD_MIN,
            field,
            format!("Password must be {PASSWORD_MIN} characters or more"),
        );
        self.require(
            len > PASSWORD_MAX,
            field,
            format!("Password must be {PASSWORD_MAX} characters or fewer"),
        )
    }

    pub fn finish(&mut self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.0))
        }
    }
}

/// Emails are compared trimmed and lower-cased, so "Sam@Example.org " signs in as sam@example.org.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Deliberately loose: one `@`, something before it, a dotted domain after it, no spaces.
/// Real checking happens when a person receives mail; this only catches slips.
fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(char::is_whitespace)
}

/// "a name" → "name", so limits read "Name must be …".
fn what_noun(what: &str) -> &str {
    what.strip_prefix("a ")
        .or_else(|| what.strip_prefix("an "))
        .or_else(|| what.strip_prefix("the "))
        .unwrap_or(what)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(check: &mut Check) -> FieldErrors {
        check.finish().unwrap_err()
    }

    #[test]
    fn email_formats() {
        for good in ["sam@example.org", "a.b+c@bradford.gov.uk", "  X@Y.co  "] {
            assert!(Check::new().email("email", good).finish().is_ok(), "{good}");
        }
        for bad in [
            "sam",
            "sam@",
            "@example.org",
            "sam@example",
            "sam@@example.org",
            "s am@example.org",
            "sam@.org",
        ] {
            let e = errors(Check::new().email("email", bad));
            assert_eq!(
                e["email"],
                vec!["Enter an email address in the correct format, like name@example.com"]
            );
        }
        assert_eq!(
            errors(Check::new().email("email", "  "))["email"],
            vec!["Enter an email address"]
        );
        let long = format!("{}@example.org", "a".repeat(EMAIL_MAX));
        assert!(Check::new().email("email", &long).finish().is_err());
    }

    #[test]
    fn text_is_required_and_limited() {
        assert_eq!(
            errors(Check::new().text("display_name", " ", "a name", NAME_MAX))["display_name"],
            vec!["Enter a name"]
        );
        let long = "é".repeat(NAME_MAX + 1);
        assert_eq!(
            errors(Check::new().text("display_name", &long, "a name", NAME_MAX))["display_name"],
            vec!["Name must be 100 characters or fewer"]
        );
        assert!(
            Check::new()
                .text("display_name", &"é".repeat(NAME_MAX), "a name", NAME_MAX)
                .finish()
                .is_ok()
        );
    }

    #[test]
    fn passwords_have_a_minimum_length_counted_in_characters() {
        assert_eq!(
            errors(Check::new().new_password("password", ""))["password"],
            vec!["Enter a password"]
        );
        assert_eq!(
            errors(Check::new().new_password("password", "short"))["password"],
            vec!["Password must be 12 characters or more"]
        );
        assert!(
            Check::new()
                .new_password("password", "correct horse")
                .finish()
                .is_ok()
        );
        assert!(
            Check::new()
                .new_password("password", &"x".repeat(PASSWORD_MAX + 1))
                .finish()
                .is_err()
        );
    }

    #[test]
    fn errors_collect_per_field_and_reset_after_finish() {
        let mut check = Check::new();
        check
            .email("email", "")
            .text("display_name", "", "a name", NAME_MAX);
        let e = check.finish().unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), vec!["display_name", "email"]);
        assert!(check.finish().is_ok(), "finish hands the errors over");
    }

    #[test]
    fn emails_normalise_for_comparison() {
        assert_eq!(
            normalise_email("  Sam.Jones@Bradford.GOV.uk "),
            "sam.jones@bradford.gov.uk"
        );
    }
}
