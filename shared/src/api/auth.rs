use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::validate::{Check, Validate};

/// `POST /api/auth/sign-in`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

impl Validate for SignIn {
    /// Only presence is checked: a sign-in form must not reveal password rules or which
    /// emails exist.
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(self.email.trim().is_empty(), "email", "Enter your email address")
            .require(self.password.is_empty(), "password", "Enter your password")
            .finish()
    }
}

/// The one message for a wrong email or a wrong password, so neither can be told apart.
pub const SIGN_IN_FAILED: &str = "Enter a correct email address and password";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_needs_both_fields_but_no_format() {
        let e = SignIn::default().validate().unwrap_err();
        assert_eq!(e["email"], vec!["Enter your email address"]);
        assert_eq!(e["password"], vec!["Enter your password"]);
        assert!(
            SignIn {
                email: "not-an-email".into(),
                password: "x".into()
            }
            .validate()
            .is_ok()
        );
    }
}
