use serde::{Deserialize, Serialize};

use crate::api::users::User;
use crate::validate::{Check, Validate};
use crate::{FieldErrors, PcfLevel, Role, TeamId, UserId};

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

/// Who is signed in, as the app keeps it: the part of a [`User`] that pages need. Sign-in and
/// `GET /api/auth/me` answer with the whole `User`; the app reads only this, so its first
/// download does not carry a date parser for `created_at`, which no page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// At least one; sorted in `Role::ALL` order.
    pub roles: Vec<Role>,
    pub team_id: Option<TeamId>,
    pub pcf_level: Option<PcfLevel>,
}

/// The same questions as [`User`]'s.
impl Account {
    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.has_any_role(&[role])
    }
}

impl From<User> for Account {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            roles: user.roles,
            team_id: user.team_id,
            pcf_level: user.pcf_level,
        }
    }
}

/// The one message for a wrong email or a wrong password, so neither can be told apart.
pub const SIGN_IN_FAILED: &str = "Enter a correct email address and password";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_read_from_a_users_json() {
        let user = User {
            id: UserId::new(),
            email: "sam@example.org".into(),
            display_name: "Sam".into(),
            roles: vec![Role::Practitioner, Role::TeamManager],
            team_id: Some(TeamId::new()),
            pcf_level: Some(PcfLevel::Experienced),
            active: true,
            created_at: chrono::Utc::now(),
        };
        let json = serde_json::to_string(&user).unwrap();
        let account: Account = serde_json::from_str(&json).unwrap();
        assert_eq!(account, Account::from(user));
        assert!(account.has_role(Role::TeamManager));
        assert!(!account.has_any_role(&[Role::Admin, Role::Commissioner]));
    }

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
