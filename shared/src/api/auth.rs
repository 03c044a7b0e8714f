use serde::{Deserialize, Serialize};

use crate::api::teams::Team;
use crate::api::users::User;
use crate::validate::{Check, EMAIL_MAX, PASSWORD_MAX, Validate};
use crate::{FieldErrors, PcfLevel, Role, TeamId, UserId};

/// `POST /api/auth/sign-in`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

impl Validate for SignIn {
    /// Presence, and lengths no account can have (so an attacker cannot make the server hash
    /// megabytes, or key its failure counts by them); a sign-in form must not reveal password
    /// rules or which emails exist.
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(self.email.trim().is_empty(), "email", "Enter your email address")
            .require(
                self.email.trim().chars().count() > EMAIL_MAX,
                "email",
                // Literal words: the sign-in page is in the first download, which carries no
                // more formatting than it must.
                "Email address must be 254 characters or fewer",
            )
            .require(self.password.is_empty(), "password", "Enter your password")
            .require(
                self.password.chars().count() > PASSWORD_MAX,
                "password",
                "Password must be 256 characters or fewer",
            )
            .finish()
    }
}

/// `POST /api/auth/password`: change your own password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    /// The password now: whoever changes it must know it.
    pub current: String,
    pub new: String,
}

impl Validate for ChangePassword {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(self.current.is_empty(), "current", "Enter your current password")
            .require(
                self.current.chars().count() > PASSWORD_MAX,
                "current",
                "Password must be 256 characters or fewer",
            )
            .new_password("new", &self.new)
            .require(
                !self.new.is_empty() && self.new == self.current,
                "new",
                "Choose a new password different from your current one",
            )
            .finish()
    }
}

/// Who is signed in, as sign-in and `GET /api/auth/me` answer and the app keeps it: the part of
/// a [`User`] that pages need, with their team's name, so the home page shows it at once and
/// offline without a second request. No `created_at`: the app's first download then carries no
/// date parser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// At least one; sorted in `Role::ALL` order.
    pub roles: Vec<Role>,
    pub team: Option<AccountTeam>,
    pub pcf_level: Option<PcfLevel>,
    /// An administrator chose their password: the app asks for a new one before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `GET /api/auth/device-key`: the session's secret, 64 hex digits, which wraps the key of the
/// device's encrypted copy while the session lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceKey {
    pub key: String,
}

/// The team a signed-in person belongs to, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountTeam {
    pub id: TeamId,
    pub name: String,
    pub service_area: String,
}

/// The same questions as [`User`]'s.
impl Account {
    /// `user`'s account; `team` is theirs when they are in one (looked up by the caller).
    pub fn new(user: User, team: Option<Team>) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            roles: user.roles,
            team: team.filter(|t| Some(t.id) == user.team_id).map(|t| AccountTeam {
                id: t.id,
                name: t.name,
                service_area: t.service_area,
            }),
            pcf_level: user.pcf_level,
            must_change_password: false,
        }
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.has_any_role(&[role])
    }
}

/// The one message for a wrong email or a wrong password, so neither can be told apart.
pub const SIGN_IN_FAILED: &str = "Enter a correct email address and password";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_names_the_users_own_team_only() {
        let team = Team {
            id: TeamId::new(),
            name: "Keighley".into(),
            service_area: "Access and Prevention".into(),
            active: true,
        };
        let user = User {
            id: UserId::new(),
            email: "sam@example.org".into(),
            display_name: "Sam".into(),
            roles: vec![Role::Practitioner, Role::TeamManager],
            team_id: Some(team.id),
            pcf_level: Some(PcfLevel::Experienced),
            active: true,
            created_at: chrono::Utc::now(),
        };
        let account = Account::new(user.clone(), Some(team.clone()));
        let named = account.team.as_ref().unwrap();
        assert_eq!((named.id, named.name.as_str()), (team.id, "Keighley"));
        assert_eq!(named.service_area, "Access and Prevention");
        let other = Team {
            id: TeamId::new(),
            ..team
        };
        assert_eq!(
            Account::new(user.clone(), Some(other)).team,
            None,
            "not someone else's team"
        );
        let json = serde_json::to_string(&account).unwrap();
        assert_eq!(serde_json::from_str::<Account>(&json).unwrap(), account);
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
        let huge = SignIn {
            email: format!("{}@example.org", "a".repeat(EMAIL_MAX)),
            password: "x".repeat(PASSWORD_MAX + 1),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            huge["email"],
            [format!("Email address must be {EMAIL_MAX} characters or fewer")]
        );
        assert_eq!(
            huge["password"],
            [format!("Password must be {PASSWORD_MAX} characters or fewer")]
        );
    }
}

/// One of your sessions, as `GET /api/auth/sessions` lists them: where you are signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    /// A handle to end it by (not the session's secret id).
    pub id: String,
    /// The browser and system it was begun on, as its browser described itself.
    pub device: String,
    pub began_at: chrono::DateTime<chrono::Utc>,
    /// Your last action in it (background sync does not count).
    pub last_action_at: chrono::DateTime<chrono::Utc>,
    /// When it ends unless you act in it again (and at the latest).
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// The session this request came in.
    pub current: bool,
}

/// How many sessions `POST /api/auth/sessions/end-others` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub ended: u64,
}
