use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::{Check, NAME_MAX, Validate};
use crate::{FieldErrors, PcfLevel, Role, TeamId, UserId};

/// A person who signs in. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// At least one; sorted in `Role::ALL` order.
    pub roles: Vec<Role>,
    pub team_id: Option<TeamId>,
    pub pcf_level: Option<PcfLevel>,
    /// A deactivated user cannot sign in and their sessions stop working at once.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }
}

/// The editable profile of a user: `PUT /api/users/{id}` replaces it whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub team_id: Option<TeamId>,
    #[serde(default)]
    pub pcf_level: Option<PcfLevel>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Validate for UserProfile {
    fn validate(&self) -> Result<(), FieldErrors> {
        self.check().finish()
    }
}

impl UserProfile {
    fn check(&self) -> Check {
        let mut check = Check::new();
        check
            .email("email", &self.email)
            .text("display_name", &self.display_name, "a name", NAME_MAX)
            .require(self.roles.is_empty(), "roles", "Select at least one role");
        check
    }

    /// Trimmed, lower-cased email, roles de-duplicated and in their canonical order: as stored.
    pub fn normalised(&self) -> Self {
        let mut roles = self.roles.clone();
        roles.sort();
        roles.dedup();
        Self {
            email: crate::validate::normalise_email(&self.email),
            display_name: self.display_name.trim().to_owned(),
            roles,
            ..self.clone()
        }
    }
}

/// `POST /api/users`: a profile plus the first password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    #[serde(flatten)]
    pub profile: UserProfile,
    pub password: String,
}

impl Validate for CreateUser {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = self.profile.check();
        check.new_password("password", &self.password);
        check.finish()
    }
}

/// `PUT /api/users/{id}/password`: an administrator sets a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPassword {
    pub password: String,
}

impl Validate for SetPassword {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new().new_password("password", &self.password).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> UserProfile {
        UserProfile {
            email: " Sam@Example.org ".into(),
            display_name: " Sam Okafor ".into(),
            roles: vec![Role::Admin, Role::Practitioner, Role::Admin],
            team_id: None,
            pcf_level: Some(PcfLevel::Experienced),
            active: true,
        }
    }

    #[test]
    fn normalising_trims_lowercases_and_orders_roles() {
        let p = profile().normalised();
        assert_eq!(p.email, "sam@example.org");
        assert_eq!(p.display_name, "Sam Okafor");
        assert_eq!(p.roles, vec![Role::Practitioner, Role::Admin]);
    }

    #[test]
    fn a_user_needs_a_role_and_a_good_password() {
        let mut create = CreateUser {
            profile: profile(),
            password: "short".into(),
        };
        create.profile.roles.clear();
        let e = create.validate().unwrap_err();
        assert_eq!(e["roles"], vec!["Select at least one role"]);
        assert_eq!(e["password"], vec!["Password must be 12 characters or more"]);
        assert!(!e.contains_key("email"));
    }

    #[test]
    fn create_user_json_is_flat() {
        let json = serde_json::json!({
            "email": "a@b.org", "display_name": "A", "roles": ["practitioner"], "password": "long enough pass"
        });
        let create: CreateUser = serde_json::from_value(json).unwrap();
        assert!(create.profile.active);
        assert_eq!(create.profile.team_id, None);
        assert!(create.validate().is_ok());
        let bad = serde_json::json!({"email": "a@b.org", "display_name": "A", "roles": ["wizard"], "password": "x"});
        assert!(serde_json::from_value::<CreateUser>(bad).is_err());
    }
}
